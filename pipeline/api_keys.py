"""API keys for client apps: ``mp_<prefix>_<secret>``; only a SHA-256 of the key is stored.

Keys are 32 random bytes, so a fast hash is enough (no dictionary to guess from)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_PREFIX_BYTES = 6
SCOPES = ("jobs:write", "jobs:read")


@dataclass(frozen=True)
class IssuedKey:
    key: str  # shown once, never stored
    prefix: str
    key_hash: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key() -> IssuedKey:
    prefix = secrets.token_hex(KEY_PREFIX_BYTES)
    key = f"mp_{prefix}_{secrets.token_urlsafe(32)}"
    return IssuedKey(key=key, prefix=prefix, key_hash=hash_key(key))


def prefix_of(key: str) -> str | None:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != "mp" or len(parts[1]) != 2 * KEY_PREFIX_BYTES:
        return None
    return parts[1]


def key_matches(key: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_key(key), stored_hash)
