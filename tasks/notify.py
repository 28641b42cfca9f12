"""Notify lane: deliver notifications. Crisis alerts are sent on the crisis queue instead,
so digests and summaries never delay them."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import OperationalError

from pipeline.database import session_scope
from pipeline.errors import TransientError
from pipeline.notifications import URGENT_KINDS, deliver_notification
from tasks.app import app
from tasks.queues import DEFAULT_PRIORITY, URGENT_PRIORITY


@app.task(
    name="tasks.notify.deliver",
    autoretry_for=(OperationalError, TransientError, ConnectionError, TimeoutError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=8,
    soft_time_limit=30,
    time_limit=45,
)
def deliver(notification_id: str) -> None:
    with session_scope() as session:
        deliver_notification(session=session, notification_id=uuid.UUID(notification_id))


def send_delivery(notification_id: uuid.UUID, kind: str) -> None:
    """Enqueue delivery; urgent kinds go to the crisis lane."""
    if kind in URGENT_KINDS:
        deliver.apply_async(args=(str(notification_id),), queue="crisis", priority=URGENT_PRIORITY)
    else:
        deliver.apply_async(args=(str(notification_id),), queue="notify", priority=DEFAULT_PRIORITY)
