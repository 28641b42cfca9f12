"""One mapping from mindpipe's errors to HTTP: a clear 4xx with field and reason, never a 500
for bad input. Bodies are ``{"error": {"status", "message", "fields": [{field, reason}]}}``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.errors import Forbidden, InvalidInput, NotFound, Unauthenticated


def error_body(
    status: int, message: str, fields: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, "fields": fields or []}}


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "header", "path")]
    return ".".join(parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return JSONResponse(error_body(400, "request body is not valid JSON"), status_code=400)
        fields = [
            {"field": _field_name(tuple(e.get("loc", ()))), "reason": str(e.get("msg", "invalid"))}
            for e in errors
        ]
        return JSONResponse(error_body(422, "request is invalid", fields), status_code=422)

    @app.exception_handler(InvalidInput)
    async def _invalid(_: Request, exc: InvalidInput) -> JSONResponse:
        fields = [{"field": exc.field, "reason": str(exc)}] if exc.field else []
        return JSONResponse(error_body(exc.status, str(exc), fields), status_code=exc.status)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        # one message for unknown and foreign alike: nothing leaks across tenants
        return JSONResponse(error_body(404, "not found"), status_code=404)

    @app.exception_handler(Unauthenticated)
    async def _unauthenticated(_: Request, exc: Unauthenticated) -> JSONResponse:
        return JSONResponse(
            error_body(401, str(exc)), status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )

    @app.exception_handler(Forbidden)
    async def _forbidden(_: Request, exc: Forbidden) -> JSONResponse:
        return JSONResponse(error_body(403, str(exc)), status_code=403)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            error_body(exc.status_code, str(exc.detail)),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )
