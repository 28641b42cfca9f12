"""Test setup: real PostgreSQL and Redis, a real Celery worker, the API over real HTTP.

Each run gets its own PostgreSQL database (migrated with Alembic) and its own Redis
database number, both removed at the end. With CI=true a missing server fails the run;
elsewhere the tests that need it are skipped with the reason.
"""

from __future__ import annotations

import base64
import os
import secrets
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PG_ADMIN_URL = os.environ.get("MINDPIPE_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_DB = int(os.environ.get("MINDPIPE_TEST_REDIS_DB", "13"))
TEST_DB = f"mindpipe_test_{os.getpid()}_{secrets.token_hex(3)}"
DATA_DIR = Path(tempfile.mkdtemp(prefix="mindpipe-test-"))
TEST_KEY = base64.b64encode(secrets.token_bytes(32)).decode()

# Settings are read once per process, so the environment is set before anything imports them.
os.environ.update(
    {
        "MINDPIPE_MODE": "embedded",
        "MINDPIPE_DATA_DIR": str(DATA_DIR),
        "MINDPIPE_DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + TEST_DB,
        "MINDPIPE_BROKER_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
        "MINDPIPE_ENCRYPTION_KEYS": f'{{"test-1": "{TEST_KEY}"}}',
        "MINDPIPE_ACTIVE_KEY_ID": "test-1",
        "MINDPIPE_OUTBOX_GRACE_SECONDS": "3600",
    }
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def need_server(name: str, host: str, port: int) -> None:
    if _reachable(host, port):
        return
    message = f"{name} is not reachable at {host}:{port}"
    if IN_CI:
        pytest.fail(message + " (CI=true: a missing server is a failure)", pytrace=False)
    pytest.skip(message)


def wait_for(
    predicate: Callable[[], Any], *, timeout: float, interval: float = 0.05, what: str = "condition"
) -> Any:
    """Poll until predicate() is truthy; fail with a message at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(
    command: list[str], health_url: str, *, env: dict[str, str], what: str
) -> Iterator[None]:
    """Run a server process until the block ends, once its health URL answers 200."""
    import subprocess

    import httpx

    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    def up() -> bool:
        try:
            return httpx.get(health_url, timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(up, timeout=60, interval=0.2, what=what)
        yield
    finally:
        process.terminate()
        process.wait(timeout=15)


def accept_directly(clinic: Clinic, *, content: str, key_id: str | None = None) -> Any:
    """A journal job committed but not published (the caller decides what happens next);
    ``key_id`` re-labels the ciphertext's key, as a botched key rotation would."""
    from sqlalchemy import select

    from models import ClientApp, JournalEntry
    from pipeline.crypto import keyring_from_settings
    from pipeline.database import session_scope
    from pipeline.submissions import accept_journal_entry
    from pipeline.validation import JournalEntryIn

    with session_scope() as session:
        app = session.scalars(
            select(ClientApp).where(ClientApp.tenant_id == clinic.tenant_id)
        ).one()
        job = accept_journal_entry(
            session=session,
            app=app,
            data=JournalEntryIn(person_id=clinic.patient_ids[0], content=content),
            keyring=keyring_from_settings(),
            idempotency_key=None,
        )
        session.flush()
        if key_id is not None:
            entry = session.get(JournalEntry, job.subject_id)
            assert entry is not None
            entry.content_key_id = key_id
    return job


# ---------------------------------------------------------------- servers and schema


@pytest.fixture(scope="session")
def database() -> Iterator[str]:
    """A fresh PostgreSQL database migrated to head; dropped at the end."""
    need_server("PostgreSQL", "127.0.0.1", 5432)
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{TEST_DB}"')
    from migrations.runner import upgrade

    url = os.environ["MINDPIPE_DATABASE_URL"]
    upgrade(url)
    yield url
    from pipeline.database import get_engine

    get_engine().dispose()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{TEST_DB}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_broker() -> Iterator[str]:
    need_server("Redis", REDIS_HOST, REDIS_PORT)
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    client.flushdb()
    yield os.environ["MINDPIPE_BROKER_URL"]
    client.flushdb()
    client.close()


@pytest.fixture(scope="session")
def celery_app(database: str, redis_broker: str) -> Any:
    from tasks.app import app

    app.loader.import_default_modules()
    return app


@pytest.fixture(scope="session")
def worker(celery_app: Any) -> Iterator[Any]:
    """One real Celery worker for the session, consuming every queue from Redis."""
    from celery.contrib.testing.worker import start_worker

    from tasks.queues import ALL_QUEUES

    with start_worker(
        celery_app,
        pool="threads",
        concurrency=4,
        perform_ping_check=False,
        queues=list(ALL_QUEUES),
        without_heartbeat=False,
        shutdown_timeout=30,
    ) as running:
        yield running


@pytest.fixture(scope="session")
def api_url(database: str, redis_broker: str) -> Iterator[str]:
    """The API served by uvicorn on a free port (real HTTP)."""
    import uvicorn

    from api_stub.app import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, timeout=20, what="uvicorn to start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


# ---------------------------------------------------------------- data


@dataclass
class Clinic:
    tenant_id: uuid.UUID
    api_key: str
    counselor_id: uuid.UUID
    patient_ids: list[uuid.UUID]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}


@pytest.fixture
def make_clinic(database: str) -> Callable[..., Clinic]:
    """Factory: a clinic with a client app, a counselor and patients assigned to them."""
    from pipeline.database import session_scope
    from pipeline.provisioning import (
        assign_counselor,
        create_client_app,
        create_person,
        create_tenant,
    )

    def make(patients: int = 2, scopes: tuple[str, ...] = ("jobs:write", "jobs:read")) -> Clinic:
        with session_scope() as session:
            tenant = create_tenant(
                session=session, name="Test clinic", slug=f"clinic-{uuid.uuid4().hex[:10]}"
            )
            _, issued = create_client_app(
                session=session, tenant=tenant, name="test app", scopes=scopes
            )
            counselor = create_person(
                session=session, tenant=tenant, role="counselor", display_name="C"
            )
            people = [
                create_person(session=session, tenant=tenant, role="patient", display_name=f"P{i}")
                for i in range(patients)
            ]
            for person in people:
                assign_counselor(session=session, counselor=counselor, patient=person)
            return Clinic(tenant.id, issued.key, counselor.id, [p.id for p in people])

    return make


@pytest.fixture
def http(api_url: str) -> Iterator[Any]:
    import httpx

    with httpx.Client(base_url=api_url, timeout=30) as client:
        yield client


def row_counts(tenant_id: uuid.UUID) -> dict[str, int]:
    """Rows of one clinic in every table: a before/after snapshot for 'nothing partial was
    written' that other tests' background work cannot disturb."""
    from sqlalchemy import func, select

    import models
    from pipeline.database import session_scope

    via_parent = {
        "job_stages": ("job_id", models.Job),
        "dead_letters": ("job_id", models.Job),
        "mood_factors": ("mood_log_id", models.MoodLog),
    }
    counts: dict[str, int] = {}
    with session_scope() as session:
        for name, table in models.Base.metadata.tables.items():
            query = select(func.count()).select_from(table)
            if "tenant_id" in table.c:
                query = query.where(table.c.tenant_id == tenant_id)
            elif name in via_parent:
                column, parent = via_parent[name]
                owned = select(parent.id).where(parent.tenant_id == tenant_id)
                query = query.where(table.c[column].in_(owned))
            counts[name] = session.scalar(query) or 0
    return counts


def add_person(
    clinic: Clinic, role: str, *, consents: tuple[str, ...] = ("automated_analysis",)
) -> uuid.UUID:
    """Another person in the clinic, assigned to no counselor."""
    from models import Tenant
    from pipeline.database import session_scope
    from pipeline.provisioning import create_person

    with session_scope() as session:
        tenant = session.get(Tenant, clinic.tenant_id)
        assert tenant is not None
        return create_person(
            session=session, tenant=tenant, role=role, display_name=role.title(), consents=consents
        ).id


def submit_journal(http: Any, clinic: Clinic, content: str, person: uuid.UUID | None = None) -> str:
    """POST a journal entry for the clinic's first patient (or ``person``); the job id."""
    response = http.post(
        "/v1/journal-entries",
        json={"person_id": str(person or clinic.patient_ids[0]), "content": content},
        headers=clinic.headers,
    )
    assert response.status_code == 202, response.text
    return str(response.json()["job_id"])


def wait_for_job(http: Any, clinic: Clinic, job_id: str, timeout: float = 60) -> dict[str, Any]:
    def finished() -> dict[str, Any] | None:
        body = http.get(f"/v1/jobs/{job_id}", headers=clinic.headers).json()
        return body if body.get("status") in ("succeeded", "failed", "cancelled") else None

    return wait_for(finished, timeout=timeout, what=f"job {job_id} to finish")
