"""One Celery chain per job kind, built from the stage plan; arguments are the job id only."""

from __future__ import annotations

from celery import chain
from celery.canvas import Signature

from pipeline.jobs import STAGE_PLANS
from tasks.app import app
from tasks.queues import DEFAULT_PRIORITY, URGENT_PRIORITY

# (stage, lane) -> stable task name
STAGE_TASKS: dict[tuple[str, str], str] = {
    ("crisis_screen", "crisis"): "tasks.crisis.screen",
    ("store", "ingest"): "tasks.ingest.store",
    ("store", "audio"): "tasks.audio.store",
    ("sentiment", "analytics"): "tasks.analytics.score_sentiment",
}


def chain_for(kind: str, job_id: str, *, urgent: bool = False) -> Signature:
    """The chain for a job: immutable signatures so no result passes between steps. An
    urgent job's crisis screen (its first hop) jumps every routine message in the queue."""
    # Priorities are set on every signature: a process that publishes by name (the API) has
    # no task classes registered, so task_default_priority would not reach its messages.
    steps = [
        app.signature(
            STAGE_TASKS[(stage, lane)],
            args=(job_id,),
            immutable=True,
            queue=lane,
            priority=DEFAULT_PRIORITY,
        )
        for stage, lane in STAGE_PLANS[kind]
    ]
    if urgent and STAGE_PLANS[kind][0][0] == "crisis_screen":
        steps[0] = steps[0].set(priority=URGENT_PRIORITY)
    return chain(*steps)
