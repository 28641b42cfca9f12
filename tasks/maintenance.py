"""Maintenance lane: the outbox sweeper publishes jobs the API could not and re-sends
deliveries of notifications still pending; the reaper republishes stalled jobs. All of it
is safe to repeat: delivery and stages are idempotent."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from models import Job
from pipeline.database import session_scope
from pipeline.jobs import claim_stalled_jobs, mark_published, unpublished_job_ids
from pipeline.notifications import claim_stale_notifications
from pipeline.settings import get_settings
from tasks.app import app
from tasks.notify import send_delivery
from tasks.publish import send_job

logger = logging.getLogger(__name__)

# Jobs published per sweep; the sweeper re-enqueues itself while more remain.
OUTBOX_BATCH = 500


@app.task(name="tasks.maintenance.sweep_outbox", soft_time_limit=120, time_limit=150)
def sweep_outbox(grace_seconds: float | None = None) -> int:
    """Publish jobs that were accepted but never reached the broker. Returns how many."""
    grace = get_settings().outbox_grace_seconds if grace_seconds is None else grace_seconds
    with session_scope() as session:
        ids = unpublished_job_ids(
            session=session, older_than=timedelta(seconds=grace), limit=OUTBOX_BATCH
        )
        rows = session.execute(select(Job.id, Job.kind, Job.urgent).where(Job.id.in_(ids))).all()
        jobs = {row.id: (row.kind, row.urgent) for row in rows}
    published = [
        job_id for job_id in ids if send_job(job_id, jobs[job_id][0], urgent=jobs[job_id][1])
    ]
    with session_scope() as session:
        mark_published(session=session, job_ids=published)
        stranded = claim_stale_notifications(
            session=session, older_than=timedelta(seconds=grace), limit=OUTBOX_BATCH
        )
    for notification_id, kind in stranded:
        send_delivery(notification_id, kind)
    if published:
        logger.info("outbox sweeper published %d job(s)", len(published))
    if len(ids) == OUTBOX_BATCH and len(published) == len(ids):
        sweep_outbox.apply_async(kwargs={"grace_seconds": grace})
    return len(published)


@app.task(name="tasks.maintenance.reap_stalled_jobs", soft_time_limit=120, time_limit=150)
def reap_stalled_jobs(stall_seconds: float | None = None) -> int:
    """Republish jobs whose messages were lost; idempotent stages make this safe."""
    stall = get_settings().job_stall_seconds if stall_seconds is None else stall_seconds
    with session_scope() as session:
        stalled = claim_stalled_jobs(
            session=session, older_than=timedelta(seconds=stall), limit=OUTBOX_BATCH
        )
    sent = sum(1 for job_id, kind, urgent in stalled if send_job(job_id, kind, urgent=urgent))
    if stalled:
        logger.warning("reaper republished %d of %d stalled job(s)", sent, len(stalled))
    return sent
