"""The engine against the brute-force reference, on random facilities, hosts and bookings.

Inputs fall on five-minute marks (the reference works minute by minute); zones include
two with daylight saving time and the days drawn include their transitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.reference import RULE_ORDER, Reference
from visits.domain import (
    Booking,
    BusyTime,
    Facility,
    Host,
    Interval,
    Policy,
    RuleViolation,
    WeeklyWindow,
    check_stop,
    free_slots,
    pick_host,
)

SEOUL, BERLIN, NEW_YORK = (ZoneInfo(k) for k in ("Asia/Seoul", "Europe/Berlin", "America/New_York"))
TRANSITION_DAYS = {  # the day before and the day of each change of offset
    BERLIN: (date(2027, 3, 27), date(2027, 3, 28), date(2027, 10, 30), date(2027, 10, 31)),
    NEW_YORK: (date(2027, 3, 13), date(2027, 3, 14), date(2027, 11, 6), date(2027, 11, 7)),
    SEOUL: (date(2027, 2, 6), date(2027, 9, 14)),  # no DST: Seollal and Chuseok instead
}
FIVE_MIN = timedelta(minutes=5)
PARTIES = st.one_of(st.integers(1, 3), st.integers(1, 12))
PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def later(moment: datetime, delta: timedelta) -> datetime:
    """`moment + delta` in elapsed time: `+` on a ZoneInfo datetime adds wall-clock time."""
    return (moment.astimezone(UTC) + delta).astimezone(moment.tzinfo)


@dataclass(frozen=True)
class World:
    """A drawn scenario: what `free_slots` and `check_stop` are given."""

    facility: Facility
    hosts: list[Host]
    bookings: list[Booking]
    policy: Policy
    day_from: date
    day_to: date
    origin: datetime  # UTC, noon of the day before `day_from`
    span_minutes: int
    anchors: tuple[datetime, ...]

    def moments(self) -> st.SearchStrategy[datetime]:
        """Instants of the period, often one of the anchors or the earliest allowed start."""
        earliest = later(self.policy.now, self.policy.min_notice)
        return st.one_of(
            instants(self.origin, self.span_minutes, self.policy.tz),
            st.sampled_from((*self.anchors, earliest)),
        )

    def reference(self, ignore: frozenset[int] = frozenset()) -> Reference:
        return Reference(self.facility, self.hosts, self.bookings, self.policy, ignore)


def every_day(start: time, end: time) -> tuple[WeeklyWindow, ...]:
    return tuple(WeeklyWindow(weekday, start, end) for weekday in range(7))


@st.composite
def random_weekly(draw: st.DrawFn) -> tuple[WeeklyWindow, ...]:
    """Up to two windows a weekday, on five-minute marks, some of them long."""
    windows = []
    for weekday in range(7):
        for _ in range(draw(st.integers(0, 2))):
            start = draw(st.integers(0, 23 * 12)) * 5
            length = draw(st.integers(1, 10 * 12)) * 5
            end = min(start + length, 23 * 60 + 55)
            if end > start:
                windows.append(
                    WeeklyWindow(weekday, time(start // 60, start % 60), time(end // 60, end % 60))
                )
    return tuple(windows)


def weekly() -> st.SearchStrategy[tuple[WeeklyWindow, ...]]:
    """Random hours, or hours that make slots likely, or night hours across DST changes."""
    return st.one_of(
        random_weekly(),
        st.just(every_day(time(8), time(20))),
        st.just(every_day(time(0, 30), time(5, 30))),
        st.just(every_day(time(0), time(23, 55))),
    )


@st.composite
def instants(draw: st.DrawFn, origin: datetime, span_minutes: int, tz: ZoneInfo) -> datetime:
    """A five-minute mark in the drawn period, written in UTC or in the organisation's zone."""
    moment = origin + draw(st.integers(0, span_minutes // 5)) * FIVE_MIN
    return moment.astimezone(draw(st.sampled_from((UTC, tz))))


@st.composite
def intervals(draw: st.DrawFn, origin: datetime, span_minutes: int, tz: ZoneInfo) -> Interval:
    start = draw(instants(origin, span_minutes, tz))
    return Interval(start, later(start, draw(st.integers(1, 48)) * FIVE_MIN))


@st.composite
def worlds(draw: st.DrawFn) -> World:
    tz = draw(st.sampled_from((SEOUL, BERLIN, NEW_YORK)))
    day_from = draw(
        st.one_of(
            st.sampled_from(TRANSITION_DAYS[tz]), st.dates(date(2027, 1, 1), date(2027, 12, 28))
        )
    )
    day_to = day_from + timedelta(days=draw(st.integers(0, 2)))
    origin = datetime.combine(day_from - timedelta(days=1), time(12), UTC)
    span = ((day_to - day_from).days + 2) * 24 * 60
    anchors = tuple(draw(st.lists(instants(origin, span, tz), min_size=1, max_size=3)))
    # Bookings, `now` and asked starts often share a few instants, so that boundaries
    # (a room filled exactly, a start exactly at the notice) are actually met.
    moment = st.one_of(instants(origin, span, tz), st.sampled_from(anchors))
    facility = Facility(
        id=1,
        capacity=draw(st.integers(1, 10)),
        buffer=draw(st.sampled_from((0, 5, 10, 15, 30))) * timedelta(minutes=1),
        open_hours=draw(weekly()),
        closures=tuple(draw(st.lists(intervals(origin, span, tz), max_size=2))),
    )
    host_ids = draw(st.lists(st.integers(1, 6), min_size=1, max_size=4, unique=True))
    host_hours = st.one_of(weekly(), st.just(facility.open_hours))
    links = st.sampled_from((frozenset({1}), frozenset({1}), frozenset({1, 2}), frozenset({2})))
    hosts = [
        Host(
            id=host_id,
            facility_ids=draw(links),
            weekly=draw(host_hours),
            time_off=tuple(draw(st.lists(intervals(origin, span, tz), max_size=2))),
            busy=tuple(BusyTime(i.start, i.end, "meeting") for i in draw(
                st.lists(intervals(origin, span, tz), max_size=3))),
            languages=draw(
                st.sampled_from((("ko",), ("ko", "en-US"), ("ja",), ("zh-Hant", "EN"), ()))
            ),
        )
        for host_id in host_ids
    ]
    bookings = []
    for stop_id in range(1, draw(st.integers(0, 10)) + 1):
        start = draw(moment)
        bookings.append(
            Booking(
                stop_id=stop_id,
                visit_id=100 + stop_id,
                facility_id=draw(st.sampled_from((1, 1, 2))),
                host_id=draw(st.sampled_from([*host_ids, 99])),
                start=start,
                end=later(start, draw(st.integers(1, 36)) * FIVE_MIN),
                party_size=draw(st.integers(1, 6)),
                buffer=draw(st.sampled_from((0, 5, 10, 15, 30))) * timedelta(minutes=1),
            )
        )
    days = [day_from + timedelta(days=n) for n in range(-1, (day_to - day_from).days + 2)]
    policy = Policy(
        tz=tz,
        closed_dates=frozenset(draw(st.lists(st.sampled_from(days), max_size=1))),
        min_notice=draw(st.sampled_from((0, 30, 120, 24 * 60))) * timedelta(minutes=1),
        now=draw(
            st.one_of(
                st.just(origin - timedelta(days=2)),
                moment,
                st.integers(0, span // 60).map(lambda hours: origin + timedelta(hours=hours)),
            )
        ),
    )
    return World(facility, hosts, bookings, policy, day_from, day_to, origin, span, anchors)


@st.composite
def crowded_worlds(draw: st.DrawFn) -> World:
    """A host always free and parties of outside hosts filling the room: capacity decides."""
    tz = draw(st.sampled_from((SEOUL, BERLIN)))
    day = draw(st.dates(date(2027, 1, 1), date(2027, 12, 30)))
    origin, span = datetime.combine(day, time(8), tz).astimezone(UTC), 6 * 60
    hours = every_day(time(9), time(13))
    facility = Facility(1, capacity=draw(st.integers(1, 8)), buffer=timedelta(0), open_hours=hours)
    anchors = tuple(draw(st.lists(instants(origin, span, tz), min_size=1, max_size=3)))
    moment = st.one_of(instants(origin, span, tz), st.sampled_from(anchors))
    bookings = []
    for stop_id in range(1, draw(st.integers(1, 8)) + 1):
        start = draw(moment)
        end = later(start, draw(st.integers(1, 24)) * FIVE_MIN)
        party = draw(st.integers(1, 4))
        bookings.append(Booking(stop_id, stop_id, 1, 99, start, end, party, timedelta(0)))
    policy = Policy(tz, frozenset(), timedelta(0), origin - timedelta(days=2))
    host = Host(1, frozenset({1}), hours)
    return World(facility, [host], bookings, policy, day, day, origin, span, anchors)


@PROPERTY_SETTINGS
@given(world=crowded_worlds(), duration_steps=st.integers(1, 12), party=st.integers(1, 4))
def test_free_slots_equal_the_reference_when_capacity_decides(
    world: World, duration_steps: int, party: int
) -> None:
    duration, step = duration_steps * FIVE_MIN, timedelta(minutes=5)

    slots = free_slots(
        world.facility,
        world.hosts,
        world.bookings,
        world.policy,
        world.day_from,
        world.day_to,
        duration,
        party,
        step,
    )

    expected = world.reference().free_slots(world.day_from, world.day_to, duration, party, step)
    assert [(s.start.astimezone(UTC), s.end.astimezone(UTC), s.host_ids) for s in slots] == expected


def rule_code(action: object) -> str | None:
    """The code of the violation a call raises, or None."""
    try:
        action()  # type: ignore[operator]
    except RuleViolation as violation:
        return violation.code
    return None


@PROPERTY_SETTINGS
@given(
    world=worlds(),
    duration_steps=st.integers(1, 36),
    party=PARTIES,
    step_min=st.sampled_from((10, 15, 20, 30, 45, 60)),
    data=st.data(),
)
def test_free_slots_equal_the_reference(
    world: World, duration_steps: int, party: int, step_min: int, data: st.DataObject
) -> None:
    ignore = frozenset(
        data.draw(st.sets(st.sampled_from([0] + [b.stop_id for b in world.bookings])))
    )
    duration, step = duration_steps * FIVE_MIN, timedelta(minutes=step_min)

    slots = free_slots(
        world.facility,
        world.hosts,
        world.bookings,
        world.policy,
        world.day_from,
        world.day_to,
        duration,
        party,
        step,
        ignore_stop_ids=ignore,
    )

    expected = world.reference(ignore).free_slots(
        world.day_from, world.day_to, duration, party, step
    )
    # In UTC: PEP 495 makes a time in a fold unequal to every time of another zone.
    utc = [(s.start.astimezone(UTC), s.end.astimezone(UTC), s.host_ids) for s in slots]
    assert utc == expected
    assert all(s.start.tzinfo is world.policy.tz is s.end.tzinfo for s in slots)


@PROPERTY_SETTINGS
@given(world=worlds(), data=st.data())
def test_check_stop_names_the_first_rule_the_reference_finds_broken(
    world: World, data: st.DataObject
) -> None:
    host = data.draw(st.sampled_from(world.hosts))
    start = data.draw(world.moments())
    end = later(start, data.draw(st.integers(1, 36)) * FIVE_MIN)
    party = data.draw(PARTIES)
    ignore = frozenset(
        data.draw(st.sets(st.sampled_from([0] + [b.stop_id for b in world.bookings])))
    )

    code = rule_code(
        lambda: check_stop(
            world.facility, host, world.bookings, world.policy, start, end, party, ignore
        )
    )

    assert code == world.reference(ignore).failing_rule(host, start, end, party)


@PROPERTY_SETTINGS
@given(world=worlds(), data=st.data())
def test_pick_host_agrees_with_the_reference(world: World, data: st.DataObject) -> None:
    duration, party = data.draw(st.integers(1, 36)) * FIVE_MIN, data.draw(PARTIES)
    offered = free_slots(
        world.facility,
        world.hosts,
        world.bookings,
        world.policy,
        world.day_from,
        world.day_to,
        duration,
        party,
    )  # only to aim at starts someone can take; the reference stays the judge
    start = data.draw(
        st.one_of(world.moments(), st.sampled_from([s.start for s in offered] or [world.origin]))
    )
    end = later(start, duration)
    language = data.draw(st.sampled_from((None, "en", "ja-JP", "zh-Hans")))
    reference = world.reference()
    ranks = {h.id: reference.failing_rank(h, start, end, party) for h in reference.linked}
    able = [h for h in reference.linked if ranks[h.id] is None]
    spoken = {h.id: {tag.split("-")[0].lower() for tag in h.languages} for h in able}
    speakers = [h for h in able if language and language.split("-")[0] in spoken[h.id]]

    picked: list[Host] = []
    code = rule_code(
        lambda: picked.append(
            pick_host(
                world.facility,
                world.hosts,
                world.bookings,
                world.policy,
                start,
                end,
                party,
                language,
            )
        )
    )

    if able:
        assert code is None
        assert picked[0].id == (speakers or able)[0].id
    elif reference.linked:
        assert code == RULE_ORDER[max(rank for rank in ranks.values() if rank is not None)]
    else:
        nobody = Host(id=0, facility_ids=frozenset(), weekly=())
        assert code == reference.failing_rule(nobody, start, end, party)
