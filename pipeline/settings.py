"""Settings from the environment and `.env` (prefix ``MINDPIPE_``).

With nothing configured every backend is embedded: a SQLite file, kombu's filesystem
transport (no server), and a local folder for objects, all under ``data_dir``.
In ``production`` mode nothing is defaulted: a missing database, broker or key is an error.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.errors import ConfigurationError

ALLOWED_AUDIO_TYPES = ("wav", "flac", "ogg", "mp3", "m4a")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MINDPIPE_", env_file=".env", extra="ignore")

    mode: Literal["embedded", "production"] = "embedded"
    data_dir: Path = Path(".mindpipe")

    database_url: str | None = None
    # a round trip per checkout that survives database restarts; tasks retry
    # OperationalError anyway, so workers may turn it off for speed
    database_pre_ping: bool = True
    broker_url: str | None = None
    # kombu's virtual transports poll; 10 ms keeps chains fast on the embedded broker.
    broker_polling_interval: float = 0.01

    storage_dir: Path | None = None

    # key id -> base64 of a 32-byte AES key; the active id encrypts, every id decrypts.
    encryption_keys: dict[str, str] = Field(default_factory=dict)
    active_key_id: str | None = None

    max_upload_bytes: int = 200 * 1024 * 1024
    allowed_audio_types: tuple[str, ...] = ALLOWED_AUDIO_TYPES
    max_journal_chars: int = 50_000
    # publish retries at submit time: fail fast, the outbox sweeper publishes later.
    publish_timeout_seconds: float = 2.0
    # a job left unpublished this long is the sweeper's to publish
    outbox_grace_seconds: float = 10.0
    # a published job that has not moved this long is republished (3× the longest limit)
    job_stall_seconds: float = 900.0

    api_public_url: str = "http://127.0.0.1:8000"

    # The learned crisis layer is trained on short social-media posts; on journal-style
    # hard negatives it raises too many false alarms (BENCHMARKS.md), so it is opt-in
    # until it is trained on journal-style text.
    crisis_learned_layer: bool = False

    @field_validator("encryption_keys", mode="before")
    @classmethod
    def _parse_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return json.loads(value) if value.strip() else {}
        return value

    # ---- resolved values -------------------------------------------------------------

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'mindpipe.db').resolve()}"

    @property
    def resolved_broker_url(self) -> str:
        return self.broker_url or "filesystem://"

    @property
    def broker_is_embedded(self) -> bool:
        return self.resolved_broker_url.startswith(("filesystem://", "memory://"))

    @property
    def broker_folder(self) -> Path:
        return (self.data_dir / "broker").resolve()

    @property
    def resolved_storage_dir(self) -> Path:
        return (self.storage_dir or self.data_dir / "objects").resolve()

    def keyring(self) -> dict[str, bytes]:
        """The usable keys, decoded; each must be 32 bytes (AES-256-GCM)."""
        keys: dict[str, bytes] = {}
        for key_id, encoded in self.encryption_keys.items():
            raw = base64.b64decode(encoded)
            if len(raw) != 32:
                raise ConfigurationError(f"encryption key {key_id!r} must be 32 bytes")
            keys[key_id] = raw
        return keys

    def check(self) -> None:
        """Raise ConfigurationError when production mode lacks what it needs."""
        if self.mode != "production":
            return
        missing = [
            name
            for name, value in (
                ("MINDPIPE_DATABASE_URL", self.database_url),
                ("MINDPIPE_BROKER_URL", self.broker_url),
                ("MINDPIPE_ENCRYPTION_KEYS", self.encryption_keys),
                ("MINDPIPE_ACTIVE_KEY_ID", self.active_key_id),
            )
            if not value
        ]
        if missing:
            raise ConfigurationError("production mode needs " + ", ".join(missing))
        if self.active_key_id not in self.encryption_keys:
            raise ConfigurationError("MINDPIPE_ACTIVE_KEY_ID names no key in ENCRYPTION_KEYS")
        self.keyring()


def _embedded_keyring(settings: Settings) -> None:
    """In embedded mode with no key set, create one in the data folder (never in production)."""
    if settings.encryption_keys:
        settings.active_key_id = settings.active_key_id or next(iter(settings.encryption_keys))
        return
    path = settings.data_dir / "dev-keys.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        key = base64.b64encode(secrets.token_bytes(32)).decode()
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump({"dev-1": key}, handle)
        try:  # first writer wins; a concurrent starter keeps the winner's key
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    settings.encryption_keys = json.loads(path.read_text())
    settings.active_key_id = next(iter(settings.encryption_keys))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    settings = Settings()
    settings.check()
    if settings.mode == "embedded":
        _embedded_keyring(settings)
    return settings
