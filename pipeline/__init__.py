"""mindpipe's domain: pure steps with plain data in and out. Never imports Celery."""
