"""The event planner: many delegations, one joint plan, every stop bookable by the engine.

Every plan is re-checked independently of the planner: each stop with `check_stop`
against the existing bookings plus all the plan's other stops, each group's day with
`check_visit_sequence`, hosts and rooms minute by minute, lunch against its window and
the stops around it.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest

from tests.unit.builders import SEOUL, at, make_booking, make_facility, make_host, make_policy
from visits.domain import (
    Booking,
    Facility,
    Host,
    Interval,
    InvalidInterval,
    Policy,
    RuleViolation,
    TravelTable,
    check_stop,
    check_visit_sequence,
    travel_minutes,
)
from visits.domain.eventplan.greedy import greedy_schedule
from visits.domain.eventplan.instance import build_instance
from visits.domain.eventplan.planner import (
    EventDelegation,
    EventLunch,
    EventLunchBreak,
    EventPlan,
    EventStop,
    Progress,
    plan_event,
)
from visits.domain.eventplan.schedule import LANGUAGE_BONUS, score_schedule, wish_unit

TUESDAY = date(2027, 3, 2)
WEDNESDAY = date(2027, 3, 3)
MINUTE = timedelta(minutes=1)
# Guro-gu: the district office, Guro Digital Complex, Gocheok Dome, Guro station
OFFICE = make_facility(1, capacity=20, buffer_min=10, lat=37.495486, lon=126.887527)
DIGITAL = make_facility(2, capacity=30, lat=37.485266, lon=126.901401)
DOME = make_facility(3, capacity=12, buffer_min=5, lat=37.498182, lon=126.867065)
STATION = make_facility(4, capacity=40, lat=37.503167, lon=126.881960)
FACILITIES = {f.id: f for f in (OFFICE, DIGITAL, DOME, STATION)}
DURATIONS = {1: 60, 2: 45, 3: 30, 4: 30}
LUNCH = EventLunch(time(11, 30), time(13, 30), timedelta(minutes=60))
HOSTS = (
    make_host(11, (1,), languages=("ko", "ja")),
    make_host(12, (1, 2), languages=("ko",)),
    make_host(13, (3,), languages=("ko", "en")),
    make_host(14, (4,), languages=("ko",)),
)


@dataclass(frozen=True)
class Event:
    """Everything `plan_event` is given, so that a test can re-check the answer with it."""

    days: tuple[date, ...]
    delegations: tuple[EventDelegation, ...]
    hosts: tuple[Host, ...] = HOSTS
    bookings: tuple[Booking, ...] = ()
    facilities: Mapping[int, Facility] = field(default_factory=lambda: FACILITIES)
    durations: Mapping[int, int] = field(default_factory=lambda: DURATIONS)
    lunch: EventLunch | None = LUNCH
    travel: TravelTable = field(default_factory=dict)
    day_start: time = time(9)
    day_end: time = time(17)
    step: timedelta = timedelta(minutes=15)
    max_group_size: int | None = None
    policy: Policy = field(default_factory=make_policy)

    def arguments(self) -> dict[str, object]:
        return {
            "days": self.days,
            "delegations": self.delegations,
            "facilities": self.facilities,
            "hosts": self.hosts,
            "bookings": self.bookings,
            "policy": self.policy,
            "durations": {f: timedelta(minutes=m) for f, m in self.durations.items()},
            "day_start": self.day_start,
            "day_end": self.day_end,
            "lunch": self.lunch,
            "travel": self.travel,
            "step": self.step,
            "max_group_size": self.max_group_size,
        }

    def plan(self, time_limit: float = 5.0) -> EventPlan:
        return plan_event(**self.arguments(), time_limit=time_limit)  # type: ignore[arg-type]

    def wall(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, SEOUL)


# --- independent checks ---------------------------------------------------------------


def tours(plan: EventPlan) -> dict[tuple[int, int], list[EventStop]]:
    """Each (delegation, group)'s stops in time order."""
    out: dict[tuple[int, int], list[EventStop]] = {}
    for stop in sorted(plan.stops, key=lambda s: s.start):
        out.setdefault((stop.delegation_id, stop.group), []).append(stop)
    return out


