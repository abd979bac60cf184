"""The wishes-only relaxation that proves how good an event plan is (relax.py).

Its bound must never be below what a plan reaches: checked against brute force on small
events (every plan enumerated), against the planner on random and bench events, and its
parts (a group's possible day alone, lunchtime) against direct enumeration."""

from __future__ import annotations

import itertools
import random
import time as time_module
from datetime import time, timedelta

import pytest

from bench.event import arguments, recheck
from tests.unit.builders import at, make_booking, make_host
from tests.unit.eventplan.test_event_planner import (
    TUESDAY,
    WEDNESDAY,
    Event,
    assert_bookable,
    brute_force_best,
    random_event,
)
from visits.domain.eventplan.greedy import greedy_schedule
from visits.domain.eventplan.instance import build_instance
from visits.domain.eventplan.planner import EventDelegation, EventLunch, plan_event
from visits.domain.eventplan.relax import (
    Relaxation,
    best_wishes,
    free_energy,
    lp_bound,
    most_disjoint,
    tour_masks,
    union_length,
)
from visits.domain.eventplan.schedule import LANGUAGE_BONUS, day_of, met_wishes, wish_unit


def tiny_event(seed: int) -> Event:
    """Two or three unsplit delegations over two short days on a 30-minute grid, hosts
    and a booking at random: small enough to enumerate every plan."""
    rng = random.Random(seed)
    hosts = (
        make_host(11, rng.sample((1, 2, 3), 2), languages=("ko", "ja")),
        make_host(12, rng.sample((1, 2, 3), 1)),
        make_host(13, (3,)),
    )
    delegations = tuple(
        EventDelegation(
            d,
            rng.randint(3, 10),
            rng.choice(("ja", None)),
            tuple(rng.sample((1, 2, 3), rng.randint(1, 2))),
            rng.choice((None, (TUESDAY,), (WEDNESDAY,))),
        )
        for d in range(1, rng.choice((3, 4)))
    )
    booked = at(rng.choice((TUESDAY, WEDNESDAY)), rng.choice(("10:00", "11:00")))
    return Event(
        days=(TUESDAY, WEDNESDAY),
        delegations=delegations,
        hosts=hosts,
        bookings=(make_booking(booked, booked + timedelta(minutes=30), 99, 3, party_size=6),),
        day_start=time(10),
        day_end=time(13),
        step=timedelta(minutes=30),
        lunch=EventLunch(time(11), time(12, 30), timedelta(minutes=60)),
    )


def objective_ceiling(event: Event) -> int:
    """The relaxation's bound on the whole objective, as the planner states it."""
    instance = build_instance(**event.arguments())  # type: ignore[arg-type]
    choice = best_wishes(instance, 10.0)
    stops = sum(len(options) for options in instance.options)
    return wish_unit(instance) * choice.bound + LANGUAGE_BONUS * stops


@pytest.mark.parametrize("seed", range(6))
def test_relaxation_bound_is_never_below_the_brute_force_optimum(seed: int) -> None:
    event = tiny_event(seed)

    best = brute_force_best(event)
    plan = event.plan(time_limit=10.0)

    assert objective_ceiling(event) >= best
    assert_bookable(event, plan)
    assert plan.objective == best  # the planner finds the optimum of these small events
    assert plan.bound >= best


def cut_everywhere(relaxation: Relaxation) -> int:
    """Resource cuts against the point "every wish met": the strongest each resource-day
    model gives (every room-day and shared host-day whose wishes cannot all go)."""
    return relaxation.cut([1.0] * relaxation.program.count, time_module.perf_counter() + 60)


def rows_hold(relaxation: Relaxation, met: set[tuple[int, int, int]]) -> bool:
    """Whether a plan's wishes met (delegation, facility, day) satisfy every row (the day
    and host literals set as the plan has them is not needed for the cut rows: each
    names wish literals only)."""
    values = [False] * relaxation.program.count
    for key, literal in relaxation.met_on.items():
        values[literal] = key in met
    wish_literals = set(relaxation.met_on.values())
    return all(
        low <= sum(c for v, c in terms if values[v]) <= high
        for terms, low, high in relaxation.program.rows
        if all(v in wish_literals for v, _ in terms)
    )


@pytest.mark.parametrize("seed", range(6))
def test_resource_cuts_keep_the_bound_above_the_brute_force_optimum(seed: int) -> None:
    event = tiny_event(seed)
    instance = build_instance(**event.arguments())  # type: ignore[arg-type]
    relaxation = Relaxation(instance)

    cut_everywhere(relaxation)
    bound = lp_bound(relaxation.program, relaxation.gains)

    stops = sum(len(options) for options in instance.options)
    assert wish_unit(instance) * bound + LANGUAGE_BONUS * stops >= brute_force_best(event)


@pytest.mark.parametrize("seed", range(3))
def test_resource_cuts_hold_for_plans_of_random_events(seed: int) -> None:
    event = random_event(seed)
    instance = build_instance(**event.arguments())  # type: ignore[arg-type]
    relaxation = Relaxation(instance)
    plan = event.plan(time_limit=3.0)
    met = {(s.delegation_id, s.facility_id) for s in plan.stops}
    days = {s.delegation_id: event.days.index(s.start.astimezone(instance.tz).date())
            for s in plan.stops}

    cut_everywhere(relaxation)

    assert rows_hold(relaxation, {(d, f, days[d]) for d, f in met})


