"""The day planner: hand-checked days, then random days against the brute-force reference.

Every plan returned is validated on its own terms (the slots `free_slots` offers, `check_stop`
with the plan's earlier stops booked, `check_visit_sequence`, the lunch, the figures), then
its objective is compared with the best the reference finds, and the plan itself with the
reference's (the last tie-break makes the best plan unique).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.builders import SEOUL, at, make_booking, make_facility, make_host, make_policy
from tests.unit.dayplan.reference import (
    Day,
    Objective,
    Stop,
    brute_force,
    lunch_fits,
    lunch_options,
)
from visits.domain import (
    Booking,
    Facility,
    Host,
    Interval,
    InvalidInterval,
    Policy,
    RuleViolation,
    WeeklyWindow,
    check_stop,
    check_visit_sequence,
    travel_minutes,
)
from visits.domain.dayplan.plan import MAX_FACILITIES, DayPlan, Infeasible, Lunch, plan_day

WEDNESDAY = date(2027, 3, 10)
SAMILJEOL = date(2027, 3, 1)
MIN = timedelta(minutes=1)


def minutes(count: int) -> timedelta:
    return count * MIN


def day_of(**overrides: Any) -> Day:
    """A day with three facilities in a row (explicit travel), one host each, no bookings."""
    values: dict[str, Any] = {
        "facilities": {i: make_facility(i) for i in (1, 2, 3)},
        "hosts": [make_host(10 + i, (i,)) for i in (1, 2, 3)],
        "bookings": [],
        "policy": make_policy(),
        "day": WEDNESDAY,
        "required": [1, 2, 3],
        "optional": [],
        "language": None,
        "party_size": 5,
        "durations": {i: minutes(60) for i in (1, 2, 3)},
        "day_start": time(9),
        "day_end": time(18),
        "lunch": None,
        "travel": {frozenset({1, 2}): 10, frozenset({2, 3}): 10, frozenset({1, 3}): 60},
        "step": minutes(10),
    }
    values.update(overrides)
    return Day(**values)


def plan(day: Day) -> DayPlan:
    return plan_day(**day.arguments())


def clocks(plan: DayPlan) -> list[tuple[int, int, str, str]]:
    """(facility, host, start, end) of each stop, times as "HH:MM"."""
    return [(s.facility_id, s.host_id, f"{s.start:%H:%M}", f"{s.end:%H:%M}") for s in plan.stops]


def validated_objective(day: Day, plan: DayPlan) -> Objective:
    """Check the plan against every rule and definition; return its objective."""
    required = list(dict.fromkeys(day.required))
    optional = [i for i in dict.fromkeys(day.optional) if i not in required]
    ids = [stop.facility_id for stop in plan.stops]
    assert len(set(ids)) == len(ids)
    assert set(required) <= set(ids) <= {*required, *optional}
    assert plan.unscheduled == tuple(i for i in optional if i not in ids)
    assert [s.start for s in plan.stops] == sorted(s.start for s in plan.stops)
    assert_books_as_is(day, plan)
    travel, idle = figures(day, plan)
    assert (plan.travel_min, plan.idle_min) == (travel, idle)
    speakers = sum(day.speaks(s.host_id) for s in plan.stops)
    return (len(set(ids) & set(optional)), travel, idle, speakers)


def assert_books_as_is(day: Day, plan: DayPlan) -> None:
    """Each stop is an offered slot and host, and passes `check_stop` with the plan's
    earlier stops booked; together they pass `check_visit_sequence`."""
    booked = list(day.bookings)
    for k, stop in enumerate(plan.stops):
        facility = day.facilities[stop.facility_id]
        offered = {slot.start: slot for slot in day.slots(stop.facility_id)}
        assert stop.start in offered and stop.host_id in offered[stop.start].host_ids
        assert stop.end - stop.start == day.durations[stop.facility_id]
        host = next(h for h in day.hosts if h.id == stop.host_id)
        check_stop(facility, host, booked, day.policy, stop.start, stop.end, day.party_size)
        booked.append(
            Booking(
                stop_id=-1 - k,
                visit_id=-1,
                facility_id=facility.id,
                host_id=host.id,
                start=stop.start,
                end=stop.end,
                party_size=day.party_size,
                buffer=facility.buffer,
            )
        )
    sequence = [(day.facilities[s.facility_id], s.start, s.end) for s in plan.stops]
    check_visit_sequence(sequence, day.travel)


def figures(day: Day, plan: DayPlan) -> tuple[int, int]:
    """Travel and idle minutes of the plan, checking its lunch on the way."""
    stops = [Stop(s.facility_id, s.start, s.end, ()) for s in plan.stops]
    pairs = zip(stops, stops[1:], strict=False)
    travel = sum(day.travel_between(a.facility_id, b.facility_id) // MIN for a, b in pairs)
    inside = False
    if day.lunch is None:
        assert plan.lunch is None
    else:
        assert plan.lunch is not None
        verdict = lunch_fits(day, stops, *plan.lunch)
        assert verdict, "the lunch break is not where it may be"
        inside = any(lunch_options(day, stops))
        assert verdict == [inside], "the lunch is between stops whenever it can be"
    if not stops:
        return travel, 0
    spent = sum((s.end - s.start) // MIN for s in stops) + travel
    idle = (stops[-1].end - stops[0].start) // MIN - spent
    if day.lunch is not None and inside:
        idle -= day.lunch.duration // MIN
    return travel, idle


# -- hand-checked days -------------------------------------------------------------------


def test_plan_day_orders_facilities_along_the_road_to_minimise_travel() -> None:
    day = day_of(required=[3, 1, 2])

    result = plan(day)

    # 3, 2, 1 travels as little: the tie goes to the lower facility id first.
    assert clocks(result) == [
        (1, 11, "09:00", "10:00"),
        (2, 12, "10:10", "11:10"),
        (3, 13, "11:20", "12:20"),
    ]
    assert (result.travel_min, result.idle_min) == (20, 0)
    validated_objective(day, result)


def test_plan_day_takes_a_detour_when_a_configured_direct_leg_is_slower() -> None:
    day = day_of(
        durations={i: minutes(30) for i in (1, 2, 3)},
        day_end=time(10, 50),
        travel={frozenset({1, 2}): 60, frozenset({1, 3}): 10, frozenset({2, 3}): 10},
    )

    result = plan(day)

    assert clocks(result) == [
        (1, 11, "09:00", "09:30"),
        (3, 13, "09:40", "10:10"),
        (2, 12, "10:20", "10:50"),
    ]


def test_plan_day_orders_facilities_far_apart_by_their_coordinates() -> None:
    # Guro-gu office, a kiosk in its lobby and a centre 4 km east.
    facilities = {
        1: make_facility(1, lat=37.4954, lon=126.8874),
        2: make_facility(2, lat=37.4956, lon=126.9330),
        3: make_facility(3, lat=37.4954, lon=126.8874),
    }
    day = day_of(facilities=facilities, travel={}, required=[1, 2, 3])

    result = plan(day)

    order = [s.facility_id for s in result.stops]
    assert order.index(2) in (0, 2), "the far facility is visited first or last"
    far = travel_minutes(facilities[1], facilities[2], {})
    assert (travel_minutes(facilities[1], facilities[3], {}), far) == (10, 23)  # 4 km: 13 + 10
    assert result.travel_min == 10 + 23
    validated_objective(day, result)


def test_plan_day_puts_the_lunch_window_between_two_stops() -> None:
    day = day_of(
        required=[1, 2],
        day_start=time(11),
        day_end=time(15),
        lunch=Lunch(time(12), time(13), minutes(60)),
    )

    result = plan(day)

    assert clocks(result) == [(1, 11, "11:00", "12:00"), (2, 12, "13:10", "14:10")]
    assert result.lunch == (at(WEDNESDAY, "12:00"), at(WEDNESDAY, "13:00"))
    assert result.idle_min == 0
    validated_objective(day, result)


def test_plan_day_takes_lunch_before_the_first_stop_when_the_day_starts_late() -> None:
    day = day_of(
        required=[1],
        day_start=time(12),
        lunch=Lunch(time(12), time(14), minutes(45)),
    )

    result = plan(day)

    assert clocks(result) == [(1, 11, "12:00", "13:00")]
    assert result.lunch == (at(WEDNESDAY, "13:00"), at(WEDNESDAY, "13:45"))
    validated_objective(day, result)


def test_plan_day_reports_an_optional_facility_that_does_not_fit_as_unscheduled() -> None:
    day = day_of(required=[1], optional=[2, 3], day_end=time(11, 10))

    result = plan(day)

    assert [s.facility_id for s in result.stops] == [1, 2]
    assert result.unscheduled == (3,)
    validated_objective(day, result)


def test_plan_day_prefers_an_optional_facility_to_less_travel() -> None:
    day = day_of(required=[1], optional=[3])

    result = plan(day)

    assert [s.facility_id for s in result.stops] == [1, 3]
    assert result.travel_min == 60


def test_plan_day_prefers_a_japanese_speaking_host() -> None:
    hosts = [make_host(3, (1,), languages=("ko",)), make_host(5, (1,), languages=("ja", "ko"))]
    day = day_of(hosts=hosts, required=[1], language="ja-JP")

    assert [s.host_id for s in plan(day).stops] == [5]
    assert [s.host_id for s in plan(day_of(hosts=hosts, required=[1])).stops] == [3]


def test_plan_day_waits_for_a_speaking_host_when_that_costs_no_idle() -> None:
    weekly = tuple(WeeklyWindow(d, time(10), time(18)) for d in range(5))
    hosts = [make_host(3, (1,)), make_host(5, (1,), weekly=weekly, languages=("ja",))]
    day = day_of(hosts=hosts, required=[1], language="ja")

    assert clocks(plan(day)) == [(1, 5, "10:00", "11:00")]


def test_plan_day_keeps_a_host_serving_two_facilities_to_their_buffer() -> None:
    facilities = {1: make_facility(1, buffer_min=60), 2: make_facility(2)}
    day = day_of(
        facilities=facilities,
        hosts=[make_host(7, (1, 2))],
        required=[1, 2],
        durations={1: minutes(30), 2: minutes(30)},
        travel={frozenset({1, 2}): 5},
        step=minutes(5),
    )

    result = plan(day)

    # 1 then 2 would wait for the 60 min buffer; 2 then 1 only travels.
    assert clocks(result) == [(2, 7, "09:00", "09:30"), (1, 7, "09:35", "10:05")]
    assert result.idle_min == 0
    validated_objective(day, result)


def test_plan_day_respects_existing_bookings() -> None:
    bookings = [
        make_booking(at(WEDNESDAY, "09:00"), at(WEDNESDAY, "10:00"), host_id=11, buffer_min=15),
        make_booking(at(WEDNESDAY, "08:00"), at(WEDNESDAY, "11:00"), host_id=12, stop_id=101),
    ]
    day = day_of(bookings=bookings, required=[1, 2], travel={frozenset({1, 2}): 10})

    result = plan(day)

    assert clocks(result) == [(1, 11, "10:20", "11:20"), (2, 12, "11:30", "12:30")] or clocks(
        result
    ) == [(2, 12, "11:00", "12:00"), (1, 11, "12:10", "13:10")]
    validated_objective(day, result)


def test_plan_day_returns_a_plan_that_books_as_is() -> None:
    facilities = {
        1: make_facility(1, capacity=12, buffer_min=15, lat=37.4954, lon=126.8874),
        2: make_facility(2, capacity=20, buffer_min=30, lat=37.5012, lon=126.8821),
        3: make_facility(3, capacity=30, lat=37.4870, lon=126.8960),
        4: make_facility(4, capacity=8, buffer_min=10, lat=37.4990, lon=126.8900),
    }
    hosts = [
        make_host(1, (1, 2), languages=("ko", "en")),
        make_host(2, (2, 3), languages=("ja",)),
        make_host(3, (3, 4)),
        make_host(4, (1, 4), languages=("zh-Hant",)),
    ]
    bookings = [
        make_booking(at(WEDNESDAY, "09:30"), at(WEDNESDAY, "10:30"), 1, 1, 6, 15, 201),
        make_booking(at(WEDNESDAY, "13:00"), at(WEDNESDAY, "14:00"), 2, 3, 25, 0, 202),
        make_booking(at(WEDNESDAY, "10:00"), at(WEDNESDAY, "11:30"), 3, 4, 2, 10, 203),
        make_booking(at(WEDNESDAY, "11:00"), at(WEDNESDAY, "12:00"), 99, 1, 4, 0, 204),
    ]
    day = day_of(
        facilities=facilities,
        hosts=hosts,
        bookings=bookings,
        required=[1, 2, 3],
        optional=[4],
        language="ja",
        party_size=6,
        durations={1: minutes(45), 2: minutes(60), 3: minutes(30), 4: minutes(40)},
        lunch=Lunch(time(12), time(13, 30), minutes(60)),
        travel={},
        step=minutes(15),
    )

    result = plan(day)

    assert len(result.stops) == 4 and result.unscheduled == ()
    validated_objective(day, result)
    assert plan(day) == result, "the same question gets the same plan"


def test_plan_day_takes_a_facility_both_required_and_optional_as_required() -> None:
    day = day_of(required=[1, 1], optional=[1, 2], day_end=time(10))

    result = plan(day)

    assert [s.facility_id for s in result.stops] == [1]
    assert result.unscheduled == (2,)


def test_plan_day_refuses_a_facility_without_a_duration() -> None:
    with pytest.raises(ValueError, match="Facility 4"):
        plan(day_of(required=[1], optional=[4]))


def test_plan_day_refuses_more_facilities_than_it_can_search() -> None:
    day = day_of(required=[1, 2, 3], optional=list(range(4, 4 + MAX_FACILITIES)))

    why = infeasible(day)

    assert (why.reason, why.limit, why.asked) == ("too_many_facilities", 8, 11)


def test_plan_day_without_facilities_is_an_empty_plan_with_lunch() -> None:
    day = day_of(required=[], lunch=Lunch(time(12), time(13), minutes(60)))

    result = plan(day)

    assert (result.stops, result.unscheduled, result.travel_min, result.idle_min) == ((), (), 0, 0)
    assert result.lunch == (at(WEDNESDAY, "12:00"), at(WEDNESDAY, "13:00"))


# -- when nothing fits ----------------------------------------------------------------------


def infeasible(day: Day) -> Infeasible:
    with pytest.raises(Infeasible) as raised:
        plan(day)
    assert isinstance(raised.value, RuleViolation) and raised.value.code == "infeasible"
    return raised.value


def test_plan_day_on_a_holiday_says_so() -> None:
    day = day_of(day=SAMILJEOL, policy=make_policy(closed={SAMILJEOL: "Independence Movement Day"}))

    why = infeasible(day)

    assert (why.reason, why.day, why.day_name, why.field) == (
        "closed_day", SAMILJEOL, "Independence Movement Day", "date")


def test_plan_day_names_a_required_facility_without_a_free_host() -> None:
    whole_day = make_booking(at(WEDNESDAY, "08:00"), at(WEDNESDAY, "19:00"), host_id=13)
    day = day_of(bookings=[whole_day], day_start=time(9, 30), day_end=time(17, 30))

    why = infeasible(day)

    assert (why.reason, why.facility_ids, why.day_start, why.day_end, why.length) == (
        "fully_booked", (3,), time(9, 30), time(17, 30), minutes(60))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"party_size": 40}, "party_too_large"),
        ({"hosts": [make_host(12, (2,)), make_host(13, (3,))]}, "no_host"),
        ({"day_start": time(18), "day_end": time(20)}, "not_open"),
        (
            {"hosts": [make_host(11, (1,), weekly=()), make_host(12, (2,)), make_host(13, (3,))]},
            "hosts_not_working",
        ),
        ({"policy": make_policy(now=at(WEDNESDAY, "18:00"))}, "min_notice"),
    ],
)
def test_plan_day_explains_why_a_facility_has_no_slot(change: dict[str, Any], reason: str) -> None:
    why = infeasible(day_of(**change))

    assert (why.reason, why.facility_ids, why.field) == (reason, (1,), "facility_ids")


def test_plan_day_explains_a_full_room_with_its_capacity() -> None:
    why = infeasible(day_of(party_size=40))

    assert (why.capacity, why.party_size) == (30, 40)


def test_plan_day_explains_the_minimum_notice_with_the_earliest_start() -> None:
    why = infeasible(day_of(policy=make_policy(now=at(WEDNESDAY, "18:00"))))

    assert why.earliest == at(WEDNESDAY, "18:00")


def test_plan_day_names_two_facilities_that_cannot_both_fit() -> None:
    early = tuple(WeeklyWindow(d, time(9), time(10)) for d in range(5))
    facilities = {
        1: make_facility(1),
        2: make_facility(2, open_hours=early),
        3: make_facility(3, open_hours=early),
    }
    day = day_of(facilities=facilities, durations={1: minutes(60), 2: minutes(45), 3: minutes(45)})

    why = infeasible(day)

    assert (why.reason, why.facility_ids, why.travel, why.host_id) == (
        "pair", (2, 3), minutes(10), None)
    assert (why.free_from, why.free_to) == (at(WEDNESDAY, "09:00"), at(WEDNESDAY, "09:55"))


def test_plan_day_names_the_host_two_facilities_share_when_their_buffer_blocks_them() -> None:
    facilities = {1: make_facility(1, buffer_min=60), 2: make_facility(2, buffer_min=60)}
    day = day_of(
        facilities=facilities,
        hosts=[make_host(7, (1, 2))],
        required=[1, 2],
        durations={1: minutes(30), 2: minutes(30)},
        day_end=time(10, 30),
        travel={frozenset({1, 2}): 5},
    )

    why = infeasible(day)

    assert (why.reason, why.facility_ids, why.travel, why.host_id, why.buffer) == (
        "pair", (1, 2), minutes(5), 7, minutes(60))


def test_plan_day_says_when_lunch_does_not_fit_in_the_day() -> None:
    day = day_of(day_end=time(12, 30), lunch=Lunch(time(12), time(13, 30), minutes(60)))

    why = infeasible(day)

    assert (why.reason, why.field, why.lunch_start, why.lunch_end, why.lunch_length) == (
        "lunch_no_room", "lunch", time(12), time(13, 30), minutes(60))
    assert (why.day_start, why.day_end) == (time(9), time(12, 30))


def test_plan_day_says_when_a_facility_leaves_no_room_for_lunch() -> None:
    midday = tuple(WeeklyWindow(d, time(11, 30), time(13, 30)) for d in range(5))
    facilities = {1: make_facility(1, open_hours=midday)}
    day = day_of(
        facilities=facilities,
        required=[1],
        durations={1: minutes(120)},
        lunch=Lunch(time(12), time(13, 30), minutes(60)),
    )

    why = infeasible(day)

    assert (why.reason, why.facility_ids, why.free_from, why.free_to) == (
        "no_room_for_lunch", (1,), at(WEDNESDAY, "11:30"), at(WEDNESDAY, "13:30"))


def test_plan_day_says_when_the_required_facilities_fit_only_without_lunch() -> None:
    day = day_of(
        day_end=time(12, 20),
        lunch=Lunch(time(11), time(13), minutes(30)),
        travel={frozenset({1, 2}): 10, frozenset({2, 3}): 10, frozenset({1, 3}): 10},
    )

    why = infeasible(day)

    assert (why.reason, why.facility_ids, why.lunch_length) == (
        "only_without_lunch", (1, 2, 3), minutes(30))


def test_plan_day_says_when_the_required_facilities_do_not_fit_together() -> None:
    why = infeasible(day_of(day_end=time(12)))

    assert (why.reason, why.facility_ids, why.day_end) == ("all", (1, 2, 3), time(12))


def test_lunch_longer_than_its_window_is_refused() -> None:
    with pytest.raises(InvalidInterval):
        Lunch(time(12), time(12, 30), minutes(60))


# -- random days against the reference -------------------------------------------------------


def five_min_time(lo: int, hi: int) -> st.SearchStrategy[time]:
    """A wall-clock time on a five-minute mark between two minute-of-day bounds."""
    return st.integers(lo // 5, hi // 5).map(lambda m: time(m * 5 // 60, m * 5 % 60))


def every_day(start: time, end: time) -> tuple[WeeklyWindow, ...]:
    return tuple(WeeklyWindow(d, start, end) for d in range(7))


OFFICE = every_day(time(8), time(18))
PAST = datetime(2027, 1, 1, tzinfo=SEOUL)


@st.composite
def hours(draw: st.DrawFn) -> tuple[WeeklyWindow, ...]:
    """Office hours, or one or two windows on five-minute marks around the day."""
    if draw(st.booleans()):
        return OFFICE
    windows: list[WeeklyWindow] = []
    for _ in range(draw(st.integers(1, 2))):
        start = draw(st.integers(8 * 12, 15 * 12)) * 5
        end = min(start + draw(st.integers(6, 60)) * 5, 23 * 60)
        windows.extend(every_day(time(start // 60, start % 60), time(end // 60, end % 60)))
    return tuple(windows)


def moments() -> st.SearchStrategy[datetime]:
    """Five-minute marks of the Wednesday between 08:00 and 16:00."""
    return st.integers(8 * 12, 16 * 12).map(
        lambda m: datetime.combine(WEDNESDAY, time(m * 5 // 60, m * 5 % 60), SEOUL)
    )


def spells(draw: st.DrawFn, rare: bool) -> tuple[Interval, ...]:
    """At most one closure or time off, of up to two hours (none when `rare`)."""
    starts = draw(st.lists(moments(), max_size=0 if rare else 1))
    return tuple(Interval(s, s + draw(st.integers(1, 24)) * 5 * MIN) for s in starts)


@st.composite
def facilities(draw: st.DrawFn, ids: list[int], friendly: bool) -> dict[int, Facility]:
    """Facilities within a few km of each other (or without coordinates)."""
    spot = st.one_of(st.none(), st.tuples(st.floats(37.48, 37.51), st.floats(126.85, 126.90)))
    out = {}
    for i in ids:
        place = draw(spot)
        out[i] = Facility(
            id=i,
            capacity=30 if friendly else draw(st.sampled_from((30, 30, 30, 1, 2, 4, 6))),
            buffer=draw(st.sampled_from((0, 10, 30, 60))) * MIN,
            open_hours=OFFICE if friendly else draw(hours()),
            closures=spells(draw, friendly),
            lat=place[0] if place else None,
            lon=place[1] if place else None,
        )
    return out


@st.composite
def hosts(draw: st.DrawFn, ids: list[int], friendly: bool) -> list[Host]:
    """Every facility gets a host; hosts then pick up more (one host, two stops of a plan)."""
    host_ids = draw(
        st.lists(st.integers(1, 6), min_size=1, max_size=2 if friendly else 4, unique=True)
    )
    owner = {i: draw(st.sampled_from(host_ids)) for i in ids}
    return [
        Host(
            id=h,
            facility_ids=frozenset(
                {i for i in ids if owner[i] == h} | set(draw(st.lists(st.sampled_from(ids))))
            ),
            weekly=draw(st.one_of(st.just(OFFICE), hours())),
            time_off=spells(draw, friendly),
            languages=draw(st.sampled_from((("ko",), ("ko", "ja"), ("ja",), ("en",), ()))),
        )
        for h in host_ids
    ]


@st.composite
def bookings(draw: st.DrawFn, ids: list[int], host_ids: list[int]) -> list[Booking]:
    out = []
    for stop_id in range(1, draw(st.integers(0, 6)) + 1):
        start = draw(moments())
        out.append(
            Booking(
                stop_id=stop_id,
                visit_id=100 + stop_id,
                facility_id=draw(st.sampled_from([*ids, 99])),
                host_id=draw(st.sampled_from([*host_ids, 99])),
                start=start,
                end=start + draw(st.integers(3, 24)) * 5 * MIN,
                party_size=draw(st.integers(1, 6)),
                buffer=draw(st.sampled_from((0, 15, 30))) * MIN,
            )
        )
    return out


@st.composite
def lunches(draw: st.DrawFn) -> Lunch | None:
    if draw(st.booleans()):
        return None
    start = draw(five_min_time(10 * 60 + 30, 12 * 60 + 30))
    length = draw(st.sampled_from((30, 45, 60)))
    close = start.hour * 60 + start.minute + length + draw(st.sampled_from((0, 15, 30, 60, 90)))
    return Lunch(start, time(close // 60, close % 60), length * MIN)


@st.composite
def policies(draw: st.DrawFn, friendly: bool) -> Policy:
    """Mostly no notice to respect; now and then a notice from a time on the day, or a holiday."""
    rare = st.integers(0, 19).map(lambda n: n == 0)
    return Policy(
        tz=SEOUL,
        closed_dates=frozenset({WEDNESDAY}) if not friendly and draw(rare) else frozenset(),
        min_notice=draw(st.sampled_from((0, 60))) * MIN,
        now=PAST if friendly or not draw(rare) else draw(moments()),
    )


@st.composite
def days(
    draw: st.DrawFn,
    sizes: tuple[int, int] = (1, 4),
    steps: tuple[int, ...] = (20, 30, 30, 60),
    friendly: bool = False,
) -> Day:
    """A random question on a Wednesday: a few facilities, a short day, a coarse grid.

    `friendly` days have office hours, room and no closures, so that plans have several
    stops and what is tested is mostly their order, hosts and lunch.
    """
    ids = draw(st.lists(st.integers(1, 9), min_size=sizes[0], max_size=sizes[1], unique=True))
    pairs = st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True)
    explicit = draw(st.lists(pairs, max_size=3) if len(ids) > 1 else st.just([]))
    team = draw(hosts(ids, friendly))
    roles = draw(st.lists(st.booleans(), min_size=len(ids), max_size=len(ids)))
    start = draw(st.integers(8 * 12, 10 * 12)) * 5
    end = start + draw(st.integers(4 * 12, 6 * 12)) * 5
    return Day(
        facilities=draw(facilities(ids, friendly)),
        hosts=team,
        bookings=draw(bookings(ids, [h.id for h in team])),
        policy=draw(policies(friendly)),
        day=WEDNESDAY,
        required=[i for i, r in zip(ids, roles, strict=True) if r],
        optional=[i for i, r in zip(ids, roles, strict=True) if not r],
        language=draw(st.sampled_from((None, "ja", "en"))),
        party_size=draw(st.integers(1, 6)),
        durations={i: draw(st.sampled_from((20, 30, 45, 60, 90))) * MIN for i in ids},
        day_start=time(start // 60, start % 60),
        day_end=time(end // 60, end % 60),
        lunch=draw(lunches()),
        travel={frozenset(p): draw(st.sampled_from((0, 5, 10, 30, 60))) for p in explicit},
        step=draw(st.sampled_from(steps)) * MIN,
    )


def assert_matches_reference(day: Day) -> None:
    best = brute_force(day)
    if best is None:
        with pytest.raises(Infeasible) as raised:
            plan(day)
        assert raised.value.reason
        return
    result = plan(day)
    assert validated_objective(day, result) == best.objective
    assert [(s.facility_id, s.host_id, s.start, s.end) for s in result.stops] == list(best.plan)


REFERENCE_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@REFERENCE_SETTINGS
@given(day=days())
def test_plan_day_objective_equals_the_brute_force_reference(day: Day) -> None:
    assert_matches_reference(day)


@REFERENCE_SETTINGS
@given(day=days(friendly=True))
def test_plan_day_objective_equals_the_reference_on_open_days(day: Day) -> None:
    assert_matches_reference(day)


@st.composite
def wide_days(draw: st.DrawFn, count: int) -> Day:
    """`count` facilities of 30 or 45 min (45 or 60 past seven: the reference's cost grows
    with the stops that fit) on an hourly grid, up to three of them required."""
    day = draw(days(sizes=(count, count), steps=(60,), friendly=True))
    ids = list(day.facilities)
    required = draw(st.integers(0, 3))
    lengths = (45, 60) if count > 7 else (30, 45)
    return replace(
        day,
        durations={i: draw(st.sampled_from(lengths)) * MIN for i in ids},
        day_start=time(9),
        day_end=time(draw(st.integers(15, 17))),
        required=ids[:required],
        optional=ids[required:],
    )


# Random days with exactly this many facilities, for every count `plan_day` takes (one to
# four are also drawn 200 times above).
EXAMPLES_PER_COUNT = {1: 10, 2: 10, 3: 10, 4: 10, 5: 15, 6: 10, 7: 10, 8: 8}


@pytest.mark.parametrize("count", range(1, MAX_FACILITIES + 1))
def test_plan_day_objective_equals_the_reference_for_each_count_of_facilities(
    count: int,
) -> None:
    strategy = days(sizes=(count, count)) if count <= 4 else wide_days(count)

    @settings(
        max_examples=EXAMPLES_PER_COUNT[count],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(day=strategy)
    def matches(day: Day) -> None:
        assert len({*day.required, *day.optional}) == count
        assert_matches_reference(day)

    matches()
