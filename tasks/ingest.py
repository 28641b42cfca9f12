"""Ingest lane: check accepted items are whole and derive their plain fields."""

from __future__ import annotations

from pipeline.intake import store_subject
from tasks.stage import stage_task

store = stage_task(name="tasks.ingest.store", stage="store", soft_time_limit=20, time_limit=30)(
    store_subject
)
