"""Proposals from the planners: a delegation's day, a whole event. Nothing is booked here;
the proposals are posted back to the booking endpoints, which check every rule again."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo

from starlette.concurrency import run_in_threadpool

from visits import domain, store
from visits.contract.booking import StopRequest, VisitCreate
from visits.contract.planning import (
    DayPlanRequest,
    DayWindow,
    EventLunchOut,
    EventPlanOut,
    EventPlanRequest,
    EventStopOut,
    UnmetWish,
)
from visits.domain.dayplan.plan import DayPlan, Lunch, plan_day
from visits.domain.eventplan.bounds import (
    MAX_EVENT_CANDIDATES,
    MAX_EVENT_SPAN_DAYS,
    candidate_stops,
    event_span_days,
)
from visits.domain.eventplan.planner import (
    EventDelegation,
    EventLunch,
    EventLunchBreak,
    EventPlan,
    EventStop,
    plan_event,
)
from visits.domain.programme import meal_within, travel_allowance
from visits.errors import Invalid
from visits.models import Delegation, Facility
from visits.services import get_or_404, unknown
from visits.services.solving import SolverPool
from visits.settings import Settings

EVENT_STEP = timedelta(minutes=15)
EVENT_SOLVER_THREADS = 2
"""CP-SAT's workers per event solve (the pool runs at most one solve per core)."""


@dataclass(frozen=True)
class PlanningScene:
    facilities: dict[int, domain.Facility]
    hosts: list[domain.Host]
    bookings: list[domain.Booking]
    policy: domain.Policy
    durations: dict[int, timedelta]
    travel: dict[frozenset[int], int]


def _clock(value: str) -> time:
    return time.fromisoformat(value)


async def _scene(settings: Settings, facility_ids: set[int], field: str, first: date,
                 last: date) -> PlanningScene:
    records = {f.id: f for f in await Facility.filter(id__in=facility_ids, is_active=True)}
    for facility_id in sorted(facility_ids):
        if facility_id not in records:
            raise unknown("facility", facility_id, field)
    facilities = await store.load_facilities(facility_ids)
    tz = settings.timezone
    lo = datetime.combine(first - timedelta(days=1), time.min, tz)
    hi = datetime.combine(last + timedelta(days=2), time.min, tz)
    hosts = await store.load_hosts(facility_ids=facility_ids, between=(lo, hi))
    return PlanningScene(
        facilities=facilities,
        hosts=sorted(hosts.values(), key=lambda h: h.id),
        bookings=await store.load_bookings(facility_ids, hosts, lo, hi),
        policy=await store.load_policy(settings, first, last),
        durations={i: timedelta(minutes=f.duration_min) for i, f in records.items()},
        travel=await store.load_travel_table(),
    )


def _lunch(window: DayWindow) -> tuple[time, time, timedelta] | None:
    if window.lunch is None:
        return None
    return (_clock(window.lunch.start), _clock(window.lunch.end),
            timedelta(minutes=window.lunch.duration_min))


@dataclass(frozen=True)
class Meal:
    """The lunch at its place, as the plan's `meal` item (`ItemCreate`'s fields)."""

    title: dict[str, str]
    start: datetime
    end: datetime
    place: dict[str, str]
    address: dict[str, str] | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class ProposedDay:
    plan: DayPlan
    meal: Meal | None = None  # when the lunch names a place


LUNCH_TITLE = {"ko": "오찬", "en": "Lunch"}


