"""Stream a multipart upload straight into object storage.

The body is parsed as it arrives (python-multipart's push parser): the file part's
first bytes decide its real format, then every chunk goes to a storage writer, counted
against the size limit. Nothing is buffered whole, and on any error the partial object
is discarded, so a rejected upload leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool

from pipeline.audio_format import SNIFF_BYTES, sniff_audio_format
from pipeline.errors import InvalidInput
from pipeline.storage import ObjectStore, ObjectWriter

MAX_FIELD_BYTES = 4096
MAX_FIELDS = 10


@dataclass
class StoredUpload:
    fields: dict[str, str]
    object_key: str | None = None
    audio_format: str | None = None
    size: int = 0
    sha256: str = ""


@dataclass
class _Part:
    headers: dict[str, str] = field(default_factory=dict)
    name: str = ""
    is_file: bool = False
    data: bytearray = field(default_factory=bytearray)


def _disposition(value: str) -> tuple[str, bool]:
    _, params = parse_options_header(value)
    name = params.get(b"name", b"").decode("utf-8", "replace")
    return name, b"filename" in params


class _Receiver:
    """Collects parser events; file bytes are flushed to storage between body chunks."""

    def __init__(
        self,
        store: ObjectStore,
        key_for: Callable[[str], str],
        max_bytes: int,
        allowed: tuple[str, ...],
    ) -> None:
        self.store, self.key_for, self.max_bytes, self.allowed = store, key_for, max_bytes, allowed
        self.result = StoredUpload(fields={})
        self.part = _Part()
        self._header_field = bytearray()
        self._header_value = bytearray()
        self.writer: ObjectWriter | None = None
        self.pending: list[bytes] = []
        self.digest = hashlib.sha256()
        self.head = bytearray()
        self.file_seen = False
        self.file_done = False
        self.ended = False

    # ---- parser callbacks (synchronous, inside parser.write) ----
    def on_part_begin(self) -> None:
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self.part.headers[self._header_field.decode("latin-1").lower()] = self._header_value.decode(
            "latin-1"
        )
        self._header_field.clear()
        self._header_value.clear()

    def on_headers_finished(self) -> None:
        self.part.name, self.part.is_file = _disposition(
            self.part.headers.get("content-disposition", "")
        )
        if self.part.is_file:
            if self.file_seen:
                raise InvalidInput("send exactly one file", field="file")
            if self.part.name != "file":
                raise InvalidInput("the audio must be sent in the 'file' field", field="file")
            self.file_seen = True

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.part.is_file:
            self.pending.append(bytes(chunk))
            return
        self.part.data += chunk
        if len(self.part.data) > MAX_FIELD_BYTES:
            raise InvalidInput("form field is too long", field=self.part.name or "form")

    def on_end(self) -> None:
        self.ended = True

    def on_part_end(self) -> None:
        if self.part.is_file:
            self.file_done = True
            return
        if len(self.result.fields) >= MAX_FIELDS:
            raise InvalidInput("too many form fields", field="form")
        self.result.fields[self.part.name] = self.part.data.decode("utf-8", "replace")

    # ---- between chunks (may block: storage I/O) ----
    def flush(self) -> None:
        for chunk in self.pending:
            if self.writer is None:
                self.head += chunk
                if len(self.head) < SNIFF_BYTES and not self.file_done:
                    continue
                self._open_writer()
                chunk = bytes(self.head)
            assert self.writer is not None
            self.digest.update(chunk)
            self.writer.write(chunk)
        self.pending.clear()
        if self.file_done and self.writer is None and self.head:
            self._open_writer()
            assert self.writer is not None
            self.digest.update(bytes(self.head))
            self.writer.write(bytes(self.head))

    def _open_writer(self) -> None:
        audio_format = sniff_audio_format(bytes(self.head[:SNIFF_BYTES]))
        if audio_format is None or audio_format not in self.allowed:
            raise InvalidInput(
                "the file is not a supported audio format (" + ", ".join(self.allowed) + ")",
                field="file",
                status=415,
            )
        self.result.audio_format = audio_format
        self.result.object_key = self.key_for(audio_format)
        self.writer = self.store.open_writer(self.result.object_key, max_bytes=self.max_bytes)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()


async def receive_audio_upload(
    *,
    content_type: str,
    body: AsyncIterator[bytes],
    store: ObjectStore,
    key_for: Callable[[str], str],
    max_bytes: int,
    allowed: tuple[str, ...],
) -> StoredUpload:
    """Parse the multipart body and store its one audio file under ``key_for(format)``.
    Returns the form fields and what was stored; raises InvalidInput (4xx) otherwise."""
    mime, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if mime != b"multipart/form-data" or not boundary:
        raise InvalidInput("send the recording as multipart/form-data", field="body", status=415)
    receiver = _Receiver(store, key_for, max_bytes, allowed)
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": receiver.on_part_begin,
            "on_part_data": receiver.on_part_data,
            "on_part_end": receiver.on_part_end,
            "on_header_field": receiver.on_header_field,
            "on_header_value": receiver.on_header_value,
            "on_header_end": receiver.on_header_end,
            "on_headers_finished": receiver.on_headers_finished,
            "on_end": receiver.on_end,
        },
    )
    try:
        async for chunk in body:
            parser.write(chunk)
            if receiver.pending or receiver.file_done:
                await run_in_threadpool(receiver.flush)
        parser.finalize()
        await run_in_threadpool(receiver.flush)
        if not receiver.ended:
            raise InvalidInput("the multipart body ended early", field="body", status=400)
        if not receiver.file_seen:
            raise InvalidInput("a 'file' part with the recording is required", field="file")
        if receiver.writer is None:
            raise InvalidInput("the uploaded file is empty", field="file")
        receiver.result.size = receiver.writer.size
        receiver.result.sha256 = receiver.digest.hexdigest()
        await run_in_threadpool(receiver.writer.commit)
    except InvalidInput:
        receiver.abort()
        raise
    except Exception as exc:
        receiver.abort()
        raise InvalidInput(
            "the multipart body could not be read", field="body", status=400
        ) from exc
    return receiver.result
