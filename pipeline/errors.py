"""The one error hierarchy, mapped once to HTTP (api_stub) and once to Celery retries (tasks)."""

from __future__ import annotations


class MindpipeError(Exception):
    """Base class. Messages are written for people and never contain user text."""


class InvalidInput(MindpipeError):
    """The caller sent something we cannot accept (HTTP 4xx, never retried)."""

    def __init__(self, message: str, *, field: str | None = None, status: int = 422) -> None:
        super().__init__(message)
        self.field = field
        self.status = status


class NotFound(MindpipeError):
    """The thing does not exist, or belongs to someone the caller may not see."""


class Forbidden(MindpipeError):
    """The caller is known but lacks the scope for this action."""


class TransientError(MindpipeError):
    """Worth retrying later: a provider timed out, a server was briefly unreachable."""


class PermanentError(MindpipeError):
    """Retrying will not help: the job fails with this readable reason."""


class ConfigurationError(MindpipeError):
    """Settings are missing or inconsistent; raised at start-up, never silently defaulted."""


class Unauthenticated(MindpipeError):
    """No valid credentials were presented (HTTP 401)."""
