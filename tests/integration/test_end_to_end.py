"""Through the HTTP API into a real Celery worker on Redis, with PostgreSQL as the record."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from models import AnalysisResult, Job, JobStage
from pipeline.database import session_scope
from pipeline.jobs import STAGE_PLANS
from tests.conftest import Clinic, wait_for

JOURNALS = [
    "Long day at work, but the evening walk helped me unwind.",
    "I argued with my partner and I feel drained and tense.",
    "Grateful for sunshine and a good coffee with an old friend.",
    "Couldn't sleep again. Everything feels heavy and slow.",
]


def _submit_mix(http: Any, clinic: Clinic, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)

    def one(i: int) -> str:
        person = str(clinic.patient_ids[i % len(clinic.patient_ids)])
        if i % 2:
            body = {"person_id": person, "content": rng.choice(JOURNALS) + f" (entry {i})"}
            response = http.post("/v1/journal-entries", json=body, headers=clinic.headers)
        else:
            body = {
                "person_id": person,
                "mood_score": rng.randint(1, 10),
                "note": rng.choice(["ok day", "tired", None]),
            }
            response = http.post(
                "/v1/mood-logs",
                json={k: v for k, v in body.items() if v is not None},
                headers=clinic.headers,
            )
        assert response.status_code == 202, response.text
        assert response.json()["status_url"] == f"/v1/jobs/{response.json()['job_id']}"
        return str(response.json()["job_id"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, range(count)))


def test_given_200_mixed_jobs_when_submitted_over_http_then_all_succeed_with_each_stage_once(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=5)
    job_ids = _submit_mix(http, clinic, 200, seed=1)
    assert len(set(job_ids)) == 200

    def all_finished() -> bool:
        with session_scope() as session:
            unfinished = session.scalar(
                select(func.count())
                .select_from(Job)
                .where(
                    Job.tenant_id == clinic.tenant_id, Job.status.not_in(("succeeded", "failed"))
                )
            )
        return unfinished == 0

    wait_for(all_finished, timeout=180, interval=0.25, what="200 jobs to finish")

    with session_scope() as session:
        jobs = session.scalars(select(Job).where(Job.tenant_id == clinic.tenant_id)).all()
        assert {j.status for j in jobs} == {"succeeded"}
        assert all(j.progress == 100 and j.published_at is not None for j in jobs)
        for job in jobs:
            stages = session.scalars(select(JobStage).where(JobStage.job_id == job.id)).all()
            assert [s.name for s in sorted(stages, key=lambda s: s.position)] == [
                n for n, _ in STAGE_PLANS[job.kind]
            ]
            assert all(s.attempts == 1 for s in stages if s.status == "succeeded"), job.id
            assert all(s.status in ("succeeded", "skipped") for s in stages)
            assert all(s.duration_ms is not None and s.finished_at is not None for s in stages)
        journal_jobs = [j for j in jobs if j.kind == "journal_entry"]
        sentiments = session.scalar(
            select(func.count())
            .select_from(AnalysisResult)
            .where(
                AnalysisResult.tenant_id == clinic.tenant_id, AnalysisResult.analysis == "sentiment"
            )
        )
        # every journal entry has text, so each has exactly one sentiment row
        assert sentiments is not None and sentiments >= len(journal_jobs) == 100

    # and the API shows the same through polling, with the stage list and results
    view = http.get(f"/v1/jobs/{job_ids[1]}", headers=clinic.headers).json()
    assert view["status"] == "succeeded" and view["progress"] == 100
    assert [s["name"] for s in view["stages"]] == ["crisis_screen", "store", "sentiment"]
    assert view["result"]["sentiment"]["engine"] == "vader"
    assert view["stages"][0]["detail"]["screen"] == "crisis screen"
    assert view["result"]["crisis"]["severity"] == "none"


def test_given_finished_jobs_when_listed_then_filters_and_cursor_pages_work(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=1)
    job_ids = _submit_mix(http, clinic, 7, seed=2)
    for job_id in job_ids:
        wait_for(
            lambda j=job_id: (
                http.get(f"/v1/jobs/{j}", headers=clinic.headers).json()["status"] == "succeeded"
            ),
            timeout=60,
            what="job",
        )
    seen: list[str] = []
    cursor = None
    while True:
        params = {"kind": "journal_entry", "status": "succeeded", "limit": 2} | (
            {"cursor": cursor} if cursor else {}
        )
        page = http.get("/v1/jobs", params=params, headers=clinic.headers).json()
        seen += [item["id"] for item in page["items"]]
        assert all(item["kind"] == "journal_entry" for item in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(job_ids[1::2])
    assert (
        http.get("/v1/jobs", params={"status": "exploded"}, headers=clinic.headers).status_code
        == 422
    )
