"""Wearable connections (tokens encrypted), sync requests and daily metrics."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedMixin, IdMixin

PROVIDERS = ("fitbit", "oura", "garmin", "apple_health")


class WearableConnection(IdMixin, CreatedMixin, Base):
    """A person's link to a wearable vendor; OAuth tokens are AES-GCM ciphertext."""

    __tablename__ = "wearable_connections"
    __table_args__ = (UniqueConstraint("person_id", "provider"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(30))
    provider_user_id: Mapped[str | None] = mapped_column(String(255))
    access_token_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    refresh_token_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    token_key_id: Mapped[str | None] = mapped_column(String(32))
    token_expires_at: Mapped[datetime | None]
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    last_sync_at: Mapped[datetime | None]
    sync_status: Mapped[str] = mapped_column(String(20), default="active")
    sync_error: Mapped[str | None] = mapped_column(Text)


class WearableSync(IdMixin, CreatedMixin, Base):
    """A request to pull a date range from a provider (from the API or from Beat)."""

    __tablename__ = "wearable_syncs"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    provider: Mapped[str] = mapped_column(String(30))
    start_date: Mapped[date]
    end_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="requested")
    days_synced: Mapped[int] = mapped_column(default=0)


class DailyMetric(IdMixin, CreatedMixin, Base):
    """One person's wearable figures for one day from one connection (upserted)."""

    __tablename__ = "daily_metrics"
    __table_args__ = (UniqueConstraint("person_id", "day", "connection_id"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("wearable_connections.id", ondelete="CASCADE")
    )
    day: Mapped[date]
    sleep_minutes: Mapped[int | None]
    sleep_stages: Mapped[dict[str, Any] | None]
    steps: Mapped[int | None]
    active_minutes: Mapped[int | None]
    resting_heart_rate: Mapped[float | None]
    average_heart_rate: Mapped[float | None]
    hrv_ms: Mapped[float | None]
    readiness: Mapped[float | None]
    stress: Mapped[float | None]
