"""Nothing accepted is lost: with the broker down the API still answers 202, and the
outbox sweeper publishes the job once the broker is back."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import free_port, serving, wait_for_job


@pytest.fixture
def api_without_broker(database: str) -> Iterator[str]:
    """A second API process whose broker URL points at a port nobody listens on."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "MINDPIPE_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0"}
    command = [sys.executable, "-m", "uvicorn", "api_stub.app:create_app", "--factory"]
    with serving([*command, "--port", str(port)], url + "/healthz", env=env, what="the API"):
        yield url


def test_given_the_broker_is_down_when_submitting_then_202_and_the_sweeper_publishes_later(
    api_without_broker: str, http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=1)
    with httpx.Client(base_url=api_without_broker, timeout=30) as down:
        assert down.get("/readyz").json()["checks"] == {"database": True, "broker": False}
        started = time.monotonic()
        response = down.post(
            "/v1/journal-entries",
            json={
                "person_id": str(clinic.patient_ids[0]),
                "content": "Accepted while the broker was down.",
            },
            headers=clinic.headers,
        )
        elapsed = time.monotonic() - started
    assert response.status_code == 202
    assert elapsed < 15  # fails fast rather than hanging the client
    job_id = response.json()["job_id"]

    job = http.get(f"/v1/jobs/{job_id}", headers=clinic.headers).json()
    assert job["status"] == "queued" and job["published"] is False

    # the broker is "back" (the main process reaches Redis); Beat's sweeper entry runs
    from tasks.maintenance import sweep_outbox

    sweep_outbox.apply_async(kwargs={"grace_seconds": 0})
    finished = wait_for_job(http, clinic, job_id, timeout=60)
    assert finished["status"] == "succeeded"
    assert finished["published"] is True
    assert http.get("/readyz").json() == {
        "status": "ready",
        "checks": {"database": True, "broker": True},
    }
