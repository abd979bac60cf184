"""Errors in the contract's shape: {"error": {"code", "message", "field"}}.

Services raise these (and the domain its RuleViolations). An error is made of an English
template and the facts it names (`NotFound("There is no visit with id {id}.", id=7)`), so
`visits.wording` can say it in the reader's language; `message` is the English sentence.
The edge (visits.edge.errors) turns them into responses.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    status = 400
    code = "bad_request"
    # Seconds after which the same request may succeed: sent as Retry-After when set.
    retry_after: int | None = None

    def __init__(self, template: str, *, code: str | None = None, field: str | None = None,
                 **facts: Any) -> None:
        super().__init__(template)
        self.template = template
        self.facts = facts
        if code is not None:
            self.code = code
        self.field = field

    @property
    def message(self) -> str:
        """The English sentence."""
        return self.template.format(**self.facts) if self.facts else self.template

    def __str__(self) -> str:
        return self.message

    def body(self, message: str | None = None) -> dict[str, Any]:
        """The contract's error body, with `message` in the reader's language."""
        error: dict[str, Any] = {"code": self.code, "message": message or self.message}
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}


class BadRequest(ApiError):
    status = 400
    code = "bad_request"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class MethodNotAllowed(ApiError):
    status = 405
    code = "method_not_allowed"


class Conflict(ApiError):
    status = 409
    code = "conflict"


class PayloadTooLarge(ApiError):
    status = 413
    code = "body_too_large"


class UnsupportedMediaType(ApiError):
    status = 415
    code = "unsupported_media_type"


class Invalid(ApiError):
    status = 422
    code = "invalid"


class InvalidInput(Invalid):
    """A value the contract's models refuse, kept as pydantic reported it (`kind` is its
    error type, `context` its figures), so that it can be said in any language."""

    def __init__(self, detail: str, *, kind: str, context: dict[str, Any], field: str | None,
                 code: str = "invalid_field") -> None:
        template = "{field}: {detail}" if field else "{detail}"
        super().__init__(template, code=code, field=field, detail=detail)
        self.kind = kind
        self.context = context

    @property
    def message(self) -> str:
        return f"{self.field}: {self.facts['detail']}" if self.field else self.facts["detail"]


class TooManyAttempts(ApiError):
    """Too many failed sign-ins from one address: a 429 saying how long to wait."""

    status = 429
    code = "too_many_attempts"

    def __init__(self, template: str, *, retry_after: int, **facts: Any) -> None:
        super().__init__(template, **facts)
        self.retry_after = retry_after


class TooManyRequests(ApiError):
    """Too many requests from one client address to a public endpoint: a 429 saying how
    long to wait (visits.rate_limit)."""

    status = 429
    code = "too_many_requests"

    def __init__(self, template: str, *, retry_after: int, **facts: Any) -> None:
        super().__init__(template, **facts)
        self.retry_after = retry_after


class ServiceUnavailable(ApiError):
    """Past a time limit: a 503 that says when to try again, never a hang or a 500."""

    status = 503
    code = "unavailable"
    retry_after = 5


class ServerError(ApiError):
    status = 500
    code = "internal"


class ClientGone(ApiError):
    """The client closed the connection before its change was committed: the change was
    rolled back. Nobody reads the answer; 499 is what proxies log for it."""

    status = 499
    code = "client_closed_request"


class KeyInUse(Conflict):
    """A request with the same Idempotency-Key is still running."""

    code = "idempotency_key_in_use"
    retry_after = 1


class BadHost(BadRequest):
    """A Host header this server does not answer for: links must never carry it."""

    code = "bad_host"


class DatabaseBusy(ServiceUnavailable):
    """A lock or a connection was not free within its time limit (DB_LOCK_TIMEOUT_SECONDS,
    DB_CONNECTION_TIMEOUT_SECONDS): someone else is writing, the request may simply retry."""

    code = "database_busy"
    retry_after = 2


class DatabaseUnavailable(ServiceUnavailable):
    """The database is down, restarting, or has no space to write: an outage, not a bug."""

    code = "database_unavailable"
    retry_after = 5


class Overloaded(ServiceUnavailable):
    """More requests in flight than the process takes (MAX_REQUESTS_IN_FLIGHT)."""

    code = "overloaded"
    retry_after = 1
