"""What the pages' forms share: reading posted numbers and dates, validating like the API,
and showing a refusal next to the field it concerns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, ImmutableMultiDict
from starlette.requests import Request

from visits.contract.fields import schedulable
from visits.edge.errors import Refusal, outcome, validation_error
from visits.errors import InvalidInput
from visits.pages.i18n import translations
from visits.pages.web import language_of
from visits.services.refusals import describe
from visits.wording import headline

MAX_ID = 2**31 - 1
Data = FormData | ImmutableMultiDict[str, Any]


@dataclass(frozen=True)
class Problem:
    """An error shown next to a field: a headline, and the sentence that says why."""

    message: str
    detail: str = ""
    code: str = ""


def gettext_for(request: Request) -> Any:
    return translations(language_of(request)).gettext


async def refusal(request: Request, exc: Refusal) -> tuple[int, str, Problem]:
    """(status, field, problem) of a refusal from a service or a model, in the page's
    language: the rule's gist as the headline and the sentence naming what it concerns."""
    lang = language_of(request)
    status, code, field = outcome(exc)
    sentence = await describe(exc, lang, request.app.state.settings.timezone, with_field=False)
    gist = headline(code, lang)
    shown = (Problem(gist, sentence, code) if gist and gist != sentence
             else Problem(sentence, "", code))
    return status, field or "_", shown


async def said(request: Request, exc: Refusal) -> str:
    """Just the sentence, in the page's language, for a form field."""
    return await describe(exc, language_of(request), request.app.state.settings.timezone,
                          with_field=False)


def form_int(value: Any) -> int | None:
    raw = str(value or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 10 and 1 <= int(raw) <= MAX_ID else None


def form_day(value: Any) -> date | None:
    """A date the scheduler can reason about: far years would overflow its day arithmetic."""
    try:
        day = date.fromisoformat(str(value or ""))
    except ValueError:
        return None
    return day if schedulable(day) else None


def form_number(value: str) -> float | str | None:
    """A decimal (a coordinate) for a model: None when left empty, the text for pydantic to
    refuse when it is no number."""
    try:
        return float(value) if value else None
    except ValueError:
        return value


def form_id(value: Any) -> int | str:
    """An id for a model: the number when it is one, else the text for pydantic to refuse."""
    number = form_int(value)
    return number if number is not None else str(value)


def form_model(
    model: type[BaseModel], data: dict[str, Any]
) -> tuple[BaseModel | None, InvalidInput | None]:
    """Validate like the API does: the model, or the first refusal (with its field)."""
    try:
        return model.model_validate(data), None
    except ValidationError as exc:
        return None, validation_error(exc)