def as_bookings(event: Event, stops: Sequence[EventStop]) -> list[Booking]:
    return [
        Booking(
            -1 - k,
            -1000 * s.delegation_id - s.group,
            s.facility_id,
            s.host_id,
            s.start,
            s.end,
            s.party_size,
            event.facilities[s.facility_id].buffer,
        )
        for k, s in enumerate(stops)
    ]


def assert_bookable(event: Event, plan: EventPlan) -> None:
    """What the officer's one-step booking will check, and SPEC §3 minute by minute."""
    assert plan.status in ("OPTIMAL", "FEASIBLE")
    assert plan.objective <= plan.bound
    hosts = {host.id: host for host in event.hosts}
    mine = as_bookings(event, plan.stops)
    for k, stop in enumerate(plan.stops):
        others = [*event.bookings, *mine[:k], *mine[k + 1 :]]
        facility = event.facilities[stop.facility_id]
        check_stop(
            facility,
            hosts[stop.host_id],
            others,
            event.policy,
            stop.start,
            stop.end,
            stop.party_size,
        )
        assert stop.end - stop.start == timedelta(minutes=event.durations[stop.facility_id])
        assert event.wall(stop.start.date(), event.day_start) <= stop.start
        assert stop.end <= event.wall(stop.start.date(), event.day_end)
    for tour in tours(plan).values():
        check_visit_sequence(
            [(event.facilities[s.facility_id], s.start, s.end) for s in tour], event.travel
        )
    for delegation in event.delegations:
        days = {s.start.date() for s in plan.stops if s.delegation_id == delegation.id}
        assert len(days) <= 1
        assert days <= set(delegation.days or event.days)
    assert_hosts_and_rooms_hold(event, plan)
    assert_lunch_kept(event, plan)


def assert_hosts_and_rooms_hold(event: Event, plan: EventPlan) -> None:
    """Minute by minute: one new stop per host (buffer included), rooms within capacity."""
    held: dict[tuple[int, datetime], int] = {}
    present: dict[tuple[int, datetime], int] = {}
    for booking in event.bookings:
        for moment in minutes_of(booking.start, booking.end):
            key = booking.facility_id, moment
            present[key] = present.get(key, 0) + booking.party_size
    for stop in plan.stops:
        buffer = event.facilities[stop.facility_id].buffer
        for moment in minutes_of(stop.start, stop.end + buffer):
            held[stop.host_id, moment] = held.get((stop.host_id, moment), 0) + 1
        for moment in minutes_of(stop.start, stop.end):
            key = stop.facility_id, moment
            present[key] = present.get(key, 0) + stop.party_size
    assert max(held.values(), default=0) <= 1
    for (facility_id, moment), load in present.items():
        if any(s.facility_id == facility_id and s.start <= moment < s.end for s in plan.stops):
            assert load <= event.facilities[facility_id].capacity, (facility_id, moment)


def minutes_of(start: datetime, end: datetime) -> Iterator[datetime]:
    moment = start
    while moment < end:
        yield moment
        moment += MINUTE


def assert_lunch_kept(event: Event, plan: EventPlan) -> None:
    """Each touring group lunches in the window, off its stops, with travel kept whole."""
    if event.lunch is None:
        assert plan.lunches == ()
        return
    lunches = {(lunch.delegation_id, lunch.group): lunch for lunch in plan.lunches}
    for key, tour in tours(plan).items():
        lunch, day = lunches[key], tour[0].start.date()
        assert lunch.end - lunch.start == event.lunch.duration
        assert event.wall(day, event.lunch.start) <= lunch.start
        assert lunch.end <= event.wall(day, event.lunch.end)
        before = [s for s in tour if s.end <= lunch.start]
        after = [s for s in tour if s.start >= lunch.end]
        assert len(before) + len(after) == len(tour)  # no stop overlaps lunch
        if before and after:
            a, b = event.facilities[before[-1].facility_id], event.facilities[after[0].facility_id]
            travel = timedelta(minutes=travel_minutes(a, b, event.travel))
            assert after[0].start - before[-1].end >= travel + event.lunch.duration


