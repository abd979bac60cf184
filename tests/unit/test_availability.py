"""Hand-checked examples of what an officer sees when looking for slots and booking stops."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

import pytest

from tests.unit.builders import (
    BERLIN,
    at,
    make_booking,
    make_facility,
    make_host,
    make_policy,
    minutes,
)
from visits.domain import (
    Host,
    InvalidInterval,
    InvalidPartySize,
    RuleViolation,
    Slot,
    WeeklyWindow,
    check_stop,
    free_slots,
    korean_public_holidays,
    pick_host,
)

TUESDAY = date(2027, 3, 2)
WEDNESDAY = date(2027, 3, 3)
HOUR = timedelta(hours=1)


def starts(slots: list[Slot]) -> list[str]:
    return [slot.start.strftime("%H:%M") for slot in slots]


def code_of(action: object) -> str | None:
    try:
        action()  # type: ignore[operator]
    except RuleViolation as violation:
        return violation.code
    return None


def test_free_slots_office_hours_give_a_quarter_hour_grid_that_fits_the_day() -> None:
    facility, host = make_facility(), make_host()

    slots = free_slots(facility, [host], [], make_policy(), TUESDAY, TUESDAY, HOUR, 5)

    assert starts(slots)[:3] == ["09:00", "09:15", "09:30"]
    assert starts(slots)[-1] == "17:00"  # 17:00-18:00 is the last hour that fits
    assert len(slots) == 33
    assert slots[0].end == at(TUESDAY, "10:00")
    assert slots[0].host_ids == (7,)


def test_free_slots_buffer_pushes_the_next_slot_of_the_same_host() -> None:
    facility, host = make_facility(buffer_min=15), make_host()
    visit = make_booking(at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), buffer_min=15)

    slots = free_slots(facility, [host], [visit], make_policy(), TUESDAY, TUESDAY, HOUR, 5)

    # 09:00-10:00 would keep the host until 10:15, into the visit; the visit keeps
    # the host until 11:15.
    assert "09:00" not in starts(slots)
    assert "11:00" not in starts(slots)
    assert starts(slots)[0] == "11:15"


def test_free_slots_stop_may_end_exactly_when_the_next_one_starts() -> None:
    facility, host = make_facility(buffer_min=0), make_host()
    visit = make_booking(at(TUESDAY, "10:00"), at(TUESDAY, "11:00"))

    slots = free_slots(facility, [host], [visit], make_policy(), TUESDAY, TUESDAY, HOUR, 5)

    assert starts(slots)[:2] == ["09:00", "11:00"]
    check_stop(
        facility, host, [visit], make_policy(), at(TUESDAY, "09:00"), at(TUESDAY, "10:00"), 5
    )


def test_free_slots_host_busy_at_another_facility_is_not_offered() -> None:
    facility = make_facility()
    kim, lee = make_host(7, facility_ids=(1, 2)), make_host(8)
    elsewhere = make_booking(
        at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), host_id=7, facility_id=2, buffer_min=10
    )

    slots = free_slots(facility, [kim, lee], [elsewhere], make_policy(), TUESDAY, TUESDAY, HOUR, 5)

    offered = {slot.start.strftime("%H:%M"): slot.host_ids for slot in slots}
    assert offered["09:00"] == (7, 8)  # ends as the visit at facility 2 starts
    assert offered["09:15"] == (8,)  # would overlap it
    assert offered["11:00"] == (8,)  # facility 2's 10 min buffer still holds Kim
    assert offered["11:15"] == (7, 8)


def test_free_slots_capacity_20_with_15_booked_offers_5_but_not_6() -> None:
    facility = make_facility(capacity=20)
    host, other = make_host(7), make_host(8)
    group = make_booking(at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), host_id=8, party_size=15)
    policy = make_policy()

    for_six = free_slots(facility, [host, other], [group], policy, TUESDAY, TUESDAY, HOUR, 6)
    for_five = free_slots(facility, [host, other], [group], policy, TUESDAY, TUESDAY, HOUR, 5)

    assert "10:00" not in starts(for_six)
    assert "09:15" not in starts(for_six)  # 09:15-10:15 meets the group at 10:00
    assert "09:00" in starts(for_six)  # ends as the group arrives
    assert "10:00" in starts(for_five)
    ten = (at(TUESDAY, "10:00"), at(TUESDAY, "11:00"))
    assert code_of(lambda: check_stop(facility, host, [group], policy, *ten, 6)) == (
        "capacity_exceeded"
    )
    assert code_of(lambda: check_stop(facility, host, [group], policy, *ten, 5)) is None


def test_free_slots_party_larger_than_capacity_gets_nothing() -> None:
    facility, host = make_facility(capacity=10), make_host()

    slots = free_slots(facility, [host], [], make_policy(), TUESDAY, TUESDAY, HOUR, 11)

    assert slots == []


def test_free_slots_korean_holidays_are_closed() -> None:
    holidays = korean_public_holidays([2027])
    facility, host = make_facility(), make_host()
    policy = make_policy(closed=holidays)

    # Mon 8 Feb 2027: second day of Seollal; Tue 9 Feb: its substitute holiday.
    slots = free_slots(facility, [host], [], policy, date(2027, 2, 8), date(2027, 2, 10), HOUR, 5)

    assert {slot.start.date() for slot in slots} == {date(2027, 2, 10)}


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2027, 2, 8), "The second day of Korean New Year"),
        (date(2027, 2, 9), "Alternative holiday for Korean New Year"),
        (date(2027, 9, 15), "Chuseok"),
        (date(2027, 10, 4), "Alternative holiday for National Foundation Day"),
    ],
)
def test_check_stop_on_a_korean_holiday_names_the_holiday(day: date, name: str) -> None:
    facility, host = make_facility(), make_host()
    policy = make_policy(closed=korean_public_holidays([2027]))

    with pytest.raises(RuleViolation) as refused:
        check_stop(facility, host, [], policy, at(day, "10:00"), at(day, "11:00"), 5)

    assert refused.value.code == "holiday"
    assert refused.value.facts() == {"facility_id": 1, "day": day, "day_name": name}


def test_free_slots_minimum_notice_hides_what_starts_too_soon() -> None:
    facility, host = make_facility(), make_host()
    policy = make_policy(now=at(TUESDAY, "09:30"), min_notice=timedelta(hours=24))

    slots = free_slots(facility, [host], [], policy, TUESDAY, WEDNESDAY, HOUR, 5)

    assert slots[0].start == at(WEDNESDAY, "09:30")
    wednesday_9 = (at(WEDNESDAY, "09:15"), at(WEDNESDAY, "10:15"))
    assert code_of(lambda: check_stop(facility, host, [], policy, *wednesday_9, 5)) == "min_notice"
    exactly = (at(WEDNESDAY, "09:30"), at(WEDNESDAY, "10:30"))
    assert code_of(lambda: check_stop(facility, host, [], policy, *exactly, 5)) is None


def test_free_slots_rescheduling_a_stop_ignores_its_own_booking() -> None:
    facility, host = make_facility(), make_host()
    own = make_booking(at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), stop_id=5)
    policy = make_policy()

    blocked = free_slots(facility, [host], [own], policy, TUESDAY, TUESDAY, HOUR, 5)
    moved = free_slots(
        facility, [host], [own], policy, TUESDAY, TUESDAY, HOUR, 5, ignore_stop_ids={5}
    )

    assert "10:30" not in starts(blocked)
    assert "10:30" in starts(moved)
    later = (at(TUESDAY, "10:30"), at(TUESDAY, "11:30"))
    assert code_of(lambda: check_stop(facility, host, [own], policy, *later, 5)) == "host_busy"
    assert code_of(lambda: check_stop(facility, host, [own], policy, *later, 5, {5})) is None


def test_free_slots_lists_linked_hosts_only_in_ascending_order() -> None:
    facility = make_facility()
    hosts = [make_host(9), make_host(3, facility_ids=(2,)), make_host(7), make_host(8)]

    slots = free_slots(facility, hosts, [], make_policy(), TUESDAY, TUESDAY, HOUR, 5)

    assert {slot.host_ids for slot in slots} == {(7, 8, 9)}
    assert [slot.start for slot in slots] == sorted(slot.start for slot in slots)


def test_free_slots_host_sets_of_a_large_team_are_exact() -> None:
    # host i works from 09:00 for i half-hours, so the half-hour slot k has hosts k+1..12
    facility = make_facility()
    team = [
        make_host(i, weekly=(WeeklyWindow(1, time(9), time(9 + i // 2, 30 * (i % 2))),))
        for i in range(12, 0, -1)
    ]

    slots = free_slots(
        facility, team, [], make_policy(), TUESDAY, TUESDAY, minutes(30), 5, minutes(30)
    )

    assert [slot.host_ids for slot in slots] == [tuple(range(k + 1, 13)) for k in range(12)]


def test_free_slots_grid_starts_at_opening_time_and_runs_through_merged_windows() -> None:
    hours = (WeeklyWindow(1, time(9, 10), time(12)), WeeklyWindow(1, time(11), time(14, 10)))
    facility, host = make_facility(open_hours=hours), make_host(weekly=hours)

    slots = free_slots(facility, [host], [], make_policy(), TUESDAY, TUESDAY, HOUR, 5)

    assert starts(slots)[:2] == ["09:10", "09:25"]
    assert "11:40" in starts(slots)  # 11:40-12:40 crosses where the two windows meet
    assert starts(slots)[-1] == "13:10"


def test_free_slots_keep_local_hours_across_the_spring_forward_day() -> None:
    hours = tuple(WeeklyWindow(day, time(9), time(12)) for day in range(7))
    facility, host = make_facility(open_hours=hours), make_host(weekly=hours)
    policy = make_policy(tz=BERLIN)

    slots = free_slots(
        facility, [host], [], policy, date(2027, 3, 27), date(2027, 3, 29), HOUR, 5, HOUR
    )

    nine = [slot.start for slot in slots if slot.start.time() == time(9)]
    assert [moment.astimezone(UTC).hour for moment in nine] == [8, 7, 7]  # CET, then CEST


def test_free_slots_skip_the_missing_hour_when_clocks_spring_forward() -> None:
    night = tuple(WeeklyWindow(day, time(1), time(4)) for day in range(7))
    facility, host = make_facility(open_hours=night), make_host(weekly=night)
    policy = make_policy(tz=BERLIN)
    sunday = date(2027, 3, 28)  # 02:00 CET becomes 03:00 CEST

    slots = free_slots(facility, [host], [], policy, sunday, sunday, HOUR, 5, minutes(30))

    assert [slot.start.strftime("%H:%M%z") for slot in slots] == [
        "01:00+0100",
        "01:30+0100",
        "03:00+0200",  # 02:00 never happens; 01:30 + one hour ends at 03:30
    ]
    assert slots[1].end.strftime("%H:%M%z") == "03:30+0200"


def test_free_slots_offer_the_repeated_hour_twice_when_clocks_fall_back() -> None:
    night = tuple(WeeklyWindow(day, time(1), time(4)) for day in range(7))
    facility, host = make_facility(open_hours=night), make_host(weekly=night)
    policy = make_policy(tz=BERLIN)
    sunday = date(2027, 10, 31)  # 03:00 CEST becomes 02:00 CET

    slots = free_slots(facility, [host], [], policy, sunday, sunday, HOUR, 5, HOUR)

    assert [slot.start.strftime("%H:%M%z") for slot in slots] == [
        "01:00+0200",
        "02:00+0200",
        "02:00+0100",
        "03:00+0100",
    ]


@pytest.mark.parametrize(
    ("duration", "party", "step", "day_to", "error"),
    [
        (timedelta(0), 5, minutes(15), TUESDAY, InvalidInterval),
        (HOUR, 5, timedelta(0), TUESDAY, InvalidInterval),
        (HOUR, 5, minutes(15), TUESDAY - timedelta(days=1), InvalidInterval),
        (HOUR, 0, minutes(15), TUESDAY, InvalidPartySize),
    ],
)
def test_free_slots_refuse_a_meaningless_question(
    duration: timedelta, party: int, step: timedelta, day_to: date, error: type[Exception]
) -> None:
    facility, host = make_facility(), make_host()

    with pytest.raises(error):
        free_slots(facility, [host], [], make_policy(), TUESDAY, day_to, duration, party, step)


def multilingual_team() -> list[Host]:
    return [
        make_host(3, languages=("ko",)),
        make_host(5, languages=("ko", "ja")),
        make_host(6, languages=("ja-JP",)),
    ]


@pytest.mark.parametrize(("language", "expected"), [("ja", 5), ("ja-JP", 5), (None, 3), ("th", 3)])
def test_pick_host_prefers_a_speaker_of_the_delegation_language_then_the_lowest_id(
    language: str | None, expected: int
) -> None:
    facility = make_facility()

    host = pick_host(
        facility,
        multilingual_team(),
        [],
        make_policy(),
        at(TUESDAY, "10:00"),
        at(TUESDAY, "11:00"),
        5,
        language,
    )

    assert host.id == expected


def test_pick_host_passes_over_a_busy_speaker() -> None:
    facility = make_facility()
    busy = make_booking(at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), host_id=5)

    host = pick_host(
        facility,
        multilingual_team(),
        [busy],
        make_policy(),
        at(TUESDAY, "10:00"),
        at(TUESDAY, "11:00"),
        5,
        "ja",
    )

    assert host.id == 6


def test_pick_host_when_nobody_can_reports_the_rule_that_got_furthest() -> None:
    facility = make_facility()
    away = make_host(3, weekly=(WeeklyWindow(1, time(13), time(18)),))  # afternoons only
    booked = make_host(5)
    busy = make_booking(at(TUESDAY, "10:00"), at(TUESDAY, "11:00"), host_id=5)

    with pytest.raises(RuleViolation) as refused:
        pick_host(
            facility,
            [away, booked],
            [busy],
            make_policy(),
            at(TUESDAY, "10:00"),
            at(TUESDAY, "11:00"),
            5,
        )

    assert refused.value.code == "host_busy"


def test_pick_host_without_any_linked_host_says_so() -> None:
    facility = make_facility()
    elsewhere = make_host(3, facility_ids=(2,))

    with pytest.raises(RuleViolation) as refused:
        pick_host(
            facility,
            [elsewhere],
            [],
            make_policy(),
            at(TUESDAY, "10:00"),
            at(TUESDAY, "11:00"),
            5,
        )

    assert refused.value.code == "host_not_linked"
    assert refused.value.facts() == {"facility_id": 1, "host_id": None}
