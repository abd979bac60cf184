"""Hosts' own calendars by API (SPEC §7.7): GET and PUT the list, POST …/refresh."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from visits.api.endpoint import api_route
from visits.auth import Principal
from visits.contract.calendars import CalendarLinks, CalendarOut
from visits.services import calendars
from visits.services.calendars import CalendarState
from visits.wording import reader_language
from visits.wording.calendars import calendar_problem

ANYONE = ("officer", "host")


def calendar_out(state: CalendarState, lang: str) -> CalendarOut:
    row = state.calendar
    code = row.error_code or None
    return CalendarOut(
        id=row.id, kind=row.kind, url=row.url, username=row.username,
        share_titles=row.share_titles, status=row.status,  # type: ignore[arg-type]
        last_read=row.last_read, error_code=code,
        error=calendar_problem(code, "ko" if lang == "ko" else "en") if code else None,
        stale=state.stale, busy_count=state.busy_count)


def _answer(request: Request, states: list[CalendarState]) -> list[CalendarOut]:
    lang = reader_language(request.headers.get("accept-language"))
    return [calendar_out(s, lang) for s in states]


async def get_calendars(request: Request, who: Principal, id: int) -> list[CalendarOut]:
    settings = request.app.state.settings
    return _answer(request, await calendars.host_calendars(who, id, settings))


async def put_calendars(request: Request, who: Principal, id: int,
                        body: CalendarLinks) -> list[CalendarOut]:
    settings = request.app.state.settings
    return _answer(request, await calendars.link_calendars(who, id, body.root, settings))


async def refresh_calendars(request: Request, who: Principal, id: int) -> list[CalendarOut]:
    settings = request.app.state.settings
    return _answer(request, await calendars.refresh_calendars(who, id, settings))


def routes() -> list[Route]:
    path = "/api/hosts/{id:int}/calendars"
    return [
        api_route("GET", path, get_calendars, roles=ANYONE, response=CalendarOut,
                  response_list=True, summary="A host's linked calendars (officer or that host)",
                  errors=(403, 404)),
        api_route("PUT", path, put_calendars, roles=ANYONE, body=CalendarLinks,
                  response=CalendarOut, response_list=True,
                  summary="Replace a host's linked calendars (ICS or CalDAV; passwords are "
                          "never returned)", errors=(403, 404, 422)),
        api_route("POST", path + "/refresh", refresh_calendars, roles=ANYONE,
                  response=CalendarOut, response_list=True,
                  summary="Read a host's calendars now", errors=(403, 404)),
    ]