async def propose_day(settings: Settings, body: DayPlanRequest) -> ProposedDay:
    """The day planner's best day. A lunch with a place is planned as a block holding the
    meal and, on each side, the longest travel between the place and any facility asked
    for (`domain.programme.travel_allowance`), so the meal keeps rule 5's travel time to
    whichever stops come to lie beside it; the meal comes back as the plan's item."""
    delegation = await get_or_404(Delegation, body.delegation_id, "delegation")
    wanted = set(body.facility_ids) | set(body.optional_facility_ids)
    scene = await _scene(settings, wanted, "facility_ids", body.date, body.date)
    lunch = _lunch(body)
    place = body.lunch.place if body.lunch else None
    allowance = travel_allowance(place.lat, place.lon, scene.facilities.values()) if (
        place) else 0
    if lunch is not None:
        lunch = (lunch[0], lunch[1], lunch[2] + timedelta(minutes=2 * allowance))
    plan = await run_in_threadpool(
        plan_day, facilities=scene.facilities, hosts=scene.hosts, bookings=scene.bookings,
        policy=scene.policy, day=body.date, required=body.facility_ids,
        optional=body.optional_facility_ids, language=delegation.language,
        party_size=delegation.size, durations=scene.durations,
        day_start=_clock(body.day_start), day_end=_clock(body.day_end),
        lunch=Lunch(*lunch) if lunch else None, travel=scene.travel,
    )
    if place is None or plan.lunch is None:
        return ProposedDay(plan)
    start, end = meal_within(*plan.lunch, allowance)
    meal = Meal(LUNCH_TITLE, start, end, place.name, place.address, place.lat, place.lon)
    return ProposedDay(replace(plan, lunch=(start, end)), meal)


def _check_event_span(body: EventPlanRequest) -> None:
    span = event_span_days(body.days)
    if span > MAX_EVENT_SPAN_DAYS:
        raise Invalid("The event days span {span} days: keep the first and the last within "
                      "{limit} days.", code="event_span", field="days", span=span,
                      limit=MAX_EVENT_SPAN_DAYS)


def _check_event_size(body: EventPlanRequest, delegations: list[EventDelegation],
                      scene: PlanningScene) -> None:
    count = candidate_stops(
        days=body.days, delegations=delegations, facilities=scene.facilities,
        hosts=scene.hosts, day_start=_clock(body.day_start), day_end=_clock(body.day_end),
        step=EVENT_STEP, max_group_size=body.max_group_size)
    if count > MAX_EVENT_CANDIDATES:
        raise Invalid("The event is too large to plan in one go ({count} possible stops, at "
                      "most {limit}): plan fewer delegations, wishes or days, or a shorter "
                      "day, in several goes.", code="event_too_large", field="delegations",
                      count=count, limit=MAX_EVENT_CANDIDATES)


async def _event_delegations(body: EventPlanRequest) -> list[EventDelegation]:
    ids = [d.delegation_id for d in body.delegations]
    if len(set(ids)) != len(ids):
        raise Invalid("Each delegation may appear only once.", code="duplicate_delegation",
                      field="delegations")
    found = {d.id: d for d in await Delegation.filter(id__in=ids)}
    for index, wish in enumerate(body.delegations):
        if wish.delegation_id not in found:
            raise unknown("delegation", wish.delegation_id,
                          f"delegations[{index}].delegation_id")
    return [
        EventDelegation(id=w.delegation_id, size=found[w.delegation_id].size,
                        language=found[w.delegation_id].language, wishes=tuple(w.wishes),
                        days=tuple(w.days) if w.days else None)
        for w in body.delegations
    ]


def _event_question(body: EventPlanRequest, delegations: list[EventDelegation],
                    scene: PlanningScene) -> dict[str, object]:
    """`plan_event`'s arguments: plain values, pickled to the solver process."""
    lunch = _lunch(body)
    return dict(
        days=sorted(set(body.days)), delegations=delegations, facilities=scene.facilities,
        hosts=scene.hosts, bookings=scene.bookings, policy=scene.policy,
        durations=scene.durations, day_start=_clock(body.day_start),
        day_end=_clock(body.day_end), lunch=EventLunch(*lunch) if lunch else None,
        travel=scene.travel, max_group_size=body.max_group_size, step=EVENT_STEP,
        time_limit=body.time_limit_s, workers=EVENT_SOLVER_THREADS,
    )


async def event_question(settings: Settings, body: EventPlanRequest) -> dict[str, object]:
    """`plan_event`'s arguments for the request, read from the database; refused first if
    its days or its model would be too large."""
    _check_event_span(body)
    delegations = await _event_delegations(body)
    wanted = {f for d in body.delegations for f in d.wishes}
    scene = await _scene(settings, wanted, "delegations", min(body.days), max(body.days))
    _check_event_size(body, delegations, scene)
    return _event_question(body, delegations, scene)