def test_resource_cuts_on_the_bench_hold_for_first_fit_and_do_cut() -> None:
    instance = build_instance(**arguments())
    relaxation = Relaxation(instance)
    fitted = greedy_schedule(instance)
    met = {(instance.groups[s.group].delegation_id, s.facility_id, day_of(instance, s.start))
           for s in fitted.stops}
    before = len(relaxation.program.rows)

    added = cut_everywhere(relaxation)

    assert added > 0 and len(relaxation.program.rows) == before + added
    assert rows_hold(relaxation, met)


@pytest.mark.parametrize("seed", range(4))
def test_relaxation_bound_holds_the_planners_plan_on_random_events(seed: int) -> None:
    event = random_event(seed)
    instance = build_instance(**event.arguments())  # type: ignore[arg-type]

    choice = best_wishes(instance, 10.0)
    plan = event.plan(time_limit=3.0)

    met = {(s.delegation_id, s.facility_id) for s in plan.stops}
    assert sum(instance.wish_weight(d, f) for d, f in met) <= choice.bound
    assert choice.weight <= choice.bound
    assert plan.objective <= plan.bound <= objective_ceiling(event)


def test_relaxation_on_the_bench_bounds_every_plan_and_its_choice_can_be_booked() -> None:
    args = arguments()
    instance = build_instance(**args)
    first_fit = greedy_schedule(instance)
    weight = sum(instance.wish_weight(d, f) for d, f in met_wishes(instance, first_fit.stops))

    choice = best_wishes(instance, 20.0)
    plan = plan_event(**args, time_limit=12.0)

    assert weight <= choice.weight <= choice.bound
    assert plan.objective <= plan.bound
    assert recheck(args, plan) == 0  # every stop passes the engine, rooms and hosts hold
    unit = wish_unit(instance)
    met = sum(instance.wish_weight(d, f) for d, f in {(s.delegation_id, s.facility_id)
                                                      for s in plan.stops})
    assert met <= choice.bound
    assert plan.bound <= unit * choice.bound + LANGUAGE_BONUS * sum(map(len, instance.options))


def test_no_stop_is_offered_across_lunchtime() -> None:
    # lunch of an hour between 11:30 and 13:30: at 12:30 every group is at lunch
    event = Event(days=(TUESDAY,), delegations=(EventDelegation(1, 5, None, (1, 2, 3, 4)),))
    instance = build_instance(**event.arguments())  # type: ignore[arg-type]
    assert instance.lunch_windows is not None
    earliest, latest = instance.lunch_windows[0]

    starts = [(s, o.duration) for o in instance.options[0]
              for host_starts in o.host_starts.values() for s in host_starts]

    assert starts
    assert all(s + length <= latest or s >= earliest + instance.lunch_minutes
               for s, length in starts)
    assert any(s + length == latest for s, length in starts)  # up to lunchtime is fine


@pytest.mark.parametrize("seed", range(5))
def test_tour_masks_match_every_order_and_start_enumerated(seed: int) -> None:
    event = random_event(seed)
    instance = build_instance(**event.arguments())  # type: ignore[arg-type]
    for g, options in enumerate(instance.options):
        for k in instance.groups[g].days:
            low, high = instance.day_bounds[k]
            starts = {o.facility_id: sorted({s for v in o.host_starts.values() for s in v
                                             if low <= s < high}) for o in options}
            expected = {mask for mask in range(1 << len(options))
                        if _tour_exists(instance, g, k, mask, starts)}
            assert tour_masks(instance, g, k, starts) == expected


def _tour_exists(instance, g, k, mask, starts) -> bool:  # type: ignore[no-untyped-def]
    """Some order, some offered starts and some lunch minute keep the day (enumerated)."""
    options = [o for i, o in enumerate(instance.options[g]) if mask >> i & 1]
    if not options:
        return True
    earliest, latest = instance.lunch_windows[k]
    length = instance.lunch_minutes
    for order in itertools.permutations(options):
        for chosen in itertools.product(*(starts[o.facility_id] for o in order)):
            spans = [(s, s + o.duration, o.facility_id) for s, o in zip(chosen, order, strict=True)]
            if any(b[0] < a[1] + instance.travel[a[2], b[2]]
                   for a, b in itertools.pairwise(spans)):
                continue
            for lunch in range(earliest, latest + 1):
                end = lunch + length
                if any(s < end and lunch < e for s, e, _ in spans):
                    continue
                between = [(a, b) for a, b in itertools.pairwise(spans) if a[1] <= lunch < b[0]]
                if all(b[0] - a[1] >= instance.travel[a[2], b[2]] + length for a, b in between):
                    return True
    return False


def test_interval_helpers() -> None:
    assert union_length([(0, 10), (5, 15), (20, 25)]) == 20
    assert union_length([(0, 10), (10, 20)]) == 20
    assert most_disjoint([0, 15, 30, 45, 60], 45) == 2
    assert most_disjoint([0, 45, 90], 45) == 3
    # 20 places for 60 minutes, 8 of them taken for the last 30
    assert free_energy([(0, 60)], 20, [(30, 90, 8)]) == 20 * 60 - 8 * 30


def test_cancelled_plan_of_the_bench_is_bookable() -> None:
    import threading

    args = arguments()
    cancel = threading.Event()
    cancel.set()  # stopped before it starts: the first-fit plan comes back at once

    plan = plan_event(**args, time_limit=60.0, cancel=cancel)

    assert plan.stops
    assert plan.wall_seconds < 20.0
    assert recheck(args, plan) == 0
    assert plan.objective <= plan.bound


