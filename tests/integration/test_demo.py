"""The README's demo command on the embedded backends: SQLite, kombu's filesystem
transport and real prefork workers, no server at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_given_a_fresh_folder_when_the_demo_runs_then_every_job_succeeds_and_a_table_prints(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINDPIPE_")}
    env["COLUMNS"] = "120"
    mindpipe = Path(sys.executable).with_name("mindpipe")
    result = subprocess.run(
        [str(mindpipe), "demo", "--mood-logs", "6", "--journal-entries", "6", "--timeout", "120"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "mindpipe demo: jobs, stages (ms) and results" in result.stdout
    assert "12/12 jobs succeeded" in result.stdout
    assert "1 crisis alert(s)" in result.stdout  # the demo's crisis-level entry was caught
    database = tmp_path / ".mindpipe" / "demo" / "mindpipe.db"
    assert database.is_file()
    # journal text is encrypted at rest, and no worker log, broker file or WAL holds it
    files = [p for p in (tmp_path / ".mindpipe").rglob("*") if p.is_file()]
    assert any(p.name.startswith("worker-") for p in files)
    for path in files:
        assert b"how many pills" not in path.read_bytes(), path
