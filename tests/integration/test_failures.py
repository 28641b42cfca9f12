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
from tasks.publish import publish_committed_job
from tests.conftest import accept_directly, wait_for_job


def test_given_an_unreadable_entry_when_processed_then_failed_dead_lettered_and_replayable(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=1)
    # given: an entry sealed with a key this deployment no longer has (a botched rotation),
    # committed before its job is published so no stage can read it first
    job = accept_directly(clinic, content="An ordinary day.", key_id="retired-key")
    job_id = str(job.id)
    assert publish_committed_job(job.id, job.kind)
    failed = wait_for_job(http, clinic, job_id)
    assert failed["status"] == "failed", failed
    assert failed["progress"] == 0
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


def test_given_a_transient_error_when_a_stage_runs_then_it_retries_with_backoff_and_succeeds(
    http: Any, make_clinic: Any, worker: Any, monkeypatch: Any
) -> None:
    """The in-thread worker shares this process, so the analyzer can be made to time out once."""
    import pipeline.text_stages as text_stages
    from pipeline.errors import TransientError
    from pipeline.sentiment import get_sentiment_analyzer

    real = get_sentiment_analyzer()
    CONTENT = f"A quiet, good day ({uuid.uuid4()})."
    calls: list[int] = []

    class FlakyOnce:
        engine = real.engine

        def score(self, text: str) -> Any:
            if text != CONTENT:  # other tests' jobs may still be in flight on this worker
                return real.score(text)
            calls.append(1)
            if len(calls) == 1:
                raise TransientError("sentiment provider timed out")
            return real.score(text)

    monkeypatch.setattr(text_stages, "get_sentiment_analyzer", lambda: FlakyOnce())
    clinic = make_clinic(patients=1)
    response = http.post(
        "/v1/journal-entries",
        json={"person_id": str(clinic.patient_ids[0]), "content": CONTENT},
        headers=clinic.headers,
    )
    job = wait_for_job(http, clinic, response.json()["job_id"], timeout=60)
    sentiment = job["stages"][2]
    assert job["status"] == "succeeded"
    assert sentiment["status"] == "succeeded" and sentiment["attempts"] == 2
    assert sentiment["error"] is None
    assert len(calls) == 2
    with session_scope() as session:
        assert not session.scalars(
            select(DeadLetter).where(DeadLetter.job_id == uuid.UUID(job["id"]))
        ).all()
