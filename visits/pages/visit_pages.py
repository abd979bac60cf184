"""The visit builder and the officer's page for one visit.

Forms become the API's own pydantic models (`VisitCreate`, `StopPatch`) and go to the same
services, so a page books exactly what the API would, and refuses it the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from starlette.datastructures import FormData, ImmutableMultiDict
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits import sharing
from visits.auth import Principal
from visits.contract.booking import StopPatch, VisitCreate
from visits.contract.documents import LangQuery
from visits.contract.planning import DayPlanRequest
from visits.domain import RuleViolation
from visits.domain.dayplan.plan import DayPlan
from visits.edge.downloads import download, public_base
from visits.edge.errors import rule_error
from visits.errors import ApiError, Invalid
from visits.models import AuditEvent, Delegation, Facility, Host, Visit
from visits.pages.i18n import translations
from visits.pages.text import text
from visits.pages.web import (
    flash,
    form_model,
    language_of,
    page_route,
    problem,
    read_form,
    redirect,
    render,
)
from visits.services import (
    availability,
    delegations,
    documents,
    facilities,
    pages_queries,
    planning,
    visits,
)
from visits.services.wording import in_words

OFFICER = ("officer",)
STEPS = (15, 30, 60)
DEFAULT_STEP = 30
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


def _int(value: Any) -> int | None:
    raw = str(value or "")
    return int(raw) if raw.isdigit() and len(raw) <= 10 and 1 <= int(raw) <= MAX_ID else None


def _day(value: Any) -> date | None:
    """A date the scheduler can reason about: far years would overflow its day arithmetic."""
    try:
        day = date.fromisoformat(str(value or ""))
    except ValueError:
        return None
    return day if YEARS[0] <= day.year <= YEARS[1] else None


def _form_id(value: Any) -> int | str:
    """An id for a model: the number when it is one, else the text for pydantic to refuse."""
    number = _int(value)
    return number if number is not None else str(value)


# --- the builder ---------------------------------------------------------------------------


@dataclass
class Choice:
    """What the officer picked: step 1 (who, when, where), step 2 (a time per facility)."""

    delegation_id: int | None = None
    day: date | None = None
    facility_ids: list[int] = field(default_factory=list)
    step: int = DEFAULT_STEP
    starts: dict[int, str] = field(default_factory=dict)
    hosts: dict[int, str] = field(default_factory=dict)
    # The planner's extras ("Propose a day"): facilities visited only if they fit, lunch.
    optional_ids: list[int] = field(default_factory=list)
    lunch: LunchChoice = field(default_factory=lambda: LunchChoice())
    added: list[int] = field(default_factory=list)  # optional facilities the plan placed


@dataclass
class LunchChoice:
    """The lunch window the officer typed, kept as typed so a mistake can be shown."""

    start: str = "12:00"
    end: str = "13:30"
    minutes: str = "60"
    skip: bool = False


@dataclass(frozen=True)
class PlanLine:
    """One line of the proposed day: a stop (facility and host) or the lunch break."""

    start: datetime
    end: datetime
    facility: Any = None
    host: Any = None


@dataclass
class Proposal:
    """What "Propose a day" found: a plan to show, or why there is none."""

    plan: DayPlan | None = None
    lines: list[PlanLine] = field(default_factory=list)
    unscheduled: list[Any] = field(default_factory=list)
    problem: Problem | None = None


@dataclass(frozen=True)
class SlotOption:
    value: str
    start: datetime
    end: datetime
    host_names: list[Any]
    free: bool = True


@dataclass
class FacilityBlock:
    facility: Facility
    options: list[SlotOption]
    hosts: list[Host]
    error: Problem | None = None


def _ids(data: Data, name: str) -> list[int]:
    ids: list[int] = []
    for raw in data.getlist(name):
        fid = _int(raw)
        if fid is not None and fid not in ids:
            ids.append(fid)
    return ids


def _choice(data: Data) -> Choice:
    ids = _ids(data, "facility")
    day = _day(data.get("date"))
    step = _int(data.get("step"))
    defaults = LunchChoice()
    lunch = LunchChoice(
        start=str(data.get("lunch_start", defaults.start))[:10],
        end=str(data.get("lunch_end", defaults.end))[:10],
        minutes=str(data.get("lunch_min", defaults.minutes))[:10],
        skip=data.get("no_lunch") == "1",
    )
    return Choice(
        delegation_id=_int(data.get("delegation")), day=day, facility_ids=ids,
        step=step if step in STEPS else DEFAULT_STEP,
        starts={f: str(data.get(f"slot_{f}")) for f in ids if data.get(f"slot_{f}")},
        hosts={f: str(data.get(f"host_{f}", "")) for f in ids},
        optional_ids=[f for f in _ids(data, "optional") if f not in ids], lunch=lunch,
    )


async def _block(request: Request, facility: Facility, delegation: Delegation, choice: Choice,
                 plan: DayPlan | None = None) -> FacilityBlock:
    settings = request.app.state.settings
    hosts = sorted(facility.hosts, key=lambda h: h.id)
    names = {h.id: h.name for h in hosts}
    block = FacilityBlock(facility, [], hosts)
    assert choice.day is not None
    try:
        slots = await availability.facility_slots(
            settings, facility.id, choice.day, choice.day, None, delegation.size, choice.step)
    except (ApiError, RuleViolation) as exc:
        block.error = refusal(request, exc)[2]
        slots = []
    for slot in slots:
        value = slot.start.astimezone(settings.timezone).isoformat()
        block.options.append(SlotOption(value, slot.start, slot.end,
                                        [names[h] for h in slot.host_ids if h in names]))
    chosen = choice.starts.get(facility.id)
    planned = next((p for p in plan.stops if p.facility_id == facility.id), None) if plan else None
    if chosen and chosen not in {o.value for o in block.options} and planned is not None:
        # The planner works on a 15-minute grid: its start may fall between the shown ones.
        block.options.append(SlotOption(chosen, planned.start, planned.end,
                                        [names[planned.host_id]] if planned.host_id in names
                                        else []))
        block.options.sort(key=lambda o: o.start)
    elif chosen and chosen not in {o.value for o in block.options}:
        block.options.append(_gone_option(chosen, facility))
    return block


def _gone_option(value: str, facility: Facility) -> SlotOption:
    """The officer's pick that is no longer free, kept so their input is not lost."""
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        start = datetime.now(UTC)
    return SlotOption(value, start, start, [], free=False)


