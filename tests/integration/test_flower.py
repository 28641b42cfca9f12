"""Operators: Flower, started against the test Redis, shows a task of every queue under
its stable name, fed by the real worker's events."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from tests.conftest import free_port, serving, wait_for, wait_for_job

AUTH = ("operator", "s3cret-test")


@pytest.fixture
def flower(celery_app: Any) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "celery", "-A", "tasks.app", "flower", f"--port={port}"]
    command += ["--address=127.0.0.1", f"--basic-auth={AUTH[0]}:{AUTH[1]}"]
    with serving(command, url + "/healthcheck", env=dict(os.environ), what="Flower"):
        yield url


def test_given_flower_when_jobs_of_every_kind_run_then_each_queue_shows_a_task_by_stable_name(
    flower: str, http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=1)
    person = str(clinic.patient_ids[0])
    with httpx.Client(base_url=flower, auth=AUTH, timeout=10) as ops:
        assert httpx.get(flower + "/api/tasks", timeout=10).status_code == 401  # basic auth holds
        jobs = [
            http.post(
                "/v1/journal-entries",
                json={"person_id": person, "content": "I want to kill myself."},
                headers=clinic.headers,
            ),
            http.post(
                "/v1/recordings",
                data={"person_id": person},
                files={
                    "file": ("s.wav", b"RIFF\x00\x00\x00\x00WAVEfmt " + b"\x01" * 2048, "audio/wav")
                },
                headers=clinic.headers,
            ),
            http.post(
                "/v1/wearable-syncs",
                json={
                    "person_id": person,
                    "provider": "fitbit",
                    "start_date": str(date.today()),
                    "end_date": str(date.today()),
                },
                headers=clinic.headers,
            ),
        ]
        for response in jobs:
            assert response.status_code == 202, response.text
            assert wait_for_job(http, clinic, response.json()["job_id"])["status"] == "succeeded"
        from tasks.maintenance import sweep_outbox
        from tasks.notify import deliver

        sweep_outbox.apply_async(kwargs={"grace_seconds": 3600})
        deliver.apply_async(args=(str(uuid.uuid4()),))  # an unknown id: fails, still a notify task

        expected = {
            "crisis": "tasks.crisis.screen",
            "ingest": "tasks.ingest.store",
            "audio": "tasks.audio.store",
            "analytics": "tasks.analytics.score_sentiment",
            "notify": "tasks.notify.deliver",
            "maintenance": "tasks.maintenance.sweep_outbox",
        }

        def seen() -> dict[str, set[str]] | None:
            tasks = ops.get("/api/tasks", params={"limit": 1000}).json()
            by_queue: dict[str, set[str]] = {}
            for task in tasks.values():
                if task.get("routing_key"):
                    by_queue.setdefault(task["routing_key"], set()).add(task["name"])
            return (
                by_queue
                if all(name in by_queue.get(q, set()) for q, name in expected.items())
                else None
            )

        by_queue = wait_for(seen, timeout=60, interval=0.5, what="Flower to show every queue")
    for queue, name in expected.items():
        assert name in by_queue[queue]
    # the crisis alert went out on the crisis lane, not behind bulk notifications
    assert "tasks.notify.deliver" in by_queue["crisis"]
