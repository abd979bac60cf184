"""The programme's rule (SPEC §7.4): items never share time with stops, and located items
leave rule 5's travel time; checked against a minute-by-minute brute force."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.builders import at, make_facility
from visits.domain import (
    Item,
    ItemOverlapsStop,
    ItemTravelTime,
    RuleViolation,
    StopTime,
    check_programme,
    shift_items,
)
from visits.domain.programme import meal_within, travel_allowance
from visits.domain.travel import great_circle_km

DAY = date(2027, 3, 9)
MORNING = at(DAY, "08:00")
GURO_OFFICE = make_facility(1, lat=37.495486, lon=126.887527)  # 구로구청
DIGITAL_COMPLEX = make_facility(2, lat=37.485266, lon=126.901401)  # 구로디지털단지역
NO_ADDRESS = make_facility(3)
POINTS = [None, (37.495486, 126.887527), (37.485266, 126.901401), (37.498182, 126.867065),
          (37.5665, 126.978)]


def minute(n: int) -> datetime:
    return MORNING + timedelta(minutes=n)


def lunch(start: str, end: str, point: tuple[float, float] | None = None) -> Item:
    lat, lon = point if point else (None, None)
    return Item(None, {"ko": "오찬", "en": "Lunch"}, at(DAY, start), at(DAY, end), lat, lon)


def test_an_item_inside_a_stop_is_refused_naming_the_facility() -> None:
    stop = StopTime(GURO_OFFICE, at(DAY, "11:00"), at(DAY, "12:30"))

    with pytest.raises(ItemOverlapsStop) as refused:
        check_programme([lunch("12:00", "13:00")], [stop])

    assert refused.value.facility_id == 1 and refused.value.field == "items[0]"


def test_an_unlocated_item_may_touch_a_stop() -> None:
    stop = StopTime(GURO_OFFICE, at(DAY, "11:00"), at(DAY, "12:00"))

    check_programme([lunch("12:00", "13:00")], [stop])


def test_a_located_item_leaves_the_travel_time_of_rule_5() -> None:
    # 구로구청 ↔ 구로디지털단지역: 1.67 km, 16 min (as between the two facilities)
    stop = StopTime(DIGITAL_COMPLEX, at(DAY, "13:15"), at(DAY, "14:00"))
    office = (37.495486, 126.887527)

    check_programme([lunch("12:00", "12:59", office)], [stop])
    with pytest.raises(ItemTravelTime) as refused:
        check_programme([lunch("12:00", "13:00", office)], [stop])

    assert refused.value.needed == timedelta(minutes=16)
    assert refused.value.gap == timedelta(minutes=15) and refused.value.item_first


def test_a_facility_without_coordinates_costs_ten_minutes() -> None:
    stop = StopTime(NO_ADDRESS, at(DAY, "10:00"), at(DAY, "11:00"))

    with pytest.raises(ItemTravelTime) as refused:
        check_programme([lunch("11:09", "12:00", (37.5, 126.9))], [stop])

    assert refused.value.needed == timedelta(minutes=10) and not refused.value.item_first


def test_items_may_share_time_with_each_other() -> None:
    check_programme([lunch("12:00", "13:00"), lunch("12:30", "13:30")], [])


def test_an_item_ending_before_it_starts_is_refused_on_its_field() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_programme([lunch("09:00", "10:00"), lunch("13:00", "12:00")], [])

    assert refused.value.code == "invalid_interval" and refused.value.field == "items[1]"


def test_shift_items_moves_only_what_starts_from_the_given_time() -> None:
    items = [lunch("09:00", "10:00"), lunch("12:00", "13:00"), lunch("15:00", "15:30")]

    shifted = shift_items(items, 20, at(DAY, "12:00"))

    assert [(i.start, i.end) for i in shifted] == [
        (at(DAY, "09:00"), at(DAY, "10:00")), (at(DAY, "12:20"), at(DAY, "13:20")),
        (at(DAY, "15:20"), at(DAY, "15:50"))]
    assert shift_items(items, 0, at(DAY, "00:00")) == items


# ---------------------------------------------------------------- against a brute force

def reference_minutes(a: tuple[float, float] | None, b: tuple[float, float] | None) -> int:
    """Rule 5's estimate, said the long way round: 20 km/h is 3 minutes a kilometre."""
    if a is None or b is None:
        return 10
    whole = math.floor(great_circle_km(*a, *b) * 3)
    exact = great_circle_km(*a, *b) * 3
    return whole + (exact - whole > 1e-9) + 10


