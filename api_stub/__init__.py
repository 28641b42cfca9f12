"""The small FastAPI ingestion API and the ``mindpipe`` command."""
