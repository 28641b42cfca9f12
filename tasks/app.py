"""The Celery app, configured only from ``celeryconfig``."""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import worker_process_init

app = Celery(
    "mindpipe",
    include=[
        "tasks.crisis",
        "tasks.ingest",
        "tasks.audio",
        "tasks.analytics",
        "tasks.maintenance",
        "tasks.notify",
    ],
)
app.config_from_object("celeryconfig")


@worker_process_init.connect
def _per_process_setup(**_: Any) -> None:
    """Fresh database connections after fork, and models loaded once per process."""
    from pipeline.database import reset_engine_after_fork
    from pipeline.sentiment import get_sentiment_analyzer
    from pipeline.settings import get_settings

    reset_engine_after_fork()
    get_sentiment_analyzer()
    if get_settings().crisis_learned_layer:
        from pipeline.crisis_model import get_learned_model

        get_learned_model().probabilities(["warm-up"])  # loads the embedder too
