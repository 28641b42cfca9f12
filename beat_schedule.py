"""The periodic schedule: tasks by stable name, each entry expiring at ~1.5× its interval."""

from __future__ import annotations

from typing import Any

OUTBOX_SWEEP_SECONDS = 30.0
STALLED_JOB_SWEEP_SECONDS = 300.0

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "sweep-outbox": {
        "task": "tasks.maintenance.sweep_outbox",
        "schedule": OUTBOX_SWEEP_SECONDS,
        "options": {"expires": OUTBOX_SWEEP_SECONDS * 1.5, "queue": "maintenance", "priority": 6},
    },
    "reap-stalled-jobs": {
        "task": "tasks.maintenance.reap_stalled_jobs",
        "schedule": STALLED_JOB_SWEEP_SECONDS,
        "options": {
            "expires": STALLED_JOB_SWEEP_SECONDS * 1.5,
            "queue": "maintenance",
            "priority": 6,
        },
    },
}
