"""Create clinics, client apps and people (operators, the demo and tests use this)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from models import ClientApp, Consent, CounselorAssignment, Person, Tenant
from models.base import utcnow
from pipeline.api_keys import SCOPES, IssuedKey, issue_key


def create_tenant(*, session: Session, name: str, slug: str, country: str = "US") -> Tenant:
    tenant = Tenant(id=uuid.uuid4(), name=name, slug=slug, country=country)
    session.add(tenant)
    session.flush()  # later rows reference it; no relationship() orders the inserts
    return tenant


def create_client_app(
    *, session: Session, tenant: Tenant, name: str, scopes: tuple[str, ...] = SCOPES
) -> tuple[ClientApp, IssuedKey]:
    issued = issue_key()
    app = ClientApp(
        id=uuid.uuid4(),
        tenant_id=tenant.id,
        name=name,
        key_prefix=issued.prefix,
        key_hash=issued.key_hash,
        scopes=list(scopes),
    )
    session.add(app)
    return app, issued


def create_person(
    *,
    session: Session,
    tenant: Tenant,
    role: str,
    display_name: str,
    email: str | None = None,
    timezone: str = "UTC",
    consents: tuple[str, ...] = ("automated_analysis",),
) -> Person:
    person = Person(
        id=uuid.uuid4(),
        tenant_id=tenant.id,
        role=role,
        display_name=display_name,
        email=email,
        timezone=timezone,
    )
    session.add(person)
    session.flush()
    now = utcnow()
    for consent_type in consents:
        session.add(
            Consent(
                tenant_id=tenant.id,
                person_id=person.id,
                consent_type=consent_type,
                granted=True,
                granted_at=now,
            )
        )
    return person


def assign_counselor(*, session: Session, counselor: Person, patient: Person) -> None:
    session.add(
        CounselorAssignment(
            tenant_id=patient.tenant_id, counselor_id=counselor.id, patient_id=patient.id
        )
    )
