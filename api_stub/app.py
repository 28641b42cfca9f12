"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from api_stub.errors import install_error_handlers
from api_stub.routes import crisis, health, jobs, recordings, submit


def create_app() -> FastAPI:
    app = FastAPI(
        title="mindpipe ingestion API",
        version="0.1.0",
        description="Submit mood logs, journal entries, recordings and wearable syncs; poll jobs.",
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(submit.router)
    app.include_router(recordings.router)
    app.include_router(jobs.router)
    app.include_router(crisis.router)
    return app
