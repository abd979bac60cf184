"""Why no plan fits: the most specific reason found cheaply, in an officer's words.

Asked only once the search has failed. The first reason that applies is reported:
a closed day; a lunch break with no room in the day window; a required facility with no
free slot in the window (and why: party too large, nobody hosts there, closed, hosts not
working, too soon, fully booked); a required facility that leaves no room for lunch; two
required facilities that cannot both fit, first without lunch, then with it; all of them
fitting only without lunch; else all of them together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from visits.domain.availability import linked_hosts
from visits.domain.clock import LocalClock, delta_us, format_duration, from_us
from visits.domain.dayplan.problem import Problem, Request, slots_in_day
from visits.domain.dayplan.search import fitting_sets

Reason = tuple[str, str | None]
"""The message and the request field it concerns."""


def explain_infeasible(request: Request, p: Problem) -> Reason:
    """The first reason of the module's list that applies."""
    checks: tuple[Callable[[Request, Problem], Reason | None], ...] = (
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


def _clock(us: int, p: Problem) -> str:
    return from_us(us, p.tz).strftime("%H:%M")


def _window(request: Request) -> str:
    return (
        f"on {request.day.isoformat()} between {request.day_start:%H:%M} "
        f"and {request.day_end:%H:%M}"
    )


def _lunch_words(request: Request) -> str:
    lunch = request.lunch
    assert lunch is not None
    length = format_duration(delta_us(lunch.duration))
    return f"the {length} lunch break between {lunch.start:%H:%M} and {lunch.end:%H:%M}"


def _named(facility_ids: list[int]) -> str:
    if len(facility_ids) == 1:
        return f"facility {facility_ids[0]}"
    words = [str(i) for i in facility_ids]
    return f"facilities {', '.join(words[:-1])} and {words[-1]}"


def _closed_day(request: Request, p: Problem) -> Reason | None:
    policy = request.policy
    if not request.required or request.day not in policy.closed_dates:
        return None
    name = policy.closed_reasons.get(request.day)
    why = f" ({name})" if name else ""
    return f"{request.day.isoformat()} is a closed day{why}: no facility can be visited.", "date"


def _lunch_alone(request: Request, p: Problem) -> Reason | None:
    lunch = p.lunch
    if lunch is None or lunch.lo + lunch.length <= lunch.hi:
        return None
    words = _lunch_words(request)
    return f"{words.capitalize()} does not fit in the day, {_window(request)}.", "lunch"


def _facility_alone(request: Request, p: Problem) -> Reason | None:
    for facility_id in request.required:
        if not p.slots[p.ids.index(facility_id)]:
            return _why_no_slot(request, p, facility_id), "facility_ids"
    return None


def _why_no_slot(request: Request, p: Problem, facility_id: int) -> str:
    """From the plainest cause to the most circumstantial one."""
    facility = request.facilities[facility_id]
    duration = delta_us(request.durations[facility_id])
    length, window = format_duration(duration), _window(request)
    if request.party_size > facility.capacity:
        return (
            f"Facility {facility_id} takes at most {facility.capacity} visitors at once; "
            f"the party of {request.party_size} does not fit."
        )
    if not linked_hosts(facility, request.hosts):
        return f"No host receives visitors at facility {facility_id}."
    clock = LocalClock(p.tz)
    opening = clock.windows_on(request.day, facility.weekly_us[request.day.weekday()])
    if not any(min(b, p.day_hi) - max(a, p.day_lo) >= duration for a, b in opening):
        return f"Facility {facility_id} is not open for {length} {window}."
    past = replace(request.policy, now=datetime(1970, 1, 2, tzinfo=p.tz), min_notice=timedelta(0))
    if not slots_in_day(replace(request, bookings=(), policy=past), facility, p.day_lo, p.day_hi):
        return (
            f"No host of facility {facility_id} works {window} long enough for a {length} "
            "visit (weekly hours, time off or a closure of the facility)."
        )
    if not slots_in_day(replace(request, bookings=()), facility, p.day_lo, p.day_hi):
        earliest = from_us(request.policy.earliest_us, p.tz).strftime("%Y-%m-%d %H:%M")
        return (
            f"Facility {facility_id} cannot be visited {window}: the minimum notice puts "
            f"the earliest start at {earliest}."
        )
    return (
        f"No host of facility {facility_id} is free {window} for a {length} visit of "
        f"{request.party_size}: existing bookings take the hosts or fill the room."
    )


def _free_span(p: Problem, facility_ids: list[int]) -> str:
    indices = [p.ids.index(i) for i in facility_ids]
    first = min(min(p.slots[x]) for x in indices)
    last = max(max(p.slots[x]) + p.duration[x] for x in indices)
    return f"between {_clock(first, p)} and {_clock(last, p)}"


def _facility_with_lunch(request: Request, p: Problem) -> Reason | None:
    if p.lunch is None:
        return None
    for facility_id in request.required:
        alone = p.mask_of([facility_id])
        if not fitting_sets(p, alone, alone):
            return (
                f"Facility {facility_id} is free only {_free_span(p, [facility_id])}, which "
                f"leaves no room for {_lunch_words(request)}.",
                "lunch",
            )
    return None


def _pairs(request: Request) -> list[list[int]]:
    ids = request.required
    return [[a, b] for k, a in enumerate(ids) for b in ids[k + 1 :]]


def _pair(request: Request, p: Problem) -> Reason | None:
    for pair in _pairs(request):
        both = p.mask_of(pair)
        if not fitting_sets(p, both, both, with_lunch=False):
            a, b = (p.ids.index(i) for i in pair)
            travel = format_duration(p.travel[a][b])
            return (
                f"{_named(pair).capitalize()} cannot both fit {_free_span(p, pair)} "
                f"with the {travel} of travel between them{_shared_host(p, a, b)}.",
                "facility_ids",
            )
    return None


def _shared_host(p: Problem, a: int, b: int) -> str:
    """A note when one host receives at both and a buffer outlasts the travel."""
    shared = {h for h, _ in p.offers[a]} & {h for h, _ in p.offers[b]}
    longest = max(p.buffer[a], p.buffer[b])
    if not shared or longest <= p.travel[a][b]:
        return ""
    return (
        f" (host {min(shared)} receives at both and needs up to "
        f"{format_duration(longest)} after each visit)"
    )


def _pair_with_lunch(request: Request, p: Problem) -> Reason | None:
    if p.lunch is None:
        return None
    for pair in _pairs(request):
        both = p.mask_of(pair)
        if not fitting_sets(p, both, both):
            return (
                f"{_named(pair).capitalize()} and {_lunch_words(request)} cannot all fit "
                f"{_free_span(p, pair)} with travel between them.",
                "facility_ids",
            )
    return None


def _everything(request: Request, p: Problem) -> Reason:
    every = list(request.required)
    required = p.mask_of(every)
    if p.lunch is not None and fitting_sets(p, required, required, with_lunch=False):
        return (
            f"The required {_named(every)} fit together only without {_lunch_words(request)}.",
            "lunch",
        )
    return (
        f"The required {_named(every)} do not all fit {_window(request)} with travel between them.",
        "facility_ids",
    )
