"""The officer's event planner: many delegations over the days of an event (a WeGO-style
steering committee), planned as a job (`visits.pages.event_jobs` shows it growing) and
booked all or nothing.

The plan comes back to the browser as the JSON of its bookable visits in a hidden field.
That field is user input like any other: on booking it is validated with the API's
`EventBooking` model and every rule is checked again by `create_visits`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from babel.numbers import format_decimal
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.contract.planning import EventBooking, EventPlanRequest
from visits.domain import RuleViolation
from visits.domain.eventplan.planner import EventPlan
from visits.edge.bodies import parse_json
from visits.edge.errors import validation_error
from visits.errors import ApiError, BadRequest
from visits.models import Delegation, Facility
from visits.pages.delegation_picker import query_of, row_choices
from visits.pages.forms import Problem, form_day, form_int, form_model, gettext_for, refusal, said
from visits.pages.text import text
from visits.pages.web import flash, language_of, page_route, read_form, redirect, render
from visits.services import MAX_ID, facilities, pages_queries, planning, visits

OFFICER = ("officer",)
MAX_DAYS = 5
MAX_ROWS = 20
FIRST_ROWS = 4
MORE_ROWS = 4
DEFAULT_LIMIT = 10
MAX_LIMIT = 60


# --- the form ------------------------------------------------------------------------------


@dataclass
class Row:
    """One delegation of the event and the facilities it wishes to see."""

    delegation: str = ""
    wishes: list[int] = field(default_factory=list)
    query: str = ""  # the search that lists the delegations to choose from


@dataclass
class EventForm:
    """What the officer typed, kept as typed so that a mistake can be shown beside it."""

    days: list[str] = field(default_factory=lambda: [""] * MAX_DAYS)
    rows: list[Row] = field(default_factory=lambda: [Row() for _ in range(FIRST_ROWS)])
    day_start: str = "09:00"
    day_end: str = "18:00"
    lunch_start: str = "12:00"
    lunch_end: str = "13:30"
    lunch_min: str = "60"
    no_lunch: bool = False
    max_group: str = ""
    time_limit: str = str(DEFAULT_LIMIT)


def _text(data: FormData, name: str, default: str = "") -> str:
    value = data.get(name, default)
    return value.strip()[:20] if isinstance(value, str) else default


def _read(data: FormData, *, more: bool = False) -> EventForm:
    days = [v.strip()[:20] for v in data.getlist("day") if isinstance(v, str)][:MAX_DAYS]
    days += [""] * (MAX_DAYS - len(days))
    count = form_int(data.get("rows")) or FIRST_ROWS
    rows = []
    for index in range(MAX_ROWS):
        wishes: list[int] = []
        for raw in data.getlist(f"wish_{index}"):
            fid = form_int(raw)
            if fid is not None and fid not in wishes:
                wishes.append(fid)
        rows.append(Row(_text(data, f"delegation_{index}"), wishes,
                        query_of(data.get(f"delegation_q_{index}"))))
    used = max((i + 1 for i, r in enumerate(rows) if r.delegation or r.wishes), default=0)
    shown = min(MAX_ROWS, max(count + (MORE_ROWS if more else 0), used, FIRST_ROWS))
    defaults = EventForm()
    return EventForm(
        days=days, rows=rows[:shown],
        day_start=_text(data, "day_start", defaults.day_start),
        day_end=_text(data, "day_end", defaults.day_end),
        lunch_start=_text(data, "lunch_start", defaults.lunch_start),
        lunch_end=_text(data, "lunch_end", defaults.lunch_end),
        lunch_min=_text(data, "lunch_min", defaults.lunch_min),
        no_lunch=data.get("no_lunch") == "1",
        max_group=_text(data, "max_group"),
        time_limit=_text(data, "time_limit", defaults.time_limit),
    )


def _clock(value: str) -> str | None:
    try:
        return f"{time.fromisoformat(value):%H:%M}"
    except ValueError:
        return None


def _minutes_between(start: str, end: str) -> int:
    (h1, m1), (h2, m2) = (map(int, start.split(":")), map(int, end.split(":")))
    return (h2 * 60 + m2) - (h1 * 60 + m1)


def _request_data(request: Request, form: EventForm, known: set[int],
                  errors: dict[str, Problem]) -> dict[str, Any]:
    """The EventPlanRequest's data; every mistake of the form goes to `errors`."""
    _ = gettext_for(request)
    days: list[date] = []
    for index, raw in enumerate(form.days):
        if not raw:
            continue
        day = form_day(raw)
        if day is None:
            errors[f"day_{index}"] = Problem(_("Give a date."))
        elif day not in days:
            days.append(day)
    if not days and not any(k.startswith("day_") for k in errors):
        errors["days"] = Problem(_("Give at least one day of the event."))
    wishes: list[dict[str, Any]] = []
    seen: set[int] = set()
    for index, row in enumerate(form.rows):
        if not row.delegation and not row.wishes:
            continue
        ident = form_int(row.delegation)
        if ident is None or ident not in known:
            errors[f"row_{index}"] = Problem(
                _("Choose a delegation for these wishes, or untick them."))
        elif ident in seen:
            errors[f"row_{index}"] = Problem(_("This delegation is already in the list."))
        elif not row.wishes:
            errors[f"row_{index}"] = Problem(_("Tick at least one facility it wishes to see."))
        else:
            seen.add(ident)
            wishes.append({"delegation_id": ident, "wishes": row.wishes})
    if not wishes and not any(k.startswith("row_") for k in errors):
        errors["delegations"] = Problem(_("Choose at least one delegation and its wishes."))
    start, end = _clock(form.day_start), _clock(form.day_end)
    if start is None or end is None or end <= start:
        errors["window"] = Problem(_("Give the day as two times, the end after the start."))
    data: dict[str, Any] = {"days": days, "delegations": wishes}
    if start and end and end > start:
        data.update(day_start=start, day_end=end)
    if not form.no_lunch:
        lunch_start, lunch_end = _clock(form.lunch_start), _clock(form.lunch_end)
        length = form_int(form.lunch_min) if len(form.lunch_min) < 5 else None
        if lunch_start is None or lunch_end is None or lunch_end <= lunch_start:
            errors["lunch"] = Problem(
                _("Give the lunch window as two times, the end after the start."))
        elif length is None or length > _minutes_between(lunch_start, lunch_end):
            errors["lunch"] = Problem(_("Lunch lasts at least a minute and fits in its window."))
        else:
            data["lunch"] = {"start": lunch_start, "end": lunch_end, "duration_min": length}
    if form.max_group:
        size = form_int(form.max_group)
        if size is None or size > 1000:
            errors["max_group"] = Problem(_("Give a whole number of people, or leave it empty."))
        else:
            data["max_group_size"] = size
    limit = form_int(form.time_limit)
    if limit is None or limit > MAX_LIMIT:
        errors["time_limit"] = Problem(
            _("Give a whole number of seconds from 1 to %(num)d.") % {"num": MAX_LIMIT})
    else:
        data["time_limit_s"] = float(limit)
    return data


