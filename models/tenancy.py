"""Clinics (tenants), the client apps that call the API, people and their consents."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedMixin, IdMixin

ROLES = ("patient", "counselor", "manager", "admin")


class Tenant(IdMixin, CreatedMixin, Base):
    """A clinic. Every row that belongs to a person carries its tenant id."""

    __tablename__ = "tenants"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    country: Mapped[str] = mapped_column(String(2), default="US")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")


class ClientApp(IdMixin, CreatedMixin, Base):
    """A mobile or web app with one API key, scoped to one tenant."""

    __tablename__ = "client_apps"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    key_prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    revoked_at: Mapped[datetime | None]


class Person(IdMixin, CreatedMixin, Base):
    """A patient, counselor, manager or admin of one clinic."""

    __tablename__ = "people"
    __table_args__ = (CheckConstraint(f"role IN {ROLES}", name="role"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    locale: Mapped[str] = mapped_column(String(10), default="en-US")
    data_retention_days: Mapped[int] = mapped_column(default=365)
    last_active_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]


class CounselorAssignment(IdMixin, CreatedMixin, Base):
    """Who counsels whom."""

    __tablename__ = "counselor_assignments"
    __table_args__ = (UniqueConstraint("counselor_id", "patient_id"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    counselor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    patient_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)


class Consent(IdMixin, Base):
    """A person's grant (or revocation) of one kind of processing."""

    __tablename__ = "consents"
    __table_args__ = (UniqueConstraint("person_id", "consent_type"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    consent_type: Mapped[str] = mapped_column(String(50))
    granted: Mapped[bool] = mapped_column(default=False)
    granted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
