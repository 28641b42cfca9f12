"""The text stages of the journal and mood-log chains: crisis screen and sentiment.

Each takes ``*, session, job`` (and a keyring where text is read) and returns a
StageOutcome; writes are upserts keyed on the source item, so running twice changes nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AnalysisResult, CrisisEvent, Job, JournalEntry, MoodLog
from pipeline.audit import record_audit
from pipeline.crisis_interim import SCREEN_NAME, screen_explicit_phrases
from pipeline.crypto import Keyring
from pipeline.jobs import StageOutcome
from pipeline.notifications import queue_crisis_alerts
from pipeline.sentiment import get_sentiment_analyzer
from pipeline.texts import load_job_text


def screen_for_crisis_interim(*, session: Session, job: Job, keyring: Keyring) -> StageOutcome:
    """Flag explicit crisis language; a flag writes one crisis event per source item."""
    text = load_job_text(session=session, job=job, keyring=keyring)
    if not text:
        return StageOutcome(detail={"screen": SCREEN_NAME, "reason": "no text"}, skipped=True)
    screen = screen_explicit_phrases(text)
    detail = {"screen": SCREEN_NAME, "flagged": screen.flagged, "categories": screen.categories}
    result = {"crisis": {"flagged": screen.flagged, "screen": SCREEN_NAME}}
    if screen.flagged:
        event = session.scalars(
            select(CrisisEvent).where(
                CrisisEvent.source_type == job.kind, CrisisEvent.source_id == job.subject_id
            )
        ).one_or_none()
        if event is None:
            assert job.person_id is not None
            event = CrisisEvent(
                tenant_id=job.tenant_id,
                person_id=job.person_id,
                job_id=job.id,
                source_type=job.kind,
                source_id=job.subject_id,
                severity="unassessed",
                layer="interim_phrase",
                evidence=[
                    {"category": category, "spans": [list(span) for span in spans]}
                    for category, spans in screen.evidence.items()
                ],
            )
            session.add(event)
            session.flush()
            record_audit(
                session=session,
                tenant_id=job.tenant_id,
                actor_type="system",
                actor_id=None,
                action="crisis.flagged",
                target_type=job.kind,
                target_id=job.subject_id,
                details={"crisis_event_id": str(event.id), "categories": screen.categories},
            )
        recipients, alerts = queue_crisis_alerts(session=session, event=event)
        detail["alert_recipients"] = len(recipients)
        if not recipients:
            record_audit(
                session=session,
                tenant_id=job.tenant_id,
                actor_type="system",
                actor_id=None,
                action="crisis.unrouted",
                target_type=job.kind,
                target_id=job.subject_id,
                details={"crisis_event_id": str(event.id)},
            )
        if job.kind == "mood_log":
            log = session.get(MoodLog, job.subject_id)
            if log is not None:
                log.crisis_flag_triggered = True
        detail["crisis_event_id"] = str(event.id)
        result["crisis"]["crisis_event_id"] = str(event.id)
        return StageOutcome(
            detail=detail, result=result, notifications=[(n.id, n.kind) for n in alerts]
        )
    return StageOutcome(detail=detail, result=result)


def analyse_sentiment(*, session: Session, job: Job, keyring: Keyring) -> StageOutcome:
    """Score the text with the configured analyzer and upsert one sentiment result."""
    text = load_job_text(session=session, job=job, keyring=keyring)
    if not text:
        return StageOutcome(detail={"reason": "no text"}, skipped=True)
    score = get_sentiment_analyzer().score(text)
    row = session.scalars(
        select(AnalysisResult).where(
            AnalysisResult.source_type == job.kind,
            AnalysisResult.source_id == job.subject_id,
            AnalysisResult.analysis == "sentiment",
        )
    ).one_or_none()
    if row is None:
        assert job.person_id is not None
        row = AnalysisResult(
            tenant_id=job.tenant_id,
            person_id=job.person_id,
            source_type=job.kind,
            source_id=job.subject_id,
            analysis="sentiment",
            engine=score.engine,
        )
        session.add(row)
    row.engine = score.engine
    row.result = score.as_dict()
    if job.kind == "journal_entry":
        entry = session.get(JournalEntry, job.subject_id)
        if entry is not None:
            entry.sentiment_score = score.compound
    elif job.kind == "mood_log":
        log = session.get(MoodLog, job.subject_id)
        if log is not None:
            log.note_sentiment = score.compound
    return StageOutcome(detail=score.as_dict(), result={"sentiment": score.as_dict()})
