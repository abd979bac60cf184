"""Rule 5: travel time between facilities and the order of a visit's stops."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest

from tests.unit.builders import at, make_facility
from visits.domain import RuleViolation, check_visit_sequence, travel_minutes

# Guro-gu, Seoul (WGS 84, from the map):
GURO_OFFICE = make_facility(1, lat=37.495486, lon=126.887527)  # 구로구청
DIGITAL_COMPLEX = make_facility(2, lat=37.485266, lon=126.901401)  # 구로디지털단지역
GOCHEOK_DOME = make_facility(3, lat=37.498182, lon=126.867065)  # 고척스카이돔
NO_ADDRESS = make_facility(4)
DAY = date(2027, 3, 2)


def test_travel_minutes_between_two_guro_facilities_rounds_up() -> None:
    # 1.670 km at 20 km/h is 5.01 min: rounded up to 6, plus 10
    assert travel_minutes(GURO_OFFICE, DIGITAL_COMPLEX, {}) == 16
    # 3.353 km: 10.06 min -> 11, plus 10
    assert travel_minutes(DIGITAL_COMPLEX, GOCHEOK_DOME, {}) == 21


def test_travel_minutes_is_symmetric() -> None:
    assert travel_minutes(GOCHEOK_DOME, GURO_OFFICE, {}) == travel_minutes(
        GURO_OFFICE, GOCHEOK_DOME, {}
    )


@pytest.mark.parametrize("table", [{frozenset({1, 2}): 25}, {(1, 2): 25}, {(2, 1): 25}])
def test_travel_minutes_explicit_value_wins_whichever_way_it_is_keyed(
    table: dict[frozenset[int] | tuple[int, int], int],
) -> None:
    assert travel_minutes(GURO_OFFICE, DIGITAL_COMPLEX, table) == 25
    assert travel_minutes(DIGITAL_COMPLEX, GURO_OFFICE, table) == 25


def test_travel_minutes_explicit_zero_is_kept() -> None:
    assert travel_minutes(GURO_OFFICE, DIGITAL_COMPLEX, {frozenset({1, 2}): 0}) == 0


def test_travel_minutes_same_facility_is_zero() -> None:
    assert travel_minutes(NO_ADDRESS, NO_ADDRESS, {}) == 0
    assert travel_minutes(GURO_OFFICE, GURO_OFFICE, {}) == 0


def test_travel_minutes_without_coordinates_is_ten() -> None:
    assert travel_minutes(GURO_OFFICE, NO_ADDRESS, {}) == 10


def test_travel_minutes_whole_minutes_are_not_rounded_up_by_float_noise() -> None:
    # two points on the equator 5/3 km apart: exactly 5 minutes at 20 km/h
    degrees = math.degrees((5 / 3) / 6371.0088)
    a, b = make_facility(5, lat=0.0, lon=0.0), make_facility(6, lat=0.0, lon=degrees)

    assert travel_minutes(a, b, {}) == 15


def test_check_visit_sequence_accepts_exactly_the_travel_time() -> None:
    stops = [
        (GURO_OFFICE, at(DAY, "09:00"), at(DAY, "10:00")),
        (DIGITAL_COMPLEX, at(DAY, "10:16"), at(DAY, "11:00")),
        (DIGITAL_COMPLEX, at(DAY, "11:00"), at(DAY, "11:30")),  # same place: no travel
    ]

    check_visit_sequence(stops, {})


def test_check_visit_sequence_too_little_travel_time_blames_the_later_stop() -> None:
    stops = [
        (GURO_OFFICE, at(DAY, "09:00"), at(DAY, "10:00")),
        (DIGITAL_COMPLEX, at(DAY, "10:15"), at(DAY, "11:00")),
    ]

    with pytest.raises(RuleViolation) as refused:
        check_visit_sequence(stops, {})

    assert refused.value.code == "travel_time"
    assert refused.value.field == "stops[1]"
    assert refused.value.facts() == {
        "stop": 2, "other": 1, "facility_id": 2, "other_facility_id": 1,
        "gap": timedelta(minutes=15), "needed": timedelta(minutes=16),
    }


def test_check_visit_sequence_reports_the_index_the_caller_used() -> None:
    stops = [
        (DIGITAL_COMPLEX, at(DAY, "13:00"), at(DAY, "14:00")),
        (GURO_OFFICE, at(DAY, "09:00"), at(DAY, "10:00")),
        (GOCHEOK_DOME, at(DAY, "10:30"), at(DAY, "12:00")),
    ]

    with pytest.raises(RuleViolation) as refused:
        check_visit_sequence(stops, {frozenset({1, 3}): 45})

    assert refused.value.code == "travel_time"
    assert refused.value.field == "stops[2]"  # the dome, given third, visited second


def test_check_visit_sequence_overlapping_stops() -> None:
    stops = [
        (GURO_OFFICE, at(DAY, "10:30"), at(DAY, "11:30")),
        (GURO_OFFICE, at(DAY, "10:00"), at(DAY, "11:00")),
    ]

    with pytest.raises(RuleViolation) as refused:
        check_visit_sequence(stops, {})

    assert refused.value.code == "stops_overlap"
    assert refused.value.field == "stops[0]"


def test_check_visit_sequence_refuses_a_naive_time_and_names_the_stop() -> None:
    stops = [
        (GURO_OFFICE, at(DAY, "09:00"), at(DAY, "10:00")),
        (GURO_OFFICE, datetime(2027, 3, 2, 11), at(DAY, "12:00")),
    ]

    with pytest.raises(RuleViolation) as refused:
        check_visit_sequence(stops, {})

    assert refused.value.code == "invalid_interval"
    assert refused.value.field == "stops[1]"
