"""Why no plan fits: the most specific reason found cheaply, as facts for an officer.

Asked only once the search has failed. The first reason that applies is reported:
a closed day; a lunch break with no room in the day window; a required facility with no
free slot in the window (and why: party too large, nobody hosts there, closed, hosts not
working, too soon, fully booked); a required facility that leaves no room for lunch; two
required facilities that cannot both fit, first without lunch, then with it; all of them
fitting only without lunch; else all of them together. `visits.wording` says them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from visits.domain.availability import linked_hosts
from visits.domain.clock import LocalClock, delta_us, from_us
from visits.domain.dayplan.problem import Problem, Request, slots_in_day
from visits.domain.dayplan.search import fitting_sets
from visits.domain.rules import RuleViolation

InfeasibleReason = Literal[
    "too_many_facilities",  # limit, asked
    "closed_day",  # day, day_name
    "lunch_no_room",  # the lunch cannot fit in the day window
    "party_too_large",  # facility, party_size, capacity
    "no_host",  # nobody receives visitors at the facility
    "not_open",  # the facility is not open `length` in the window
    "hosts_not_working",  # no host works long enough in the window
    "min_notice",  # the minimum notice puts the earliest start past the window
    "fully_booked",  # bookings take the hosts or fill the room
    "no_room_for_lunch",  # the facility's free span leaves no room for lunch
    "pair",  # two facilities cannot both fit (travel; a shared host's buffer)
    "pair_with_lunch",  # two facilities and the lunch cannot all fit
    "only_without_lunch",  # every required facility fits, but not with the lunch
    "all",  # the required facilities do not all fit
]


@dataclass(eq=False, kw_only=True)
class Infeasible(RuleViolation):
    """No plan places every required facility; `reason` and the facts say what blocks it."""

    code = "infeasible"
    reason: InfeasibleReason
    facility_ids: tuple[int, ...] = ()
    day: date | None = None
    day_start: time | None = None
    day_end: time | None = None
    lunch_start: time | None = None
    lunch_end: time | None = None
    lunch_length: timedelta | None = None
    length: timedelta | None = None
    party_size: int | None = None
    capacity: int | None = None
    limit: int | None = None
    asked: int | None = None
    day_name: str = ""
    free_from: datetime | None = None
    free_to: datetime | None = None
    travel: timedelta | None = None
    host_id: int | None = None
    buffer: timedelta | None = None
    earliest: datetime | None = None


def explain_infeasible(request: Request, p: Problem) -> Infeasible:
    """The first reason of the module's list that applies."""
    checks: tuple[Callable[[Request, Problem], Infeasible | None], ...] = (
        _closed_day,
        _lunch_alone,
        _facility_alone,
        _facility_with_lunch,
        _pair,
        _pair_with_lunch,
    )
    for check in checks:
        reason = check(request, p)
        if reason is not None:
            return reason
    return _everything(request, p)


def _window(request: Request) -> dict[str, Any]:
    return {"day": request.day, "day_start": request.day_start, "day_end": request.day_end}


def _lunch(request: Request) -> dict[str, Any]:
    lunch = request.lunch
    assert lunch is not None
    return {"lunch_start": lunch.start, "lunch_end": lunch.end, "lunch_length": lunch.duration}


def _closed_day(request: Request, p: Problem) -> Infeasible | None:
    policy = request.policy
    if not request.required or request.day not in policy.closed_dates:
        return None
    return Infeasible(reason="closed_day", day=request.day, field="date",
                      day_name=policy.closed_reasons.get(request.day, ""))


def _lunch_alone(request: Request, p: Problem) -> Infeasible | None:
    lunch = p.lunch
    if lunch is None or lunch.lo + lunch.length <= lunch.hi:
        return None
    return Infeasible(reason="lunch_no_room", field="lunch", **_window(request),
                      **_lunch(request))


def _facility_alone(request: Request, p: Problem) -> Infeasible | None:
    for facility_id in request.required:
        if not p.slots[p.ids.index(facility_id)]:
            return _why_no_slot(request, p, facility_id)
    return None


