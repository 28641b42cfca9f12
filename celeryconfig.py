"""Every Celery setting, lower-case, each with a line on why. Read by tasks.app only."""

from __future__ import annotations

from kombu import Queue as KombuQueue

from beat_schedule import BEAT_SCHEDULE
from pipeline.settings import get_settings
from tasks.queues import ALL_QUEUES, DEFAULT_PRIORITY, Queue

_settings = get_settings()

# Where messages go: Redis in production, kombu's filesystem transport when embedded.
broker_url = _settings.resolved_broker_url
if _settings.broker_is_embedded:
    _folder = _settings.broker_folder
    _folder.mkdir(parents=True, exist_ok=True)
    (_folder / "control").mkdir(exist_ok=True)
    # One folder in and out (a single-host queue); poll often or chains crawl at 1 hop/s.
    broker_transport_options = {
        "data_folder_in": str(_folder),
        "data_folder_out": str(_folder),
        "control_folder": str(_folder / "control"),
        "polling_interval": _settings.broker_polling_interval,
    }
else:
    # Redis: a message not acked within 15 min (3× the longest time limit) is redelivered
    # to another worker; connect fast or fail fast.
    broker_transport_options = {
        "visibility_timeout": 900,
        "socket_connect_timeout": _settings.publish_timeout_seconds,
        "socket_timeout": 10,
    }
# Keep retrying the broker at worker start (compose starts everything at once).
broker_connection_retry_on_startup = True

# Only JSON crosses the broker, and only ids are in it.
task_serializer = "json"
accept_content = ["json"]
result_serializer = "json"
# Results live in PostgreSQL (jobs, job_stages); Celery keeps none.
task_ignore_result = True
result_backend = None

# Ack after the task ran, and requeue when a worker dies mid-task: nothing accepted is lost.
task_acks_late = True
task_reject_on_worker_lost = True
# One message at a time per process so a long task never hoards short ones.
worker_prefetch_multiplier = 1
# Every task has limits; long ones (audio) raise their own per task.
task_soft_time_limit = 240
task_time_limit = 300

# Queues and routes by stable task name.
task_queues = tuple(KombuQueue(name, routing_key=name) for name in ALL_QUEUES)
task_default_queue = Queue.INGEST.value
task_routes = {
    "tasks.crisis.*": {"queue": Queue.CRISIS.value},
    "tasks.ingest.*": {"queue": Queue.INGEST.value},
    "tasks.audio.*": {"queue": Queue.AUDIO.value},
    "tasks.analytics.*": {"queue": Queue.ANALYTICS.value},
    "tasks.notify.*": {"queue": Queue.NOTIFY.value},
    "tasks.maintenance.*": {"queue": Queue.MAINTENANCE.value},
}
# Every message gets a middle priority so urgent ones (priority 0) overtake them on Redis,
# whose transport serves priority steps 0, 3, 6, 9 in that order (the filesystem ignores it).
task_default_priority = DEFAULT_PRIORITY

# A failed publish at submit time is retried briefly, then left to the outbox sweeper.
task_publish_retry = True
task_publish_retry_policy = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

# Events for Flower: every task by its stable name and queue.
worker_send_task_events = True
task_send_sent_event = True

# Periodic work (see beat_schedule.py); UTC everywhere, people's zones handled in code.
beat_schedule = BEAT_SCHEDULE
timezone = "UTC"
enable_utc = True
