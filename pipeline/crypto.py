"""Encryption at rest: AES-256-GCM with the key id stored beside the ciphertext.

The stored blob is ``nonce (12 bytes) || ciphertext+tag``. Associated data binds a
ciphertext to its row (e.g. ``journal_entry:<id>``) so a blob copied onto another row
does not decrypt.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pipeline.errors import ConfigurationError, PermanentError

NONCE_BYTES = 12


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    active_key_id: str

    def __post_init__(self) -> None:
        if self.active_key_id not in self.keys:
            raise ConfigurationError(f"active key {self.active_key_id!r} is not in the keyring")


@dataclass(frozen=True)
class Sealed:
    ciphertext: bytes
    key_id: str


def seal(plaintext: str, *, keyring: Keyring, associated_data: str) -> Sealed:
    """Encrypt text with the active key."""
    nonce = os.urandom(NONCE_BYTES)
    aead = AESGCM(keyring.keys[keyring.active_key_id])
    body = aead.encrypt(nonce, plaintext.encode("utf-8"), associated_data.encode())
    return Sealed(ciphertext=nonce + body, key_id=keyring.active_key_id)


def unseal(sealed: Sealed, *, keyring: Keyring, associated_data: str) -> str:
    """Decrypt with the key the blob names; a missing key or tampered blob is permanent."""
    key = keyring.keys.get(sealed.key_id)
    if key is None:
        raise PermanentError(f"encryption key {sealed.key_id!r} is not configured")
    nonce, body = sealed.ciphertext[:NONCE_BYTES], sealed.ciphertext[NONCE_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, body, associated_data.encode()).decode("utf-8")
    except InvalidTag as exc:
        raise PermanentError("ciphertext failed authentication") from exc


def request_fingerprint(payload: bytes, *, keyring: Keyring) -> str:
    """A keyed hash of a request, to tell a retried request from a different one without
    storing anything that could confirm a guessed text. Keyed by the oldest key id, which
    stays in the keyring across rotations (it must, to decrypt old rows)."""
    anchor = keyring.keys[min(keyring.keys)]
    mac_key = hashlib.sha256(b"mindpipe:request-fingerprint:" + anchor).digest()
    return hmac.new(mac_key, payload, hashlib.sha256).hexdigest()


def keyring_from_settings() -> Keyring:
    from pipeline.settings import get_settings

    settings = get_settings()
    assert settings.active_key_id is not None  # set by get_settings in every mode
    return Keyring(keys=settings.keyring(), active_key_id=settings.active_key_id)
