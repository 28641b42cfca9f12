"""The ``mindpipe`` command: run the API, workers, Beat and Flower; migrate; demo; jobs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api_stub.cli_models import eval_app, train_app
from tasks.queues import ALL_QUEUES

app = typer.Typer(help="mindpipe: asynchronous job pipelines for mental-wellness apps.")
jobs_app = typer.Typer(help="Inspect and replay jobs.")
clinic_app = typer.Typer(help="Create clinics, client apps and people.")
app.add_typer(jobs_app, name="jobs")
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")
app.add_typer(clinic_app, name="clinic")
console = Console()

CELERY = [sys.executable, "-m", "celery", "-A", "tasks.app"]


def worker_command(
    queues: str,
    concurrency: int,
    name: str,
    pool: str = "prefork",
    loglevel: str = "INFO",
    app: str = "tasks.app",
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        app,
        "worker",
        "-Q",
        queues,
        "-c",
        str(concurrency),
        "-P",
        pool,
        "-n",
        f"{name}@%h",
        "-E",  # task events, so Flower sees every task
        f"--loglevel={loglevel}",
    ]


@app.command()
def api(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve the ingestion API with uvicorn."""
    import uvicorn

    uvicorn.run("api_stub.app:create_app", factory=True, host=host, port=port, workers=workers)


@app.command()
def worker(
    queues: Annotated[str, typer.Option(help="comma-separated queues")] = ",".join(ALL_QUEUES),
    concurrency: int = 2,
    name: str = "worker",
    pool: str = "prefork",
) -> None:
    """Run a Celery worker on the given queues (all by default)."""
    os.execv(sys.executable, worker_command(queues, concurrency, name, pool))


@app.command()
def beat() -> None:
    """Run Celery Beat (the file scheduler under the data folder when embedded)."""
    from pipeline.settings import get_settings

    schedule = get_settings().data_dir.resolve() / "celerybeat-schedule"
    schedule.parent.mkdir(parents=True, exist_ok=True)
    os.execv(sys.executable, [*CELERY, "beat", "--loglevel=INFO", "-s", str(schedule)])


@app.command()
def flower(
    port: int = 5555,
    basic_auth: Annotated[
        str | None, typer.Option(envvar="FLOWER_BASIC_AUTH", help="user:password")
    ] = None,
) -> None:
    """Run Flower against the configured broker (basic auth required in production)."""
    from pipeline.settings import get_settings

    if get_settings().mode == "production" and not basic_auth:
        console.print("[red]production mode: set FLOWER_BASIC_AUTH=user:password[/red]")
        raise typer.Exit(2)
    command = [*CELERY, "flower", f"--port={port}"]
    if basic_auth:
        command.append(f"--basic-auth={basic_auth}")
    os.execv(sys.executable, command)


@app.command()
def migrate(revision: str = "head") -> None:
    """Upgrade the database schema (Alembic) to REVISION."""
    from migrations.runner import upgrade

    upgrade(revision=revision)
    console.print(f"[green]database at {revision}[/green]")


@app.command()
def up(port: int = 8000) -> None:
    """API, a worker and Beat together, on the configured (by default embedded) backends."""
    from migrations.runner import upgrade
    from pipeline.settings import get_settings

    upgrade()
    schedule = get_settings().data_dir.resolve() / "celerybeat-schedule"
    processes = [
        subprocess.Popen(worker_command("crisis", 1, "crisis")),
        subprocess.Popen(
            worker_command(",".join(q for q in ALL_QUEUES if q != "crisis"), 2, "bulk")
        ),
        subprocess.Popen([*CELERY, "beat", "--loglevel=INFO", "-s", str(schedule)]),
        subprocess.Popen([sys.executable, "-m", "api_stub.cli", "api", "--port", str(port)]),
    ]
    console.print(f"[green]mindpipe is up[/green]: API on http://127.0.0.1:{port} (Ctrl-C stops)")
    try:
        for process in processes:
            process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)


@app.command()
def demo(mood_logs: int = 12, journal_entries: int = 8, timeout: float = 180.0) -> None:
    """Run the whole pipeline on embedded backends and print what it did."""
    from api_stub.demo import run_demo

    raise typer.Exit(
        run_demo(console, mood_logs=mood_logs, journal_entries=journal_entries, timeout=timeout)
    )


@clinic_app.command("create")
def clinic_create(
    name: str,
    slug: str,
    country: str = "US",
    app_name: str = "mobile app",
) -> None:
    """Create a clinic and a client app; prints the app's API key once."""
    from pipeline.database import session_scope
    from pipeline.provisioning import create_client_app, create_tenant

    with session_scope() as session:
        tenant = create_tenant(session=session, name=name, slug=slug, country=country)
        _, issued = create_client_app(session=session, tenant=tenant, name=app_name)
    console.print(f"clinic {tenant.id}\nAPI key (shown once): [bold]{issued.key}[/bold]")


@clinic_app.command("add-person")
def clinic_add_person(tenant_id: str, role: str, display_name: str) -> None:
    """Add a patient, counselor, manager or admin to a clinic; prints their id."""
    from models import Tenant
    from pipeline.database import session_scope
    from pipeline.provisioning import create_person

    with session_scope() as session:
        tenant = session.get(Tenant, uuid.UUID(tenant_id))
        if tenant is None:
            raise typer.BadParameter("no such clinic")
        person = create_person(session=session, tenant=tenant, role=role, display_name=display_name)
    console.print(str(person.id))


@jobs_app.command("list")
def jobs_list(status: str | None = None, kind: str | None = None, limit: int = 20) -> None:
    """The newest jobs, optionally by status and kind."""
    from sqlalchemy import select

    from models import Job
    from pipeline.database import session_scope

    with session_scope() as session:
        query = select(Job).order_by(Job.created_at.desc()).limit(limit)
        if status:
            query = query.where(Job.status == status)
        if kind:
            query = query.where(Job.kind == kind)
        table = Table("job", "kind", "status", "stage", "progress", "created", "error")
        for job in session.scalars(query):
            table.add_row(
                str(job.id),
                job.kind,
                job.status,
                job.current_stage or "",
                f"{job.progress}%",
                job.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                job.error or "",
            )
    console.print(table)


@jobs_app.command("show")
def jobs_show(job_id: str) -> None:
    """One job with its stages."""
    from api_stub.schemas import JobView
    from models import Job
    from pipeline.database import session_scope

    with session_scope() as session:
        job = session.get(Job, uuid.UUID(job_id))
        if job is None:
            raise typer.BadParameter("no such job")
        console.print_json(JobView.of(job).model_dump_json())


@jobs_app.command("replay")
def jobs_replay(job_id: str) -> None:
    """Re-enqueue a failed (dead-lettered) job; stages that succeeded are not redone."""
    from pipeline.database import session_scope
    from pipeline.errors import NotFound
    from pipeline.jobs import prepare_replay
    from tasks.publish import publish_committed_job

    try:
        with session_scope() as session:
            job = prepare_replay(session=session, job_id=uuid.UUID(job_id))
            kind, urgent = job.kind, job.urgent
    except NotFound as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    sent = publish_committed_job(uuid.UUID(job_id), kind, urgent=urgent)
    console.print("replayed" if sent else "queued; the outbox sweeper will publish it")


if __name__ == "__main__":
    app()
