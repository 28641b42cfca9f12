"""The ``store`` stage: check an accepted item is whole and derive its plain fields."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Job, JournalEntry, MoodLog, Recording, WearableSync
from pipeline.crypto import Keyring
from pipeline.errors import PermanentError
from pipeline.jobs import StageOutcome
from pipeline.storage import get_object_store
from pipeline.texts import load_job_text


def store_subject(*, session: Session, job: Job, keyring: Keyring) -> StageOutcome:
    """Check the accepted item is whole and derive what later stages use."""
    if job.kind == "journal_entry":
        entry = session.get(JournalEntry, job.subject_id)
        text = load_job_text(session=session, job=job, keyring=keyring) or ""
        assert entry is not None  # load_job_text raised otherwise
        entry.word_count = len(text.split())
        return StageOutcome(
            detail={"word_count": entry.word_count},
            result={"journal_entry_id": str(entry.id), "word_count": entry.word_count},
        )
    if job.kind == "mood_log":
        log = session.get(MoodLog, job.subject_id)
        if log is None:
            raise PermanentError("the mood log of this job no longer exists")
        return StageOutcome(
            detail={"factors": len(log.factors), "has_note": log.note_ciphertext is not None},
            result={"mood_log_id": str(log.id), "mood_score": log.mood_score},
        )
    if job.kind == "recording":
        recording = session.get(Recording, job.subject_id)
        if recording is None:
            raise PermanentError("the recording of this job no longer exists")
        store = get_object_store()
        if not store.exists(recording.object_key):
            raise PermanentError("the uploaded audio is missing from storage")
        if store.size(recording.object_key) != recording.size_bytes:
            raise PermanentError("the stored audio does not match the upload's size")
        return StageOutcome(
            detail={
                "format": recording.audio_format,
                "bytes": recording.size_bytes,
                "next": "transcription is not available yet",
            },
            result={"recording_id": str(recording.id), "status": recording.status},
        )
    if job.kind == "wearable_sync":
        sync = session.get(WearableSync, job.subject_id)
        if sync is None:
            raise PermanentError("the wearable sync of this job no longer exists")
        sync.status = "recorded"
        return StageOutcome(
            detail={"provider": sync.provider, "next": "vendor adapters are not available yet"},
            result={"wearable_sync_id": str(sync.id), "status": sync.status},
        )
    raise PermanentError(f"no store step for job kind {job.kind!r}")
