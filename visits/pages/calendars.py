"""Linking a host's own calendars from the pages (SPEC §7.7): the host at /calendars, the
officer at /hosts/{id}/calendars; both through `services.calendars`, like the API."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.contract.calendars import CalendarLink
from visits.domain import RuleViolation
from visits.errors import ApiError, Forbidden
from visits.pages.forms import form_model, gettext_for, refusal
from visits.pages.web import flash, language_of, page_route, read_form, redirect, render
from visits.services import calendars, hosts
from visits.services.calendar_reading import read_calendar
from visits.services.calendars import CalendarState
from visits.wording.calendars import calendar_problem, stale_calendar

HOST = ("host",)
OFFICER = ("officer",)


def _own(who: Principal) -> int:
    if who.host_id is None:
        raise Forbidden("Your account is not linked to a host: ask the protocol office.")
    return who.host_id


def _base(who: Principal, host_id: int) -> str:
    return "/calendars" if not who.is_officer else f"/hosts/{host_id}/calendars"


async def _page(request: Request, who: Principal, host_id: int, typed: dict[str, Any] | None
                = None, problem: Any = None, status: int = 200) -> Response:
    settings = request.app.state.settings
    host = await hosts.get_host(host_id)
    states = await calendars.host_calendars(who, host_id, settings)
    lang = "ko" if language_of(request) == "ko" else "en"
    return render(request, "pages/host/calendars.html", status=status, host=host,
                  states=states, base=_base(who, host_id), typed=typed or {}, problem=problem,
                  reason=lambda code: calendar_problem(code, lang),
                  stale_note=stale_calendar(settings.calendars.stale_hours, lang),
                  refresh_min=settings.calendars.refresh_min)


def _link_of(form: Any) -> dict[str, Any]:
    return {"kind": "caldav" if form.get("kind") == "caldav" else "ics",
            "url": str(form.get("url") or "").strip(),
            "username": str(form.get("username") or "").strip(),
            "password": str(form.get("password") or ""),
            "share_titles": form.get("share_titles") == "on"}


def _kept(states: list[CalendarState], dropped: int | None = None) -> list[CalendarLink]:
    """The links already made, sent again as they are (their passwords stay stored)."""
    return [CalendarLink(kind=s.calendar.kind, url=s.calendar.url,  # type: ignore[arg-type]
                         username=s.calendar.username, share_titles=s.calendar.share_titles)
            for s in states if s.calendar.id != dropped]


async def _add(request: Request, who: Principal, host_id: int) -> Response:
    form = await read_form(request)
    typed = _link_of(form)
    settings = request.app.state.settings
    _ = gettext_for(request)
    try:
        new, invalid = form_model(CalendarLink, typed)
        if invalid is not None:
            raise invalid
        kept = _kept(await calendars.host_calendars(who, host_id, settings))
        assert isinstance(new, CalendarLink)
        states = await calendars.link_calendars(who, host_id, [*kept, new], settings)
    except (ApiError, RuleViolation) as exc:
        status, _field, shown = await refusal(request, exc)
        if status in (403, 404):
            raise
        return await _page(request, who, host_id, {**typed, "password": ""}, shown, status)
    await read_calendar(states[-1].calendar.id, settings)
    flash(request, _("The calendar is linked."))
    return redirect(_base(who, host_id))


async def _remove(request: Request, who: Principal, host_id: int, calendar_id: int) -> Response:
    await read_form(request)
    settings = request.app.state.settings
    kept = _kept(await calendars.host_calendars(who, host_id, settings), calendar_id)
    await calendars.link_calendars(who, host_id, kept, settings)
    flash(request, gettext_for(request)("The calendar is unlinked."))
    return redirect(_base(who, host_id))


async def _refresh(request: Request, who: Principal, host_id: int) -> Response:
    await read_form(request)
    await calendars.refresh_calendars(who, host_id, request.app.state.settings)
    flash(request, gettext_for(request)("Your calendars were read just now."))
    return redirect(_base(who, host_id))


async def own_page(request: Request, who: Principal) -> Response:
    return await _page(request, who, _own(who))


async def own_add(request: Request, who: Principal) -> Response:
    return await _add(request, who, _own(who))


async def own_remove(request: Request, who: Principal, calendar_id: int) -> Response:
    return await _remove(request, who, _own(who), calendar_id)


async def own_refresh(request: Request, who: Principal) -> Response:
    return await _refresh(request, who, _own(who))


async def host_page(request: Request, who: Principal, id: int) -> Response:
    return await _page(request, who, id)


async def host_add(request: Request, who: Principal, id: int) -> Response:
    return await _add(request, who, id)


async def host_remove(request: Request, who: Principal, id: int, calendar_id: int) -> Response:
    return await _remove(request, who, id, calendar_id)


async def host_refresh(request: Request, who: Principal, id: int) -> Response:
    return await _refresh(request, who, id)


def routes() -> list[Route]:
    post = ("POST",)
    officer = "/hosts/{id:int}/calendars"
    return [
        page_route("/calendars", own_page, roles=HOST),
        page_route("/calendars", own_add, roles=HOST, methods=post),
        page_route("/calendars/refresh", own_refresh, roles=HOST, methods=post),
        page_route("/calendars/{calendar_id:int}/remove", own_remove, roles=HOST, methods=post),
        page_route(officer, host_page, roles=OFFICER),
        page_route(officer, host_add, roles=OFFICER, methods=post),
        page_route(officer + "/refresh", host_refresh, roles=OFFICER, methods=post),
        page_route(officer + "/{calendar_id:int}/remove", host_remove, roles=OFFICER,
                   methods=post),
    ]
