"""How large an event may be, decided from the request before anything is built."""

from __future__ import annotations

from datetime import date, time, timedelta

from bench.event import arguments
from visits.domain import Facility, Host, WeeklyWindow
from visits.domain.eventplan.bounds import (
    ARC_WEIGHT,
    MAX_EVENT_CANDIDATES,
    candidate_stops,
    event_span_days,
)
from visits.domain.eventplan.planner import EventDelegation

WEEKDAYS = tuple(WeeklyWindow(d, time(9), time(18)) for d in range(5))
DAY = date(2027, 3, 9)


def test_event_span_days_counts_first_and_last_day() -> None:
    assert event_span_days([DAY]) == 1
    assert event_span_days([DAY + timedelta(days=30), DAY, DAY + timedelta(days=3)]) == 31


def _count(delegations: list[EventDelegation], days: list[date], hosts: int = 2,
            max_group_size: int | None = None) -> int:
    facilities = {f: Facility(f, capacity=20, buffer=timedelta(0)) for f in (1, 2)}
    staff = [Host(h, frozenset(facilities), WEEKDAYS) for h in range(1, hosts + 1)]
    return candidate_stops(days=days, delegations=delegations, facilities=facilities,
                           hosts=staff, day_start=time(9), day_end=time(18),
                           step=timedelta(minutes=15), max_group_size=max_group_size)


def test_candidate_stops_grow_with_hosts_days_and_groups() -> None:
    one = [EventDelegation(1, 10, "ja", (1, 2))]
    arcs = ARC_WEIGHT * 2 * 2
    # 2 wishes × 2 hosts × 1 day × 37 starts (09:00…18:00 every 15 min), + 2² arcs
    assert _count(one, [DAY]) == 2 * 2 * 37 + arcs
    assert _count(one, [DAY, DAY + timedelta(days=1)]) == 2 * 2 * 2 * 37 + arcs
    assert _count(one, [DAY], hosts=4) == 2 * 4 * 37 + arcs
    assert _count(one, [DAY], max_group_size=5) == 2 * (2 * 2 * 37 + arcs)


def test_candidate_stops_count_only_a_delegations_allowed_days() -> None:
    fussy = [EventDelegation(1, 10, "ja", (1, 2), days=(DAY,))]

    assert _count(fussy, [DAY, DAY + timedelta(days=1)]) == _count(fussy, [DAY])


def test_bench_event_of_40_delegations_12_facilities_3_days_is_within_the_limit() -> None:
    args = arguments()

    count = candidate_stops(
        days=args["days"], delegations=args["delegations"], facilities=args["facilities"],
        hosts=args["hosts"], day_start=args["day_start"], day_end=args["day_end"],
        step=args["step"], max_group_size=args["max_group_size"])

    assert 0 < count * 4 < MAX_EVENT_CANDIDATES
