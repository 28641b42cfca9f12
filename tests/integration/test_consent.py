"""Without consent to automated analysis only the crisis screen runs, and the result says so."""

from __future__ import annotations

from typing import Any

from tests.conftest import add_person, submit_journal, wait_for_job


def test_given_no_consent_when_a_journal_is_processed_then_only_the_crisis_screen_runs(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=0)
    person_id = add_person(clinic, "patient", consents=())
    job_id = submit_journal(http, clinic, "I keep thinking about killing myself.", person=person_id)
    job = wait_for_job(http, clinic, job_id)
    stages = {s["name"]: s for s in job["stages"]}
    assert job["status"] == "succeeded"
    assert stages["crisis_screen"]["status"] == "succeeded"
    assert job["result"]["crisis"]["severity"] == "moderate"  # safety runs regardless
    assert stages["sentiment"]["status"] == "skipped"
    assert stages["sentiment"]["detail"]["reason"] == "no consent to automated analysis"
    assert "sentiment" not in job["result"]
    assert job["result"]["analysis"].startswith("skipped: no consent")
