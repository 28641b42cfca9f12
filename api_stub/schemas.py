"""Response shapes: ids, statuses, scores and links, never user text."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from models import Job, JobStage


class JobAccepted(BaseModel):
    job_id: uuid.UUID
    status: str
    status_url: str


class StageView(BaseModel):
    name: str
    queue: str
    status: str
    attempts: int
    started_at: datetime | None
    finished_at: datetime | None
    duration_ms: int | None
    error: str | None
    detail: dict[str, Any]

    @classmethod
    def of(cls, stage: JobStage) -> StageView:
        return cls(
            name=stage.name,
            queue=stage.queue,
            status=stage.status,
            attempts=stage.attempts,
            started_at=stage.started_at,
            finished_at=stage.finished_at,
            duration_ms=stage.duration_ms,
            error=stage.error,
            detail=stage.detail or {},
        )


class JobSummary(BaseModel):
    id: uuid.UUID
    kind: str
    status: str
    current_stage: str | None
    progress: int
    created_at: datetime
    finished_at: datetime | None
    links: dict[str, str]

    @classmethod
    def of(cls, job: Job) -> JobSummary:
        return cls(
            id=job.id,
            kind=job.kind,
            status=job.status,
            current_stage=job.current_stage,
            progress=job.progress,
            created_at=job.created_at,
            finished_at=job.finished_at,
            links={"self": f"/v1/jobs/{job.id}"},
        )


class JobView(JobSummary):
    subject_id: uuid.UUID
    person_id: uuid.UUID | None
    started_at: datetime | None
    error: str | None
    published: bool
    stages: list[StageView]
    result: dict[str, Any]

    @classmethod
    def of(cls, job: Job) -> JobView:
        summary = JobSummary.of(job)
        return cls(
            **summary.model_dump(),
            subject_id=job.subject_id,
            person_id=job.person_id,
            started_at=job.started_at,
            error=job.error,
            published=job.published_at is not None,
            stages=[StageView.of(s) for s in job.stages],
            result=job.result or {},
        )


class JobPage(BaseModel):
    items: list[JobSummary]
    next_cursor: str | None
