"""The public request form (SPEC §7.2): `GET /request?lang=`, `POST /request`, and the
thank-you page `GET /request/sent?lang=`.

The form is what `POST /api/requests` takes, form-encoded: the same model (`RequestCreate`),
the same service and the same rate limit, so there is one set of rules. A refusal comes
back as the form with every value kept, each message beside its field and all of them at
the top, in the visitor's language beside Korean.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import format_timedelta
from markupsafe import Markup
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from itineraries.labels import babel_locale
from visits.auth import Principal
from visits.contract.requests import RequestCreate
from visits.edge.errors import validation_errors
from visits.edge.hosts import public_base
from visits.edge.public_limits import client_address
from visits.errors import ApiError, Forbidden, TooManyRequests
from visits.pages.catalog_forms import Draft
from visits.pages.request_form import (
    DATE_LABELS,
    ROLES,
    Values,
    countries,
    facility_choices,
    input_of,
    kind_choices,
    languages_offered,
    member_rows,
    read_values,
    request_data,
)
from visits.pages.request_labels import field_title, language_example
from visits.pages.visitor_frame import render_visitor, visitor_language
from visits.pages.visitor_i18n import pair, say
from visits.pages.web import check_csrf, page_route, read_unchecked_form, redirect
from visits.services import facilities
from visits.services import requests as visit_requests
from visits.wording.visitor_refusals import refusal_of
from visits.wording.visitor_text import V_, VisitorText

FORM = "visitor/request_form.html"
SENT = "visitor/request_sent.html"
# Where the tracking link waits for the thank-you page (see `send_request`).
SENT_LINK = "request_link"
REFUSED = V_("The request was not sent. Please correct the following:")
Refusal = tuple[str, VisitorText]  # (input name, or "_" for the whole form; message)


def fid(name: str) -> str:
    """An element id from an input name: "members[2].rank" → "f-members-2-rank"."""
    return "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-")


async def request_form(request: Request, who: Principal | None) -> Response:
    lang = visitor_language(request)
    values: Values = {"language": lang, "interests": []}
    return await show_form(request, lang, values, member_rows(values))


async def show_form(request: Request, lang: str, values: Values, rows: int,
                    refusals: Sequence[Refusal] = (), status: int = 200,
                    retry_after: int | None = None) -> Response:
    """The form as typed, with the refusals beside their inputs and listed at the top."""
    places = await facilities.list_facilities()
    errors, summary = _placed_refusals(refusals, lang)
    settings = request.app.state.settings
    page = render_visitor(
        request, FORM, lang, status=status, values=values, errors=errors, summary=summary,
        refused_title=pair(REFUSED, lang), member_rows=rows, fid=fid,
        countries=countries(lang), languages_offered=languages_offered(lang),
        roles=[(value, say(name, lang)) for value, name in ROLES.items()],
        kinds=kind_choices(places), facilities=facility_choices(places, lang),
        date_labels=DATE_LABELS, language_example=language_example(lang),
        today=datetime.now(settings.timezone).date().isoformat(),
    )
    if retry_after is not None:
        page.headers["Retry-After"] = str(retry_after)
    return page


def _placed_refusals(refusals: Sequence[Refusal], lang: str
                     ) -> tuple[dict[str, Markup], list[tuple[str | None, str, Markup]]]:
    """(input → its message, [(anchor, what the form calls the input, message)]): the first
    message of each input beside it, every one at the top, linked to its input when the
    form shows one."""
    errors: dict[str, Markup] = {}
    summary = []
    for where, text in refusals:
        message = pair(text, lang)
        if where != "_":
            errors.setdefault(where, message)
        title = field_title(where, lang)
        summary.append((fid(where) if title else None, title, message))
    return errors, summary


async def send_request(request: Request, who: Principal | None) -> Response:
    lang = visitor_language(request)
    form = await read_unchecked_form(request)
    values = read_values(form)
    trap = values.pop("website", "")  # never shown again: a person's browser may fill it
    adding = form.get("action") == "add_member"
    rows = member_rows(values, adding=adding)
    try:
        check_csrf(request, form)
    except Forbidden as exc:  # an old form: nothing done, what was typed kept
        return await show_form(request, lang, values, rows, [_placed(exc, Draft())], 403)
    if adding:
        return await show_form(request, lang, values, rows)
    sent = await _submit(request, request_data({**values, "website": trap}, lang), lang)
    if isinstance(sent, Refused):
        return await show_form(request, lang, values, rows, sent.refusals, sent.status,
                               sent.retry_after)
    # Post → redirect → get: reloading the thank-you page sends nothing twice. The secret
    # link waits in the visitor's own session (a server-side row, never a URL or a log) and
    # is shown once: the thank-you page takes it out.
    request.session[SENT_LINK] = sent
    return redirect(f"/request/sent?lang={lang}")


@dataclass(frozen=True)
class Refused:
    status: int
    refusals: list[Refusal]
    retry_after: int | None = None


async def _submit(request: Request, draft: Draft, lang: str) -> str | Refused:
    """The tracking link of the request made, or why none was: the contract's model first
    (every refusal at once), then the service (the rate limit, the robots' field, dates
    and interests it checks)."""
    try:
        body = RequestCreate.model_validate(draft.data)
    except ValidationError as exc:
        return Refused(422, [_placed(error, draft) for error in validation_errors(exc)])
    try:
        _created, url = await visit_requests.submit_request(
            request.app.state.settings, public_base(request), body,
            client_address=client_address(request), form_language=lang)
    except TooManyRequests as exc:
        seconds = exc.retry_after or 1
        wait = refusal_of(exc, wait=lambda tag: _wait_in_words(seconds, tag))[1]
        return Refused(429, [("_", wait)], seconds)
    except ApiError as exc:
        return Refused(exc.status, [_placed(exc, draft)])
    return url


def _placed(error: ApiError, draft: Draft) -> Refusal:
    """The refusal's message and the input it is shown beside ("_": only at the top, as
    for the robots' field, which people never see)."""
    field, text = refusal_of(error)
    where = input_of(field, draft) if field else "_"
    return ("_" if where == "website" else where), text


def _wait_in_words(seconds: int, lang: str) -> str:
    """"in 50 minutes", "50 分後", "через 50 минут": the wait as the language says it."""
    return format_timedelta(timedelta(seconds=seconds), threshold=2, add_direction=True,
                            locale=babel_locale(lang))


async def request_sent(request: Request, who: Principal | None) -> Response:
    lang = visitor_language(request)
    url = request.session.pop(SENT_LINK, None)
    return render_visitor(request, SENT, lang, url=url if isinstance(url, str) else None)


def routes() -> list[Route]:
    return [
        page_route("/request", request_form, roles=None),
        page_route("/request", send_request, roles=None, methods=("POST",)),
        page_route("/request/sent", request_sent, roles=None),
    ]
