"""Errors in the contract's shape: {"error": {"code", "message", "field"}}.

Services and the domain raise these (or domain RuleViolations, mapped in visits.edge.errors);
one place turns them into responses.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    status = 400
    code = "bad_request"
    # Seconds after which the same request may succeed: sent as Retry-After when set.
    retry_after: int | None = None

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
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


class ServiceUnavailable(ApiError):
    """Past a time limit: a 503 that says when to try again, never a hang or a 500."""

    status = 503
    code = "unavailable"
    retry_after = 5
