"""ruff and mypy are clean: checked by the suite so CI enforces it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_given_the_source_when_ruff_checks_it_then_it_is_clean() -> None:
    lint = run(str(BIN / "ruff"), "check", ".")
    assert lint.returncode == 0, lint.stdout[-4000:]
    fmt = run(str(BIN / "ruff"), "format", "--check", ".")
    assert fmt.returncode == 0, fmt.stdout[-4000:]


def test_given_the_source_when_mypy_checks_it_then_it_is_clean() -> None:
    result = run(
        str(BIN / "mypy"),
        "pipeline",
        "tasks",
        "models",
        "api_stub",
        "migrations",
        "celeryconfig.py",
        "beat_schedule.py",
    )
    assert result.returncode == 0, result.stdout[-4000:]