# --- plans ----------------------------------------------------------------------------


def test_plan_event_four_delegations_two_days_every_stop_is_bookable() -> None:
    event = Event(
        days=(TUESDAY, WEDNESDAY),
        delegations=(
            EventDelegation(1, 12, "ja", (1, 2, 3)),
            EventDelegation(2, 10, "en", (3, 1, 4)),
            EventDelegation(3, 5, None, (2, 4), days=(WEDNESDAY,)),
            EventDelegation(4, 18, "zh-Hans", (1, 4, 2, 3)),
        ),
        bookings=(
            make_booking(at(TUESDAY, "10:00"), at(TUESDAY, "12:00"), 12, 1, party_size=10),
            make_booking(at(WEDNESDAY, "09:00"), at(WEDNESDAY, "11:00"), 99, 3, party_size=6),
        ),
    )

    plan = event.plan()

    assert_bookable(event, plan)
    assert plan.stops
    assert plan.first_solution_seconds is not None
    assert plan.first_solution_seconds <= plan.wall_seconds


def test_plan_event_shared_room_takes_two_delegations_one_after_the_other() -> None:
    # 12 of the office's 20 places are taken all morning: 8 more fit, never 16
    event = Event(
        days=(TUESDAY,),
        delegations=(EventDelegation(1, 8, None, (1,)), EventDelegation(2, 8, None, (1,))),
        bookings=(make_booking(at(TUESDAY, "09:00"), at(TUESDAY, "12:00"), 99, 1, party_size=12),),
        day_end=time(11),
        lunch=None,
    )

    plan = event.plan()

    assert_bookable(event, plan)
    assert plan.unmet == ()
    first, second = plan.stops
    assert first.end <= second.start
    assert plan.status == "OPTIMAL"


def test_plan_event_keeps_to_a_facilitys_weekly_quota() -> None:
    # the digital center takes 2 visits a week and already has one on Monday: of three
    # delegations wishing it on Tuesday, one goes, the others are told it is unmet
    capped = {**FACILITIES, 2: dataclasses.replace(DIGITAL, max_visits_per_week=2)}
    monday = date(2027, 3, 1)
    event = Event(
        days=(TUESDAY,),
        delegations=tuple(EventDelegation(d, 5, None, (2,)) for d in (1, 2, 3)),
        bookings=(make_booking(at(monday, "10:00"), at(monday, "11:00"), 12, 2,
                               visit_id=77),),
        facilities=capped, lunch=None,
    )
    instance = build_instance(**event.arguments())  # type: ignore[arg-type]

    plan = event.plan()
    first_fit = greedy_schedule(instance)

    assert len(plan.stops) == 1 and len(plan.unmet) == 2, plan
    assert len(first_fit.stops) == 1
    assert_bookable(event, plan)


def test_plan_event_one_host_for_two_delegations_waits_out_the_buffer() -> None:
    hosts = (make_host(11, (1,)),)
    event = Event(
        days=(TUESDAY,),
        delegations=(EventDelegation(1, 5, None, (1,)), EventDelegation(2, 5, None, (1,))),
        hosts=hosts,
        day_end=time(11, 15),
        lunch=None,
    )

    plan = event.plan()

    assert_bookable(event, plan)
    assert [s.start for s in plan.stops] == [at(TUESDAY, "09:00"), at(TUESDAY, "10:15")]


def test_plan_event_wish_no_slot_can_hold_is_reported_unmet() -> None:
    closed = Interval(at(TUESDAY, "00:00"), at(WEDNESDAY, "00:00"))
    facilities = {**FACILITIES, 4: make_facility(4, capacity=40, closures=[closed])}
    hosts = (*HOSTS[:2], make_host(13, (3,), time_off=[closed]), HOSTS[3])
    event = Event(
        days=(TUESDAY,),
        delegations=(EventDelegation(1, 10, None, (4, 2, 99)), EventDelegation(2, 5, None, (3, 2))),
        hosts=hosts,
        facilities=facilities,
    )

    plan = event.plan()

    assert_bookable(event, plan)
    # 4 is closed, 99 does not exist, the dome's only host is off
    assert plan.unmet == ((1, 4), (1, 99), (2, 3))
    assert sorted((s.delegation_id, s.facility_id) for s in plan.stops) == [(1, 2), (2, 2)]