async def _builder(request: Request, choice: Choice, errors: dict[str, Problem],
                   status: int = 200, proposal: Proposal | None = None) -> Response:
    everyone = await delegations.list_delegations()
    places = await facilities.list_facilities()
    delegation = next((d for d in everyone if d.id == choice.delegation_id), None)
    blocks = []
    plan = proposal.plan if proposal else None
    if delegation is not None and choice.day is not None:
        shown = [f for f in places if f.id in {*choice.facility_ids, *choice.added}]
        if plan is not None:  # in the order of the proposed day
            shown.sort(key=lambda f: _sort_key(choice.starts.get(f.id, "")))
        blocks = [await _block(request, f, delegation, choice, plan) for f in shown]
    settings = request.app.state.settings
    return render(
        request, "pages/visits/new.html", status=status, choice=choice, errors=errors,
        delegations=everyone, facilities=places, delegation=delegation, blocks=blocks,
        steps=STEPS, today=datetime.now(settings.timezone).date(),
        propose=request.query_params.get("propose") == "1", proposal=proposal,
    )


# --- "Propose a day": the day planner fills the builder in --------------------------------

MAX_PLANNED = 8  # DayPlanRequest's limit: facilities in one day, required and optional


def _lunch_of(request: Request, choice: Choice,
              errors: dict[str, Problem]) -> dict[str, Any] | None:
    """The lunch wish of the request, or None (no lunch); a mistake goes to `errors`."""
    lunch = choice.lunch
    if lunch.skip:
        return None
    _ = gettext_for(request)
    try:
        start, end = time.fromisoformat(lunch.start), time.fromisoformat(lunch.end)
    except ValueError:
        start = end = None
    minutes = int(lunch.minutes) if lunch.minutes.isdigit() and len(lunch.minutes) < 5 else 0
    if start is None or end is None or end <= start:
        errors["lunch"] = Problem(_("Give the lunch window as two times, the end after the start."))
        return None
    span = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if not 1 <= minutes <= span:
        errors["lunch"] = Problem(_("Lunch lasts at least a minute and fits in its window."))
        return None
    return {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}", "duration_min": minutes}


