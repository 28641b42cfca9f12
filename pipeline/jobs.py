"""The job and stage lifecycle: queued → running(stage) → succeeded | failed | cancelled.

Every function takes ``*, session`` and never commits; the task or request that called
it owns the transaction. Stage rows are unique per (job, name), so a redelivered task
updates in place and a stage that already succeeded is skipped.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, func, select, update
from sqlalchemy.orm import Session

from models import DeadLetter, Job, JobStage
from models.base import UTCDateTime, utcnow
from pipeline.errors import NotFound

# Each job kind's stages in order, with the queue (lane) each runs in. Crisis screening
# comes first, on its own lane, so bulk work never delays it.
STAGE_PLANS: dict[str, tuple[tuple[str, str], ...]] = {
    "mood_log": (("crisis_screen", "crisis"), ("store", "ingest"), ("sentiment", "analytics")),
    "journal_entry": (
        ("crisis_screen", "crisis"),
        ("store", "ingest"),
        ("sentiment", "analytics"),
    ),
    # Transcription and analysis stages arrive with the recording pipeline.
    "recording": (("store", "audio"),),
    # Vendor adapters arrive with the wearable issue; for now the request is recorded.
    "wearable_sync": (("store", "ingest"),),
}

FINISHED = ("succeeded", "failed", "cancelled")
DONE = ("succeeded", "skipped")


@dataclass
class StageOutcome:
    """What a stage function hands back: a stage detail and a patch for the job result."""

    detail: dict[str, Any] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False
    # notifications created by the stage, delivered once its transaction has committed
    notifications: list[tuple[uuid.UUID, str]] = field(default_factory=list)


def create_job(
    *,
    session: Session,
    tenant_id: uuid.UUID,
    kind: str,
    subject_id: uuid.UUID,
    person_id: uuid.UUID | None,
    client_app_id: uuid.UUID | None = None,
    idempotency_key: str | None = None,
    request_fingerprint: str | None = None,
    urgent: bool = False,
) -> Job:
    """A queued, unpublished job with one pending stage row per planned stage."""
    job = Job(
        id=uuid.uuid4(),
        tenant_id=tenant_id,
        client_app_id=client_app_id,
        person_id=person_id,
        kind=kind,
        subject_id=subject_id,
        status="queued",
        progress=0,
        result={},
        idempotency_key=idempotency_key,
        request_fingerprint=request_fingerprint,
        urgent=urgent,
        created_at=utcnow(),
    )
    job.stages = [
        JobStage(name=name, position=position, queue=queue, status="pending", detail={})
        for position, (name, queue) in enumerate(STAGE_PLANS[kind])
    ]
    session.add(job)
    return job


def find_by_idempotency_key(
    *, session: Session, client_app_id: uuid.UUID, idempotency_key: str
) -> Job | None:
    return session.scalars(
        select(Job).where(
            Job.client_app_id == client_app_id, Job.idempotency_key == idempotency_key
        )
    ).one_or_none()


def _stage(session: Session, job_id: uuid.UUID, name: str) -> JobStage:
    stage = session.scalars(
        select(JobStage).where(JobStage.job_id == job_id, JobStage.name == name)
    ).one_or_none()
    if stage is None:
        raise NotFound(f"job {job_id} has no stage {name!r}")
    return stage


@dataclass(frozen=True)
class StageStart:
    started_at: datetime
    attempt: int


# Core statements built once: every stage of every job runs them, and building,
# cache-keying and ORM-bulk-update bookkeeping per call cost more CPU than the round trips.
_stages = cast(Table, JobStage.__table__)
_jobs = cast(Table, Job.__table__)
_p = bindparam
_START_STAGE = (
    update(_stages)
    .where(
        _stages.c.job_id == _p("p_job_id"),
        _stages.c.name == _p("p_stage"),
        _stages.c.status.not_in(DONE),
        select(_jobs.c.id)
        .where(_jobs.c.id == _p("p_job_id"), _jobs.c.status.not_in(FINISHED))
        .exists(),
    )
    .values(
        status="running",
        # the broker's count wins when an earlier attempt's mark rolled back with its work
        attempts=case(
            (_stages.c.attempts + 1 < _p("p_attempt"), _p("p_attempt")),
            else_=_stages.c.attempts + 1,
        ),
        started_at=_p("p_now", type_=UTCDateTime()),
        error=None,
    )
    .returning(_stages.c.attempts)
)
_JOB_RUNNING = (
    update(_jobs)
    .where(_jobs.c.id == _p("p_job_id"))
    .values(
        status="running",
        current_stage=_p("p_stage"),
        started_at=func.coalesce(_jobs.c.started_at, _p("p_now", type_=UTCDateTime())),
        updated_at=_p("p_now", type_=UTCDateTime()),
    )
)
_FINISH_STAGE = (
    update(_stages)
    .where(_stages.c.job_id == _p("p_job_id"), _stages.c.name == _p("p_stage"))
    .values(
        status=_p("p_status"),
        finished_at=_p("p_now", type_=UTCDateTime()),
        duration_ms=_p("p_duration_ms"),
        detail=_p("p_detail", type_=_stages.c.detail.type),
    )
)
_DONE_COUNT = (
    select(func.count())
    .select_from(_stages)
    .where(_stages.c.job_id == _p("p_job_id"), _stages.c.status.in_(DONE))
    .scalar_subquery()
)
_STAGE_COUNT = (
    select(func.count()).select_from(_stages).where(_stages.c.job_id == _p("p_job_id"))
).scalar_subquery()
_ALL_DONE = _DONE_COUNT == _STAGE_COUNT
_FINISH_JOB_STAGE = (
    update(_jobs)
    .where(_jobs.c.id == _p("p_job_id"))
    .values(
        progress=_DONE_COUNT * 100 // _STAGE_COUNT,
        status=case((_ALL_DONE, "succeeded"), else_="running"),
        current_stage=case((_ALL_DONE, None), else_=_p("p_stage")),
        started_at=func.coalesce(_jobs.c.started_at, _p("p_started_at", type_=UTCDateTime())),
        finished_at=case((_ALL_DONE, _p("p_now", type_=UTCDateTime())), else_=_jobs.c.finished_at),
        updated_at=_p("p_now", type_=UTCDateTime()),
        result=_p("p_result", type_=_jobs.c.result.type),
    )
)


def begin_stage(
    *, session: Session, job_id: uuid.UUID, name: str, mark_job: bool = True, attempt: int = 1
) -> StageStart | None:
    """Mark a stage running and count the attempt. None means: nothing to do
    (the job is finished or cancelled, or this stage already succeeded).
    ``mark_job=False`` leaves the job row to ``complete_stage`` (same transaction)."""
    now = utcnow()
    started = (
        session.connection()
        .execute(
            _START_STAGE, {"p_job_id": job_id, "p_stage": name, "p_now": now, "p_attempt": attempt}
        )
        .first()
    )
    if started is None:
        if session.get(Job, job_id) is None:
            raise NotFound(f"job {job_id} does not exist")
        _stage(session, job_id, name)  # raises NotFound for an unknown stage
        return None
    if mark_job:
        session.connection().execute(
            _JOB_RUNNING, {"p_job_id": job_id, "p_stage": name, "p_now": now}
        )
    return StageStart(started_at=now, attempt=started.attempts)


def complete_stage(
    *, session: Session, job: Job, name: str, outcome: StageOutcome, start: StageStart
) -> None:
    """Record a stage as succeeded (or skipped), merge its result into the job's, and
    finish the job when every stage is done. Progress is counted in the database."""
    now = utcnow()
    connection = session.connection()
    connection.execute(
        _FINISH_STAGE,
        {
            "p_job_id": job.id,
            "p_stage": name,
            "p_status": "skipped" if outcome.skipped else "succeeded",
            "p_now": now,
            "p_duration_ms": int((now - start.started_at).total_seconds() * 1000),
            "p_detail": dict(outcome.detail),
        },
    )
    connection.execute(
        _FINISH_JOB_STAGE,
        {
            "p_job_id": job.id,
            "p_stage": name,
            "p_now": now,
            "p_started_at": start.started_at,
            "p_result": {**(job.result or {}), **outcome.result},
        },
    )


def record_retry(
    *, session: Session, job_id: uuid.UUID, name: str, reason: str, attempt: int
) -> None:
    """A transient error: the stage goes back to pending with the reason, a retry follows.
    Guarded and atomic: the retry may already have run and succeeded (a zero countdown),
    and a finished stage is never pulled back."""
    session.connection().execute(
        update(_stages)
        .where(
            _stages.c.job_id == job_id,
            _stages.c.name == name,
            _stages.c.status.not_in(DONE),
        )
        .values(
            status="pending",
            error=reason,
            attempts=case((_stages.c.attempts < attempt, attempt), else_=_stages.c.attempts),
        )
    )


def fail_stage(
    *,
    session: Session,
    job_id: uuid.UUID,
    name: str,
    reason: str,
    exception_type: str,
    task_name: str,
    attempt: int = 0,
) -> DeadLetter | None:
    """A permanent failure: the stage and job fail with a readable reason, and a dead
    letter is kept for replay. Failing an already failed job adds nothing."""
    job = session.get(Job, job_id)
    if job is None:
        return None
    if job.status in ("succeeded", "cancelled"):
        return None
    # lock the row so a duplicate run committing `succeeded` meanwhile is seen, not overwritten
    stage = session.scalars(
        select(JobStage)
        .where(JobStage.job_id == job_id, JobStage.name == name)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if stage.status in DONE:
        return None  # the stage committed its work; a later hiccup does not undo that
    now = utcnow()
    already_failed = job.status == "failed" and stage.status == "failed"
    # the attempt's own mark may have rolled back with its work: count it from the broker's
    stage.attempts = max(stage.attempts, attempt)
    stage.status = "failed"
    stage.error = reason
    stage.finished_at = now
    job.status = "failed"
    job.error = f"{name}: {reason}"
    job.finished_at = now
    if already_failed:
        return None
    letter = DeadLetter(
        job_id=job_id,
        task_name=task_name,
        stage=name,
        reason=reason,
        exception_type=exception_type,
        attempts=stage.attempts,
    )
    session.add(letter)
    return letter


def mark_published(*, session: Session, job_ids: list[uuid.UUID]) -> None:
    if job_ids:
        session.connection().execute(
            update(_jobs)
            .where(_jobs.c.id.in_(job_ids), _jobs.c.published_at.is_(None))
            .values(published_at=utcnow(), publish_attempts=_jobs.c.publish_attempts + 1)
        )


def note_publish_failure(*, session: Session, job_id: uuid.UUID) -> None:
    session.execute(
        update(Job).where(Job.id == job_id).values(publish_attempts=Job.publish_attempts + 1)
    )


def unpublished_job_ids(
    *, session: Session, older_than: timedelta, limit: int, now: datetime | None = None
) -> list[uuid.UUID]:
    """Jobs accepted but never handed to the broker (the outbox), oldest first."""
    cutoff = (now or utcnow()) - older_than
    return list(
        session.scalars(
            select(Job.id)
            .where(Job.status == "queued", Job.published_at.is_(None), Job.created_at <= cutoff)
            .order_by(Job.created_at)
            .limit(limit)
        )
    )


def claim_stalled_jobs(
    *, session: Session, older_than: timedelta, limit: int, now: datetime | None = None
) -> list[tuple[uuid.UUID, str, bool]]:
    """Published jobs that have not moved for ``older_than``: their message was lost (a
    worker killed outright, a failure that could not be recorded). Touches them so the
    next sweep waits again; the caller republishes (stages that finished are skipped)."""
    now = now or utcnow()
    rows = session.execute(
        select(Job.id, Job.kind, Job.urgent)
        .where(
            Job.status.in_(("queued", "running")),
            Job.published_at.is_not(None),
            Job.updated_at <= now - older_than,
        )
        .order_by(Job.updated_at)
        .limit(limit)
    ).all()
    ids = [row.id for row in rows]
    if ids:
        session.connection().execute(
            update(_jobs)
            .where(_jobs.c.id.in_(ids))
            .values(updated_at=now, publish_attempts=_jobs.c.publish_attempts + 1)
        )
    return [(row.id, row.kind, row.urgent) for row in rows]


def prepare_replay(*, session: Session, job_id: uuid.UUID) -> Job:
    """Put a failed job back in the queue: failed stages return to pending, its dead
    letters are marked replayed, and it is unpublished so the caller (or sweeper) sends it."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(f"job {job_id} does not exist")
    if job.status != "failed":
        raise NotFound(f"job {job_id} is {job.status}, not failed")
    now = utcnow()
    for stage in job.stages:
        if stage.status in ("failed", "running"):
            stage.status = "pending"
    job.status = "queued"
    job.error = None
    job.finished_at = None
    job.published_at = None
    session.execute(
        update(DeadLetter)
        .where(DeadLetter.job_id == job_id, DeadLetter.replayed_at.is_(None))
        .values(replayed_at=now)
    )
    return job