def _field_of(where: str) -> str:
    """The model's field ("delegations[2].wishes", "lunch.end") → the form's."""
    found = re.match(r"delegations\[(\d+)\]", where)
    if found:
        return f"row_{found.group(1)}"
    for prefix, name in (("days", "days"), ("delegations", "delegations"), ("lunch", "lunch"),
                         ("day_", "window"),
                         ("max_group", "max_group"), ("time_limit", "time_limit")):
        if where.startswith(prefix):
            return name
    return "_"


# --- the result ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A line of a group's day: a stop (facility, host) or the lunch break."""

    start: datetime
    end: datetime
    facility: Any = None
    host: Any = None


@dataclass
class GroupDay:
    number: int
    party: int
    lines: list[Line] = field(default_factory=list)


@dataclass
class DelegationDay:
    delegation: Delegation
    day: date | None
    groups: list[GroupDay]
    wishes: list[Any]
    unmet: list[Any]

    @property
    def state(self) -> str:
        if not self.groups:
            return "unplanned"
        return "partial" if self.unmet else "complete"


@dataclass
class Outcome:
    """The plan in the page's terms, and the JSON of its visits for the booking form."""

    plan: EventPlan
    rows: list[DelegationDay]
    gap: float
    visits_json: str
    visit_count: int
    stop_count: int


