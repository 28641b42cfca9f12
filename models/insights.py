"""Insights, the content library and recommendations drawn from it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedMixin, IdMixin


class Insight(IdMixin, CreatedMixin, Base):
    """A plain-language observation about a person's data, never a diagnosis."""

    __tablename__ = "insights"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    insight_type: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    data_points: Mapped[dict[str, Any]] = mapped_column(default=dict)
    confidence_score: Mapped[float | None]
    shown_at: Mapped[datetime | None]
    dismissed_at: Mapped[datetime | None]
    helpful_rating: Mapped[int | None] = mapped_column(SmallInteger)
    valid_from: Mapped[datetime | None]
    valid_until: Mapped[datetime | None]


class ContentItem(IdMixin, CreatedMixin, Base):
    """An exercise, tip or resource in the seeded content library."""

    __tablename__ = "content_library"

    content_type: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    content_body: Mapped[str | None] = mapped_column(Text)
    duration_minutes: Mapped[int | None] = mapped_column(SmallInteger)
    target_moods: Mapped[list[Any]] = mapped_column(default=list)
    target_factors: Mapped[list[Any]] = mapped_column(default=list)
    is_active: Mapped[bool] = mapped_column(default=True)


class Recommendation(IdMixin, CreatedMixin, Base):
    """A content item suggested to a person, possibly because of an insight."""

    __tablename__ = "recommendations"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    insight_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("insights.id", ondelete="SET NULL")
    )
    content_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("content_library.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(SmallInteger, default=5)
    shown_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    dismissed_at: Mapped[datetime | None]
    feedback: Mapped[str | None] = mapped_column(String(20))
    expires_at: Mapped[datetime | None]
