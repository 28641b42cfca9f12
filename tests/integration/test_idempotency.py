"""Same Idempotency-Key → same job; a stage run twice → one result row."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from models import AnalysisResult, CrisisEvent, Job, JobStage, Notification
from pipeline.crypto import keyring_from_settings
from pipeline.database import session_scope
from tasks.stage import run_stage
from tests.conftest import row_counts, submit_journal, wait_for_job


def accepted_rows(tenant_id: uuid.UUID) -> dict[str, int]:
    """What a submission writes (a worker may be adding analysis rows meanwhile)."""
    counts = row_counts(tenant_id)
    return {t: counts[t] for t in ("jobs", "job_stages", "mood_logs", "mood_factors", "audit_log")}


def test_given_one_idempotency_key_when_submitted_twice_then_one_job(
    http: Any, make_clinic: Any
) -> None:
    clinic = make_clinic(patients=1)
    body = {"person_id": str(clinic.patient_ids[0]), "mood_score": 6, "note": "fine"}
    headers = {**clinic.headers, "Idempotency-Key": f"k-{uuid.uuid4()}"}
    first = http.post("/v1/mood-logs", json=body, headers=headers)
    counts = accepted_rows(clinic.tenant_id)
    second = http.post("/v1/mood-logs", json=body, headers=headers)
    assert first.status_code == second.status_code == 202
    assert first.json()["job_id"] == second.json()["job_id"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert accepted_rows(clinic.tenant_id) == counts

    changed = http.post("/v1/mood-logs", json={**body, "mood_score": 2}, headers=headers)
    assert changed.status_code == 409
    assert accepted_rows(clinic.tenant_id) == counts


def test_given_a_finished_job_when_its_stage_task_runs_twice_more_then_one_result_row(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=1)
    job_id = uuid.UUID(submit_journal(http, clinic, "A calm and happy afternoon."))
    assert wait_for_job(http, clinic, str(job_id))["status"] == "succeeded"
    from pipeline.text_stages import analyse_sentiment

    # a redelivered message: the stage already succeeded, so nothing runs
    assert run_stage("sentiment", job_id, analyse_sentiment, keyring_from_settings()) is False
    # a crash after the work but before the record: force the stage to run again, twice
    for _ in range(2):
        with session_scope() as session:
            stage = session.scalars(
                select(JobStage).where(JobStage.job_id == job_id, JobStage.name == "sentiment")
            ).one()
            stage.status = "pending"
            session.get(Job, job_id).status = "running"  # type: ignore[union-attr]
        assert run_stage("sentiment", job_id, analyse_sentiment, keyring_from_settings()) is True

    with session_scope() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.status == "succeeded"
        rows = session.scalar(
            select(func.count())
            .select_from(AnalysisResult)
            .where(AnalysisResult.source_id == job.subject_id)
        )
        stage = session.scalars(
            select(JobStage).where(JobStage.job_id == job_id, JobStage.name == "sentiment")
        ).one()
    assert rows == 1
    assert stage.attempts == 3


def test_given_a_flagged_entry_when_the_crisis_stage_runs_again_then_one_event_and_one_alert(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=1)
    job_id = uuid.UUID(submit_journal(http, clinic, "I want to end my life."))
    job = wait_for_job(http, clinic, str(job_id))
    assert job["result"]["crisis"]["severity"] == "moderate"
    assert job["result"]["crisis"]["at_risk"] is True
    assert {r["phone"] for r in job["result"]["crisis"]["resources"] if "phone" in r} >= {"988"}

    from pipeline.text_stages import screen_for_crisis
    from tests.conftest import wait_for

    with session_scope() as session:
        stage = session.scalars(
            select(JobStage).where(JobStage.job_id == job_id, JobStage.name == "crisis_screen")
        ).one()
        stage.status = "pending"
        session.get(Job, job_id).status = "running"  # type: ignore[union-attr]
    assert run_stage("crisis_screen", job_id, screen_for_crisis, keyring_from_settings())

    def alerts() -> list[Notification]:
        with session_scope() as session:
            return list(
                session.scalars(
                    select(Notification).where(Notification.tenant_id == clinic.tenant_id)
                )
            )

    delivered = wait_for(
        lambda: [n for n in alerts() if n.status == "delivered"], timeout=30, what="alert delivery"
    )
    with session_scope() as session:
        events = session.scalars(
            select(CrisisEvent).where(CrisisEvent.tenant_id == clinic.tenant_id)
        ).all()
    assert len(events) == 1
    assert len(alerts()) == 1 and len(delivered) == 1
    assert delivered[0].person_id == clinic.counselor_id
    assert delivered[0].kind == "crisis_alert" and delivered[0].attempts == 1
