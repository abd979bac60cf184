"""Companion rules (SPEC §7.4) against a minute-by-minute brute-force reference."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.builders import SEOUL, WEEKDAYS_9_TO_6, at
from visits.domain import (
    Assignment,
    Companion,
    CompanionBusy,
    CompanionTimeOff,
    CompanionUnavailable,
    Interval,
    LanguageMismatch,
    Party,
    Policy,
    RuleViolation,
    VehicleTooSmall,
    WeeklyWindow,
    check_companion,
    free_companions,
)

TUESDAY = date(2027, 3, 9)
POLICY = Policy(tz=SEOUL, closed_dates=frozenset(), min_notice=timedelta(0),
                now=datetime(2027, 1, 1, tzinfo=SEOUL))
THAI = Party("th", 12)


def interpreter(id: int = 3, languages: tuple[str, ...] = ("ko", "th"), **kw: object) -> Companion:
    return Companion(id, "interpreter", WEEKDAYS_9_TO_6, languages=languages, **kw)  # type: ignore[arg-type]


def test_an_interpreter_must_speak_korean_and_the_delegations_language() -> None:
    with pytest.raises(LanguageMismatch) as refused:
        check_companion(interpreter(languages=("ko", "ja")), THAI, [], POLICY,
                        at(TUESDAY, "09:00"), at(TUESDAY, "17:00"))
    assert refused.value.code == "language_mismatch" and refused.value.missing == ("th",)
    check_companion(interpreter(languages=("th", "ko-KR")), THAI, [], POLICY,
                    at(TUESDAY, "09:00"), at(TUESDAY, "17:00"))


def test_a_vehicle_needs_a_seat_for_everyone() -> None:
    van = Companion(5, "vehicle", WEEKDAYS_9_TO_6, seats=11)
    with pytest.raises(VehicleTooSmall) as refused:
        check_companion(van, THAI, [], POLICY, at(TUESDAY, "09:00"), at(TUESDAY, "10:00"))
    assert refused.value.code == "capacity_exceeded"
    check_companion(van, Party("th", 11), [], POLICY, at(TUESDAY, "09:00"), at(TUESDAY, "10:00"))


def test_a_driver_needs_no_language_and_no_seats() -> None:
    driver = Companion(6, "driver", WEEKDAYS_9_TO_6)
    check_companion(driver, THAI, [], POLICY, at(TUESDAY, "09:00"), at(TUESDAY, "18:00"))


def test_a_companion_is_never_in_two_visits_at_once() -> None:
    held = [Assignment(1, 3, 10, at(TUESDAY, "13:00"), at(TUESDAY, "15:00"))]
    with pytest.raises(CompanionBusy) as refused:
        check_companion(interpreter(), THAI, held, POLICY, at(TUESDAY, "14:59"),
                        at(TUESDAY, "16:00"))
    assert refused.value.other_visit_id == 10 and refused.value.code == "companion_busy"
    check_companion(interpreter(), THAI, held, POLICY, at(TUESDAY, "15:00"), at(TUESDAY, "16:00"))
    # Replacing the same visit's assignments: its own old ones do not count.
    check_companion(interpreter(), THAI, held, POLICY, at(TUESDAY, "14:00"),
                    at(TUESDAY, "16:00"), ignore_visit_id=10)


def test_weekly_hours_and_time_off_hold() -> None:
    off = Interval(at(TUESDAY, "12:00"), at(TUESDAY, "13:00"))
    with pytest.raises(CompanionUnavailable):
        check_companion(interpreter(), THAI, [], POLICY, at(TUESDAY, "08:30"),
                        at(TUESDAY, "10:00"))
    with pytest.raises(CompanionTimeOff):
        check_companion(interpreter(time_off=(off,)), THAI, [], POLICY, at(TUESDAY, "11:00"),
                        at(TUESDAY, "12:30"))


def test_free_companions_lists_who_fits() -> None:
    team = [interpreter(3), interpreter(4, ("ko", "ja")), Companion(5, "vehicle",
            WEEKDAYS_9_TO_6, seats=45), Companion(6, "vehicle", WEEKDAYS_9_TO_6, seats=9)]
    held = [Assignment(1, 3, 10, at(TUESDAY, "09:00"), at(TUESDAY, "11:00"))]
    free = free_companions(team, THAI, held, POLICY, at(TUESDAY, "13:00"), at(TUESDAY, "17:00"))
    assert [c.id for c in free] == [3, 5]
    busy = free_companions(team, THAI, held, POLICY, at(TUESDAY, "10:00"), at(TUESDAY, "12:00"))
    assert [c.id for c in busy] == [5]


# --- against brute force ------------------------------------------------------------------

MINUTE = timedelta(minutes=1)
KINDS = st.sampled_from(("interpreter", "escort", "driver", "vehicle"))
LANGS = st.lists(st.sampled_from(("ko", "th", "ja", "ar")), max_size=3, unique=True)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[Companion, Party, list[Assignment], datetime, datetime]:
    day = TUESDAY + timedelta(days=draw(st.integers(0, 6)))
    windows = tuple(
        WeeklyWindow(w, time(h), time(h + length))
        for w, h, length in draw(st.lists(st.tuples(st.integers(0, 6), st.integers(6, 14),
                                                    st.integers(1, 8)), max_size=4)))
    base = datetime.combine(day, time(6), SEOUL)

    def moment(n: int) -> datetime:
        return base + n * 15 * MINUTE

    offs = tuple(Interval(moment(a), moment(a + n)) for a, n in draw(
        st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=2)))
    companion = Companion(1, draw(KINDS), windows, offs, tuple(draw(LANGS)),
                          draw(st.one_of(st.none(), st.integers(1, 50))))
    held = [Assignment(i + 1, draw(st.sampled_from((1, 2))), 100 + i, moment(a), moment(a + n))
            for i, (a, n) in enumerate(draw(st.lists(
                st.tuples(st.integers(0, 60), st.integers(1, 16)), max_size=4)))]
    start = draw(st.integers(0, 60))
    party = Party(draw(st.sampled_from(("th", "ko", "ar"))), draw(st.integers(1, 50)))
    return companion, party, held, moment(start), moment(start + draw(st.integers(1, 24)))


def reference(c: Companion, party: Party, held: list[Assignment], start: datetime,
              end: datetime) -> str | None:
    """The first rule broken, judged minute by minute in plain datetimes."""
    if c.kind == "interpreter" and not all(c.speaks(x) for x in ("ko", party.language)):
        return "language_mismatch"
    if c.kind == "vehicle" and (c.seats or 0) < party.size:
        return "capacity_exceeded"
    if not _inside_weekly(c, start.astimezone(SEOUL), end.astimezone(SEOUL)):
        return "companion_unavailable"
    minutes = [start + i * MINUTE for i in range(int((end - start) / MINUTE))]
    if any(t.start <= m < t.end for t in c.time_off for m in minutes):
        return "companion_time_off"
    if any(a.companion_id == c.id and a.start <= m < a.end for a in held for m in minutes):
        return "companion_busy"
    return None


def _inside_weekly(c: Companion, start: datetime, end: datetime) -> bool:
    """Every minute on one local day, in some window of that weekday (touching or
    overlapping windows count as one)."""
    minutes = [start + i * MINUTE for i in range(int((end - start) / MINUTE))]
    return start.date() == (end - MINUTE).date() and all(
        any(w.weekday == m.weekday() and w.start <= m.time() and
            (datetime.combine(m.date(), w.end, SEOUL) > m) for w in c.weekly)
        for m in minutes)


@given(worlds())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_check_companion_agrees_with_brute_force(
    world: tuple[Companion, Party, list[Assignment], datetime, datetime],
) -> None:
    companion, party, held, start, end = world
    try:
        check_companion(companion, party, held, POLICY, start, end)
        got = None
    except RuleViolation as refused:
        got = refused.code
    assert got == reference(companion, party, held, start, end)
    free = free_companions([companion], party, held, POLICY, start, end)
    assert (free == [companion]) == (got is None)
