"""Errors in the contract's shape: {"error": {"code", "message", "field"}}."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError
from starlette.responses import JSONResponse

from visits.domain import InvalidInterval, InvalidPartySize, RuleViolation
from visits.domain.dayplan.plan import Infeasible
from visits.errors import ApiError, Conflict, Invalid


def error_headers(error: ApiError) -> dict[str, str]:
    return {} if error.retry_after is None else {"Retry-After": str(error.retry_after)}


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status, headers=error_headers(error))


def rule_error(violation: RuleViolation) -> ApiError:
    """A broken scheduling rule is a conflict with what exists (409); a malformed
    interval or party, or a plan that cannot exist at all, is a 422."""
    invalid = isinstance(violation, InvalidInterval | InvalidPartySize | Infeasible)
    kind = Invalid if invalid else Conflict
    return kind(violation.message, code=violation.code, field=violation.field)


def _location(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_error(exc: ValidationError, *, prefix: str = "") -> Invalid:
    """The first problem, said plainly, with the field it concerns."""
    first = exc.errors(include_url=False)[0]
    loc = [p for p in first["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    # Union members add their type name to the location; it means nothing to a caller.
    loc = [p for p in loc if p not in {"str", "dict[str,str]", "constrained-str"}]
    where = _location([*([prefix] if prefix else []), *loc])
    message = first["msg"].removeprefix("Value error, ")
    code = "missing_field" if first["type"] == "missing" else "invalid_field"
    return Invalid(f"{where}: {message}" if where else message, code=code, field=where or None)