def reference_problems(items: list[tuple[int, int, int]], stops: list[tuple[int, int, int]]
                       ) -> set[tuple[int, str]]:
    """(item index, code) for every item that shares a minute with a stop, or whose
    free minutes to a stop are fewer than the travel needs."""
    found = set()
    for i, (i_start, i_len, i_point) in enumerate(items):
        mine = set(range(i_start, i_start + i_len))
        for s_start, s_len, s_facility in stops:
            theirs = set(range(s_start, s_start + s_len))
            if mine & theirs:
                found.add((i, "stops_overlap"))
                continue
            if POINTS[i_point] is None:
                continue
            first, second = sorted([mine, theirs], key=min)
            between = [m for m in range(0, 24 * 60) if max(first) < m < min(second)]
            facility = STOP_FACILITIES[s_facility]
            place = (facility.lat, facility.lon) if facility.lat is not None else None
            if len(between) < reference_minutes(POINTS[i_point], place):
                found.add((i, "travel_time"))
    return found


STOP_FACILITIES = [GURO_OFFICE, DIGITAL_COMPLEX, NO_ADDRESS]
def near_stops(stops: list[tuple[int, int, int]]) -> st.SearchStrategy[int]:
    """Item starts: anywhere, or just before or after a stop (where travel time decides)."""
    edges = [s + length for s, length, _ in stops] + [s for s, _, _ in stops]
    anywhere = st.integers(0, 600)
    if not edges:
        return anywhere
    # Gaps of exactly the travel time (and a minute either side) are where rules slip.
    needed = sorted({reference_minutes(p, (f.lat, f.lon) if f.lat is not None else None) + k
                     for p in POINTS for f in STOP_FACILITIES for k in (-1, 0, 1)})
    gaps = st.one_of(st.integers(-40, 40), st.sampled_from(needed))
    return st.one_of(anywhere, st.builds(lambda e, d: max(0, e + d), st.sampled_from(edges),
                                         gaps))


@settings(max_examples=400, deadline=None)
@given(stops=st.lists(st.tuples(st.integers(0, 600), st.integers(5, 120),
                                st.integers(0, len(STOP_FACILITIES) - 1)), max_size=4),
       data=st.data())
def test_check_programme_agrees_with_a_minute_by_minute_reference(
    stops: list[tuple[int, int, int]], data: st.DataObject
) -> None:
    items = data.draw(st.lists(st.tuples(near_stops(stops), st.integers(5, 120),
                                         st.integers(0, len(POINTS) - 1)), max_size=4))
    as_items = [Item(n, {"ko": f"항목 {n}"}, minute(s), minute(s + length),
                     *(POINTS[p] or (None, None))) for n, (s, length, p) in enumerate(items)]
    as_stops = [StopTime(STOP_FACILITIES[f], minute(s), minute(s + length))
                for s, length, f in stops]
    expected = reference_problems(items, stops)

    try:
        check_programme(as_items, as_stops)
    except RuleViolation as refused:
        index = int(refused.field.removeprefix("items[").removesuffix("]"))  # type: ignore[union-attr]
        assert (index, refused.code) in expected
        earliest = min(items[i][0] for i, _ in expected)
        assert items[index][0] == earliest
    else:
        assert expected == set()


def test_a_meal_keeps_the_longest_travel_to_any_facility_on_each_side() -> None:
    office = (37.495486, 126.887527)

    allowance = travel_allowance(*office, [GURO_OFFICE, DIGITAL_COMPLEX, NO_ADDRESS])
    meal = meal_within(at(DAY, "12:00"), at(DAY, "13:32"), allowance)

    assert allowance == 16  # to 구로디지털단지역; the office itself is 10, no address 10
    assert meal == (at(DAY, "12:16"), at(DAY, "13:16"))
    assert travel_allowance(None, None, [GURO_OFFICE]) == 0
    stop_after = StopTime(DIGITAL_COMPLEX, at(DAY, "13:32"), at(DAY, "14:00"))
    check_programme([Item(None, "오찬", *meal, *office)], [stop_after])
