"""The host's pages: the inbox of requested stops, their hours, their calendar feed.

Answers and hours go through the same services (and the API's `Decline` and
`HostAvailability` models) as the JSON API, so a host can do here exactly what the API allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from babel.dates import get_day_names
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.answer_links import answer_token, answer_url
from visits.auth import Principal
from visits.contract.booking import Decline
from visits.contract.catalog import HostAvailability
from visits.contract.fields import schedulable
from visits.domain import RuleViolation
from visits.edge.downloads import download
from visits.edge.hosts import public_base
from visits.errors import ApiError, Forbidden
from visits.models import Host
from visits.pages.forms import Problem, form_model, gettext_for, refusal, said
from visits.pages.text import country_name
from visits.pages.web import flash, language_of, page_route, read_form, redirect, render
from visits.services import documents, hosts, overview, protocol_documents, visits

HOST = ("host",)
HOST_OR_OFFICER = ("host", "officer")
WINDOWS_SHOWN = 2  # a morning and an afternoon window per weekday, at least
BLANK_TIME_OFF_ROWS = 3
UPCOMING_DAYS = 366  # the inbox lists accepted stops of the coming year
MAX_ROWS = 200  # more rows than anyone types: a bound on what a post may make us parse
INBOX_PAGE = 20  # stops shown at once in each of the inbox's lists


# --- the inbox -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A decline the host typed, kept when it is refused, with what was wrong."""

    reason: str = ""
    error: Problem | None = None


async def _inbox(request: Request, who: Principal, answers: dict[int, Answer] | None = None,
                 general: Problem | None = None, status: int = 200) -> Response:
    """A page of each list (issue 15): a host asked for hundreds of stops sees the soonest
    `INBOX_PAGE`, how many there are, and a link to the next ones."""
    params = request.query_params
    cursors = {name: params.get(name) or None for name in ("waiting", "coming")}
    requested = accepted = overview.HostStops([], None, 0)
    if who.host_id is not None:
        requested = await overview.host_stops(who.host_id, ("requested",), INBOX_PAGE,
                                              cursors["waiting"])
        accepted = await overview.host_stops(who.host_id, ("accepted",), INBOX_PAGE,
                                             cursors["coming"], days=UPCOMING_DAYS)
    answers = answers or {}
    shown = {s.id for s in requested.items}
    lost = [a.error for sid, a in answers.items() if sid not in shown and a.error]
    lang = language_of(request)
    secret = request.app.state.settings.secret_key
    # Each stop's answer page, where the host may also propose another time.
    answer_pages = {s.id: answer_url("", answer_token(secret, s.id, s.sequence, s.host_id))  # type: ignore[attr-defined]
                    for s in requested.items}
    return render(request, "pages/host/inbox.html", status=status, requested=requested,
                  answer_pages=answer_pages,
                  accepted=accepted, answers=answers, general=general or next(iter(lost), None),
                  linked=who.host_id is not None, paged=any(cursors.values()),
                  next_waiting=_inbox_url(cursors, waiting=requested.next),
                  next_coming=_inbox_url(cursors, coming=accepted.next),
                  country=lambda code: country_name(code, lang))


def _inbox_url(cursors: dict[str, str | None], **following: str | None) -> str | None:
    """The inbox with one list moved on to its next page, the other kept where it is."""
    if not any(following.values()):
        return None
    kept = {name: value for name, value in {**cursors, **following}.items() if value}
    return "/inbox?" + urlencode(kept)


async def inbox(request: Request, who: Principal) -> Response:
    return await _inbox(request, who)


async def accept(request: Request, who: Principal, stop_id: int) -> Response:
    await read_form(request)
    try:
        await visits.answer_stop(who, stop_id, accept=True)
    except ApiError as exc:
        if exc.status in (403, 404):
            raise
        status, _, shown = await refusal(request, exc)
        return await _inbox(request, who, {stop_id: Answer(error=shown)}, status=status)
    _ = gettext_for(request)
    flash(request, _("Accepted. The protocol office sees your answer."))
    return redirect("/inbox")


async def decline(request: Request, who: Principal, stop_id: int) -> Response:
    form = await read_form(request)
    reason = str(form.get("reason", ""))
    body, invalid = form_model(Decline, {"reason": reason})
    _ = gettext_for(request)
    if body is None:
        message = _("Give a reason, so the protocol officer can plan again.")
        assert invalid is not None
        answer = Answer(reason, Problem(message, await said(request, invalid), "invalid"))
        return await _inbox(request, who, {stop_id: answer}, status=422)
    assert isinstance(body, Decline)
    try:
        await visits.answer_stop(who, stop_id, accept=False, reason=body.reason)
    except ApiError as exc:
        if exc.status in (403, 404):
            raise
        status, _, shown = await refusal(request, exc)
        return await _inbox(request, who, {stop_id: Answer(reason, shown)}, status=status)
    flash(request, _("Declined. The protocol office sees your answer and reason."))
    return redirect("/inbox")


async def briefing(request: Request, who: Principal, stop_id: int) -> Response:
    """The stop's briefing PDF for a signed-in host (theirs only) or officer: the link in
    the inbox and in the request mail, which opens after signing in."""
    stop = await protocol_documents.briefing_stop(who, stop_id)
    return download(request, await protocol_documents.briefing(
        request.app.state.settings, request.app.state.renderer, stop))


# --- hours, time off and the calendar feed -------------------------------------------------