async def plan_outcome(request: Request, plan: EventPlan, body: EventPlanRequest) -> Outcome:
    tz = request.app.state.settings.timezone
    places, people = await pages_queries.names_of(
        {f for d in body.delegations for f in d.wishes}, {s.host_id for s in plan.stops})
    found = {d.id: d for d in await Delegation.filter(
        id__in=[d.delegation_id for d in body.delegations])}
    groups: dict[tuple[int, int], GroupDay] = {}
    for stop in plan.stops:
        group = groups.setdefault((stop.delegation_id, stop.group),
                                  GroupDay(stop.group + 1, stop.party_size))
        group.lines.append(Line(stop.start.astimezone(tz), stop.end.astimezone(tz),
                                places.get(stop.facility_id), people.get(stop.host_id)))
    for lunch in plan.lunches:
        if (lunch.delegation_id, lunch.group) in groups:
            groups[(lunch.delegation_id, lunch.group)].lines.append(
                Line(lunch.start.astimezone(tz), lunch.end.astimezone(tz)))
    unmet: dict[int, list[Any]] = defaultdict(list)
    for delegation_id, facility_id in plan.unmet:
        unmet[delegation_id].append(places.get(facility_id))
    rows = []
    for wish in body.delegations:
        own = sorted((g for (d, _), g in groups.items() if d == wish.delegation_id),
                     key=lambda g: g.number)
        for group in own:
            group.lines.sort(key=lambda line: line.start)
        day = own[0].lines[0].start.date() if own and own[0].lines else None
        rows.append(DelegationDay(found[wish.delegation_id], day, own,
                                  [places.get(f) for f in wish.wishes],
                                  unmet[wish.delegation_id]))
    booking = planning.event_visits(plan)
    gap = (plan.bound - plan.objective) / plan.bound if plan.bound > 0 else 0.0
    return Outcome(
        plan, rows, max(0.0, gap),
        EventBooking.model_construct(visits=booking).model_dump_json() if booking else "",
        len(booking), sum(len(v.stops) for v in booking),
    )


def form_of(body: EventPlanRequest) -> EventForm:
    """The form that asks for `body` (a job's request), to change and plan again."""
    days = [d.isoformat() for d in body.days][:MAX_DAYS]
    rows = [Row(str(d.delegation_id), list(d.wishes)) for d in body.delegations][:MAX_ROWS]
    rows += [Row() for _ in range(FIRST_ROWS - len(rows))]
    form = EventForm(days=days + [""] * (MAX_DAYS - len(days)), rows=rows,
                     day_start=body.day_start, day_end=body.day_end,
                     max_group=str(body.max_group_size or ""),
                     time_limit=str(min(MAX_LIMIT, max(1, round(body.time_limit_s)))))
    if body.lunch is None:
        form.no_lunch = True
    else:
        form.lunch_start, form.lunch_end = body.lunch.start, body.lunch.end
        form.lunch_min = str(body.lunch.duration_min)
    return form


async def result_page(request: Request, body: EventPlanRequest, outcome: Outcome,
                      **context: Any) -> Response:
    """The events page with a job's plan, its request in the form to change."""
    return await _page(request, form_of(body), outcome=outcome, **context)


def quality(request: Request, outcome: Outcome) -> str:
    """How good the plan is, in words: proven best, or within how much of the best."""
    _ = gettext_for(request)
    if outcome.plan.status == "OPTIMAL":
        return str(_("This is the best possible plan (proven)."))
    if outcome.gap <= 0:
        return str(_("As good as the best possible plan."))
    percent = math.ceil(outcome.gap * 1000) / 10  # never say better than it is
    shown = format_decimal(percent, format="0.0", locale=language_of(request))
    return str(_("Within %(gap)s %% of the best possible plan.") % {"gap": shown})


# --- pages ---------------------------------------------------------------------------------


async def _page(request: Request, form: EventForm, *, errors: dict[str, Problem] | None = None,
                outcome: Outcome | None = None, booking_error: Problem | None = None,
                status: int = 200, **context: Any) -> Response:
    return render(
        request, "pages/events/index.html", status=status, form=form, errors=errors or {},
        outcome=outcome, booking_error=booking_error,
        choices=await row_choices([r.query for r in form.rows],
                                  [r.delegation for r in form.rows]),
        facilities=await facilities.list_facilities(),
        quality=quality(request, outcome) if outcome else "",
        max_rows=MAX_ROWS, max_limit=MAX_LIMIT, max_days=MAX_DAYS, **context,
    )


