"""The officer's visit requests (SPEC §7.2): the inbox of requests, new ones first, with
the room each wished facility has on each wished date; one request whole; making its
delegation (then the visit builder or the day planner, pre-filled); declining it.

Pages call the services the API calls (`services.requests`, `request_views`), so a page
and an integration see the same rules and the same refusals, said in the interface
language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.contract.fields import as_given
from visits.contract.requests import DeclineBody, RequestListQuery, RequestOut
from visits.errors import ApiError
from visits.models import FACILITY_KINDS, VisitRequest
from visits.pages.catalog_forms import KIND_NAMES
from visits.pages.forms import form_model, gettext_for, said
from visits.pages.i18n import translations
from visits.pages.text import clock, country_name, language_name, role_name, text
from visits.pages.web import (
    babel_locale,
    flash,
    language_of,
    page_route,
    read_form,
    redirect,
    render,
)
from visits.services import requests as visit_requests
from visits.services.request_views import DayRoom, describe_request, summarise_requests
from visits.wording.messages import STATUS_WORDS

OFFICER = ("officer",)
TAB_STATUSES = ("new", "in_review", "proposed", "changes_requested", "confirmed", "declined",
                "withdrawn")
CLOSED = ("confirmed", "declined", "withdrawn")
INBOX_PAGE = 20  # requests the inbox shows at once (the API's list shows 50)
NAMED_ROOMS = 3  # facilities named per wished date in the inbox; the rest on the request's page


def status_word(status: str, lang: str) -> str:
    """A request's status in words (the same words as refusals use), capitalised."""
    word = STATUS_WORDS.get(lang, STATUS_WORDS["en"]).get(status, status)
    return word[:1].upper() + word[1:]


def _helpers(request: Request) -> dict[str, Any]:
    lang = language_of(request)
    return {
        "country": lambda code: country_name(code, lang),
        "language_name": lambda tag: language_name(tag, lang),
        "request_status_label": lambda status: status_word(status, lang),
        "role_label": lambda role: role_name(role, lang),
    }


@dataclass(frozen=True)
class InboxDay:
    """One wished date in the inbox: `room` is "all", "none", "some" or "" (no facility
    wished); `named`: facility names with their room when "some"; `more`: the rest in words."""
    choice: str
    when: str
    room: str
    named: list[tuple[str, bool]]
    more: str


@dataclass(frozen=True)
class InboxRow:
    """One request as the inbox shows it, every word already said."""
    id: int
    organisation: str
    city: str
    country: str
    size: str
    days: list[InboxDay]
    interpreter: str
    received: str
    status: str
    status_word: str


async def inbox(request: Request, who: Principal) -> Response:
    params = dict(request.query_params)
    params.setdefault("limit", str(INBOX_PAGE))
    query, refused = form_model(RequestListQuery, params)
    if refused is not None:
        raise refused
    assert isinstance(query, RequestListQuery)
    page = await visit_requests.list_requests(query.status, query.limit, query.cursor)
    settings = request.app.state.settings
    rooms = await summarise_requests(settings, page.items, request.app.state.room_cache,
                                     NAMED_ROOMS)
    lang = language_of(request)
    _ = gettext_for(request)
    rows = [_row(item, rooms[item.id], lang, settings) for item in page.items]
    tabs = [("", _("All requests")), *((s, status_word(s, lang)) for s in TAB_STATUSES)]
    return render(request, "pages/requests/index.html", rows=rows, next=page.next,
                  current=query.status or "", limit=query.limit, tabs=tabs)


def _row(item: VisitRequest, days: list[DayRoom], lang: str, settings: Any) -> InboxRow:
    t = translations(lang)
    locale = babel_locale(lang)
    received = item.created_at.astimezone(settings.timezone)
    people = t.ngettext("%(num)d person", "%(num)d people", item.size)
    return InboxRow(
        id=item.id, organisation=text(as_given(item.organisation), lang), city=item.city,
        country=country_name(item.country, lang), size=people % {"num": item.size},
        days=[_day(n, day, lang, t, locale) for n, day in enumerate(days, 1)],
        interpreter=t.gettext("Needed") if item.interpreter_needed else t.gettext("Not needed"),
        received=f"{format_date(received.date(), 'medium', locale=locale)} "
                 f"{clock(item.created_at, settings)}",
        status=item.status, status_word=status_word(item.status, lang))


