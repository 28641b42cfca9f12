"""Submitting work: mood logs, journal entries and wearable syncs → 202 {job_id, status_url}.

The entity, its job and the job's unpublished mark commit in one transaction; the chain is
published after commit. If the broker is down the answer is still 202 and the outbox
sweeper publishes later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import APIRouter, Depends, Header, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api_stub.deps import get_session, require_scope
from api_stub.schemas import JobAccepted
from models import ClientApp, Job
from pipeline.crypto import keyring_from_settings, request_fingerprint
from pipeline.errors import InvalidInput
from pipeline.jobs import find_by_idempotency_key
from pipeline.submissions import accept_journal_entry, accept_mood_log, accept_wearable_sync
from pipeline.validation import JournalEntryIn, MoodLogIn, WearableSyncIn
from tasks.publish import publish_committed_job

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["submit"])


def idempotency_key_header(
    value: str | None = Header(default=None, alias="Idempotency-Key", max_length=200),
) -> str | None:
    """The Idempotency-Key header; an empty or blank one means no key."""
    return (value or "").strip() or None


IdempotencyKey = Depends(idempotency_key_header)


def accepted(job: Job, response: Response, *, replayed: bool = False) -> JobAccepted:
    response.headers["Location"] = f"/v1/jobs/{job.id}"
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return JobAccepted(job_id=job.id, status=job.status, status_url=f"/v1/jobs/{job.id}")


def replay_if_known(
    *, session: Session, app: ClientApp, idempotency_key: str | None, fingerprint: str
) -> Job | None:
    """The original job for a repeated Idempotency-Key; a different body is a conflict."""
    if not idempotency_key:
        return None
    job = find_by_idempotency_key(
        session=session, client_app_id=app.id, idempotency_key=idempotency_key
    )
    if job is not None and job.request_fingerprint != fingerprint:
        raise InvalidInput(
            "this Idempotency-Key was used with a different request",
            field="Idempotency-Key",
            status=409,
        )
    return job


def submit(
    *,
    session: Session,
    app: ClientApp,
    response: Response,
    idempotency_key: str | None,
    fingerprint: str,
    accept: Callable[[], Job],
) -> JobAccepted:
    existing = replay_if_known(
        session=session, app=app, idempotency_key=idempotency_key, fingerprint=fingerprint
    )
    if existing is not None:
        return accepted(existing, response, replayed=True)
    job = accept()
    try:
        session.commit()
    except IntegrityError:
        # a concurrent request with the same key won the race: answer with its job
        session.rollback()
        existing = replay_if_known(
            session=session, app=app, idempotency_key=idempotency_key, fingerprint=fingerprint
        )
        if existing is None:
            raise
        return accepted(existing, response, replayed=True)
    try:
        publish_committed_job(job.id, job.kind, urgent=job.urgent)
    except Exception as exc:  # accepted and committed: the outbox sweeper publishes it
        logger.warning("job %s: post-commit publish failed (%s)", job.id, type(exc).__name__)
    return accepted(job, response)


@router.post("/mood-logs", status_code=202, response_model=JobAccepted)
def submit_mood_log(
    body: MoodLogIn,
    response: Response,
    app: ClientApp = Depends(require_scope("jobs:write")),
    session: Session = Depends(get_session),
    idempotency_key: str | None = IdempotencyKey,
) -> JobAccepted:
    return submit(
        session=session,
        app=app,
        response=response,
        idempotency_key=idempotency_key,
        fingerprint=request_fingerprint(body.canonical(), keyring=keyring_from_settings()),
        accept=lambda: accept_mood_log(
            session=session,
            app=app,
            data=body,
            keyring=keyring_from_settings(),
            idempotency_key=idempotency_key,
        ),
    )


@router.post("/journal-entries", status_code=202, response_model=JobAccepted)
def submit_journal_entry(
    body: JournalEntryIn,
    response: Response,
    app: ClientApp = Depends(require_scope("jobs:write")),
    session: Session = Depends(get_session),
    idempotency_key: str | None = IdempotencyKey,
) -> JobAccepted:
    return submit(
        session=session,
        app=app,
        response=response,
        idempotency_key=idempotency_key,
        fingerprint=request_fingerprint(body.canonical(), keyring=keyring_from_settings()),
        accept=lambda: accept_journal_entry(
            session=session,
            app=app,
            data=body,
            keyring=keyring_from_settings(),
            idempotency_key=idempotency_key,
        ),
    )


@router.post("/wearable-syncs", status_code=202, response_model=JobAccepted)
def submit_wearable_sync(
    body: WearableSyncIn,
    response: Response,
    app: ClientApp = Depends(require_scope("jobs:write")),
    session: Session = Depends(get_session),
    idempotency_key: str | None = IdempotencyKey,
) -> JobAccepted:
    return submit(
        session=session,
        app=app,
        response=response,
        idempotency_key=idempotency_key,
        fingerprint=request_fingerprint(body.canonical(), keyring=keyring_from_settings()),
        accept=lambda: accept_wearable_sync(
            session=session,
            app=app,
            data=body,
            keyring=keyring_from_settings(),
            idempotency_key=idempotency_key,
        ),
    )