async def _propose(request: Request, choice: Choice, errors: dict[str, Problem]
                   ) -> tuple[int, Proposal | None]:
    """Ask the day planner; on success the plan's times and hosts become the choice."""
    _ = gettext_for(request)
    lunch = _lunch_of(request, choice, errors)
    if len({*choice.facility_ids, *choice.optional_ids}) > MAX_PLANNED:
        errors["optional"] = Problem(
            _("The planner takes at most %(num)d facilities in a day, optional ones included.")
            % {"num": MAX_PLANNED})
    if errors:
        return 422, None
    assert choice.day is not None
    data: dict[str, Any] = {"delegation_id": choice.delegation_id, "date": choice.day,
                            "facility_ids": choice.facility_ids,
                            "optional_facility_ids": choice.optional_ids}
    if lunch is not None:
        data["lunch"] = lunch
    body, invalid = form_model(DayPlanRequest, data)
    settings = request.app.state.settings
    lang = language_of(request)
    try:
        if body is None:
            where, message = next(iter(invalid.items()))
            raise Invalid(message, field=where)
        assert isinstance(body, DayPlanRequest)
        plan = await planning.propose_day(settings, body)
    except (ApiError, RuleViolation) as exc:
        status, _where, shown = refusal(request, exc)
        asked = {*choice.facility_ids, *choice.optional_ids}
        places, _none = await pages_queries.names_of(asked, ())
        hosts = await pages_queries.hosts_by_facility(asked)
        people = {h.id: h.name for found in hosts.values() for h in found}
        detail = in_words(shown.detail or shown.message, places, people, lang)
        if shown.code != "infeasible":
            return status, Proposal(problem=Problem(shown.message, shown.detail, shown.code))
        return status, Proposal(problem=Problem(
            _("No day fits every facility you ticked."), detail, shown.code))
    places, people = await pages_queries.names_of(
        {s.facility_id for s in plan.stops} | set(plan.unscheduled),
        {s.host_id for s in plan.stops})
    tz = settings.timezone
    for stop in plan.stops:
        choice.starts[stop.facility_id] = stop.start.astimezone(tz).isoformat()
        choice.hosts[stop.facility_id] = str(stop.host_id)
        if stop.facility_id not in choice.facility_ids:
            choice.added.append(stop.facility_id)
    lines = [PlanLine(s.start, s.end, places.get(s.facility_id), people.get(s.host_id))
             for s in plan.stops]
    if plan.lunch:
        lines.append(PlanLine(*plan.lunch))
    lines.sort(key=lambda line: line.start)
    return 200, Proposal(plan, lines, [places.get(f) for f in plan.unscheduled])


async def new_visit(request: Request, who: Principal) -> Response:
    query = request.query_params
    choice = _choice(query)
    errors: dict[str, Problem] = {}
    _ = gettext_for(request)
    if "date" in query:  # step 1 was submitted (a bare ?delegation= only preselects)
        if choice.delegation_id is None:
            errors["delegation"] = Problem(_("Choose a delegation."))
        if choice.day is None:
            errors["date"] = Problem(_("Give the date of the visit."))
        if not choice.facility_ids:
            errors["facility"] = Problem(_("Tick at least one facility."))
    status, proposal = 422 if errors else 200, None
    if "date" in query and query.get("propose") == "1" and not errors:
        status, proposal = await _propose(request, choice, errors)
    return await _builder(request, choice, errors, status, proposal)


