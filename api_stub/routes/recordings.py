"""Recording uploads: multipart, streamed into object storage, then queued like any job."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Header, Request, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api_stub.deps import get_session, require_scope
from api_stub.routes.submit import IdempotencyKey, submit
from api_stub.schemas import JobAccepted
from api_stub.upload import receive_audio_upload
from models import ClientApp
from pipeline.crypto import keyring_from_settings, request_fingerprint
from pipeline.errors import InvalidInput
from pipeline.settings import get_settings
from pipeline.storage import get_object_store, recording_key
from pipeline.submissions import accept_recording, require_person
from pipeline.validation import RecordingIn

router = APIRouter(prefix="/v1", tags=["submit"])

# multipart framing around the file: headers, boundaries and a few small fields
MULTIPART_OVERHEAD = 64 * 1024


def _validate_fields(fields: dict[str, str]) -> RecordingIn:
    try:
        return RecordingIn.model_validate({k: v for k, v in fields.items() if v != ""})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "form"
        raise InvalidInput(str(first["msg"]), field=field) from exc


@router.post("/recordings", status_code=202, response_model=JobAccepted)
async def upload_recording(
    request: Request,
    response: Response,
    content_length: int | None = Header(default=None),
    app: ClientApp = Depends(require_scope("jobs:write")),
    session: Session = Depends(get_session),
    idempotency_key: str | None = IdempotencyKey,
) -> JobAccepted:
    settings = get_settings()
    if (
        content_length is not None
        and content_length > settings.max_upload_bytes + MULTIPART_OVERHEAD
    ):
        raise InvalidInput(
            f"upload exceeds the limit of {settings.max_upload_bytes} bytes",
            field="file",
            status=413,
        )
    store = get_object_store()
    recording_id = uuid.uuid4()
    upload = await receive_audio_upload(
        content_type=request.headers.get("content-type", ""),
        body=request.stream(),
        store=store,
        key_for=lambda fmt: recording_key(app.tenant_id, recording_id, fmt),
        max_bytes=settings.max_upload_bytes,
        allowed=settings.allowed_audio_types,
    )
    assert upload.object_key is not None and upload.audio_format is not None
    key = upload.object_key

    def record() -> JobAccepted:
        data = _validate_fields(upload.fields)
        fingerprint = request_fingerprint(
            data.canonical() + upload.sha256.encode(), keyring=keyring_from_settings()
        )
        require_person(session=session, tenant_id=app.tenant_id, person_id=data.person_id)
        if data.counselor_id:
            require_person(
                session=session,
                tenant_id=app.tenant_id,
                person_id=data.counselor_id,
                field="counselor_id",
            )
        return submit(
            session=session,
            app=app,
            response=response,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            accept=lambda: accept_recording(
                session=session,
                app=app,
                data=data,
                recording_id=recording_id,
                object_key=key,
                audio_format=upload.audio_format or "",
                size_bytes=upload.size,
                sha256=upload.sha256,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
            ),
        )

    try:
        answer = await run_in_threadpool(record)
    except BaseException:
        store.delete(key)
        raise
    if response.headers.get("Idempotent-Replayed"):
        await run_in_threadpool(store.delete, key)  # the original upload is the one kept
    return answer
