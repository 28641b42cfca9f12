"""SQLAlchemy 2 typed models. Importing this package registers every table on ``Base``."""

from models.base import Base
from models.crisis import CrisisEvent, CrisisResource
from models.entries import JournalEntry, MoodFactor, MoodLog
from models.insights import ContentItem, Insight, Recommendation
from models.jobs import AuditLog, DeadLetter, Job, JobStage
from models.notifications import Notification
from models.recordings import AnalysisResult, Recording, Report, Transcript
from models.tenancy import ClientApp, Consent, CounselorAssignment, Person, Tenant
from models.wearables import DailyMetric, WearableConnection, WearableSync

__all__ = [
    "AnalysisResult",
    "AuditLog",
    "Base",
    "ClientApp",
    "Consent",
    "ContentItem",
    "CounselorAssignment",
    "CrisisEvent",
    "CrisisResource",
    "DailyMetric",
    "DeadLetter",
    "Insight",
    "Job",
    "JobStage",
    "JournalEntry",
    "MoodFactor",
    "MoodLog",
    "Notification",
    "Person",
    "Recommendation",
    "Recording",
    "Report",
    "Tenant",
    "Transcript",
    "WearableConnection",
    "WearableSync",
]
