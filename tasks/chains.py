"""One Celery chain per job kind, built from the stage plan; arguments are the job id only."""

from __future__ import annotations

from celery import chain
from celery.canvas import Signature

from pipeline.jobs import STAGE_PLANS
from tasks.app import app

# (stage, lane) -> stable task name
STAGE_TASKS: dict[tuple[str, str], str] = {
    ("crisis_screen", "crisis"): "tasks.crisis.screen",
    ("store", "ingest"): "tasks.ingest.store",
    ("store", "audio"): "tasks.audio.store",
    ("sentiment", "analytics"): "tasks.analytics.score_sentiment",
}


def chain_for(kind: str, job_id: str) -> Signature:
    """The chain for a job: immutable signatures so no result passes between steps."""
    return chain(
        *(
            app.signature(STAGE_TASKS[(stage, lane)], args=(job_id,), immutable=True, queue=lane)
            for stage, lane in STAGE_PLANS[kind]
        )
    )
