"""Crisis first under a flood: an item the API's pre-screen flags is published at top
priority, and Redis hands it to the crisis worker ahead of every routine message."""

from __future__ import annotations

import json
import uuid
from typing import Any

from kombu import Queue as KombuQueue

from models import Job
from pipeline.database import session_scope
from tasks.chains import chain_for
from tasks.queues import DEFAULT_PRIORITY, URGENT_PRIORITY
from tests.conftest import submit_journal, wait_for_job

PROBE = "mindpipe-test-priority-probe"  # a queue no worker consumes


def test_given_routine_messages_queued_when_an_urgent_one_arrives_then_it_is_served_first(
    celery_app: Any,
) -> None:
    probe = KombuQueue(PROBE, routing_key=PROBE)
    routine = [str(uuid.uuid4()) for _ in range(25)]
    urgent = str(uuid.uuid4())
    with celery_app.connection_for_write() as connection:
        probe(connection.default_channel).declare()
        with celery_app.producer_or_acquire() as producer:
            for job_id in routine:
                celery_app.send_task(
                    "tasks.crisis.screen", args=[job_id], queue=probe, producer=producer
                )
            celery_app.send_task(
                "tasks.crisis.screen",
                args=[urgent],
                queue=probe,
                priority=URGENT_PRIORITY,
                producer=producer,
            )
        channel = connection.default_channel
        try:
            first = channel.basic_get(PROBE, no_ack=True)
            second = channel.basic_get(PROBE, no_ack=True)
        finally:
            channel.queue_purge(PROBE)
            channel.queue_delete(PROBE)
    assert json.loads(first.body)[0] == [urgent]  # published last, served first
    assert json.loads(second.body)[0][0] in routine
    assert first.properties["priority"] == URGENT_PRIORITY
    assert second.properties["priority"] == DEFAULT_PRIORITY


def test_given_a_high_risk_entry_when_submitted_then_its_job_is_urgent_and_screened_at_top_priority(
    http: Any, make_clinic: Any, worker: Any
) -> None:
    clinic = make_clinic(patients=1)
    risky = submit_journal(
        http, clinic, "I looked up how many pills it would take and I have enough."
    )
    routine = submit_journal(
        http, clinic, "A slow Sunday, pancakes and a long phone call with my sister."
    )
    with session_scope() as session:
        assert session.get(Job, uuid.UUID(risky)).urgent is True  # type: ignore[union-attr]
        assert session.get(Job, uuid.UUID(routine)).urgent is False  # type: ignore[union-attr]
    urgent_hops = chain_for("journal_entry", risky, urgent=True).tasks
    routine_hops = chain_for("journal_entry", routine).tasks
    assert [hop.options["priority"] for hop in urgent_hops] == [URGENT_PRIORITY] + 2 * [
        DEFAULT_PRIORITY
    ]
    assert [hop.options["priority"] for hop in routine_hops] == 3 * [DEFAULT_PRIORITY]
    job = wait_for_job(http, clinic, risky)
    assert job["result"]["crisis"]["severity"] == "high"
    assert job["result"]["crisis"]["at_risk"] is True
