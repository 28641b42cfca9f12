"""Publishing accepted jobs (the outbox's second half): after commit, never inside it."""

from __future__ import annotations

import logging
import uuid

from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import RedisError

from pipeline.database import session_scope
from pipeline.jobs import mark_published, note_publish_failure
from tasks.chains import chain_for

logger = logging.getLogger(__name__)

PUBLISH_ERRORS = (BrokerUnavailable, RedisError, ConnectionError, OSError, TimeoutError)


def send_job(job_id: uuid.UUID, kind: str, *, urgent: bool = False) -> bool:
    """Hand a job's chain to the broker; False when the broker could not be reached."""
    try:
        chain_for(kind, str(job_id), urgent=urgent).apply_async()
    except PUBLISH_ERRORS as exc:
        logger.warning(
            "job %s not published (%s); the outbox sweeper will retry", job_id, type(exc).__name__
        )
        return False
    return True


def publish_committed_job(job_id: uuid.UUID, kind: str, *, urgent: bool = False) -> bool:
    """Publish a committed job and record whether it reached the broker."""
    sent = send_job(job_id, kind, urgent=urgent)
    with session_scope() as session:
        if sent:
            mark_published(session=session, job_ids=[job_id])
        else:
            note_publish_failure(session=session, job_id=job_id)
    return sent
