"""The job/stage framework every step task uses.

A stage task receives a job id (a string), marks its stage running (attempts, start
time) in one transaction, then runs one pipeline function and records the outcome in a
second, so the stage's rows and its ``succeeded`` mark commit together. A redelivered
message finds the stage succeeded and does nothing. Transient errors retry with backoff;
anything else, or retries exhausted, fails the job with a readable reason and a dead letter.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from celery import Task
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from models import Job
from pipeline.crypto import Keyring, keyring_from_settings
from pipeline.database import session_scope
from pipeline.errors import MindpipeError, TransientError
from pipeline.jobs import (
    StageOutcome,
    StageStart,
    begin_stage,
    complete_stage,
    fail_stage,
    record_retry,
)
from tasks.app import app
from tasks.notify import send_delivery
from tasks.publish import PUBLISH_ERRORS

logger = logging.getLogger(__name__)

# Only errors that a later attempt can cure: a database blip, a provider time-out.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    TransientError,
    ConnectionError,
    TimeoutError,
)

StageFunction = Callable[..., StageOutcome]


def readable_reason(exc: BaseException) -> str:
    """Our own errors carry messages written for people (never user text); anything
    else is named by type only, since its message could quote data."""
    if isinstance(exc, MindpipeError):
        return str(exc) or type(exc).__name__
    return f"internal error ({type(exc).__name__})"


class StageTask(Task):  # type: ignore[misc]
    """Base class: records retries and final failures on the job's stage row."""

    stage: str = ""
    commit_start: bool = False
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 2
    retry_backoff_max = 60
    retry_jitter = True
    max_retries = 5

    def _job_id(self, args: tuple[Any, ...]) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(args[0]))
        except (IndexError, ValueError):
            return None

    def on_retry(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        job_id = self._job_id(args)
        if job_id is None:
            return
        with session_scope() as session:
            record_retry(
                session=session,
                job_id=job_id,
                name=self.stage,
                reason=readable_reason(exc),
                attempt=self.request.retries + 1,
            )
        logger.warning("job %s stage %s will retry: %s", job_id, self.stage, type(exc).__name__)

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        job_id = self._job_id(args)
        if job_id is None:
            return
        with session_scope() as session:
            fail_stage(
                session=session,
                job_id=job_id,
                name=self.stage,
                reason=readable_reason(exc),
                exception_type=type(exc).__name__,
                task_name=self.name,
                attempt=self.request.retries + 1,
            )
        logger.error("job %s stage %s failed: %s", job_id, self.stage, type(exc).__name__)


def run_stage(
    stage: str,
    job_id: uuid.UUID,
    function: StageFunction,
    keyring: Keyring,
    *,
    commit_start: bool = False,
    attempt: int = 1,
) -> bool:
    """Run one stage of one job. Returns False when there was nothing to do.

    Short stages (``commit_start=False``) start, work and finish in one transaction:
    an attempt that fails leaves no trace but its retry or failure record. Long stages
    commit the running mark first so pollers see them running and a crash still counts."""
    with session_scope() as session:
        start = begin_stage(
            session=session, job_id=job_id, name=stage, mark_job=commit_start, attempt=attempt
        )
        if start is not None and not commit_start:
            outcome = _work(session, stage, job_id, function, keyring, start)
    if start is None:
        logger.info("job %s stage %s: already done, skipping", job_id, stage)
        return False
    if commit_start:
        with session_scope() as session:
            outcome = _work(session, stage, job_id, function, keyring, start)
    # After commit the stage has succeeded whatever happens here: a lost send is
    # re-sent by the outbox sweeper, which delivers notifications still pending.
    for notification_id, kind in outcome.notifications:
        try:
            send_delivery(notification_id, kind)
        except PUBLISH_ERRORS as exc:
            logger.warning("notification %s not sent yet (%s)", notification_id, type(exc).__name__)
    return True


def _work(
    session: Session,
    stage: str,
    job_id: uuid.UUID,
    function: StageFunction,
    keyring: Keyring,
    start: StageStart,
) -> StageOutcome:
    job = session.get(Job, job_id)
    assert job is not None  # begin_stage found it
    outcome = function(session=session, job=job, keyring=keyring)
    complete_stage(session=session, job=job, name=stage, outcome=outcome, start=start)
    return outcome


def stage_task(
    *, name: str, stage: str, commit_start: bool = False, **options: Any
) -> Callable[[StageFunction], Task]:
    """Register a pipeline function as the Celery task ``name`` for ``stage``."""

    def register(function: StageFunction) -> Task:
        @app.task(
            name=name, base=StageTask, bind=True, stage=stage, commit_start=commit_start, **options
        )
        def run(self: StageTask, job_id: str) -> None:
            run_stage(
                stage,
                uuid.UUID(job_id),
                function,
                keyring_from_settings(),
                commit_start=commit_start,
                attempt=self.request.retries + 1,
            )

        return run

    return register
