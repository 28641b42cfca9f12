"""Without consent to automated analysis only the crisis screen runs, and the result says so."""

from __future__ import annotations

from typing import Any

from models import Tenant
from pipeline.database import session_scope
from pipeline.provisioning import create_person
from tests.conftest import wait_for_job


def test_given_no_consent_when_a_journal_is_processed_then_only_the_crisis_screen_runs(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=0)
    with session_scope() as session:
        tenant = session.get(Tenant, clinic.tenant_id)
        assert tenant is not None
        person = create_person(
            session=session, tenant=tenant, role="patient", display_name="N", consents=()
        )
        person_id = person.id
    response = http.post(
        "/v1/journal-entries",
        json={"person_id": str(person_id), "content": "I keep thinking about killing myself."},
        headers=clinic.headers,
    )
    job = wait_for_job(http, clinic, response.json()["job_id"])
    stages = {s["name"]: s for s in job["stages"]}
    assert job["status"] == "succeeded"
    assert stages["crisis_screen"]["status"] == "succeeded"
    assert job["result"]["crisis"]["severity"] == "moderate"  # safety runs regardless
    assert stages["sentiment"]["status"] == "skipped"
    assert stages["sentiment"]["detail"]["reason"] == "no consent to automated analysis"
    assert "sentiment" not in job["result"]
    assert job["result"]["analysis"].startswith("skipped: no consent")