def test_plan_event_earlier_wish_wins_when_only_one_fits() -> None:
    event = Event(
        days=(TUESDAY,),
        delegations=(EventDelegation(1, 5, None, (3, 1)),),
        day_end=time(10),
        lunch=None,
    )

    plan = event.plan()

    assert_bookable(event, plan)
    assert [s.facility_id for s in plan.stops] == [3]
    assert plan.unmet == ((1, 1),)


def test_plan_event_prefers_a_host_who_speaks_the_language() -> None:
    event = Event(days=(TUESDAY,), delegations=(EventDelegation(1, 5, "ja-JP", (1,)),))

    plan = event.plan()

    assert [s.host_id for s in plan.stops] == [11]


def test_plan_event_keeps_travel_and_lunch_between_two_stops() -> None:
    # 11:00-12:00 at the office, lunch 12:00-13:00, 30 min on the road, 13:30 at the dome
    event = Event(
        days=(TUESDAY,),
        delegations=(EventDelegation(1, 5, None, (1, 3)),),
        travel={frozenset({1, 3}): 30},
        day_start=time(11),
        day_end=time(14),
        lunch=EventLunch(time(12), time(13), timedelta(minutes=60)),
    )

    plan = event.plan()

    assert_bookable(event, plan)
    assert [(s.facility_id, s.start) for s in plan.stops] == [
        (1, at(TUESDAY, "11:00")),
        (3, at(TUESDAY, "13:30")),
    ]
    assert [(lunch.start, lunch.end) for lunch in plan.lunches] == [
        (at(TUESDAY, "12:00"), at(TUESDAY, "13:00"))
    ]


def test_plan_event_day_too_short_for_travel_and_lunch_drops_the_lesser_wish() -> None:
    event = Event(
        days=(TUESDAY,),
        delegations=(EventDelegation(1, 5, None, (1, 3)),),
        travel={frozenset({1, 3}): 31},
        day_start=time(11),
        day_end=time(14),
        lunch=EventLunch(time(12), time(13), timedelta(minutes=60)),
    )

    plan = event.plan()

    assert_bookable(event, plan)
    assert plan.unmet == ((1, 3),)


def test_plan_event_large_delegation_splits_into_groups_rotating_in_parallel() -> None:
    # 30 visitors in groups of 15; one host each at the office and the station, and a
    # morning just long enough for both groups to see both: they must swap halfway
    event = Event(
        days=(TUESDAY,),
        delegations=(EventDelegation(1, 30, None, (1, 4)),),
        travel={frozenset({1, 4}): 15},
        durations={1: 60, 4: 60},
        day_end=time(11, 25),
        lunch=None,
        max_group_size=15,
    )

    plan = event.plan()

    assert_bookable(event, plan)
    assert plan.unmet == ()
    by_group = tours(plan)
    assert sorted(by_group) == [(1, 0), (1, 1)]
    assert {s.party_size for s in plan.stops} == {15}
    orders = [[s.facility_id for s in tour] for tour in by_group.values()]
    assert sorted(orders) == [[1, 4], [4, 1]]
    assert all(tour[0].start == at(TUESDAY, "09:00") for tour in by_group.values())


def test_plan_event_splits_a_delegation_larger_than_a_wished_room() -> None:
    event = Event(days=(TUESDAY,), delegations=(EventDelegation(1, 25, None, (3, 2)),))

    plan = event.plan()

    assert_bookable(event, plan)
    assert plan.unmet == ()
    assert sorted(s.party_size for s in plan.stops if s.facility_id == 3) == [8, 8, 9]