def _why_no_slot(request: Request, p: Problem, facility_id: int) -> Infeasible:
    """From the plainest cause to the most circumstantial one."""
    facility = request.facilities[facility_id]
    duration = delta_us(request.durations[facility_id])
    facts: dict[str, Any] = {
        "facility_ids": (facility_id,), "length": request.durations[facility_id],
        "party_size": request.party_size, "field": "facility_ids", **_window(request),
    }
    if request.party_size > facility.capacity:
        return Infeasible(reason="party_too_large", capacity=facility.capacity,
                          **facts)
    if not linked_hosts(facility, request.hosts):
        return Infeasible(reason="no_host", **facts)
    clock = LocalClock(p.tz)
    opening = clock.windows_on(request.day, facility.weekly_us[request.day.weekday()])
    if not any(min(b, p.day_hi) - max(a, p.day_lo) >= duration for a, b in opening):
        return Infeasible(reason="not_open", **facts)
    past = replace(request.policy, now=datetime(1970, 1, 2, tzinfo=p.tz), min_notice=timedelta(0))
    if not slots_in_day(replace(request, bookings=(), policy=past), facility, p.day_lo, p.day_hi):
        return Infeasible(reason="hosts_not_working", **facts)
    if not slots_in_day(replace(request, bookings=()), facility, p.day_lo, p.day_hi):
        return Infeasible(reason="min_notice", earliest=from_us(request.policy.earliest_us, p.tz),
                          **facts)
    return Infeasible(reason="fully_booked", **facts)


def _free_span(p: Problem, facility_ids: list[int]) -> dict[str, Any]:
    indices = [p.ids.index(i) for i in facility_ids]
    first = min(min(p.slots[x]) for x in indices)
    last = max(max(p.slots[x]) + p.duration[x] for x in indices)
    return {"free_from": from_us(first, p.tz), "free_to": from_us(last, p.tz)}


def _facility_with_lunch(request: Request, p: Problem) -> Infeasible | None:
    if p.lunch is None:
        return None
    for facility_id in request.required:
        alone = p.mask_of([facility_id])
        if not fitting_sets(p, alone, alone):
            return Infeasible(reason="no_room_for_lunch", facility_ids=(facility_id,),
                              field="lunch", **_free_span(p, [facility_id]),
                              **_lunch(request))
    return None


def _pairs(request: Request) -> list[list[int]]:
    ids = request.required
    return [[a, b] for k, a in enumerate(ids) for b in ids[k + 1 :]]


def _pair(request: Request, p: Problem) -> Infeasible | None:
    for pair in _pairs(request):
        both = p.mask_of(pair)
        if not fitting_sets(p, both, both, with_lunch=False):
            a, b = (p.ids.index(i) for i in pair)
            return Infeasible(reason="pair", facility_ids=tuple(pair), field="facility_ids",
                              travel=timedelta(microseconds=p.travel[a][b]),
                              **_shared_host(p, a, b),
                              **_free_span(p, pair))
    return None


def _shared_host(p: Problem, a: int, b: int) -> dict[str, Any]:
    """The host receiving at both, when a buffer after a visit outlasts the travel."""
    shared = {h for h, _ in p.offers[a]} & {h for h, _ in p.offers[b]}
    longest = max(p.buffer[a], p.buffer[b])
    if not shared or longest <= p.travel[a][b]:
        return {}
    return {"host_id": min(shared), "buffer": timedelta(microseconds=longest)}


def _pair_with_lunch(request: Request, p: Problem) -> Infeasible | None:
    if p.lunch is None:
        return None
    for pair in _pairs(request):
        both = p.mask_of(pair)
        if not fitting_sets(p, both, both):
            return Infeasible(reason="pair_with_lunch", facility_ids=tuple(pair),
                              field="facility_ids", **_free_span(p, pair),
                              **_lunch(request))
    return None


def _everything(request: Request, p: Problem) -> Infeasible:
    every = tuple(request.required)
    required = p.mask_of(every)
    if p.lunch is not None and fitting_sets(p, required, required, with_lunch=False):
        return Infeasible(reason="only_without_lunch", facility_ids=every, field="lunch",
                          **_lunch(request))
    return Infeasible(reason="all", facility_ids=every, field="facility_ids",
                      **_window(request))
