import base64
import os

import pytest

from pipeline.crypto import Keyring, Sealed, seal, unseal
from pipeline.errors import ConfigurationError, PermanentError


def keyring(active: str = "k1") -> Keyring:
    return Keyring(keys={"k1": os.urandom(32), "k2": os.urandom(32)}, active_key_id=active)


def test_given_text_when_sealed_then_ciphertext_hides_it_and_unseals_back() -> None:
    ring = keyring()
    sealed = seal("I felt anxious before work", keyring=ring, associated_data="journal_entry:1")
    assert b"anxious" not in sealed.ciphertext
    assert sealed.key_id == "k1"
    assert (
        unseal(sealed, keyring=ring, associated_data="journal_entry:1")
        == "I felt anxious before work"
    )


def test_given_a_blob_moved_to_another_row_when_unsealed_then_it_is_rejected() -> None:
    ring = keyring()
    sealed = seal("private", keyring=ring, associated_data="journal_entry:1")
    with pytest.raises(PermanentError):
        unseal(sealed, keyring=ring, associated_data="journal_entry:2")


def test_given_a_tampered_blob_when_unsealed_then_it_is_rejected() -> None:
    ring = keyring()
    sealed = seal("private", keyring=ring, associated_data="a")
    flipped = bytearray(sealed.ciphertext)
    flipped[-1] ^= 1
    with pytest.raises(PermanentError):
        unseal(Sealed(bytes(flipped), sealed.key_id), keyring=ring, associated_data="a")


def test_given_a_rotated_key_when_old_blobs_are_read_then_the_stored_key_id_decrypts() -> None:
    old = keyring("k1")
    sealed = seal("before rotation", keyring=old, associated_data="x")
    rotated = Keyring(keys=old.keys, active_key_id="k2")
    assert unseal(sealed, keyring=rotated, associated_data="x") == "before rotation"
    assert seal("after", keyring=rotated, associated_data="x").key_id == "k2"


def test_given_an_unknown_active_key_when_building_a_keyring_then_it_fails() -> None:
    with pytest.raises(ConfigurationError):
        Keyring(keys={"k1": os.urandom(32)}, active_key_id="nope")


def test_given_production_mode_without_keys_when_settings_load_then_start_up_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipeline.settings import Settings

    for name in ("MINDPIPE_ENCRYPTION_KEYS", "MINDPIPE_ACTIVE_KEY_ID"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(mode="production", database_url="postgresql://x/y", broker_url="redis://x")
    with pytest.raises(ConfigurationError, match="MINDPIPE_ENCRYPTION_KEYS"):
        settings.check()


def test_given_a_short_key_when_settings_decode_it_then_it_fails() -> None:
    from pipeline.settings import Settings

    settings = Settings(
        encryption_keys={"k": base64.b64encode(b"short").decode()}, active_key_id="k"
    )
    with pytest.raises(ConfigurationError, match="32 bytes"):
        settings.keyring()


def test_given_no_configuration_when_settings_resolve_then_every_backend_is_embedded(
    tmp_path,
) -> None:
    from pipeline.settings import Settings

    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=None, broker_url=None)
    assert settings.resolved_database_url.startswith("sqlite:///")
    assert settings.resolved_broker_url == "filesystem://"
    assert settings.broker_is_embedded
    assert settings.resolved_storage_dir == (tmp_path / "objects").resolve()
