"""check_stop names the rule a stop breaks, in SPEC §3 order, in words an officer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from tests.unit.builders import (
    SEOUL,
    at,
    make_booking,
    make_facility,
    make_host,
    make_policy,
)
from visits.domain import (
    RULE_CODES,
    Booking,
    Facility,
    Host,
    Interval,
    InvalidInterval,
    OutsideHours,
    Policy,
    RuleViolation,
    SlotTaken,
    WeeklyWindow,
    check_stop,
)

TUESDAY = date(2027, 3, 2)
SUNDAY = date(2027, 3, 7)


@dataclass
class Case:
    """One stop request; by default Tuesday 10:00-11:00, party of 5, all clear."""

    start: datetime = at(TUESDAY, "10:00")
    end: datetime = at(TUESDAY, "11:00")
    party: int = 5
    facility: Facility = field(default_factory=make_facility)
    host: Host = field(default_factory=make_host)
    bookings: list[Booking] = field(default_factory=list)
    policy: Policy = field(default_factory=make_policy)

    def refusal(self) -> RuleViolation | None:
        try:
            check_stop(
                self.facility,
                self.host,
                self.bookings,
                self.policy,
                self.start,
                self.end,
                self.party,
            )
        except RuleViolation as violation:
            return violation
        return None


def afternoons() -> tuple[WeeklyWindow, ...]:
    return tuple(WeeklyWindow(day, time(13), time(18)) for day in range(5))


def crowd(party: int, host_id: int = 8) -> Booking:
    return make_booking(at(TUESDAY, "10:30"), at(TUESDAY, "12:00"), host_id, party_size=party)


SINGLE_FAILURES = {
    "invalid_interval": Case(end=at(TUESDAY, "10:00")),
    "invalid_party_size": Case(party=0),
    "holiday": Case(policy=make_policy(closed={TUESDAY: "district anniversary"})),
    "facility_closed": Case(
        facility=make_facility(closures=[Interval(at(TUESDAY, "09:00"), at(TUESDAY, "13:00"))])
    ),
    "host_not_linked": Case(host=make_host(facility_ids=(2,))),
    "host_unavailable": Case(host=make_host(weekly=afternoons())),
    "host_time_off": Case(
        host=make_host(time_off=[Interval(at(TUESDAY, "10:50"), at(TUESDAY, "12:00"))])
    ),
    "host_busy": Case(bookings=[make_booking(at(TUESDAY, "09:00"), at(TUESDAY, "10:01"))]),
    "party_too_large": Case(party=31),
    "capacity_exceeded": Case(bookings=[crowd(26)]),
    "min_notice": Case(policy=make_policy(now=at(TUESDAY, "09:30"), min_notice=timedelta(hours=1))),
}


def test_check_stop_accepts_the_default_case() -> None:
    assert Case().refusal() is None


@pytest.mark.parametrize("code", sorted(SINGLE_FAILURES))
def test_check_stop_names_the_only_broken_rule(code: str) -> None:
    refusal = SINGLE_FAILURES[code].refusal()

    assert refusal is not None
    assert refusal.code == code


def test_check_stop_outside_opening_hours_is_facility_closed() -> None:
    refusal = Case(start=at(TUESDAY, "17:30"), end=at(TUESDAY, "18:30")).refusal()

    assert isinstance(refusal, OutsideHours)
    assert refusal.code == "facility_closed"
    assert refusal.facts() == {
        "facility_id": 1, "weekday": 1, "windows": ((time(9), time(18)),),
        "asked_start": at(TUESDAY, "17:30"), "asked_end": at(TUESDAY, "18:30"),
    }


@pytest.mark.parametrize(
    ("case", "code"),
    [
        # a holiday on a Sunday: the holiday is the more useful reason
        (
            Case(
                start=at(SUNDAY, "10:00"),
                end=at(SUNDAY, "11:00"),
                policy=make_policy(closed={SUNDAY: "closed"}),
            ),
            "holiday",
        ),
        (
            Case(
                start=at(SUNDAY, "10:00"),
                end=at(SUNDAY, "11:00"),
                host=make_host(facility_ids=(2,)),
            ),
            "facility_closed",
        ),
        (Case(host=make_host(facility_ids=(2,), weekly=afternoons())), "host_not_linked"),
        (Case(host=make_host(weekly=afternoons()), bookings=[crowd(30)]), "host_unavailable"),
        (Case(bookings=[crowd(30, host_id=7)]), "host_busy"),
        (Case(party=31, policy=make_policy(now=at(TUESDAY, "12:00"))), "party_too_large"),
        (
            Case(bookings=[crowd(26)], policy=make_policy(now=at(TUESDAY, "12:00"))),
            "capacity_exceeded",
        ),
        (
            Case(end=at(TUESDAY, "09:00"), policy=make_policy(closed={TUESDAY: "x"})),
            "invalid_interval",
        ),
    ],
)
def test_check_stop_reports_the_first_broken_rule_in_spec_order(case: Case, code: str) -> None:
    refusal = case.refusal()

    assert refusal is not None
    assert refusal.code == code


def test_check_stop_refuses_naive_datetimes() -> None:
    refusal = Case(start=datetime(2027, 3, 2, 10), end=datetime(2027, 3, 2, 11)).refusal()

    assert refusal is not None
    assert refusal.code == "invalid_interval"
    assert isinstance(refusal, InvalidInterval) and refusal.problem == "no_offset"


def test_check_stop_reads_instants_whatever_offset_they_are_written_in() -> None:
    start = at(TUESDAY, "10:00").astimezone(UTC)  # 01:00Z
    end = at(TUESDAY, "11:00").astimezone(timezone(timedelta(hours=9)))

    early = Case(start=start - timedelta(minutes=90), end=end).refusal()  # 08:30 in Seoul

    assert Case(start=start, end=end).refusal() is None
    assert early is not None
    assert early.code == "facility_closed"


@pytest.mark.parametrize(
    ("case", "facts"),
    [
        (SINGLE_FAILURES["holiday"],
         {"facility_id": 1, "day": TUESDAY, "day_name": "district anniversary"}),
        (SINGLE_FAILURES["facility_closed"],
         {"facility_id": 1, "start": at(TUESDAY, "09:00"), "end": at(TUESDAY, "13:00")}),
        (SINGLE_FAILURES["host_not_linked"], {"facility_id": 1, "host_id": 7}),
        (SINGLE_FAILURES["host_unavailable"],
         {"host_id": 7, "weekday": 1, "windows": ((time(13), time(18)),),
          "asked_start": at(TUESDAY, "10:00"), "asked_end": at(TUESDAY, "11:00")}),
        (
            Case(
                start=at(SUNDAY, "10:00"),
                end=at(SUNDAY, "11:00"),
                facility=make_facility(open_hours=(WeeklyWindow(6, time(9), time(12)),)),
            ),
            {"host_id": 7, "weekday": 6, "windows": (),
             "asked_start": at(SUNDAY, "10:00"), "asked_end": at(SUNDAY, "11:00")},
        ),
        (SINGLE_FAILURES["host_time_off"],
         {"host_id": 7, "start": at(TUESDAY, "10:50"), "end": at(TUESDAY, "12:00")}),
        (SINGLE_FAILURES["host_busy"],
         {"host_id": 7, "other_visit_id": 10, "other_facility_id": 1,
          "other_start": at(TUESDAY, "09:00"), "other_end": at(TUESDAY, "10:01"),
          "free_at": at(TUESDAY, "10:01"), "held_start": at(TUESDAY, "10:00"),
          "held_end": at(TUESDAY, "11:00")}),
        (SINGLE_FAILURES["party_too_large"], {"facility_id": 1, "party_size": 31, "capacity": 30}),
        (SINGLE_FAILURES["capacity_exceeded"],
         {"facility_id": 1, "party_size": 5, "capacity": 30, "taken": 26,
          "moment": at(TUESDAY, "10:30")}),
        (SINGLE_FAILURES["min_notice"],
         {"earliest": at(TUESDAY, "10:30"), "notice": timedelta(hours=1)}),
    ],
)
def test_check_stop_states_the_facts_in_the_organisation_zone(
    case: Case, facts: dict[str, object]
) -> None:
    refusal = case.refusal()

    assert refusal is not None
    assert refusal.facts() == facts
    assert refusal.field is None
    assert all(getattr(v, "tzinfo", SEOUL) == SEOUL for v in refusal.facts().values()
               if isinstance(v, datetime))


def test_rule_violation_at_blames_a_field_on_a_copy() -> None:
    original = SINGLE_FAILURES["host_busy"].refusal()
    assert isinstance(original, SlotTaken)

    blamed = original.at("stops[1]")

    assert (blamed.code, blamed.field, original.field) == ("host_busy", "stops[1]", None)
    assert isinstance(blamed, SlotTaken) and blamed.facts() == original.facts()


def test_rule_violation_references_the_ids_a_person_knows_by_name() -> None:
    busy = SINGLE_FAILURES["host_busy"].refusal()
    assert busy is not None

    assert busy.references() == {"facility": {1}, "host": {7}, "visit": {10}, "companion": set()}


def test_rule_codes_are_the_contract_codes() -> None:
    assert set(RULE_CODES) == {
        "invalid_interval",
        "invalid_party_size",
        "holiday",
        "facility_closed",
        "host_not_linked",
        "host_unavailable",
        "host_time_off",
        "host_busy",
        "host_busy_elsewhere",
        "party_too_large",
        "capacity_exceeded",
        "quota_exceeded",
        "stops_overlap",
        "travel_time",
        "min_notice",
    }
    assert len(RULE_CODES) == len(set(RULE_CODES))
