"""Errors in the contract's shape: {"error": {"code", "message", "field"}}, the message in
the reader's language (`Accept-Language`: Korean or English, English by default)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse

from visits.contract.system import MAX_FIELD, MAX_MESSAGE
from visits.domain import InvalidInterval, InvalidPartySize, RuleViolation
from visits.domain.dayplan import Infeasible
from visits.errors import ApiError, InvalidInput
from visits.services.refusals import describe
from visits.wording import reader_language

Refusal = ApiError | RuleViolation
ECHO_LIMIT = 80  # user text (a key, a tag) quoted back in an error
# Refused input whose code says more than `invalid_field` (a line break is a control character).
_CODES = {"missing": "missing_field", "control_character": "control_character",
          "line_break": "control_character"}


def shortened(text: str, limit: int = ECHO_LIMIT) -> str:
    """Text cut to `limit` characters with an ellipsis: no input may make an answer grow."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def outcome(error: Refusal) -> tuple[int, str, str | None]:
    """(status, code, field). A broken scheduling rule is a conflict with what exists
    (409); a malformed interval or party, or a plan that cannot exist at all, is a 422."""
    if isinstance(error, RuleViolation):
        invalid = isinstance(error, InvalidInterval | InvalidPartySize | Infeasible)
        return (422 if invalid else 409), error.code, error.field
    return error.status, error.code, error.field


async def error_response(request: Request, error: Refusal) -> JSONResponse:
    lang = reader_language(request.headers.get("accept-language"))
    message = await describe(error, lang, request.app.state.settings.timezone)
    status, code, field = outcome(error)
    body: dict[str, object] = {"code": code, "message": shortened(message, MAX_MESSAGE)}
    if field is not None:
        body["field"] = shortened(field, MAX_FIELD)
    headers = {"Content-Language": lang}
    if isinstance(error, ApiError) and error.retry_after is not None:
        headers["Retry-After"] = str(error.retry_after)
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _location(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, str):
            part = shortened(part)
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _cut_echoes(detail: str, context: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The sentence and its facts with the user's text they quote cut short."""
    for key, value in context.items():
        if isinstance(value, str) and len(value) > ECHO_LIMIT:
            context[key] = shortened(value)
            detail = detail.replace(value, context[key])
    return detail, context


def validation_error(exc: ValidationError, *, prefix: str = "") -> InvalidInput:
    """The first problem, with the field it concerns and what wording needs to say it."""
    return _invalid(exc.errors(include_url=False)[0], prefix)


def validation_errors(exc: ValidationError, *, prefix: str = "") -> list[InvalidInput]:
    """Every problem, each as `validation_error` says the first (a form shows them all)."""
    return [_invalid(error, prefix) for error in exc.errors(include_url=False)]


def _invalid(first: Any, prefix: str) -> InvalidInput:
    loc = [p for p in first["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    # Union members add their type name to the location; it means nothing to a caller.
    loc = [p for p in loc if p not in {"str", "dict[str,str]", "constrained-str"}]
    if "[key]" in loc:  # a refused key: name the object it is in, not the key itself
        loc = loc[: loc.index("[key]") - 1]
    detail, context = _cut_echoes(first["msg"].removeprefix("Value error, "),
                                  dict(first.get("ctx") or {}))
    hinted = context.pop("field", None) if not loc else None  # a model check names its field
    where = _location([*([prefix] if prefix else []), *(loc or ([hinted] if hinted else []))])
    if hinted and detail.startswith(f"{hinted}: "):
        detail = detail.removeprefix(f"{hinted}: ")
    code = _CODES.get(first["type"], "invalid_field")
    return InvalidInput(detail, kind=first["type"], context=context, field=where or None,
                        code=code)
