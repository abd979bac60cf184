"""A request's address: control characters in its path or query string are refused before any
handler sees them (PostgreSQL cannot store or compare text with NUL in it)."""

from __future__ import annotations

from starlette.requests import Request

from visits.contract.fields import CONTROL_CHARACTERS
from visits.errors import BadRequest


def refuse_control_characters(request: Request) -> None:
    parts = [request.scope["path"], *(k + v for k, v in request.query_params.multi_items())]
    if any(CONTROL_CHARACTERS.search(part) for part in parts):
        raise BadRequest("The address contains a control character.", code="control_character")