def test_plan_event_delegation_comes_only_on_its_allowed_day() -> None:
    event = Event(
        days=(TUESDAY, WEDNESDAY),
        delegations=(EventDelegation(1, 5, None, (1, 2), days=(WEDNESDAY,)),),
    )

    plan = event.plan()

    assert {s.start.date() for s in plan.stops} == {WEDNESDAY}


def test_plan_event_refuses_a_lunch_longer_than_its_window() -> None:
    with pytest.raises(InvalidInterval):
        EventLunch(time(12), time(13), timedelta(minutes=90))


def test_plan_event_refuses_a_delegation_listed_twice() -> None:
    twice = (EventDelegation(1, 5, None, (1,)), EventDelegation(1, 6, None, (2,)))

    with pytest.raises(ValueError, match="only once"):
        Event(days=(TUESDAY,), delegations=twice).plan()


def random_event(seed: int) -> Event:
    """Four delegations of 3-30 (so some split) over two days, hosts and bookings at random."""
    rng = random.Random(seed)
    hosts = tuple(
        make_host(
            10 + k,
            rng.sample(sorted(FACILITIES), rng.choice((1, 2))),
            languages=("ko", *rng.sample(["ja", "en", "zh"], 1)),
        )
        for k in range(5)
    )
    bookings = tuple(
        make_booking(
            start, start + timedelta(hours=1), 99, rng.choice((1, 3)), rng.randint(3, 10), stop_id=k
        )
        for k, start in enumerate(
            at(rng.choice((TUESDAY, WEDNESDAY)), rng.choice(("09:00", "11:00", "14:00")))
            for _ in range(4)
        )
    )
    delegations = tuple(
        EventDelegation(
            d,
            rng.randint(3, 30),
            rng.choice(("ja", "en", None)),
            tuple(rng.sample(sorted(FACILITIES), rng.randint(1, 4))),
            rng.choice((None, (TUESDAY,), (WEDNESDAY,))),
        )
        for d in range(1, 5)
    )
    return Event(days=(TUESDAY, WEDNESDAY), delegations=delegations, hosts=hosts, bookings=bookings)


@pytest.mark.parametrize("seed", range(4))
def test_plan_event_random_small_events_are_bookable(seed: int) -> None:
    event = random_event(seed)

    plan = event.plan(time_limit=2.0)

    assert_bookable(event, plan)
    met = {(s.delegation_id, s.facility_id) for s in plan.stops}
    assert met.isdisjoint(plan.unmet)
    assert len(met) + len(plan.unmet) == sum(len(d.wishes) for d in event.delegations)


@pytest.mark.parametrize("seed", range(4))
def test_greedy_schedule_random_small_events_are_bookable(seed: int) -> None:
    # the first-fit plan is the solver's hint and its fallback: it must be bookable too
    event = random_event(seed)
    instance = build_instance(**event.arguments())  # type: ignore[arg-type]

    schedule = greedy_schedule(instance)

    lunch = event.lunch.duration if event.lunch else timedelta(0)
    stops = []
    for stop in schedule.stops:
        group = instance.groups[stop.group]
        length = timedelta(minutes=event.durations[stop.facility_id])
        start, end = instance.span_at(stop.start, length)
        stops.append(
            EventStop(
                group.delegation_id,
                group.index,
                group.party,
                stop.facility_id,
                stop.host_id,
                start,
                end,
            )
        )
    lunches = tuple(
        EventLunchBreak(
            instance.groups[g].delegation_id, instance.groups[g].index, *instance.span_at(m, lunch)
        )
        for g, m in schedule.lunches.items()
    )
    objective = score_schedule(instance, schedule)
    assert stops
    assert_bookable(
        event, EventPlan(tuple(stops), (), objective, objective, "FEASIBLE", 0.0, None, lunches)
    )


# --- against a brute force ------------------------------------------------------------


