"""Lost messages and unassigned patients: nothing accepted is lost, no alert goes nowhere."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from models import Job, Notification, Person
from models.base import utcnow
from pipeline.database import session_scope
from pipeline.jobs import mark_published
from tests.conftest import accept_directly, add_person, submit_journal, wait_for, wait_for_job


def test_given_a_published_job_whose_message_was_lost_when_the_reaper_runs_then_it_completes(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=1)
    # given: a job marked published whose message never reached a worker
    job = accept_directly(clinic, content="Lost in transit.")
    with session_scope() as session:
        mark_published(session=session, job_ids=[job.id])
    with session_scope() as session:
        session.execute(
            update(Job).where(Job.id == job.id).values(updated_at=utcnow() - timedelta(hours=1))
        )
    # when: Beat's reaper entry runs
    from tasks.maintenance import reap_stalled_jobs

    reap_stalled_jobs.apply_async(kwargs={"stall_seconds": 1800})
    # then
    done = wait_for_job(http, clinic, str(job.id))
    assert done["status"] == "succeeded"
    assert [s["attempts"] for s in done["stages"]] == [1, 1, 1]


def test_given_a_patient_without_a_counselor_when_flagged_then_the_clinic_manager_is_alerted(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=0)
    patient_id = add_person(clinic, "patient")
    manager_id = add_person(clinic, "manager")
    job_id = submit_journal(
        http, clinic, "I keep thinking about killing myself.", person=patient_id
    )
    job = wait_for_job(http, clinic, job_id)
    assert job["stages"][0]["detail"]["alert_recipients"] == 1

    def delivered() -> list[Notification]:
        with session_scope() as session:
            return list(
                session.scalars(
                    select(Notification).where(
                        Notification.person_id == manager_id, Notification.status == "delivered"
                    )
                )
            )

    alerts = wait_for(delivered, timeout=30, what="the manager's alert")
    assert [a.kind for a in alerts] == ["crisis_alert"]
    assert uuid.UUID(alerts[0].payload["client_id"]) == patient_id
    with session_scope() as session:
        assert session.get(Person, manager_id) is not None
