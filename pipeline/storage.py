"""Object storage behind one small Protocol; a local folder is the embedded default.

Writers stream: bytes go to a temporary object as they arrive, and only ``commit``
makes the object visible under its key, so an aborted upload leaves nothing behind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Protocol

from pipeline.errors import InvalidInput, NotFound

CHUNK_BYTES = 1024 * 1024


class ObjectWriter(Protocol):
    size: int

    def write(self, chunk: bytes) -> None: ...
    def commit(self) -> None: ...
    def abort(self) -> None: ...


class ObjectStore(Protocol):
    def open_writer(self, key: str, *, max_bytes: int) -> ObjectWriter: ...
    def read_chunks(self, key: str) -> Iterator[bytes]: ...
    def exists(self, key: str) -> bool: ...
    def size(self, key: str) -> int: ...
    def delete(self, key: str) -> None: ...
    def keys(self, prefix: str = "") -> list[str]: ...


def recording_key(tenant_id: uuid.UUID, recording_id: uuid.UUID, audio_format: str) -> str:
    return f"tenants/{tenant_id}/recordings/{recording_id}/audio.{audio_format}"


class _LocalWriter:
    def __init__(self, final: Path, tmp: Path, max_bytes: int) -> None:
        self._final, self._tmp, self._max = final, tmp, max_bytes
        self._handle: BinaryIO = open(tmp, "wb")  # noqa: SIM115 - closed in commit/abort
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self._max:
            self.abort()
            raise InvalidInput(
                f"upload exceeds the limit of {self._max} bytes", field="file", status=413
            )
        self._handle.write(chunk)

    def commit(self) -> None:
        self._handle.close()
        self._final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._tmp, self._final)

    def abort(self) -> None:
        if not self._handle.closed:
            self._handle.close()
        self._tmp.unlink(missing_ok=True)


class LocalObjectStore:
    """Objects as files under one root folder; keys are relative paths."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        (self.root / ".incoming").mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise InvalidInput("object key escapes the storage root", field="key")
        return path

    def open_writer(self, key: str, *, max_bytes: int) -> ObjectWriter:
        tmp = self.root / ".incoming" / f"{uuid.uuid4().hex}.part"
        return _LocalWriter(self._path(key), tmp, max_bytes)

    def read_chunks(self, key: str) -> Iterator[bytes]:
        path = self._path(key)
        if not path.is_file():
            raise NotFound(f"object {key} does not exist")
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                yield chunk

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self, prefix: str = "") -> list[str]:
        return sorted(
            str(p.relative_to(self.root))
            for p in self.root.rglob("*")
            if p.is_file()
            and ".incoming" not in p.parts
            and str(p.relative_to(self.root)).startswith(prefix)
        )

    def incoming_count(self) -> int:
        return sum(1 for _ in (self.root / ".incoming").iterdir())


@lru_cache(maxsize=1)
def get_object_store() -> ObjectStore:
    from pipeline.settings import get_settings

    return LocalObjectStore(get_settings().resolved_storage_dir)
