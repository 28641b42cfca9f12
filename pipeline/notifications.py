"""Notifications: rows first (the outbox), delivery second. A dedupe key per
(reason, recipient, channel) means a redelivered step never notifies twice.

Only the in-app channel exists so far: the row is the message, delivery marks it
delivered. Email, push and webhooks join behind the same functions later.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CounselorAssignment, CrisisEvent, Notification
from models.base import utcnow
from pipeline.errors import PermanentError

URGENT_KINDS = ("crisis_alert",)


def counselors_of(*, session: Session, patient_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(CounselorAssignment.counselor_id).where(
                CounselorAssignment.patient_id == patient_id, CounselorAssignment.active.is_(True)
            )
        )
    )


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


def queue_crisis_alerts(*, session: Session, event: CrisisEvent) -> list[Notification]:
    """One in-app alert per counselor of the person; no text, only ids and the severity."""
    created = []
    for counselor_id in counselors_of(session=session, patient_id=event.person_id):
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
    return created


def deliver_notification(*, session: Session, notification_id: uuid.UUID) -> bool:
    """Deliver one notification; False when it was delivered before (nothing is sent twice)."""
    notification = session.get(Notification, notification_id, with_for_update=True)
    if notification is None:
        raise PermanentError(f"notification {notification_id} does not exist")
    if notification.status == "delivered":
        return False
    if notification.channel != "in_app":
        raise PermanentError(f"channel {notification.channel!r} is not available yet")
    notification.attempts += 1
    notification.status = "delivered"  # in-app: the row the API serves is the delivery
    notification.sent_at = utcnow()
    return True


def pending_notifications(
    *, session: Session, older_than: timedelta, limit: int, now: datetime | None = None
) -> list[tuple[uuid.UUID, str]]:
    """Notifications still pending after ``older_than``: their delivery message was lost."""
    cutoff = (now or utcnow()) - older_than
    rows = session.execute(
        select(Notification.id, Notification.kind)
        .where(Notification.status == "pending", Notification.created_at <= cutoff)
        .order_by(Notification.created_at)
        .limit(limit)
    )
    return [(row.id, row.kind) for row in rows]
