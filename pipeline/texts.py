"""Load the text a job is about, decrypted, for the stage that needs it. Never logged."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Job, JournalEntry, MoodLog
from pipeline.crypto import Keyring, Sealed, unseal
from pipeline.errors import PermanentError


def journal_aad(entry_id: object) -> str:
    return f"journal_entry:{entry_id}"


def mood_note_aad(mood_log_id: object) -> str:
    return f"mood_log:{mood_log_id}"


def load_job_text(*, session: Session, job: Job, keyring: Keyring) -> str | None:
    """The plaintext of a journal entry or mood note, or None when the job has no text."""
    if job.kind == "journal_entry":
        entry = session.get(JournalEntry, job.subject_id)
        if entry is None:
            raise PermanentError("the journal entry of this job no longer exists")
        return unseal(
            Sealed(entry.content_ciphertext, entry.content_key_id),
            keyring=keyring,
            associated_data=journal_aad(entry.id),
        )
    if job.kind == "mood_log":
        log = session.get(MoodLog, job.subject_id)
        if log is None:
            raise PermanentError("the mood log of this job no longer exists")
        if log.note_ciphertext is None or log.note_key_id is None:
            return None
        return unseal(
            Sealed(log.note_ciphertext, log.note_key_id),
            keyring=keyring,
            associated_data=mood_note_aad(log.id),
        )
    return None
