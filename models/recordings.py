"""Session recordings, their transcripts, analysis results and counselor reports."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedMixin, IdMixin

RECORDING_STATUSES = ("uploaded", "recorded", "transcribed", "analyzed", "reported", "failed")


class Recording(IdMixin, CreatedMixin, Base):
    """An uploaded counseling-session recording; the audio lives in object storage."""

    __tablename__ = "recordings"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    counselor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    object_key: Mapped[str] = mapped_column(String(500))
    audio_format: Mapped[str] = mapped_column(String(16))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    duration_seconds: Mapped[float | None]
    status: Mapped[str] = mapped_column(String(16), default="recorded")
    recorded_at: Mapped[datetime | None]


class Transcript(IdMixin, CreatedMixin, Base):
    """A recording's transcript: segments as encrypted JSON text."""

    __tablename__ = "transcripts"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    recording_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), unique=True
    )
    engine: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16), default="en-US")
    segments_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    segments_key_id: Mapped[str] = mapped_column(String(32))
    word_count: Mapped[int | None]
    confidence: Mapped[float | None]


class AnalysisResult(IdMixin, CreatedMixin, Base):
    """One analysis (sentiment, emotion, themes, crisis…) of one source item: scores, no text."""

    __tablename__ = "analysis_results"
    __table_args__ = (UniqueConstraint("source_type", "source_id", "analysis"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    source_type: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[uuid.UUID]
    analysis: Mapped[str] = mapped_column(String(32))
    engine: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Report(IdMixin, CreatedMixin, Base):
    """A rendered counselor report stored in object storage."""

    __tablename__ = "reports"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    counselor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    recording_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), unique=True
    )
    report_type: Mapped[str] = mapped_column(String(32), default="session")
    object_key: Mapped[str] = mapped_column(String(500))
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    engines: Mapped[dict[str, Any]] = mapped_column(default=dict)
