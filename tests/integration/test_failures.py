"""A permanent failure fails the job with a readable reason and a dead letter; an operator's
replay re-enqueues it, and stages that succeeded are not redone."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from api_stub.cli import app as cli
from models import DeadLetter, JobStage, JournalEntry
from pipeline.database import session_scope
from tests.conftest import wait_for_job


def test_given_an_unreadable_entry_when_processed_then_failed_dead_lettered_and_replayable(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=1)
    response = http.post(
        "/v1/journal-entries",
        json={"person_id": str(clinic.patient_ids[0]), "content": "An ordinary day."},
        headers=clinic.headers,
    )
    job_id = response.json()["job_id"]
    # given: the key the entry was sealed with is gone (e.g. a botched rotation)
    with session_scope() as session:
        entry = session.scalars(
            select(JournalEntry).where(JournalEntry.tenant_id == clinic.tenant_id)
        ).one()
        entry.content_key_id = "retired-key"
    failed = wait_for_job(http, clinic, job_id)
    assert failed["status"] == "failed"
    assert failed["error"] == "crisis_screen: encryption key 'retired-key' is not configured"
    assert failed["stages"][0]["status"] == "failed" and failed["stages"][0]["attempts"] == 1
    assert [s["status"] for s in failed["stages"][1:]] == ["pending", "pending"]
    with session_scope() as session:
        letters = session.scalars(
            select(DeadLetter).where(DeadLetter.job_id == uuid.UUID(job_id))
        ).all()
        assert [(d.task_name, d.stage, d.exception_type) for d in letters] == [
            ("tasks.crisis.screen", "crisis_screen", "PermanentError")
        ]
        # when: the operator restores the key id and replays
        entry = session.scalars(
            select(JournalEntry).where(JournalEntry.tenant_id == clinic.tenant_id)
        ).one()
        entry.content_key_id = "test-1"

    result = CliRunner().invoke(cli, ["jobs", "replay", job_id])
    assert result.exit_code == 0, result.output
    assert "replayed" in result.output
    # then: it completes, and the dead letter records the replay
    done = wait_for_job(http, clinic, job_id)
    assert done["status"] == "succeeded", done
    with session_scope() as session:
        letter = session.scalars(
            select(DeadLetter).where(DeadLetter.job_id == uuid.UUID(job_id))
        ).one()
        assert letter.replayed_at is not None
        crisis = session.scalars(
            select(JobStage).where(
                JobStage.job_id == uuid.UUID(job_id), JobStage.name == "crisis_screen"
            )
        ).one()
        assert crisis.attempts == 2

    again = CliRunner().invoke(cli, ["jobs", "replay", job_id])
    assert again.exit_code == 1 and "not failed" in again.output
