"""Rule 5: stops of one visit do not overlap and leave time to travel between facilities."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from visits.domain.calendar import Facility, checked_span
from visits.domain.clock import US_PER_MINUTE
from visits.domain.rules import NotEnoughTravelTime, RuleViolation, StopsOverlap

EARTH_RADIUS_KM = 6371.0088
TRAVEL_SPEED_KMH = 20.0
TRAVEL_OVERHEAD_MIN = 10

TravelTable = Mapping[frozenset[int] | tuple[int, int], int]
"""Explicit travel minutes between two facility ids, either way round."""


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on the mean Earth radius."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def explicit_minutes(a: int, b: int, explicit: TravelTable) -> int | None:
    """The configured travel time between two facilities, whichever way it was keyed."""
    for key in (frozenset((a, b)), (a, b), (b, a)):
        if key in explicit:
            return explicit[key]
    return None


def travel_minutes(a: Facility, b: Facility, explicit: TravelTable) -> int:
    """Minutes to allow between leaving `a` and arriving at `b` (SPEC §3 rule 5).

    Zero within one facility; else the configured time; else the great-circle distance at
    20 km/h plus 10 minutes, rounded up; a facility without coordinates costs 10 minutes.
    """
    if a.id == b.id:
        return 0
    configured = explicit_minutes(a.id, b.id, explicit)
    if configured is not None:
        return configured
    return estimated_minutes(a.lat, a.lon, b.lat, b.lon)


def estimated_minutes(lat1: float | None, lon1: float | None, lat2: float | None,
                      lon2: float | None) -> int:
    """Rule 5's estimate between two points: the great-circle distance at 20 km/h plus 10
    minutes, rounded up; 10 minutes when either point is unknown. Facilities and the
    programme's places (visits.domain.programme) both travel by it."""
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return TRAVEL_OVERHEAD_MIN
    km = great_circle_km(lat1, lon1, lat2, lon2)
    # Rounded to a nanominute first so that float noise never adds a whole minute.
    return math.ceil(round(km / TRAVEL_SPEED_KMH * 60, 9)) + TRAVEL_OVERHEAD_MIN


def check_visit_sequence(
    stops: Sequence[tuple[Facility, datetime, datetime]], explicit_travel: TravelTable
) -> None:
    """Raise when the stops, taken in time order, overlap or leave too little travel time.

    The violation's field names the later stop of the pair by its index in `stops` as the
    caller gave them, e.g. "stops[2]", whatever order they were given in.
    """
    spans = [_stop_span(i, start, end) for i, (_, start, end) in enumerate(stops)]
    order = sorted(range(len(stops)), key=lambda i: (spans[i], i))
    for before, after in zip(order, order[1:], strict=False):
        gap_us = spans[after][0] - spans[before][1]
        if gap_us < 0:
            raise StopsOverlap(
                stop=after + 1, other=before + 1, facility_id=stops[after][0].id,
                other_facility_id=stops[before][0].id, start=stops[after][1],
                other_end=stops[before][2], field=f"stops[{after}]",
            )
        needed = travel_minutes(stops[before][0], stops[after][0], explicit_travel)
        if gap_us < needed * US_PER_MINUTE:
            raise NotEnoughTravelTime(
                stop=after + 1, other=before + 1, facility_id=stops[after][0].id,
                other_facility_id=stops[before][0].id,
                gap=timedelta(microseconds=gap_us), needed=timedelta(minutes=needed),
                field=f"stops[{after}]",
            )


def _stop_span(index: int, start: datetime, end: datetime) -> tuple[int, int]:
    try:
        return checked_span(start, end)
    except RuleViolation as violation:
        raise violation.at(f"stops[{index}]") from None