@dataclass
class HoursForm:
    """The availability form as typed: weekday → windows ("HH:MM", "HH:MM"); time off rows
    as datetime-local text in the organisation's time zone."""

    weekly: dict[int, list[tuple[str, str]]]
    time_off: list[tuple[str, str]]
    errors: dict[str, Problem] = field(default_factory=dict)


def _hours_of(host: Host, tz: Any) -> HoursForm:
    weekly: dict[int, list[tuple[str, str]]] = {d: [] for d in range(7)}
    for window in sorted(host.weekly, key=lambda w: (w["weekday"], w["start"])):
        weekly[window["weekday"]].append((window["start"], window["end"]))
    periods = sorted(host.time_off, key=lambda t: t.start)
    time_off = [(f"{t.start.astimezone(tz):%Y-%m-%dT%H:%M}",
                 f"{t.end.astimezone(tz):%Y-%m-%dT%H:%M}") for t in periods]
    return HoursForm(weekly, time_off)


def _rows(form: FormData, prefix: str) -> list[tuple[str, str]]:
    rows = []
    for n in range(MAX_ROWS):
        if f"{prefix}{n}_start" not in form:
            break
        rows.append((str(form.get(f"{prefix}{n}_start", "")).strip(),
                     str(form.get(f"{prefix}{n}_end", "")).strip()))
    return rows


def _posted_hours(form: FormData) -> HoursForm:
    return HoursForm({d: _rows(form, f"w{d}_") for d in range(7)}, _rows(form, "off"))


def _aware(value: str, tz: Any) -> str | None:
    """A datetime-local value in the organisation's zone; None unless a sane date and time."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=tz).isoformat() if schedulable(moment.date()) else None


def _availability_data(hours: HoursForm, tz: Any, _: Any) -> tuple[dict[str, Any], list[str]]:
    """The `HostAvailability` body, and the form row each of its items came from."""
    weekly, time_off, origin_w, origin_t = [], [], [], []
    half = Problem(_("Give both a start and an end, or leave both empty."))
    for day, windows in hours.weekly.items():
        for start, end in windows:
            if start or end:
                if not (start and end):
                    hours.errors[f"w{day}"] = half
                weekly.append({"weekday": day, "start": start, "end": end})
                origin_w.append(f"w{day}")
    for n, (start, end) in enumerate(hours.time_off):
        if start or end:
            period = {"start": _aware(start, tz), "end": _aware(end, tz)}
            if not (start and end):
                hours.errors[f"off{n}"] = half
            elif None in period.values():
                hours.errors[f"off{n}"] = Problem(_("Give a date and a time."))
            time_off.append(period)
            origin_t.append(f"off{n}")
    return {"weekly": weekly, "time_off": time_off}, origin_w + origin_t


def _row_of(where: str, origins: list[str], weekly_count: int) -> str:
    found = re.match(r"(weekly|time_off)\[(\d+)\]", where)
    if not found:
        return "_"
    index = int(found.group(2)) + (weekly_count if found.group(1) == "time_off" else 0)
    return origins[index] if index < len(origins) else "_"


async def _availability(request: Request, who: Principal, hours: HoursForm | None = None,
                        status: int = 200) -> Response:
    if who.host_id is None:
        raise Forbidden("Your account is not linked to a host: ask the protocol office.")
    settings = request.app.state.settings
    host = await hosts.get_host(who.host_id)
    hours = hours or _hours_of(host, settings.timezone)
    feed_url = await documents.feed_url(settings, public_base(request), host.id)
    lang = language_of(request)
    return render(
        request, "pages/host/availability.html", status=status, host=host, hours=hours,
        day_names=get_day_names("wide", locale=lang), windows_shown=WINDOWS_SHOWN,
        blank_rows=BLANK_TIME_OFF_ROWS, feed_url=feed_url,
        webcal_url=re.sub(r"^https?://", "webcal://", feed_url), tz_name=settings.timezone.key,
    )


async def availability(request: Request, who: Principal) -> Response:
    return await _availability(request, who)


async def save_availability(request: Request, who: Principal) -> Response:
    form = await read_form(request)
    if who.host_id is None:
        raise Forbidden("Your account is not linked to a host: ask the protocol office.")
    tz, _ = request.app.state.settings.timezone, gettext_for(request)
    hours = _posted_hours(form)
    data, origins = _availability_data(hours, tz, _)
    if hours.errors:
        return await _availability(request, who, hours, 422)
    body, invalid = form_model(HostAvailability, data)
    try:
        if invalid is not None:
            raise invalid
        assert isinstance(body, HostAvailability)
        await hosts.set_availability(who, who.host_id, body)
    except (ApiError, RuleViolation) as exc:
        status, where, shown = await refusal(request, exc)
        if status in (403, 404):
            raise
        hours.errors[_row_of(where, origins, len(data["weekly"]))] = shown
        return await _availability(request, who, hours, status)
    flash(request, _("Your hours are saved."))
    return redirect("/availability")


def routes() -> list[Route]:
    post = ("POST",)
    return [
        page_route("/inbox", inbox, roles=HOST),
        page_route("/inbox/stops/{stop_id:int}/accept", accept, roles=HOST, methods=post),
        page_route("/inbox/stops/{stop_id:int}/decline", decline, roles=HOST, methods=post),
        page_route("/stops/{stop_id:int}/briefing.pdf", briefing, roles=HOST_OR_OFFICER),
        page_route("/availability", availability, roles=HOST),
        page_route("/availability", save_availability, roles=HOST, methods=post),
    ]
