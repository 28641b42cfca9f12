"""A Celery app with the same configuration as mindpipe's and one no-op task: the
baseline that bench/throughput.py compares the real pipeline against."""

from __future__ import annotations

import os

import redis
from celery import Celery

app = Celery("bare")
app.config_from_object("celeryconfig")
app.conf.task_routes = {"bench.noop.*": {"queue": "ingest"}}

_counter = redis.Redis.from_url(os.environ.get("BENCH_COUNTER_URL", "redis://127.0.0.1:6379/12"))


@app.task(name="bench.noop.hop")
def hop(job_id: str, last: bool = False) -> None:
    """Does nothing; the last hop of a chain counts one finished chain."""
    if last:
        _counter.incr("bench:bare:done")