async def propose_event(settings: Settings, body: EventPlanRequest,
                        solver: SolverPool) -> EventPlan:
    """The best event plan found within the request's time limit, in a solver process."""
    question = await event_question(settings, body)
    return await solver.solve(plan_event, question, body.time_limit_s)


def event_plan_out(plan: EventPlan, tz: tzinfo) -> EventPlanOut:
    """The plan as `POST /api/events/plan` answers it (and a job's `plan`)."""
    gap = (plan.bound - plan.objective) / plan.bound if plan.bound > 0 else 0.0
    return EventPlanOut(
        status=plan.status, objective=plan.objective, bound=plan.bound, gap=round(gap, 4),
        wall_seconds=round(plan.wall_seconds, 3),
        first_solution_seconds=plan.first_solution_seconds,
        stops=[EventStopOut(delegation_id=s.delegation_id, group=s.group,
                            party_size=s.party_size, facility_id=s.facility_id,
                            host_id=s.host_id, start=s.start.astimezone(tz),
                            end=s.end.astimezone(tz)) for s in plan.stops],
        lunches=[EventLunchOut(delegation_id=x.delegation_id, group=x.group,
                               start=x.start.astimezone(tz), end=x.end.astimezone(tz))
                 for x in plan.lunches],
        unmet=[UnmetWish(delegation_id=d, facility_id=f) for d, f in plan.unmet],
        visits=event_visits(plan),
    )


def event_plan_of(out: EventPlanOut) -> EventPlan:
    """Back from the answer to the planner's plan (a job's stored plan, for the page)."""
    return EventPlan(
        stops=tuple(EventStop(s.delegation_id, s.group, s.party_size, s.facility_id,
                              s.host_id, s.start, s.end) for s in out.stops),
        unmet=tuple((u.delegation_id, u.facility_id) for u in out.unmet),
        objective=out.objective, bound=out.bound, status=out.status,
        wall_seconds=out.wall_seconds, first_solution_seconds=out.first_solution_seconds,
        lunches=tuple(EventLunchBreak(x.delegation_id, x.group, x.start, x.end)
                      for x in out.lunches),
    )


def event_visits(plan: EventPlan) -> list[VisitCreate]:
    """One bookable visit per (delegation, group): sub-groups tour in parallel, and the
    stops of one visit must not overlap (rule 5)."""
    groups: dict[tuple[int, int], list[StopRequest]] = defaultdict(list)
    for stop in sorted(plan.stops, key=lambda s: (s.delegation_id, s.group, s.start)):
        minutes = int((stop.end - stop.start).total_seconds() // 60)
        groups[(stop.delegation_id, stop.group)].append(StopRequest(
            facility_id=stop.facility_id, start=stop.start, duration_min=minutes,
            host_id=stop.host_id, party_size=stop.party_size))
    return [VisitCreate(delegation_id=d, stops=stops) for (d, _), stops in sorted(groups.items())]


async def interpreter_for(settings: Settings, delegation_id: int,
                          plan: DayPlan) -> domain.InterpreterNeed | None:
    """When a stop's host does not speak the delegation's language: which stops, and a
    free interpreter who fits for the whole plan (the companions' own engine)."""
    if not plan.stops:
        return None
    delegation = await get_or_404(Delegation, delegation_id, "delegation")
    hosts = await store.load_hosts(ids={s.host_id for s in plan.stops})
    unspoken = domain.unspoken_at(((s.facility_id, hosts[s.host_id]) for s in plan.stops),
                                  delegation.language)
    if not unspoken:
        return None
    start, end = plan.stops[0].start, max(s.end for s in plan.stops)
    interpreters = [c for c in (await store.load_companions()).values()
                    if c.kind == "interpreter"]
    tz = settings.timezone
    policy = await store.load_policy(settings, start.astimezone(tz).date(),
                                     end.astimezone(tz).date())
    free = domain.free_companions(interpreters, domain.Party(delegation.language,
                                                             delegation.size),
                                  await store.load_assignments(None, start, end), policy,
                                  start, end)
    every = len(unspoken) == len({s.facility_id for s in plan.stops})
    return domain.InterpreterNeed(delegation.language, unspoken, every, start, end,
                                  free[0].id if free else None)
