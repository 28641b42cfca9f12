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

# Redis message priorities: 0 is served first. Every message carries DEFAULT_PRIORITY
# (celeryconfig) unless it is urgent: an item the API's explicit pre-screen flagged, and
# crisis alerts. A flood of routine screens on the crisis queue then never delays them.
URGENT_PRIORITY = 0
DEFAULT_PRIORITY = 6
