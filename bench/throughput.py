"""Throughput: mood-log jobs through the API and real workers, against bare Celery chains.

Both runs use the same broker (Redis), the same Celery settings (celeryconfig.py: json,
acks_late, prefetch 1), the same worker pool (prefork) and concurrency, and chains of the
same number of hops (3). The pipeline run goes client → HTTP API → PostgreSQL → Redis →
workers (crisis screen, store, VADER sentiment, each recording its stage in PostgreSQL);
the bare run publishes chains of no-op tasks straight to Redis.

    .venv/bin/python bench/throughput.py --jobs 5000

Writes bench/results/throughput.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_DB = 12
BENCH_DB = f"mindpipe_bench_{secrets.token_hex(3)}"
CLIENT_THREADS = 16

os.environ.update(
    {
        "MINDPIPE_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{BENCH_DB}",
        "MINDPIPE_BROKER_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "MINDPIPE_DATA_DIR": str(ROOT / ".mindpipe" / "bench"),
        "BENCH_COUNTER_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
    }
)
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psycopg  # noqa: E402
import redis  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_table() -> dict[int, tuple[int, str, float]]:
    """pid -> (parent pid, command name, CPU seconds used so far) for every process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        table[int(entry.name)] = (
            int(fields[1]),
            name,
            (int(fields[11]) + int(fields[12])) / CLOCK_TICKS,
        )
    return table


