"""What the API accepts, as pydantic models: plain data, checked once, used everywhere."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

Score = Annotated[int, Field(strict=True, ge=1, le=10)]
Impact = Annotated[int, Field(strict=True, ge=-5, le=5)]
ShortLabel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]

FACTOR_TYPES = (
    "sleep",
    "exercise",
    "social",
    "work",
    "school",
    "weather",
    "food",
    "health",
    "family",
    "relationship",
    "money",
    "substance",
    "other",
)
ENTRY_TYPES = ("freeform", "prompted", "gratitude", "reflection")
WEARABLE_PROVIDERS = ("fitbit", "oura", "garmin", "apple_health")
MAX_NOTE_CHARS = 5_000
MAX_JOURNAL_CHARS = 50_000
MAX_SYNC_DAYS = 90


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    def canonical(self) -> bytes:
        """The request as stable bytes (for the keyed request fingerprint)."""
        return self.model_dump_json().encode()


class MoodFactorIn(_Input):
    factor_type: Literal[FACTOR_TYPES]  # type: ignore[valid-type]
    factor_value: Annotated[str, StringConstraints(max_length=50)] | None = None
    impact_score: Impact | None = None


class MoodLogIn(_Input):
    person_id: uuid.UUID
    mood_score: Score
    energy_level: Score | None = None
    anxiety_level: Score | None = None
    note: Annotated[str, StringConstraints(max_length=MAX_NOTE_CHARS)] | None = None
    logged_at: AwareDatetime | None = None
    location_type: ShortLabel | None = None
    factors: list[MoodFactorIn] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _not_in_future(self) -> MoodLogIn:
        if self.logged_at and self.logged_at > datetime.now(UTC) + timedelta(minutes=5):
            raise ValueError("logged_at is in the future")
        return self


class JournalEntryIn(_Input):
    person_id: uuid.UUID
    content: Annotated[str, StringConstraints(min_length=1, max_length=MAX_JOURNAL_CHARS)]
    entry_type: Literal[ENTRY_TYPES] = "freeform"  # type: ignore[valid-type]
    prompt_id: uuid.UUID | None = None
    written_at: AwareDatetime | None = None


class WearableSyncIn(_Input):
    person_id: uuid.UUID
    provider: Literal[WEARABLE_PROVIDERS]  # type: ignore[valid-type]
    start_date: date
    end_date: date

    @model_validator(mode="after")
    def _sane_range(self) -> WearableSyncIn:
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        if (self.end_date - self.start_date).days >= MAX_SYNC_DAYS:
            raise ValueError(f"a sync covers at most {MAX_SYNC_DAYS} days")
        if self.end_date > datetime.now(UTC).date() + timedelta(days=1):
            raise ValueError("end_date is in the future")
        return self


class RecordingIn(_Input):
    person_id: uuid.UUID
    counselor_id: uuid.UUID | None = None
    recorded_at: AwareDatetime | None = None
