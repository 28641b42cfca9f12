"""The embedded broker, measured before building on it: three-hop chains of no-op tasks
through kombu's filesystem transport with two prefork worker processes, at kombu's default
polling interval (1 s) and at mindpipe's (10 ms), and through Redis for reference.

    .venv/bin/python bench/embedded_broker.py --chains 200

Writes bench/results/embedded_broker.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKER_APP = """
import os
from pathlib import Path
from celery import Celery

folder = Path(os.environ["BENCH_FOLDER"])
app = Celery("embedded-bench")
app.config_from_object("celeryconfig")
if os.environ["BENCH_BROKER"] == "filesystem":
    app.conf.broker_url = "filesystem://"
    app.conf.broker_transport_options = {
        "data_folder_in": str(folder / "q"), "data_folder_out": str(folder / "q"),
        "control_folder": str(folder / "control"),
        "polling_interval": float(os.environ["BENCH_POLL"]),
    }
else:
    app.conf.broker_url = os.environ["BENCH_BROKER"]
app.conf.task_routes = {"bench.embedded.*": {"queue": "ingest"}}

@app.task(name="bench.embedded.hop")
def hop(i, last=False):
    if last:
        (folder / "done" / str(i)).touch()
"""


def run(broker: str, poll: float, chains: int, timeout: float) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="mindpipe-embedded-bench-"))
    for sub in ("q", "control", "done"):
        (folder / sub).mkdir()
    (folder / "bench_embedded_app.py").write_text(WORKER_APP)
    env = {
        **os.environ,
        "BENCH_FOLDER": str(folder),
        "BENCH_BROKER": broker,
        "BENCH_POLL": str(poll),
        "MINDPIPE_DATA_DIR": str(folder / "data"),
        "PYTHONPATH": f"{folder}:{ROOT}",
    }
    if broker != "filesystem":
        import redis

        redis.Redis.from_url(broker).flushdb()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bench_embedded_app",
            "worker",
            "-Q",
            "ingest",
            "-c",
            "2",
            "-P",
            "prefork",
            "--loglevel=WARNING",
        ],
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sys.path.insert(0, str(folder))
    os.environ.update(
        {k: env[k] for k in ("BENCH_FOLDER", "BENCH_BROKER", "BENCH_POLL", "MINDPIPE_DATA_DIR")}
    )
    import importlib

    import bench_embedded_app  # type: ignore[import-not-found]

    importlib.reload(bench_embedded_app)
    from celery import chain

    hop = bench_embedded_app.hop
    try:
        time.sleep(3)
        started = time.monotonic()
        for i in range(chains):
            chain(hop.si(i), hop.si(i), hop.si(i, last=True)).apply_async()
        deadline = started + timeout
        while len(os.listdir(folder / "done")) < chains and time.monotonic() < deadline:
            time.sleep(0.05)
        finished = len(os.listdir(folder / "done"))
        elapsed = time.monotonic() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        sys.path.remove(str(folder))
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "broker": broker,
        "polling_interval": poll if broker == "filesystem" else None,
        "chains": chains,
        "finished": finished,
        "seconds": round(elapsed, 2),
        "chains_per_second": round(finished / elapsed, 1),
        "timed_out": finished < chains,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chains", type=int, default=200)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "embedded_broker.json"))
    args = parser.parse_args()
    runs = [
        # at the 1 s default a chain needs ~3 polls per hop: cap the wait, report what finished
        run("filesystem", 1.0, args.chains, timeout=60),
        run("filesystem", 0.01, args.chains, timeout=300),
        run("redis://127.0.0.1:6379/12", 0.0, args.chains, timeout=300),
    ]
    for r in runs:
        label = (
            f"{r['broker']} poll={r['polling_interval']}" if r["polling_interval"] else r["broker"]
        )
        done = f"{r['finished']}/{r['chains']}"
        print(f"{label:38} {done} chains in {r['seconds']} s = {r['chains_per_second']}/s")
    result = {
        "benchmark": "embedded_broker",
        "command": "python bench/embedded_broker.py " + " ".join(sys.argv[1:]),
        "hops": 3,
        "worker": {"pool": "prefork", "concurrency": 2, "prefetch_multiplier": 1},
        "runs": runs,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