def cpu_by_component(roots: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each named process tree (the client: this process only),
    plus the database and broker servers."""
    table = _proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)

    def tree(pid: int) -> float:
        return table.get(pid, (0, "", 0.0))[2] + sum(tree(c) for c in children.get(pid, []))

    # the client is this process alone; the servers it started are counted on their own
    usage = {name: tree(pid) for name, pid in roots.items() if name != "client"}
    if "client" in roots:
        usage["client"] = table.get(roots["client"], (0, "", 0.0))[2]
    usage["postgres"] = sum(cpu for _, name, cpu in table.values() if name.startswith("postgres"))
    usage["redis"] = sum(cpu for _, name, cpu in table.values() if name.startswith("redis-server"))
    return usage


def cpu_delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {k: round(after[k] - before.get(k, 0.0), 1) for k in after}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=ROOT, stdout=open(log, "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def worker(app: str, concurrency: int, log: Path) -> subprocess.Popen[bytes]:
    from api_stub.cli import worker_command

    queues = "crisis,ingest,audio,analytics,notify,maintenance"
    name = f"bench-{secrets.token_hex(2)}"
    return start(worker_command(queues, concurrency, name, loglevel="WARNING", app=app), log)


def wait_until(predicate: Any, timeout: float, interval: float = 0.1) -> float:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark did not finish in time")
        time.sleep(interval)
    return time.monotonic()


def run_bare(jobs: int, concurrency: int, logs: Path) -> dict[str, Any]:
    from celery import chain

    from bench.bare_app import app, hop

    counter = redis.Redis.from_url(os.environ["BENCH_COUNTER_URL"])
    counter.delete("bench:bare:done")
    process = worker("bench.bare_app", concurrency, logs / "bare-worker.log")
    try:
        time.sleep(3)  # let the worker connect before the clock starts
        roots = {"workers": process.pid, "client": os.getpid()}
        cpu_before = cpu_by_component(roots)
        started = time.monotonic()
        with app.producer_pool.acquire(block=True) as producer:
            for i in range(jobs):
                chain(hop.si(str(i)), hop.si(str(i)), hop.si(str(i), last=True)).apply_async(
                    producer=producer
                )
        published = time.monotonic()
        done = wait_until(lambda: int(counter.get("bench:bare:done") or 0) >= jobs, timeout=1800)
        cpu = cpu_delta(cpu_before, cpu_by_component(roots))
    finally:
        stop(process)
    return {
        "cpu_seconds": cpu,
        "jobs": jobs,
        "seconds": round(done - started, 2),
        "jobs_per_second": round(jobs / (done - started), 1),
        "publish_seconds": round(published - started, 2),
    }


def run_pipeline(jobs: int, concurrency: int, logs: Path) -> dict[str, Any]:
    from sqlalchemy import func, select

    from migrations.runner import upgrade
    from models import Job
    from pipeline.database import session_scope
    from pipeline.provisioning import create_client_app, create_person, create_tenant

    upgrade()
    with session_scope() as session:
        tenant = create_tenant(session=session, name="Bench", slug="bench")
        _, issued = create_client_app(session=session, tenant=tenant, name="bench")
        people = [
            str(
                create_person(
                    session=session, tenant=tenant, role="patient", display_name=f"p{i}"
                ).id
            )
            for i in range(50)
        ]
    port = 8765
    api = start(
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
    process = worker("tasks.app", concurrency, logs / "pipeline-worker.log")
    latencies: list[float] = []
    notes = ["slept badly", "good walk", "stressed about work", "calm evening", "tired but ok"]

    def done_count() -> int:
        with session_scope() as session:
            return (
                session.scalar(
                    select(func.count()).select_from(Job).where(Job.status == "succeeded")
                )
                or 0
            )

    try:
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={"Authorization": f"Bearer {issued.key}"},
            timeout=60,
        )
        wait_until(lambda: _healthy(client), timeout=30)
        time.sleep(2)

        def submit(i: int) -> None:
            body = {
                "person_id": people[i % len(people)],
                "mood_score": 1 + i % 10,
                "note": notes[i % len(notes)],
            }
            t0 = time.perf_counter()
            response = client.post("/v1/mood-logs", json=body)
            latencies.append(time.perf_counter() - t0)
            assert response.status_code == 202, response.text

        roots = {"api": api.pid, "workers": process.pid, "client": os.getpid()}
        cpu_before = cpu_by_component(roots)
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
            list(pool.map(submit, range(jobs)))
        accepted = time.monotonic()
        done = wait_until(lambda: done_count() >= jobs, timeout=1800, interval=0.5)
        cpu = cpu_delta(cpu_before, cpu_by_component(roots))
        with session_scope() as session:
            failed = session.scalar(
                select(func.count()).select_from(Job).where(Job.status == "failed")
            )
        client.close()
    finally:
        stop(process)
        stop(api)
    return {
        "cpu_seconds": cpu,
        "jobs": jobs,
        "failed": failed,
        "seconds": round(done - started, 2),
        "jobs_per_second": round(jobs / (done - started), 1),
        "accept_seconds": round(accepted - started, 2),
        "accept_per_second": round(jobs / (accepted - started), 1),
        "accept_latency_ms": {
            "p50": round(1000 * statistics.median(latencies), 1),
            "p99": round(1000 * percentile(latencies, 0.99), 1),
            "max": round(1000 * max(latencies), 1),
        },
        "client_threads": CLIENT_THREADS,
    }


def _healthy(client: httpx.Client) -> bool:
    try:
        return client.get("/healthz").status_code == 200
    except httpx.HTTPError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (prefork)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "throughput.json"))
    args = parser.parse_args()

    logs = ROOT / ".mindpipe" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    broker = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    broker.flushdb()
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    try:
        bare = run_bare(args.jobs, args.concurrency, logs)
        print(f"bare chains: {bare['jobs']} in {bare['seconds']} s = {bare['jobs_per_second']}/s")
        broker.flushdb()
        pipeline = run_pipeline(args.jobs, args.concurrency, logs)
        latency = pipeline["accept_latency_ms"]
        print(
            f"pipeline:    {pipeline['jobs']} in {pipeline['seconds']} s = "
            f"{pipeline['jobs_per_second']}/s "
            f"(accept p50 {latency['p50']} ms, p99 {latency['p99']} ms)"
        )
    finally:
        from pipeline.database import get_engine

        get_engine().dispose()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        broker.flushdb()
    ratio = pipeline["jobs_per_second"] / bare["jobs_per_second"]
    print(f"ratio pipeline/bare: {ratio:.2f} (target ≥ 0.5)")
    result = {
        "benchmark": "throughput",
        "command": "python bench/throughput.py " + " ".join(sys.argv[1:]),
        "hops": 3,
        "worker": {"pool": "prefork", "concurrency": args.concurrency},
        "bare_chains": bare,
        "pipeline": pipeline,
        "ratio": round(ratio, 3),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
