"""Request dependencies: a database session and the calling client app (by API key)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fastapi import Depends, Header
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ClientApp
from pipeline.api_keys import key_matches, prefix_of
from pipeline.database import get_session_factory
from pipeline.errors import Forbidden, Unauthenticated


def get_session() -> Iterator[Session]:
    """A session per request; handlers commit explicitly, anything else rolls back."""
    session = get_session_factory()()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def current_client_app(
    authorization: str | None = Header(default=None), session: Session = Depends(get_session)
) -> ClientApp:
    scheme, _, key = (authorization or "").partition(" ")
    prefix = prefix_of(key.strip()) if scheme.lower() == "bearer" else None
    if prefix is None:
        raise Unauthenticated("a valid API key is required (Authorization: Bearer mp_...)")
    app = session.scalars(select(ClientApp).where(ClientApp.key_prefix == prefix)).one_or_none()
    if app is None or app.revoked_at is not None or not key_matches(key.strip(), app.key_hash):
        raise Unauthenticated("a valid API key is required (Authorization: Bearer mp_...)")
    session.expunge(app)
    session.rollback()  # no transaction stays open while a long upload streams in
    return app


def require_scope(scope: str) -> Callable[[ClientApp], ClientApp]:
    def check(app: ClientApp = Depends(current_client_app)) -> ClientApp:
        if scope not in (app.scopes or []):
            raise Forbidden(f"this API key lacks the {scope!r} scope")
        return app

    return check
