"""What the pages' forms share: reading posted numbers and dates, validating like the API,
and showing a refusal next to the field it concerns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, ImmutableMultiDict
from starlette.requests import Request

from visits.domain import RuleViolation
from visits.edge.errors import rule_error, validation_error
from visits.errors import ApiError
from visits.pages.i18n import translations
from visits.pages.web import language_of

MAX_ID = 2**31 - 1
YEARS = (2000, 2100)
Data = FormData | ImmutableMultiDict[str, Any]

# A rule broken, said plainly; the service's own message follows as the detail.
HEADLINES = {
    "holiday": "The facility is closed that day (public holiday or closure).",
    "facility_closed": "The facility is not open for the whole of that time.",
    "host_not_linked": "This host does not receive visitors at this facility.",
    "host_unavailable": "The host does not work at that time.",
    "host_time_off": "The host is on leave at that time.",
    "host_busy": "The host is already booked at that time.",
    "party_too_large": "The delegation is larger than the facility can hold.",
    "capacity_exceeded": "The facility is full at that time.",
    "stops_overlap": "This stop overlaps another stop of the visit.",
    "travel_time": "Not enough travel time from the previous stop.",
    "min_notice": "That is too soon: the minimum notice is not met.",
    "stops_out_of_order": "Two stops start at the same time.",
    "cancelled": "The stop is cancelled: book a new visit instead.",
}


@dataclass(frozen=True)
class Problem:
    """An error shown next to a field: a translated headline and the service's detail."""

    message: str
    detail: str = ""
    code: str = ""


def gettext_for(request: Request) -> Any:
    return translations(language_of(request)).gettext


def refusal(request: Request, exc: ApiError | RuleViolation) -> tuple[int, str, Problem]:
    """(status, field, problem) of a refusal from a service or a model."""
    where, message = problem(exc)
    error = rule_error(exc) if isinstance(exc, RuleViolation) else exc
    headline = HEADLINES.get(error.code)
    shown = Problem(gettext_for(request)(headline), message, error.code) if headline else Problem(
        message, "", error.code)
    return error.status, where, shown


def form_int(value: Any) -> int | None:
    raw = str(value or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 10 and 1 <= int(raw) <= MAX_ID else None


def form_day(value: Any) -> date | None:
    """A date the scheduler can reason about: far years would overflow its day arithmetic."""
    try:
        day = date.fromisoformat(str(value or ""))
    except ValueError:
        return None
    return day if YEARS[0] <= day.year <= YEARS[1] else None


def form_id(value: Any) -> int | str:
    """An id for a model: the number when it is one, else the text for pydantic to refuse."""
    number = form_int(value)
    return number if number is not None else str(value)


def form_model(
    model: type[BaseModel], data: dict[str, Any]
) -> tuple[BaseModel | None, dict[str, str]]:
    """Validate like the API does; errors keyed by field for the template."""
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        error = validation_error(exc)
        return None, {error.field or "_": error.message}


def problem(exc: ApiError | RuleViolation) -> tuple[str, str]:
    """(field, message) of an error, for showing it next to the form."""
    error = rule_error(exc) if isinstance(exc, RuleViolation) else exc
    return error.field or "_", error.message
