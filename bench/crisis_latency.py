"""Crisis first under a flood: time from the API's 202 for a crisis-level journal entry to
its crisis event and its delivered counselor alert, while 10,000 mood logs and journal
entries fill the queues.

Production shape on this machine: PostgreSQL, Redis, the API (uvicorn), a crisis worker
(-Q crisis, 1 process) and a bulk worker (-Q ingest,analytics,notify,maintenance, 2
processes). The flood is accepted and published the way the API does it (entity + job in
one transaction, then publish) but from this process, to fill the queues in seconds; every
flooded item's first hop is a routine crisis screen on the crisis queue. Then crisis-level
entries are POSTed one at a time and each is timed.

    .venv/bin/python bench/crisis_latency.py --flood 10000 --trials 20

Writes bench/results/crisis_latency.json.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_DB = 12
BENCH_DB = f"mindpipe_latency_{secrets.token_hex(3)}"
os.environ.update(
    {
        "MINDPIPE_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{BENCH_DB}",
        "MINDPIPE_BROKER_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "MINDPIPE_DATA_DIR": str(ROOT / ".mindpipe" / "bench-latency"),
    }
)
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psycopg  # noqa: E402
import redis  # noqa: E402

CRISIS_TEXTS = [
    "I looked up how many pills it would take and I have enough saved now.",
    "I keep thinking about killing myself, every single night this week.",
    "I cut myself again last night and it was deeper than before.",
    "I'm going to kill myself tonight. I've made up my mind.",
]
ROUTINE = ["Long day, tired but fine.", "Walked the dog and cooked dinner.", "Stressful meeting."]


def start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=ROOT, stdout=open(log, "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flood", type=int, default=10_000)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "crisis_latency.json"))
    args = parser.parse_args()
    logs = ROOT / ".mindpipe" / "bench-latency"
    logs.mkdir(parents=True, exist_ok=True)
    broker = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    broker.flushdb()
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    processes: list[subprocess.Popen[bytes]] = []
    try:
        result = run(args, logs, processes, broker)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        from pipeline.database import get_engine

        get_engine().dispose()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        broker.flushdb()
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


def run(args: argparse.Namespace, logs: Path, processes: list, broker: redis.Redis) -> dict:
    from sqlalchemy import select

    from migrations.runner import upgrade
    from models import CrisisEvent, Job, Notification
    from pipeline.crypto import keyring_from_settings
    from pipeline.database import session_scope
    from pipeline.provisioning import (
        assign_counselor,
        create_client_app,
        create_person,
        create_tenant,
    )
    from pipeline.submissions import accept_journal_entry, accept_mood_log
    from pipeline.validation import JournalEntryIn, MoodLogIn
    from tasks.publish import publish_committed_job

    upgrade()
    with session_scope() as session:
        tenant = create_tenant(session=session, name="Bench", slug="bench")
        app, issued = create_client_app(session=session, tenant=tenant, name="bench")
        counselor = create_person(
            session=session, tenant=tenant, role="counselor", display_name="C"
        )
        patients = [
            create_person(session=session, tenant=tenant, role="patient", display_name=f"p{i}")
            for i in range(20)
        ]
        for patient in patients:
            assign_counselor(session=session, counselor=counselor, patient=patient)
        patient_ids = [p.id for p in patients]
    port = 8766
    celery = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "tasks.app",
        "worker",
        "--loglevel=WARNING",
        "-P",
        "prefork",
    ]
    processes.append(
        start([*celery, "-Q", "crisis", "-c", "1", "-n", "crisis@%h"], logs / "crisis.log")
    )
    processes.append(
        start(
            [*celery, "-Q", "ingest,analytics,notify,maintenance", "-c", "2", "-n", "bulk@%h"],
            logs / "bulk.log",
        )
    )
    processes.append(
        start(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "api_stub.app:create_app",
                "--factory",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            logs / "api.log",
        )
    )
    keyring = keyring_from_settings()
    flood_started = time.monotonic()
    for i in range(args.flood):
        with session_scope() as session:
            person = patient_ids[i % len(patient_ids)]
            if i % 2:
                job = accept_journal_entry(
                    session=session,
                    app=app,
                    data=JournalEntryIn(person_id=person, content=ROUTINE[i % 3]),
                    keyring=keyring,
                    idempotency_key=None,
                )
            else:
                job = accept_mood_log(
                    session=session,
                    app=app,
                    data=MoodLogIn(person_id=person, mood_score=1 + i % 10, note=ROUTINE[i % 3]),
                    keyring=keyring,
                    idempotency_key=None,
                )
            job_id, kind = job.id, job.kind
        publish_committed_job(job_id, kind)
    flood_seconds = time.monotonic() - flood_started
    crisis_backlog = sum(broker.llen(k) for k in broker.keys("crisis*"))
    print(f"flooded {args.flood} jobs in {flood_seconds:.1f} s; crisis backlog {crisis_backlog}")
    client = httpx.Client(
        base_url=f"http://127.0.0.1:{port}",
        headers={"Authorization": f"Bearer {issued.key}"},
        timeout=30,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if client.get("/healthz").status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    event_ms: list[float] = []
    alert_ms: list[float] = []
    backlog_at_trial: list[int] = []
    for trial in range(args.trials):
        backlog_at_trial.append(sum(broker.llen(k) for k in broker.keys("crisis*")))
        response = client.post(
            "/v1/journal-entries",
            json={
                "person_id": str(patient_ids[trial % 20]),
                "content": CRISIS_TEXTS[trial % 4] + f" ({trial})",
            },
        )
        accepted = time.perf_counter()
        assert response.status_code == 202, response.text
        job_id = uuid.UUID(response.json()["job_id"])
        event_at = alert_at = None
        limit = time.perf_counter() + 120
        while (event_at is None or alert_at is None) and time.perf_counter() < limit:
            with session_scope() as session:
                subject = session.scalar(select(Job.subject_id).where(Job.id == job_id))
                event = session.scalars(
                    select(CrisisEvent).where(CrisisEvent.source_id == subject)
                ).first()
                if event is not None and event_at is None:
                    event_at = time.perf_counter()
                if event is not None:
                    delivered = session.scalars(
                        select(Notification).where(
                            Notification.status == "delivered",
                            Notification.payload["crisis_event_id"].as_string() == str(event.id),
                        )
                    ).first()
                    if delivered is not None:
                        alert_at = time.perf_counter()
            time.sleep(0.005)
        event_ms.append(1000 * ((event_at or limit) - accepted))
        alert_ms.append(1000 * ((alert_at or limit) - accepted))
        print(
            f"trial {trial + 1}: event {event_ms[-1]:.0f} ms, alert {alert_ms[-1]:.0f} ms "
            f"(crisis backlog {backlog_at_trial[-1]})"
        )
    client.close()
    result = {
        "benchmark": "crisis_latency",
        "command": "python bench/crisis_latency.py " + " ".join(sys.argv[1:]),
        "flood_jobs": args.flood,
        "flood_seconds": round(flood_seconds, 1),
        "crisis_backlog_after_flood": crisis_backlog,
        "crisis_backlog_at_trials": backlog_at_trial,
        "trials": args.trials,
        "event_ms": {
            "p50": round(statistics.median(event_ms), 1),
            "p99": round(percentile(event_ms, 0.99), 1),
            "max": round(max(event_ms), 1),
        },
        "alert_ms": {
            "p50": round(statistics.median(alert_ms), 1),
            "p99": round(percentile(alert_ms, 0.99), 1),
            "max": round(max(alert_ms), 1),
        },
        "target_p99_ms": 1000,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    print(json.dumps({k: result[k] for k in ("event_ms", "alert_ms")}))
    return result


if __name__ == "__main__":
    main()
