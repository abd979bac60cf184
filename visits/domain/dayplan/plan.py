"""The day planner: proposes one delegation's tour of one day, without booking it.

Definitions (`tests/unit/dayplan/reference.py` reads them the same way):

- A stop at facility F lasts `durations[F]` and starts at a start `free_slots` offers for F
  on the day (F's duration, the party, `step`): the one availability engine decides rules
  1-4 and 6 of SPEC §3. The whole stop lies within [day_start, day_end] (local). Its host
  is one of the slot's hosts.
- Stops follow one another: next start >= previous end + travel (`travel_minutes`, rule 5).
- Two stops of the plan with the same host: the later starts no sooner than the earlier
  ends plus its facility's buffer (rule 3 between the plan's own stops).
- Lunch, when asked: an interval of exactly `lunch.duration` inside [lunch.start,
  lunch.end] and inside the day window, overlapping no stop. Between two stops the gap
  must hold the travel and the lunch (gap >= travel + duration; the lunch lies in the gap);
  it may also lie before the first stop or after the last.
- Travel = the sum of the travel times between consecutive stops.
- Idle = (last end - first start) - durations - travel - the lunch duration when the lunch
  lies between two stops: the minutes the delegation waits. Zero for an empty plan.
- Speakers = the stops whose host speaks `language` (`Host.speaks`).

The plan chosen is, lexicographically: (1) every required facility placed (else
`Infeasible`), (2) the most optional ones, (3) the least travel, (4) the least idle,
(5) the most speakers, (6) the plan whose stops, read in time order as (start, facility
id, host id), come first: earlier starts, then lower facility ids, then lower host ids.
All six are exact (see `search` for how), so the plan is unique. The lunch is put
between two stops when possible (that is what makes its idle count), else before the
first stop or after the last; the earliest such place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from visits.domain.calendar import Booking, Facility, Host, Policy
from visits.domain.clock import US_PER_MINUTE, from_us
from visits.domain.dayplan.problem import Lunch, Problem, Request, build_problem
from visits.domain.dayplan.reasons import Infeasible, explain_infeasible
from visits.domain.dayplan.search import fitting_sets, least_travel
from visits.domain.dayplan.steps import Step, best_steps
from visits.domain.travel import TravelTable

__all__ = ["MAX_FACILITIES", "DayPlan", "Infeasible", "Lunch", "PlannedStop", "plan_day"]

MAX_FACILITIES = 8
"""The most facilities one plan considers, required and optional. The search is exact, so
its cost grows fast; up to this many, the tests compare it with a brute-force reference
(tests/unit/dayplan), which past it takes minutes a question. POST /api/visits/plan takes
the same limit."""


@dataclass(frozen=True)
class PlannedStop:
    """One proposed stop, as `POST /api/visits` would book it."""

    facility_id: int
    host_id: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class DayPlan:
    """The proposal: stops in time order, optional facility ids left out, its figures."""

    stops: tuple[PlannedStop, ...]
    unscheduled: tuple[int, ...]
    travel_min: int
    idle_min: int
    lunch: tuple[datetime, datetime] | None


def plan_day(
    *,
    facilities: Mapping[int, Facility],
    hosts: Sequence[Host],
    bookings: Sequence[Booking],
    policy: Policy,
    day: date,
    required: Sequence[int],
    optional: Sequence[int] = (),
    language: str | None = None,
    party_size: int,
    durations: Mapping[int, timedelta],
    day_start: time = time(9, 0),
    day_end: time = time(18, 0),
    lunch: Lunch | None = None,
    travel: TravelTable = {},  # noqa: B006 - read only, never mutated
    step: timedelta = timedelta(minutes=15),
) -> DayPlan:
    """The best plan of the day (see the module's definitions), or raise `Infeasible`.

    `bookings` are the live stops of the facilities and hosts concerned. A facility id in
    both `required` and `optional` is required. More than `MAX_FACILITIES` facilities are
    refused as infeasible. Raises ValueError for a facility id without a facility or a
    duration: the caller checks ids before asking.
    """
    unique_required = tuple(dict.fromkeys(required))
    asked = len({*required, *optional})
    if asked > MAX_FACILITIES:
        raise Infeasible(reason="too_many_facilities", limit=MAX_FACILITIES, asked=asked,
                         field="facility_ids")
    request = Request(
        facilities=facilities,
        hosts=hosts,
        bookings=bookings,
        policy=policy,
        day=day,
        required=unique_required,
        optional=tuple(i for i in dict.fromkeys(optional) if i not in unique_required),
        language=language,
        party_size=party_size,
        durations=durations,
        day_start=day_start,
        day_end=day_end,
        lunch=lunch,
        travel=travel,
        step=step,
    )
    problem = build_problem(request)
    targets, goal = _best_sets(problem)
    if not targets:
        raise explain_infeasible(request, problem)
    if targets == {0}:
        return _day_plan(request, problem, [])
    return _day_plan(request, problem, _choose(problem, best_steps(problem, targets, goal)))


def _best_sets(p: Problem) -> tuple[set[int], int]:
    """The sets of facilities with every required one, the most optional ones and the
    least travel that fit in the day, and that travel; no sets when none fits."""
    fitting = fitting_sets(p, p.everything, p.required)
    if p.required == 0 and (p.lunch is None or p.lunch.lo + p.lunch.length <= p.lunch.hi):
        fitting.add(0)  # nothing required: an empty day (with its lunch) is a plan
    if not fitting:
        return set(), 0
    most = max((mask & p.optional).bit_count() for mask in fitting)
    fullest = {mask for mask in fitting if (mask & p.optional).bit_count() == most}
    if fullest == {0}:
        return fullest, 0
    travel = least_travel(p, fullest)
    goal = min(travel.values())
    return {mask for mask, t in travel.items() if t == goal}, goal


def _choose(p: Problem, finals: list[Step]) -> list[tuple[int, int, int]]:
    """Least idle, then most speakers, then the stops that come first."""

    def rank(step: Step) -> tuple[int, int, tuple[tuple[int, int, int], ...]]:
        idle = step.end - step.origin - sum(p.duration[x] for x, _, _ in step.stops())
        return idle, -step.speakers, step.key

    return min(finals, key=rank).stops()


def _day_plan(request: Request, p: Problem, stops: list[tuple[int, int, int]]) -> DayPlan:
    """The plan of these (facility index, start, host) stops, with its lunch and figures."""
    planned = tuple(
        PlannedStop(p.ids[x], host, p.slots[x][start].start, p.slots[x][start].end)
        for x, start, host in stops
    )
    spans = [(x, start, start + p.duration[x]) for x, start, _ in stops]
    travel = sum(p.travel[a][b] for (a, _, _), (b, _, _) in zip(spans, spans[1:], strict=False))
    idle, lunch = 0, None
    if spans:
        idle = spans[-1][2] - spans[0][1] - sum(e - s for _, s, e in spans) - travel
    if p.lunch is not None:
        start, between = _place_lunch(p, spans)
        idle -= p.lunch.length if between else 0
        lunch = from_us(start, p.tz), from_us(start + p.lunch.length, p.tz)
    placed = {stop.facility_id for stop in planned}
    return DayPlan(
        stops=planned,
        unscheduled=tuple(i for i in request.optional if i not in placed),
        travel_min=travel // US_PER_MINUTE,
        idle_min=idle // US_PER_MINUTE,
        lunch=lunch,
    )


def _place_lunch(p: Problem, spans: list[tuple[int, int, int]]) -> tuple[int, bool]:
    """(lunch start, between two stops?) for stops (facility, start, end).

    Between two stops first (the earliest gap that holds it), else the earliest of before
    the first stop and after the last. The search only keeps plans where one of them fits.
    """
    lunch = p.lunch
    assert lunch is not None
    for (a, _, end), (b, start, _) in zip(spans, spans[1:], strict=False):
        at = max(end, lunch.lo)
        room = start - end >= p.travel[a][b] + lunch.length
        if room and at + lunch.length <= min(start, lunch.hi):
            return at, True
    first = spans[0][1] if spans else lunch.hi
    if lunch.lo + lunch.length <= min(first, lunch.hi):
        return lunch.lo, False
    at = max(spans[-1][2], lunch.lo)
    assert at + lunch.length <= lunch.hi, "the search kept a plan without room for lunch"
    return at, False
