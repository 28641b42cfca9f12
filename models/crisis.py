"""Crisis events raised by screening, and the resources shown to people at risk."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedMixin, IdMixin

SEVERITIES = ("none", "low", "moderate", "high", "imminent", "unassessed")


class CrisisEvent(IdMixin, CreatedMixin, Base):
    """One per screened source item: redelivered screening never makes a second."""

    __tablename__ = "crisis_events"
    __table_args__ = (
        UniqueConstraint("source_type", "source_id"),
        CheckConstraint(f"severity IN {SEVERITIES}", name="severity"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    source_type: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[uuid.UUID]
    severity: Mapped[str] = mapped_column(String(16))
    score: Mapped[float | None]
    layer: Mapped[str] = mapped_column(String(32))
    # categories and character offsets of the evidence, never the words themselves
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[uuid.UUID | None]


class CrisisResource(IdMixin, CreatedMixin, Base):
    """A hotline, text line or emergency number, by country."""

    __tablename__ = "crisis_resources"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    resource_type: Mapped[str] = mapped_column(String(30))
    phone_number: Mapped[str | None] = mapped_column(String(20))
    sms_number: Mapped[str | None] = mapped_column(String(20))
    website_url: Mapped[str | None] = mapped_column(String(500))
    available_24_7: Mapped[bool] = mapped_column(default=False)
    countries: Mapped[list[Any]] = mapped_column(default=list)
    languages: Mapped[list[Any]] = mapped_column(default=list)
    is_active: Mapped[bool] = mapped_column(default=True)
    priority: Mapped[int] = mapped_column(default=5)
