"""Polling jobs: one job with its stages, or a filtered, cursor-paginated list."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from api_stub.deps import get_session, require_scope
from api_stub.schemas import JobPage, JobSummary, JobView
from models import ClientApp, Job
from models.jobs import JOB_KINDS, JOB_STATUSES
from pipeline.errors import InvalidInput, NotFound

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])

Status = Literal[JOB_STATUSES]  # type: ignore[valid-type]
Kind = Literal[JOB_KINDS]  # type: ignore[valid-type]


def _encode_cursor(job: Job) -> str:
    raw = f"{job.created_at.isoformat()}|{job.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        created, job_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        moment = datetime.fromisoformat(created)
        if moment.tzinfo is None:
            raise ValueError("cursor time has no zone")
        return moment, uuid.UUID(job_id)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor is not one this API issued", field="cursor") from exc


@router.get("/{job_id}", response_model=JobView)
def get_job(
    job_id: uuid.UUID,
    app: ClientApp = Depends(require_scope("jobs:read")),
    session: Session = Depends(get_session),
) -> JobView:
    job = session.scalars(
        select(Job).options(selectinload(Job.stages)).where(Job.id == job_id)
    ).one_or_none()
    if job is None or job.tenant_id != app.tenant_id:
        raise NotFound("job")
    return JobView.of(job)


@router.get("", response_model=JobPage)
def list_jobs(
    status: Status | None = None,
    kind: Kind | None = None,
    limit: int = Query(default=50, ge=1, le=200),
    cursor: str | None = None,
    app: ClientApp = Depends(require_scope("jobs:read")),
    session: Session = Depends(get_session),
) -> JobPage:
    query = select(Job).where(Job.tenant_id == app.tenant_id)
    if status:
        query = query.where(Job.status == status)
    if kind:
        query = query.where(Job.kind == kind)
    if cursor:
        created, last_id = _decode_cursor(cursor)
        query = query.where(
            or_(Job.created_at < created, and_(Job.created_at == created, Job.id < last_id))
        )
    jobs = list(
        session.scalars(query.order_by(Job.created_at.desc(), Job.id.desc()).limit(limit + 1))
    )
    more = len(jobs) > limit
    jobs = jobs[:limit]
    return JobPage(
        items=[JobSummary.of(j) for j in jobs],
        next_cursor=_encode_cursor(jobs[-1]) if more else None,
    )