def _day(n: int, day: DayRoom, lang: str, t: Any, locale: Any) -> InboxDay:
    room = ("" if not day.wished else "all" if day.all_room else "none" if day.no_room
            else "some")
    more = (t.ngettext("and %(num)d more facility", "and %(num)d more facilities", day.more)
            % {"num": day.more}) if day.more and room == "some" else ""
    return InboxDay(choice=t.gettext("Choice %(num)d") % {"num": n},
                    when=format_date(day.date, "full", locale=locale), room=room,
                    named=[(text(name, lang), has) for name, has in day.named]
                    if room == "some" else [], more=more)


async def show(request: Request, who: Principal, id: int) -> Response:
    return await _show(request, await _described(request, id))


async def _described(request: Request, request_id: int) -> RequestOut:
    return await describe_request(request.app.state.settings,
                                  await visit_requests.get_request(request_id))


async def _show(request: Request, item: RequestOut, status: int = 200, **extra: Any
                ) -> Response:
    context = {"problem": None, "reason": "", "reason_error": None, **extra}
    return render(
        request, "pages/requests/show.html", status=status, item=item,
        interests=_interest_words(request, item), builder_url=builder_url(item),
        can_make=item.delegation_id is None and item.status not in CLOSED,
        can_decline=item.status not in CLOSED, **_helpers(request), **context)


def _interest_words(request: Request, item: RequestOut) -> list[str]:
    """Kinds in words, facilities by name (as the availability names them)."""
    _ = gettext_for(request)
    lang = language_of(request)
    names = {place.code: place.name for day in item.availability for place in day.facilities}
    return [_(KIND_NAMES[i]) if i in FACILITY_KINDS else text(names.get(i, i), lang)
            for i in item.interests]


def builder_url(item: RequestOut, *, propose: bool = False) -> str:
    """The visit builder for the request's delegation on its first wished date, the wished
    facilities ticked (`propose`: the day planner proposes the day at once)."""
    first = item.availability[0] if item.availability else None
    params: list[tuple[str, Any]] = [("delegation", item.delegation_id or "")]
    if first is not None:
        params.append(("date", first.date.isoformat()))
        params += [("facility", place.facility_id) for place in first.facilities]
    if propose:
        params.append(("propose", 1))
    return "/visits/new?" + urlencode(params)


async def make_delegation(request: Request, who: Principal, id: int) -> Response:
    form = await read_form(request)
    try:
        delegation = await visit_requests.make_delegation(who, id)
    except ApiError as exc:
        item = await _described(request, id)
        return await _show(request, item, exc.status, problem=await said(request, exc))
    _ = gettext_for(request)
    flash(request, _("The delegation “%(name)s” was made from the request.")
          % {"name": text(delegation.name, language_of(request))})
    item = await _described(request, id)
    return redirect(builder_url(item, propose=form.get("then") == "planner"))


async def decline(request: Request, who: Principal, id: int) -> Response:
    form = await read_form(request)
    reason = str(form.get("reason", ""))
    body, refused = form_model(DeclineBody, {"reason": reason})
    _ = gettext_for(request)
    if refused is not None:
        shown = (_("Give the reason for declining: the contact reads it.")
                 if not reason.strip() else await said(request, refused))
        return await _show(request, await _described(request, id), 422, reason=reason,
                           reason_error=shown)
    assert isinstance(body, DeclineBody)
    try:
        await visit_requests.decline_request(request.app.state.settings, who, id, body.reason)
    except ApiError as exc:
        return await _show(request, await _described(request, id), exc.status,
                           problem=await said(request, exc), reason=reason)
    flash(request, _("The request was declined; its contact has been told why."))
    return redirect(f"/requests/{id}")


def routes() -> list[Route]:
    one = "/requests/{id:int}"
    return [
        page_route("/requests", inbox, roles=OFFICER),
        page_route(one, show, roles=OFFICER),
        page_route(one + "/delegation", make_delegation, roles=OFFICER, methods=("POST",)),
        page_route(one + "/decline", decline, roles=OFFICER, methods=("POST",)),
    ]
