"""``mindpipe demo``: real work through the API and real workers on embedded backends.

It creates a clinic, a client app, a counselor and three patients in a fresh SQLite
database, starts a crisis worker and a bulk worker (Celery over kombu's filesystem
transport) and the API (uvicorn), submits mood logs and journal entries over HTTP,
polls until every job is finished, and prints what each stage did.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

DEMO_DIR = Path(".mindpipe") / "demo"

JOURNALS = [
    "Today was calmer than I expected. I went for a walk after work and felt lighter.",
    "I keep replaying the argument with my sister. I feel tense and can't focus.",
    "Grateful for my friend who checked in on me. We laughed for the first time in weeks.",
    "Work was overwhelming again and I skipped lunch. I'm exhausted and a bit hopeless.",
    "Slept well for once. Therapy homework felt doable and I finished the breathing exercise.",
    "I don't see the point anymore. I keep thinking about ending my life, and last night I "
    "looked up how many pills it would take.",
    "Nervous about the exam tomorrow, but I studied and I think I am ready.",
    "Lonely weekend. Some nights I wish I could just not wake up, but I'd never act on it.",
]
NOTES = [
    "good run this morning",
    "tired, stayed up too late",
    "anxious before the meeting",
    "nice dinner with family",
    None,
    "rainy and low energy",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _embedded_environment() -> None:
    """Point this process and its workers at a fresh embedded data folder."""
    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    DEMO_DIR.mkdir(parents=True)
    for name in ("MINDPIPE_DATABASE_URL", "MINDPIPE_BROKER_URL", "MINDPIPE_STORAGE_DIR"):
        os.environ.pop(name, None)
    os.environ["MINDPIPE_MODE"] = "embedded"
    os.environ["MINDPIPE_DATA_DIR"] = str(DEMO_DIR.resolve())
    from pipeline.settings import get_settings

    get_settings.cache_clear()


def _provision() -> tuple[str, list[str], str]:
    from pipeline.database import session_scope
    from pipeline.provisioning import (
        assign_counselor,
        create_client_app,
        create_person,
        create_tenant,
    )

    with session_scope() as session:
        tenant = create_tenant(session=session, name="Riverside Counseling", slug="riverside")
        _, issued = create_client_app(session=session, tenant=tenant, name="Riverside app")
        counselor = create_person(
            session=session, tenant=tenant, role="counselor", display_name="Dr. Rivera"
        )
        patients = [
            create_person(session=session, tenant=tenant, role="patient", display_name=name)
            for name in ("Alex", "Sam", "Jordan")
        ]
        for patient in patients:
            assign_counselor(session=session, counselor=counselor, patient=patient)
        return issued.key, [str(p.id) for p in patients], str(counselor.id)


def _start_api(port: int) -> tuple[Any, threading.Thread]:
    import uvicorn

    from api_stub.app import create_app

    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return server, thread


def _start_workers(log_dir: Path) -> list[subprocess.Popen[bytes]]:
    from api_stub.cli import worker_command
    from tasks.queues import ALL_QUEUES

    bulk = ",".join(q for q in ALL_QUEUES if q != "crisis")
    specs = [("crisis", "crisis", 1), ("bulk", bulk, 2)]
    processes = []
    for name, queues, concurrency in specs:
        log = open(log_dir / f"worker-{name}.log", "wb")  # noqa: SIM115 - lives with the process
        processes.append(
            subprocess.Popen(
                worker_command(queues, concurrency, name), stdout=log, stderr=subprocess.STDOUT
            )
        )
    return processes


def _submissions(
    patients: list[str], mood_logs: int, journal_entries: int
) -> list[tuple[str, str, dict[str, Any]]]:
    rng = random.Random(7)
    now = datetime.now(UTC)
    items: list[tuple[str, str, dict[str, Any]]] = []
    for i in range(mood_logs):
        body: dict[str, Any] = {
            "person_id": patients[i % len(patients)],
            "mood_score": rng.randint(2, 9),
            "energy_level": rng.randint(1, 10),
            "logged_at": (now - timedelta(hours=3 * i)).isoformat(),
            "factors": [{"factor_type": "sleep", "impact_score": rng.randint(-3, 3)}],
        }
        note = NOTES[i % len(NOTES)]
        if note:
            body["note"] = note
        items.append(("mood_log", "/v1/mood-logs", body))
    for i in range(journal_entries):
        items.append(
            (
                "journal_entry",
                "/v1/journal-entries",
                {"person_id": patients[i % len(patients)], "content": JOURNALS[i % len(JOURNALS)]},
            )
        )
    rng.shuffle(items)
    return items


ICONS = {"succeeded": "✓", "skipped": "–", "failed": "✗", "running": "…", "pending": "·"}
SHORT = {"crisis_screen": "crisis", "mood_log": "mood", "journal_entry": "journal"}


def _crisis_cell(crisis: dict[str, Any] | None) -> str:
    if not crisis:
        return "-"
    severity = str(crisis["severity"])
    if crisis.get("at_risk"):
        return f"[bold red]{severity.upper()}[/bold red]"
    return "clear" if severity == "none" else severity


def _results_table(jobs: list[dict[str, Any]], names: dict[str, str]) -> Table:
    table = Table(title="mindpipe demo: jobs, stages (ms) and results")
    for column in ("job", "kind", "person", "status", "stages", "sentiment", "crisis"):
        table.add_column(column, no_wrap=column != "stages")
    for job in jobs:
        stages = " ".join(
            f"{ICONS.get(s['status'], '?')}{SHORT.get(s['name'], s['name'])}"
            + (f" {s['duration_ms']}" if s["duration_ms"] is not None else "")
            for s in job["stages"]
        )
        sentiment = job["result"].get("sentiment")
        crisis = job["result"].get("crisis")
        status = job["status"]
        table.add_row(
            job["id"][:8],
            SHORT.get(job["kind"], job["kind"]),
            names.get(job["person_id"], "?"),
            f"[green]{status}[/green]" if status == "succeeded" else f"[red]{status}[/red]",
            stages,
            f"{sentiment['label'][:3]} {sentiment['compound']:+.2f}" if sentiment else "-",
            _crisis_cell(crisis),
        )
    return table


def run_demo(console: Console, *, mood_logs: int, journal_entries: int, timeout: float) -> int:
    """Returns the exit code: 0 when every job succeeded."""
    _embedded_environment()
    from migrations.runner import upgrade

    console.print(f"[bold]mindpipe demo[/bold] — embedded backends under {DEMO_DIR}/")
    upgrade()
    key, patients, _ = _provision()
    names = dict(zip(patients, ("Alex", "Sam", "Jordan"), strict=True))
    workers = _start_workers(DEMO_DIR)
    port = _free_port()
    server, thread = _start_api(port)
    pids = ", ".join(str(w.pid) for w in workers)
    console.print(f"API on http://127.0.0.1:{port}; workers crisis ×1 and bulk ×2 (pids {pids})")
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={"Authorization": f"Bearer {key}"},
            timeout=30,
        ) as client:
            job_ids: list[str] = []
            for _, path, body in _submissions(patients, mood_logs, journal_entries):
                response = client.post(path, json=body)
                response.raise_for_status()
                job_ids.append(response.json()["job_id"])
            console.print(f"submitted {len(job_ids)} jobs over HTTP (202 each)")
            finished: dict[str, dict[str, Any]] = {}
            deadline = time.monotonic() + timeout
            columns = (
                TextColumn("processing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            with Progress(*columns, console=console) as progress:
                bar = progress.add_task("jobs", total=len(job_ids))
                while len(finished) < len(job_ids) and time.monotonic() < deadline:
                    for job_id in job_ids:
                        if job_id in finished:
                            continue
                        job = client.get(f"/v1/jobs/{job_id}").json()
                        if job["status"] in ("succeeded", "failed", "cancelled"):
                            finished[job_id] = job
                    progress.update(bar, completed=len(finished))
                    time.sleep(0.2)
            jobs = [finished.get(j) or client.get(f"/v1/jobs/{j}").json() for j in job_ids]
        console.print(_results_table(jobs, names))
        ok = sum(1 for j in jobs if j["status"] == "succeeded")
        flagged = sum(1 for j in jobs if (j["result"].get("crisis") or {}).get("at_risk"))
        console.print(
            f"{ok}/{len(jobs)} jobs succeeded; {flagged} crisis alert(s) sent to the counselor. "
            f"Journal text is stored encrypted (AES-GCM) in {DEMO_DIR}/mindpipe.db."
        )
        return 0 if ok == len(jobs) else 1
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for process in workers:
            process.send_signal(signal.SIGTERM)
        for process in workers:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