def brute_force_best(event: Event) -> int:
    """The best score over every plan of unsplit delegations on the `step` grid.

    Covers every day choice (or none), every subset of wishes, every grid start from
    opening time and every linked host per stop. A delegation's day is valid when each
    stop passes `check_stop` against the existing bookings, the stops pass
    `check_visit_sequence`, they lie in the day window and some minute lets lunch fit
    (SPEC-level reading, checked minute by minute). Plans of different delegations
    combine when no host is held twice (buffer included) and no room overflows.
    """
    unit = wish_unit(build_instance(**event.arguments()))  # type: ignore[arg-type]
    options = [list(delegation_days(event, d)) for d in event.delegations]
    best = 0
    for combination in itertools.product(*options):
        stops = [stop for day_plan in combination for stop in day_plan]
        if jointly_fine(event, stops):
            best = max(best, plan_score(event, stops, unit))
    return best


def delegation_days(event: Event, delegation: EventDelegation) -> Iterator[list[EventStop]]:
    yield []
    hosts = {h.id: h for h in event.hosts}
    for day in delegation.days or event.days:
        grid = grid_of(event, day)
        choices = []
        for f in delegation.wishes:
            length = timedelta(minutes=event.durations[f])
            choices.append(
                [None]
                + [
                    EventStop(delegation.id, 0, delegation.size, f, h.id, start, start + length)
                    for start in grid
                    for h in event.hosts
                    if f in h.facility_ids and start + length <= event.wall(day, event.day_end)
                ]
            )
        for picked in itertools.product(*choices):
            stops = [s for s in picked if s is not None]
            if stops and day_fine(event, hosts, stops):
                yield stops


