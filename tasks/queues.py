"""The queues, in one place. Crisis has its own lane and its own worker."""

from __future__ import annotations

from enum import StrEnum


class Queue(StrEnum):
    CRISIS = "crisis"  # crisis screening and alerts: never behind bulk work
    INGEST = "ingest"  # store/normalise accepted items: short tasks
    AUDIO = "audio"  # recording intake and transcription: long tasks
    ANALYTICS = "analytics"  # sentiment, emotion, themes, patterns
    NOTIFY = "notify"  # in-app, email, push, webhooks
    MAINTENANCE = "maintenance"  # outbox sweeper, reapers, retention


ALL_QUEUES = tuple(q.value for q in Queue)
