"""The text stages of the journal and mood-log chains: crisis screen and sentiment.

Each takes ``*, session, job`` (and a keyring where text is read) and returns a
StageOutcome; writes are upserts keyed on the source item, so running twice changes nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AnalysisResult, Consent, CrisisEvent, Job, JournalEntry, MoodLog, Tenant
from pipeline.audit import record_audit
from pipeline.crisis import RANK, Assessment, screen
from pipeline.crisis_resources import resources_for
from pipeline.crypto import Keyring
from pipeline.jobs import StageOutcome
from pipeline.notifications import queue_crisis_alerts
from pipeline.sentiment import get_sentiment_analyzer
from pipeline.texts import load_job_text

SCREEN_NAME = "crisis screen"
ANALYSIS_CONSENT = "automated_analysis"


def _audit(session: Session, job: Job, action: str, **details: object) -> None:
    """A system decision about a job's item: ids and labels only, never its text."""
    record_audit(
        session=session,
        tenant_id=job.tenant_id,
        actor_type="system",
        actor_id=None,
        action=action,
        target_type=job.kind,
        target_id=job.subject_id,
        details=details,
    )


def screen_for_crisis(*, session: Session, job: Job, keyring: Keyring) -> StageOutcome:
    """Screen the item's text (whatever the person consented to: this is safety). Low and
    above writes one crisis event per source item; moderate and above alerts the person's
    counselors at once and puts crisis resources in the job result."""
    text = load_job_text(session=session, job=job, keyring=keyring)
    if not text:
        return StageOutcome(detail={"screen": SCREEN_NAME, "reason": "no text"}, skipped=True)
    assessment = screen(text)
    categories = sorted({e.category for e in assessment.evidence})
    detail: dict[str, Any] = {
        "screen": SCREEN_NAME,
        "layer": assessment.layer,
        "severity": assessment.severity,
        "score": assessment.score,
        "categories": categories,
        "set_aside": assessment.set_aside,
        "concern_for_someone_else": assessment.third_person,
    }
    crisis: dict[str, Any] = {
        "severity": assessment.severity,
        "at_risk": assessment.at_risk,
        "concern_for_someone_else": assessment.third_person,
    }
    _audit(session, job, "crisis.screened", severity=assessment.severity, layer=assessment.layer)
    notifications: list[tuple[uuid.UUID, str]] = []
    if RANK[assessment.severity] >= RANK["low"]:
        event = _crisis_event(session, job, assessment)
        detail["crisis_event_id"] = crisis["crisis_event_id"] = str(event.id)
        if job.kind == "mood_log":
            log = session.get(MoodLog, job.subject_id)
            if log is not None:
                log.crisis_flag_triggered = True
        if assessment.at_risk:
            recipients, alerts = queue_crisis_alerts(session=session, event=event)
            detail["alert_recipients"] = len(recipients)
            notifications = [(n.id, n.kind) for n in alerts]
            if not recipients:
                _audit(session, job, "crisis.unrouted", crisis_event_id=str(event.id))
            tenant = session.get(Tenant, job.tenant_id)
            crisis["resources"] = resources_for(tenant.country if tenant else None)
    if assessment.third_person:
        crisis["resources_for_someone_else"] = resources_for(
            t.country if (t := session.get(Tenant, job.tenant_id)) else None
        )
    return StageOutcome(detail=detail, result={"crisis": crisis}, notifications=notifications)


def _crisis_event(session: Session, job: Job, assessment: Assessment) -> CrisisEvent:
    """The one crisis event of this source item (created once; a rerun finds it)."""
    event = session.scalars(
        select(CrisisEvent).where(
            CrisisEvent.source_type == job.kind, CrisisEvent.source_id == job.subject_id
        )
    ).one_or_none()
    if event is not None:
        return event
    assert job.person_id is not None
    event = CrisisEvent(
        tenant_id=job.tenant_id,
        person_id=job.person_id,
        job_id=job.id,
        source_type=job.kind,
        source_id=job.subject_id,
        severity=assessment.severity,
        score=assessment.score,
        layer=assessment.layer,
        evidence=[{"category": e.category, "span": [e.start, e.end]} for e in assessment.evidence],
    )
    session.add(event)
    session.flush()
    _audit(
        session,
        job,
        "crisis.event",
        crisis_event_id=str(event.id),
        severity=assessment.severity,
        alert=assessment.at_risk,
    )
    return event


def has_consent(*, session: Session, person_id: uuid.UUID | None, consent_type: str) -> bool:
    if person_id is None:
        return False
    consent = session.scalars(
        select(Consent).where(Consent.person_id == person_id, Consent.consent_type == consent_type)
    ).one_or_none()
    return bool(consent and consent.granted and consent.revoked_at is None)


def analyse_sentiment(*, session: Session, job: Job, keyring: Keyring) -> StageOutcome:
    """Score the text with the configured analyzer and upsert one sentiment result.
    Without the person's consent to automated analysis, nothing is analysed."""
    if not has_consent(session=session, person_id=job.person_id, consent_type=ANALYSIS_CONSENT):
        return StageOutcome(
            detail={"reason": "no consent to automated analysis"},
            result={"analysis": "skipped: no consent to automated analysis (crisis screening ran)"},
            skipped=True,
        )
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
