"""Accepting work: the entity, its job (unpublished) and an audit row, in the caller's
transaction. Publishing happens after commit (see tasks.publish)."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ClientApp, JournalEntry, MoodFactor, MoodLog, Person, Recording, WearableSync
from models.base import utcnow
from models.jobs import Job
from pipeline.audit import record_audit
from pipeline.crisis import screen_explicit
from pipeline.crypto import Keyring, request_fingerprint, seal
from pipeline.errors import InvalidInput
from pipeline.jobs import create_job
from pipeline.texts import journal_aad, mood_note_aad
from pipeline.validation import JournalEntryIn, MoodLogIn, RecordingIn, WearableSyncIn


def is_urgent(text: str | None) -> bool:
    """The explicit layer at submit time (pure, well under a millisecond): an item it
    grades moderate or above is screened by a worker at top priority."""
    return bool(text) and screen_explicit(text or "").at_risk


def require_person(
    *, session: Session, tenant_id: uuid.UUID, person_id: uuid.UUID, field: str = "person_id"
) -> Person:
    """The person, if they belong to this tenant; unknown and foreign look the same."""
    person = session.scalars(
        select(Person).where(
            Person.id == person_id, Person.tenant_id == tenant_id, Person.deleted_at.is_(None)
        )
    ).one_or_none()
    if person is None:
        raise InvalidInput("no such person in this clinic", field=field)
    return person


def _accepted(
    *,
    session: Session,
    app: ClientApp,
    kind: str,
    subject_id: uuid.UUID,
    person_id: uuid.UUID,
    idempotency_key: str | None,
    fingerprint: str,
    urgent: bool = False,
) -> Job:
    job = create_job(
        session=session,
        tenant_id=app.tenant_id,
        kind=kind,
        subject_id=subject_id,
        person_id=person_id,
        client_app_id=app.id,
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
        urgent=urgent,
    )
    record_audit(
        session=session,
        tenant_id=app.tenant_id,
        actor_type="client_app",
        actor_id=app.id,
        action="job.accepted",
        target_type=kind,
        target_id=subject_id,
        details={"job_id": str(job.id), "urgent": urgent},
    )
    return job


def local_time(moment: datetime, timezone: str) -> datetime:
    """The moment on the person's own clock (UTC when their zone is unknown)."""
    try:
        return moment.astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return moment


def _time_of_day(moment: datetime) -> str:
    hour = moment.hour
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"


def accept_mood_log(
    *,
    session: Session,
    app: ClientApp,
    data: MoodLogIn,
    keyring: Keyring,
    idempotency_key: str | None,
) -> Job:
    person = require_person(session=session, tenant_id=app.tenant_id, person_id=data.person_id)
    log_id = uuid.uuid4()
    logged_at = data.logged_at or utcnow()
    local = local_time(logged_at, person.timezone)
    sealed = (
        seal(data.note, keyring=keyring, associated_data=mood_note_aad(log_id))
        if data.note
        else None
    )
    log = MoodLog(
        id=log_id,
        tenant_id=app.tenant_id,
        person_id=data.person_id,
        mood_score=data.mood_score,
        energy_level=data.energy_level,
        anxiety_level=data.anxiety_level,
        note_ciphertext=sealed.ciphertext if sealed else None,
        note_key_id=sealed.key_id if sealed else None,
        logged_at=logged_at,
        time_of_day=_time_of_day(local),
        day_of_week=local.isoweekday(),
        location_type=data.location_type,
        factors=[
            MoodFactor(
                factor_type=f.factor_type, factor_value=f.factor_value, impact_score=f.impact_score
            )
            for f in data.factors
        ],
    )
    session.add(log)
    return _accepted(
        session=session,
        app=app,
        kind="mood_log",
        subject_id=log_id,
        person_id=data.person_id,
        idempotency_key=idempotency_key,
        fingerprint=request_fingerprint(data.canonical(), keyring=keyring),
        urgent=is_urgent(data.note),
    )


def accept_journal_entry(
    *,
    session: Session,
    app: ClientApp,
    data: JournalEntryIn,
    keyring: Keyring,
    idempotency_key: str | None,
) -> Job:
    require_person(session=session, tenant_id=app.tenant_id, person_id=data.person_id)
    entry_id = uuid.uuid4()
    sealed = seal(data.content, keyring=keyring, associated_data=journal_aad(entry_id))
    session.add(
        JournalEntry(
            id=entry_id,
            tenant_id=app.tenant_id,
            person_id=data.person_id,
            content_ciphertext=sealed.ciphertext,
            content_key_id=sealed.key_id,
            entry_type=data.entry_type,
            prompt_id=data.prompt_id,
            written_at=data.written_at or utcnow(),
        )
    )
    return _accepted(
        session=session,
        app=app,
        kind="journal_entry",
        subject_id=entry_id,
        person_id=data.person_id,
        idempotency_key=idempotency_key,
        fingerprint=request_fingerprint(data.canonical(), keyring=keyring),
        urgent=is_urgent(data.content),
    )


def accept_wearable_sync(
    *,
    session: Session,
    app: ClientApp,
    data: WearableSyncIn,
    keyring: Keyring,
    idempotency_key: str | None,
) -> Job:
    require_person(session=session, tenant_id=app.tenant_id, person_id=data.person_id)
    sync = WearableSync(
        id=uuid.uuid4(),
        tenant_id=app.tenant_id,
        person_id=data.person_id,
        provider=data.provider,
        start_date=data.start_date,
        end_date=data.end_date,
    )
    session.add(sync)
    return _accepted(
        session=session,
        app=app,
        kind="wearable_sync",
        subject_id=sync.id,
        person_id=data.person_id,
        idempotency_key=idempotency_key,
        fingerprint=request_fingerprint(data.canonical(), keyring=keyring),
    )


def accept_recording(
    *,
    session: Session,
    app: ClientApp,
    data: RecordingIn,
    recording_id: uuid.UUID,
    object_key: str,
    audio_format: str,
    size_bytes: int,
    sha256: str,
    idempotency_key: str | None,
    fingerprint: str,
) -> Job:
    """The audio is already in storage under ``object_key``; record it and queue its job."""
    session.add(
        Recording(
            id=recording_id,
            tenant_id=app.tenant_id,
            person_id=data.person_id,
            counselor_id=data.counselor_id,
            object_key=object_key,
            audio_format=audio_format,
            size_bytes=size_bytes,
            sha256=sha256,
            recorded_at=data.recorded_at,
            status="recorded",
        )
    )
    return _accepted(
        session=session,
        app=app,
        kind="recording",
        subject_id=recording_id,
        person_id=data.person_id,
        idempotency_key=idempotency_key,
        fingerprint=fingerprint,
    )