async def event_form(request: Request, who: Principal) -> Response:
    return await _page(request, EventForm())


async def plan_event(request: Request, who: Principal) -> Response:
    data = await read_form(request)
    more = data.get("action") == "rows"
    form = _read(data, more=more)
    if more or data.get("action") == "find":
        return await _page(request, form)
    asked = {int(r.delegation) for r in form.rows if r.delegation.isdigit()
             and int(r.delegation) <= MAX_ID}
    known = set(await Delegation.filter(id__in=asked).values_list("id", flat=True))
    errors: dict[str, Problem] = {}
    values = _request_data(request, form, known, errors)
    if errors:
        return await _page(request, form, errors=errors, status=422)
    body, invalid = form_model(EventPlanRequest, values)
    try:
        if invalid is not None:
            raise invalid
        assert isinstance(body, EventPlanRequest)
        # a job (SPEC 7.8): its page shows the plan growing, then the plan
        job_id = await request.app.state.event_jobs.start(
            who, body, request.app.state.settings.timezone)
    except (ApiError, RuleViolation) as exc:
        status, where, shown = await refusal(request, exc)
        return await _page(request, form, errors={_field_of(where): shown}, status=status)
    return redirect(f"/events/jobs/{job_id}")


async def _describe(request: Request, booking: EventBooking, where: str) -> str:
    """ "visits[1].stops[0]" → "Shizuoka City delegation, CCTV centre, 10:00"."""
    found = re.match(r"visits\[(\d+)\](?:\.stops\[(\d+)\])?", where)
    if not found or int(found.group(1)) >= len(booking.visits):
        return ""
    visit = booking.visits[int(found.group(1))]
    lang = language_of(request)
    parts = []
    delegation = await Delegation.get_or_none(id=visit.delegation_id)
    if delegation is not None:
        parts.append(_name(delegation.name, lang))
    if found.group(2) is not None and int(found.group(2)) < len(visit.stops):
        stop = visit.stops[int(found.group(2))]
        facility = await Facility.get_or_none(id=stop.facility_id)
        if facility is not None:
            parts.append(_name(facility.name, lang))
        start = stop.start.astimezone(request.app.state.settings.timezone)
        parts.append(f"{start:%Y-%m-%d %H:%M}")
    return ", ".join(parts)


def _name(value: Any, lang: str) -> str:
    return str(text(value, lang))


async def book_event(request: Request, who: Principal) -> Response:
    data = await read_form(request)
    _ = gettext_for(request)
    raw = data.get("plan")
    form = EventForm()
    if not isinstance(raw, str) or not raw.strip():
        problem = Problem(_("Nothing was booked: the plan is missing. Plan the event again."),
                          code="missing_plan")
        return await _page(request, form, booking_error=problem, status=422)
    try:
        booking = EventBooking.model_validate(parse_json(raw.encode()))
    except (BadRequest, ValidationError) as exc:
        error = validation_error(exc) if isinstance(exc, ValidationError) else exc
        problem = Problem(_("Nothing was booked: the plan sent back is not valid. "
                            "Plan the event again."), await said(request, error), error.code)
        return await _page(request, form, booking_error=problem, status=error.status)
    try:
        booked = await visits.create_visits(who, request.app.state.settings, booking.visits)
    except (ApiError, RuleViolation) as exc:
        status, where, shown = await refusal(request, exc)
        place = await _describe(request, booking, where)
        reason = shown.detail or shown.message
        problem = Problem(
            _("Nothing was booked: a stop of the plan can no longer be booked. "
              "Plan the event again."),
            f"{place}: {reason}" if place else reason, shown.code)
        return await _page(request, form, booking_error=problem, status=status)
    tz = request.app.state.settings.timezone
    first = min(s.start.astimezone(tz).date() for v in booking.visits for s in v.stops)
    flash(request, _("The whole plan is booked: %(num)d visits; the hosts have been asked.")
          % {"num": len(booked)})
    return redirect(f"/dashboard?week={first.isoformat()}")


def routes() -> list[Route]:
    post = ("POST",)
    return [
        page_route("/events", event_form, roles=OFFICER),
        page_route("/events", plan_event, roles=OFFICER, methods=post),
        page_route("/events/book", book_event, roles=OFFICER, methods=post),
    ]
