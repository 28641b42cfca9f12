"""Notifications: rows first (the outbox), delivery second. A dedupe key per
(reason, recipient, channel) means a redelivered step never notifies twice.

Only the in-app channel exists so far: the row is the message, delivery marks it
delivered. Email, push and webhooks join behind the same functions later.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from models import CounselorAssignment, CrisisEvent, Notification, Person
from models.base import utcnow

URGENT_KINDS = ("crisis_alert",)


def counselors_of(*, session: Session, patient_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(CounselorAssignment.counselor_id).where(
                CounselorAssignment.patient_id == patient_id, CounselorAssignment.active.is_(True)
            )
        )
    )


def crisis_recipients(
    *, session: Session, tenant_id: uuid.UUID, patient_id: uuid.UUID
) -> list[uuid.UUID]:
    """The patient's counselors; with none assigned, the clinic's managers, then its admins:
    a crisis flag always reaches someone who can act."""
    counselors = counselors_of(session=session, patient_id=patient_id)
    if counselors:
        return counselors
    for role in ("manager", "admin"):
        people = list(
            session.scalars(
                select(Person.id).where(
                    Person.tenant_id == tenant_id, Person.role == role, Person.deleted_at.is_(None)
                )
            )
        )
        if people:
            return people
    return []


def create_notification(
    *,
    session: Session,
    tenant_id: uuid.UUID,
    person_id: uuid.UUID,
    channel: str,
    kind: str,
    dedupe_key: str,
    title: str,
    payload: dict[str, str],
) -> Notification | None:
    """A pending notification, or None when one with this dedupe key exists already."""
    exists = session.scalars(
        select(Notification.id).where(Notification.dedupe_key == dedupe_key)
    ).first()
    if exists is not None:
        return None
    notification = Notification(
        id=uuid.uuid4(),
        enqueued_at=utcnow(),  # its creator sends it right after commit
        tenant_id=tenant_id,
        person_id=person_id,
        channel=channel,
        kind=kind,
        dedupe_key=dedupe_key,
        title=title,
        payload=payload,
        status="pending",
    )
    session.add(notification)
    return notification


def queue_crisis_alerts(
    *, session: Session, event: CrisisEvent
) -> tuple[list[uuid.UUID], list[Notification]]:
    """One in-app alert per recipient (see crisis_recipients); no text, only ids and the
    severity. Returns every recipient and the notifications created now (none on a rerun)."""
    created = []
    recipients = crisis_recipients(
        session=session, tenant_id=event.tenant_id, patient_id=event.person_id
    )
    for counselor_id in recipients:
        notification = create_notification(
            session=session,
            tenant_id=event.tenant_id,
            person_id=counselor_id,
            channel="in_app",
            kind="crisis_alert",
            dedupe_key=f"crisis:{event.id}:{counselor_id}:in_app",
            title="A client's entry was flagged by the crisis screen",
            payload={
                "crisis_event_id": str(event.id),
                "client_id": str(event.person_id),
                "severity": event.severity,
            },
        )
        if notification is not None:
            created.append(notification)
    return recipients, created


def deliver_notification(*, session: Session, notification_id: uuid.UUID) -> bool:
    """Deliver one notification; False when there is nothing to send (already delivered,
    failed for good, or unknown). A channel that cannot deliver marks it failed."""
    notification = session.get(Notification, notification_id, with_for_update=True)
    if notification is None or notification.status in ("delivered", "failed"):
        return False
    notification.attempts += 1
    if notification.channel != "in_app":
        notification.status = "failed"
        notification.error = f"channel {notification.channel!r} is not available yet"
        return False
    notification.status = "delivered"  # in-app: the row the API serves is the delivery
    notification.sent_at = utcnow()
    return True


def claim_stale_notifications(
    *, session: Session, older_than: timedelta, limit: int, now: datetime | None = None
) -> list[tuple[uuid.UUID, str]]:
    """Pending notifications last handed to the broker before ``older_than`` (their message
    was lost); marks them enqueued now so the next sweep leaves them alone for a while."""
    now = now or utcnow()
    cutoff = now - older_than
    rows = session.execute(
        select(Notification.id, Notification.kind)
        .where(
            Notification.status == "pending",
            or_(Notification.enqueued_at.is_(None), Notification.enqueued_at <= cutoff),
        )
        .order_by(Notification.created_at)
        .limit(limit)
    ).all()
    ids = [row.id for row in rows]
    if ids:
        session.execute(
            update(Notification).where(Notification.id.in_(ids)).values(enqueued_at=now)
        )
    return [(row.id, row.kind) for row in rows]
