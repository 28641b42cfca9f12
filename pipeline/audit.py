"""The audit log: ids, actions and labels, never user text."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from models import AuditLog


def record_audit(
    *,
    session: Session,
    tenant_id: uuid.UUID | None,
    actor_type: str,
    actor_id: object | None,
    action: str,
    target_type: str,
    target_id: object | None,
    details: dict[str, Any] | None = None,
) -> AuditLog:
    entry = AuditLog(
        tenant_id=tenant_id,
        actor_type=actor_type,
        actor_id=str(actor_id) if actor_id is not None else None,
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else None,
        details=details or {},
    )
    session.add(entry)
    return entry