def _sort_key(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return datetime.max.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _field_of(where: str, order: list[int]) -> str:
    """The service's field ("stops[1].host_id", "delegation_id") → the builder's field."""
    found = re.match(r"stops\[(\d+)\]", where)
    if found and int(found.group(1)) < len(order):
        return f"f{order[int(found.group(1))]}"
    return {"delegation_id": "delegation"}.get(where, "_")


async def create(request: Request, who: Principal) -> Response:
    form = await read_form(request)
    choice = _choice(form)
    known = {f.id for f in await facilities.list_facilities()}
    choice.facility_ids = [f for f in choice.facility_ids if f in known]
    _ = gettext_for(request)
    errors: dict[str, Problem] = {}
    if choice.delegation_id is None:
        errors["delegation"] = Problem(_("Choose a delegation."))
    if not choice.facility_ids:
        errors["facility"] = Problem(_("Tick at least one facility."))
    for fid in choice.facility_ids:
        if fid not in choice.starts:
            errors[f"f{fid}"] = Problem(_("Choose a time for this facility, or untick it."))
    if errors:
        return await _builder(request, choice, errors, 422)
    order = sorted(choice.facility_ids, key=lambda f: _sort_key(choice.starts[f]))
    stops = [{"facility_id": f, "start": choice.starts[f],
              **({"host_id": _form_id(choice.hosts[f])} if choice.hosts.get(f) else {})}
             for f in order]
    body, invalid = form_model(VisitCreate, {"delegation_id": choice.delegation_id,
                                             "stops": stops})
    try:
        if body is None:
            where, message = next(iter(invalid.items()))
            raise Invalid(message, field=where)
        assert isinstance(body, VisitCreate)
        visit = await visits.create_visit(who, request.app.state.settings, body)
    except (ApiError, RuleViolation) as exc:
        status, where, shown = refusal(request, exc)
        return await _builder(request, choice, {_field_of(where, order): shown}, status)
    flash(request, _("The visit is booked; the hosts have been asked."))
    return redirect(f"/visits/{visit.id}")


# --- one visit -----------------------------------------------------------------------------


@dataclass
class StopForm:
    """A stop's reschedule form: what the officer typed, and what was wrong with it."""

    day: str
    clock: str
    host: str
    errors: dict[str, Problem] = field(default_factory=dict)


def _language_name(tag: str, lang: str) -> str:
    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name(lang) or tag
    except (ValueError, UnknownLocaleError):
        return tag


def country_name(code: str, lang: str) -> str:
    return str(Locale.parse(lang).territories.get(code, code))


async def _visit_page(request: Request, who: Principal, visit_id: int,
                      forms: dict[int, StopForm] | None = None, status: int = 200) -> Response:
    settings = request.app.state.settings
    visit, stops = await visits.get_visit(who, visit_id)
    stops = await pages_queries.with_places(stops)
    delegation = await delegations.get_delegation(visit.delegation_id)  # type: ignore[attr-defined]
    lang = language_of(request)
    forms = dict(forms or {})
    for stop in stops:
        start = stop.start.astimezone(settings.timezone)
        forms.setdefault(stop.id, StopForm(start.date().isoformat(), f"{start:%H:%M}",
                                           str(stop.host_id)))  # type: ignore[attr-defined]
    token = await sharing.current_share_token(settings.secret_key, visit)
    tags = list(dict.fromkeys([delegation.language, "en", "ko"]))
    return render(
        request, "pages/visits/show.html", status=status, visit=visit, stops=stops,
        status_of_visit=visits.visit_status(visit, stops), delegation=delegation, forms=forms,
        hosts_of=await pages_queries.hosts_by_facility(s.facility_id for s in stops),  # type: ignore[attr-defined]
        share_url=f"{public_base(request)}/v/{token}" if token else None,
        downloads=[(tag, _language_name(tag, lang)) for tag in tags],
        history=await _history(request, await visits.visit_history(visit.id)),
        tz_name=settings.timezone.key, country=country_name(delegation.country, lang),
    )


async def show(request: Request, who: Principal, id: int) -> Response:
    return await _visit_page(request, who, id)


ACTIONS = {
    "create": "Visit booked", "cancel": "Visit cancelled", "reschedule": "Stop rescheduled",
    "accepted": "Accepted", "declined": "Declined",
}


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    actor: str
    action: str
    before: list[str]
    after: list[str]


def _snapshots(part: Any) -> list[dict[str, Any]]:
    items = part if isinstance(part, list) else [part]
    return [item for item in items if isinstance(item, dict)]


async def _history(request: Request, events: list[AuditEvent]) -> list[HistoryRow]:
    """The audit trail said in words: stops as "place, day, time, host, status"."""
    snaps = [s for e in events for part in (e.before, e.after) for s in _snapshots(part)]
    places, people = await pages_queries.names_of(
        {s["facility_id"] for s in snaps if isinstance(s.get("facility_id"), int)},
        {s["host_id"] for s in snaps if isinstance(s.get("host_id"), int)})
    lang, tz, _ = language_of(request), request.app.state.settings.timezone, gettext_for(request)

    def describe(snap: dict[str, Any]) -> str:
        status = _(str(snap.get("status", "")))
        if "facility_id" not in snap:
            return f"{status} ({snap['reason']})" if snap.get("reason") else status
        try:
            start = datetime.fromisoformat(snap["start"]).astimezone(tz)
            end = datetime.fromisoformat(snap["end"]).astimezone(tz)
        except (KeyError, TypeError, ValueError):
            return status
        return (f"{text(places.get(snap['facility_id']), lang)}, "
                f"{format_skeleton('MMMd', start, locale=lang)} "
                f"{start:%H:%M}–{end:%H:%M}, {text(people.get(snap.get('host_id')), lang)}, "
                f"{status}")

    return [HistoryRow(e.at.astimezone(tz), e.actor_email or _("system"),
                       _(ACTIONS.get(e.action, e.action)),
                       [describe(s) for s in _snapshots(e.before)],
                       [describe(s) for s in _snapshots(e.after)]) for e in events]


def _stop_start(form: StopForm, tz: Any) -> str | None:
    day = _day(form.day)
    try:
        clock = time.fromisoformat(form.clock)
    except ValueError:
        return None
    return datetime.combine(day, clock, tz).isoformat() if day else None


async def reschedule(request: Request, who: Principal, id: int, stop_id: int) -> Response:
    form = await read_form(request)
    settings = request.app.state.settings
    _ = gettext_for(request)
    entry = StopForm(str(form.get("date", "")), str(form.get("time", "")),
                     str(form.get("host", "")))
    start = _stop_start(entry, settings.timezone)
    if start is None:
        entry.errors["start"] = Problem(_("Give a date and a time."))
        return await _visit_page(request, who, id, {stop_id: entry}, 422)
    data: dict[str, Any] = {"start": start}
    if entry.host:
        data["host_id"] = _form_id(entry.host)
    body, invalid = form_model(StopPatch, data)
    try:
        if body is None:
            where, message = next(iter(invalid.items()))
            raise Invalid(message, field=where)
        assert isinstance(body, StopPatch)
        await visits.reschedule_stop(who, settings, id, stop_id, body)
    except (ApiError, RuleViolation) as exc:
        status, where, shown = refusal(request, exc)
        if status == 404:
            raise
        entry.errors["host" if where.startswith("host") else "start"] = shown
        return await _visit_page(request, who, id, {stop_id: entry}, status)
    flash(request, _("The stop was moved; its host has been asked again."))
    return redirect(f"/visits/{id}#stop-{stop_id}")


async def cancel_form(request: Request, who: Principal, id: int) -> Response:
    visit, stops = await visits.get_visit(who, id)
    delegation = await Delegation.get(id=visit.delegation_id)  # type: ignore[attr-defined]
    return render(request, "pages/visits/cancel.html", visit=visit, delegation=delegation,
                  stops=await pages_queries.with_places(stops))


async def cancel(request: Request, who: Principal, id: int) -> Response:
    await read_form(request)
    await visits.cancel_visit(who, request.app.state.settings, id)
    flash(request, gettext_for(request)("The visit is cancelled; its hosts have been told."))
    return redirect(f"/visits/{id}")


async def _visit_of(who: Principal, id: int) -> Visit:
    visit, _ = await visits.get_visit(who, id)
    return visit


async def share(request: Request, who: Principal, id: int) -> Response:
    await read_form(request)
    await sharing.create_share_link(request.app.state.settings.secret_key,
                                    await _visit_of(who, id))
    flash(request, gettext_for(request)("A new share link was created."))
    return redirect(f"/visits/{id}#share")


async def revoke(request: Request, who: Principal, id: int) -> Response:
    await read_form(request)
    count = await sharing.revoke_share_links(await _visit_of(who, id))
    flash(request, gettext_for(request)("Share links withdrawn: %(count)d") % {"count": count})
    return redirect(f"/visits/{id}#share")


async def itinerary_pdf(request: Request, who: Principal, id: int) -> Response:
    query, invalid = form_model(LangQuery, dict(request.query_params))
    if query is None:
        raise Invalid(next(iter(invalid.values())), field="lang")
    assert isinstance(query, LangQuery)
    visit = await _visit_of(who, id)
    settings = request.app.state.settings
    share = await documents.share_url(settings, public_base(request), visit)
    return download(request, await documents.itinerary_pdf(
        settings, request.app.state.renderer, visit, query.lang, share))


async def itinerary_ics(request: Request, who: Principal, id: int) -> Response:
    visit = await _visit_of(who, id)
    settings = request.app.state.settings
    share = await documents.share_url(settings, public_base(request), visit)
    return download(request, await documents.visit_calendar(
        settings, request.app.state.renderer, visit, share))


def routes() -> list[Route]:
    one = "/visits/{id:int}"
    post = ("POST",)
    return [
        page_route("/visits/new", new_visit, roles=OFFICER),
        page_route("/visits/new", create, roles=OFFICER, methods=post),
        page_route(one, show, roles=OFFICER),
        page_route(one + "/stops/{stop_id:int}", reschedule, roles=OFFICER, methods=post),
        page_route(one + "/cancel", cancel_form, roles=OFFICER),
        page_route(one + "/cancel", cancel, roles=OFFICER, methods=post),
        page_route(one + "/share", share, roles=OFFICER, methods=post),
        page_route(one + "/share/revoke", revoke, roles=OFFICER, methods=post),
        page_route(one + "/itinerary.pdf", itinerary_pdf, roles=OFFICER),
        page_route(one + "/itinerary.ics", itinerary_ics, roles=OFFICER),
    ]
