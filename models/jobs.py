"""Jobs, their per-stage records, dead letters and the audit log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CreatedMixin, IdMixin, utcnow

JOB_KINDS = ("mood_log", "journal_entry", "recording", "wearable_sync")
JOB_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")
STAGE_STATUSES = ("pending", "running", "succeeded", "failed", "skipped")


class Job(IdMixin, CreatedMixin, Base):
    """One unit of accepted work. ``published_at`` is NULL until the broker has it (outbox)."""

    __tablename__ = "jobs"
    __table_args__ = (
        UniqueConstraint("client_app_id", "idempotency_key"),
        CheckConstraint(f"status IN {JOB_STATUSES}", name="status"),
        CheckConstraint(f"kind IN {JOB_KINDS}", name="kind"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
        Index("ix_jobs_tenant_created", "tenant_id", "created_at"),
        Index("ix_jobs_outbox", "status", "published_at"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    client_app_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("client_apps.id", ondelete="SET NULL")
    )
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[uuid.UUID]
    status: Mapped[str] = mapped_column(String(16), default="queued")
    current_stage: Mapped[str | None] = mapped_column(String(64))
    progress: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_fingerprint: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[datetime | None]
    publish_attempts: Mapped[int] = mapped_column(default=0)
    # flagged by the API's explicit pre-screen: its crisis screen is published at top priority
    urgent: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    stages: Mapped[list[JobStage]] = relationship(
        back_populates="job", order_by="JobStage.position", cascade="all, delete-orphan"
    )


class JobStage(IdMixin, Base):
    """One step of a job: at most one row per (job, stage name), so reruns update in place."""

    __tablename__ = "job_stages"
    __table_args__ = (
        UniqueConstraint("job_id", "name"),
        CheckConstraint(f"status IN {STAGE_STATUSES}", name="status"),
    )

    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    position: Mapped[int]
    queue: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    duration_ms: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    job: Mapped[Job] = relationship(back_populates="stages")


class DeadLetter(IdMixin, CreatedMixin, Base):
    """A stage that failed for good; an operator can replay its job."""

    __tablename__ = "dead_letters"

    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    task_name: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    exception_type: Mapped[str] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(default=0)
    replayed_at: Mapped[datetime | None]


class AuditLog(IdMixin, CreatedMixin, Base):
    """Who did what to which record. Never holds user text: ids, actions and labels only."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_tenant_created", "tenant_id", "created_at"),)

    tenant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE")
    )
    actor_type: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