def grid_of(event: Event, day: date) -> list[datetime]:
    """The `step` grid of the day window (opening time 09:00 is on it in these tests)."""
    first, last = event.wall(day, event.day_start), event.wall(day, event.day_end)
    return [first + k * event.step for k in range((last - first) // event.step)]


def day_fine(event: Event, hosts: Mapping[int, Host], stops: list[EventStop]) -> bool:
    try:
        for s in stops:
            check_stop(
                event.facilities[s.facility_id],
                hosts[s.host_id],
                event.bookings,
                event.policy,
                s.start,
                s.end,
                s.party_size,
            )
        check_visit_sequence(
            [(event.facilities[s.facility_id], s.start, s.end) for s in stops], event.travel
        )
    except RuleViolation:
        return False
    return lunch_fits(event, sorted(stops, key=lambda s: s.start))


def lunch_fits(event: Event, tour: list[EventStop]) -> bool:
    lunch = event.lunch
    if lunch is None:
        return True
    day = tour[0].start.date()
    for start in minutes_of(
        event.wall(day, lunch.start), event.wall(day, lunch.end) - lunch.duration + MINUTE
    ):
        end = start + lunch.duration
        before = [s for s in tour if s.end <= start]
        after = [s for s in tour if s.start >= end]
        if len(before) + len(after) < len(tour):
            continue
        if before and after:
            a, b = event.facilities[before[-1].facility_id], event.facilities[after[0].facility_id]
            if (
                after[0].start - before[-1].end
                < timedelta(minutes=travel_minutes(a, b, event.travel)) + lunch.duration
            ):
                continue
        return True
    return False


def jointly_fine(event: Event, stops: list[EventStop]) -> bool:
    for a, b in itertools.combinations(stops, 2):
        if a.host_id == b.host_id:
            a_held = a.end + event.facilities[a.facility_id].buffer
            b_held = b.end + event.facilities[b.facility_id].buffer
            if a.start < b_held and b.start < a_held:
                return False
    everyone: list[EventStop | Booking] = [*stops, *event.bookings]
    for s in stops:
        moments = [s.start, *(o.start for o in everyone if s.start < o.start < s.end)]
        for moment in moments:
            load = sum(
                o.party_size
                for o in everyone
                if o.facility_id == s.facility_id and o.start <= moment < o.end
            )
            if load > event.facilities[s.facility_id].capacity:
                return False
    return True


def plan_score(event: Event, stops: Sequence[EventStop], unit: int) -> int:
    """The documented objective: unit × wish weights + 10 per speaking host − travel."""
    delegations = {d.id: d for d in event.delegations}
    hosts = {h.id: h for h in event.hosts}
    score = 0
    for s in stops:
        wishes = delegations[s.delegation_id].wishes
        score += unit * (len(wishes) - wishes.index(s.facility_id))
        language = delegations[s.delegation_id].language
        score += LANGUAGE_BONUS if language and hosts[s.host_id].speaks(language) else 0
    by_group: dict[tuple[int, int], list[EventStop]] = {}
    for s in sorted(stops, key=lambda s: s.start):
        by_group.setdefault((s.delegation_id, s.group), []).append(s)
    for tour in by_group.values():
        for a, b in itertools.pairwise(tour):
            fa, fb = event.facilities[a.facility_id], event.facilities[b.facility_id]
            score -= travel_minutes(fa, fb, event.travel)
    return score


def test_plan_event_objective_equals_a_brute_force_optimum() -> None:
    # two delegations that compete for the dome (12 places, 5 taken at 10:00 on Tuesday),
    # the office's Japanese speaker, a two-day choice and a lunch to fit
    event = Event(
        days=(TUESDAY, WEDNESDAY),
        delegations=(
            EventDelegation(1, 8, "ja", (1, 3, 2)),
            EventDelegation(2, 6, "en", (3, 1), days=(TUESDAY,)),
        ),
        hosts=(
            make_host(11, (1,), languages=("ja",)),
            make_host(12, (1, 2)),
            make_host(
                13, (3,), time_off=[Interval(at(WEDNESDAY, "09:00"), at(WEDNESDAY, "12:00"))]
            ),
        ),
        bookings=(make_booking(at(TUESDAY, "10:00"), at(TUESDAY, "10:30"), 99, 3, party_size=5),),
        day_start=time(10),
        day_end=time(13),
        step=timedelta(minutes=30),
        lunch=EventLunch(time(11), time(12, 30), timedelta(minutes=60)),
    )

    plan = event.plan(time_limit=10.0)
    best = brute_force_best(event)

    assert_bookable(event, plan)
    assert plan.status == "OPTIMAL"
    assert plan.objective == plan.bound == best
    assert plan_score(event, plan.stops, wish_unit(build_instance(**event.arguments()))) == best  # type: ignore[arg-type]


# --- watching a plan ------------------------------------------------------------------


def test_plan_event_reports_progress_up_to_the_plan_it_returns() -> None:
    event = random_event(1)
    seen: list[Progress] = []

    plan = plan_event(**event.arguments(), time_limit=3.0, on_progress=seen.append)  # type: ignore[arg-type]

    assert_bookable(event, plan)
    assert seen, "at least the first-fit plan is reported"
    for progress in seen:
        assert progress.objective <= progress.bound
        assert 0.0 <= progress.gap <= 1.0
        assert progress.wishes_met >= progress.placed >= 0
        assert progress.elapsed_s <= plan.wall_seconds
    assert [p.elapsed_s for p in seen] == sorted(p.elapsed_s for p in seen)
    best = max(seen, key=lambda p: p.objective)
    assert best.objective == plan.objective
    assert best.wishes_met == sum(len(d.wishes) for d in event.delegations) - len(plan.unmet)
    assert best.placed == len({s.delegation_id for s in plan.stops})
    assert min(p.bound for p in seen) >= plan.objective


def test_plan_event_cancelled_returns_the_best_plan_so_far_at_once() -> None:
    from bench.event import arguments

    cancel = threading.Event()
    seen: list[Progress] = []

    def note(progress: Progress) -> None:
        seen.append(progress)
        if len(seen) >= 2:  # the first-fit plan, then the solver's first
            cancel.set()

    plan = plan_event(**arguments(), time_limit=60.0, on_progress=note, cancel=cancel)

    assert plan.status == "FEASIBLE"
    assert plan.wall_seconds < 30.0
    assert plan.stops
    assert plan.objective >= seen[0].objective  # never worse than the first-fit plan
