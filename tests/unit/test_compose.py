"""docker-compose.yml: every service the design names, wired to the CLI that exists."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_given_the_compose_file_then_every_service_is_there() -> None:
    services = compose()["services"]
    assert {"postgres", "redis", "minio", "mailpit", "migrate", "api", "beat", "flower"} <= set(
        services
    )
    workers = {name: s for name, s in services.items() if name.startswith("worker-")}
    queues = set()
    for service in workers.values():
        command = service["command"]
        queues.update(command[command.index("--queues") + 1].split(","))
    assert queues == {"crisis", "ingest", "audio", "analytics", "notify", "maintenance"}
    assert workers["worker-crisis"]["command"][3] == "crisis"  # crisis has a worker to itself


def test_given_the_compose_commands_then_each_is_a_real_mindpipe_command() -> None:
    from typer.main import get_command

    from api_stub.cli import app

    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    for name, service in compose()["services"].items():
        command = service.get("command")
        if isinstance(command, list) and command[0] == "mindpipe":
            assert command[1] in commands, name
    flower = compose()["services"]["flower"]["command"][-1]
    assert "inspect ping" in flower and "mindpipe flower" in flower


@pytest.mark.skipif(
    not (shutil.which("docker-compose") or shutil.which("docker")), reason="no compose client here"
)
def test_given_the_compose_file_when_compose_validates_it_then_it_passes() -> None:
    client = shutil.which("docker-compose")
    command = [client, "config", "-q"] if client else ["docker", "compose", "config", "-q"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    if not client and "unknown command" in result.stderr:
        pytest.skip("docker has no compose plugin here")
    assert result.returncode == 0, result.stderr
