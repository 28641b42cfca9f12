"""Mood logs with their factors, and encrypted journal entries."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CreatedMixin, IdMixin


class MoodLog(IdMixin, CreatedMixin, Base):
    """A mood check-in (score 1–10). The optional note is stored encrypted."""

    __tablename__ = "mood_logs"
    __table_args__ = (
        CheckConstraint("mood_score BETWEEN 1 AND 10", name="mood_score"),
        CheckConstraint("energy_level BETWEEN 1 AND 10", name="energy_level"),
        CheckConstraint("anxiety_level BETWEEN 1 AND 10", name="anxiety_level"),
        Index("ix_mood_logs_person_logged", "person_id", "logged_at"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    mood_score: Mapped[int] = mapped_column(SmallInteger)
    energy_level: Mapped[int | None] = mapped_column(SmallInteger)
    anxiety_level: Mapped[int | None] = mapped_column(SmallInteger)
    note_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    note_key_id: Mapped[str | None] = mapped_column(String(32))
    note_sentiment: Mapped[float | None]
    logged_at: Mapped[datetime]
    time_of_day: Mapped[str | None] = mapped_column(String(20))
    day_of_week: Mapped[int | None] = mapped_column(SmallInteger)
    location_type: Mapped[str | None] = mapped_column(String(30))
    processed_for_insights: Mapped[bool] = mapped_column(default=False)
    crisis_flag_triggered: Mapped[bool] = mapped_column(default=False)

    factors: Mapped[list[MoodFactor]] = relationship(
        back_populates="mood_log", cascade="all, delete-orphan"
    )


class MoodFactor(IdMixin, Base):
    """Something the person says moved their mood, with an impact of −5..5."""

    __tablename__ = "mood_factors"
    __table_args__ = (CheckConstraint("impact_score BETWEEN -5 AND 5", name="impact_score"),)

    mood_log_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mood_logs.id", ondelete="CASCADE"), index=True
    )
    factor_type: Mapped[str] = mapped_column(String(30))
    factor_value: Mapped[str | None] = mapped_column(String(50))
    impact_score: Mapped[int | None] = mapped_column(SmallInteger)

    mood_log: Mapped[MoodLog] = relationship(back_populates="factors")


class JournalEntry(IdMixin, CreatedMixin, Base):
    """A journal entry: AES-GCM ciphertext plus the id of the key that sealed it."""

    __tablename__ = "journal_entries"
    __table_args__ = (Index("ix_journal_entries_person_created", "person_id", "created_at"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    content_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    content_key_id: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    word_count: Mapped[int | None]
    entry_type: Mapped[str] = mapped_column(String(20), default="freeform")
    prompt_id: Mapped[uuid.UUID | None]
    sentiment_score: Mapped[float | None]
    primary_emotion: Mapped[str | None] = mapped_column(String(30))
    written_at: Mapped[datetime]
