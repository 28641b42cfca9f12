"""Only ids cross the broker: journal text is in no message, result, audit row or log,
and PostgreSQL holds it only as ciphertext."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from celery.signals import before_task_publish
from sqlalchemy import select, text

import models
from models import JournalEntry
from pipeline.database import session_scope
from tests.conftest import wait_for_job

SECRET = "my brother's name is Quillon and I dread the visit on Thursday"


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_given_a_journal_entry_when_processed_then_its_text_appears_nowhere_but_encrypted(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=1)
    published: list[str] = []

    def capture(sender: str, body: Any, headers: dict[str, Any], **_: Any) -> None:
        published.append(
            json.dumps({"task": sender, "body": body, "headers": headers}, default=str)
        )

    before_task_publish.connect(capture, weak=False)
    logs = Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(logs)
    root.setLevel(logging.DEBUG)
    try:
        response = http.post(
            "/v1/journal-entries",
            json={"person_id": str(clinic.patient_ids[0]), "content": SECRET},
            headers=clinic.headers,
        )
        job = wait_for_job(http, clinic, response.json()["job_id"])
    finally:
        before_task_publish.disconnect(capture)
        root.removeHandler(logs)
        root.setLevel(old_level)

    assert job["status"] == "succeeded"
    # broker messages: three stages were published, carrying the job id and nothing else
    assert len(published) >= 3
    for message in published:
        assert "Quillon" not in message and "dread" not in message
        assert job["id"] in message
    for stage in published:
        args = json.loads(stage)["body"][0]
        assert args == [job["id"]]
    # the API's job view and every log line
    assert "Quillon" not in json.dumps(job)
    assert logs.lines, "no log lines were captured"
    assert not [line for line in logs.lines if "Quillon" in line]
    # the database: ciphertext only, and no other row of this clinic holds the words
    with session_scope() as session:
        entry = session.scalars(
            select(JournalEntry).where(JournalEntry.tenant_id == clinic.tenant_id)
        ).one()
        assert b"Quillon" not in entry.content_ciphertext
        for name, table in models.Base.metadata.tables.items():
            if "tenant_id" not in table.c:
                continue
            rows = session.execute(select(table).where(table.c.tenant_id == clinic.tenant_id)).all()
            dumped = repr(rows)
            assert "Quillon" not in dumped, name
        # PostgreSQL's own view of the column, as bytes
        raw = session.execute(
            text("SELECT content_ciphertext FROM journal_entries WHERE id = :id"),
            {"id": uuid.UUID(str(entry.id))},
        ).scalar_one()
        assert b"Quillon" not in bytes(raw)
