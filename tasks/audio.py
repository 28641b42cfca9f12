"""Audio lane: recording intake (transcription arrives with the recording pipeline)."""

from __future__ import annotations

from pipeline.intake import store_subject
from tasks.stage import stage_task

store = stage_task(
    name="tasks.audio.store", stage="store", commit_start=True, soft_time_limit=60, time_limit=90
)(store_subject)
