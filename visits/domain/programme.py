"""The programme beyond facility stops (SPEC §7.4): arrival, welcome, a meal, the bus.

Items have no host, so rules 1-4 and 6 do not apply to them; rule 5 does. An item and a
stop of one visit never share time, and a located item (one with coordinates) leaves the
travel time of rule 5 to and from every stop: the same estimate as between two facilities
(`travel.estimated_minutes`), 10 minutes when the facility has no coordinates. Checking
every pair rather than neighbours only asks nothing more: the estimate keeps the triangle
inequality, so a pair that passes through a stop in between always has the time.

Items among themselves may share time (the welcome during the arrival) and need no travel
time between them: the protocol officer plans that walk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from visits.domain.calendar import Facility, checked_span
from visits.domain.rules import ItemOverlapsStop, ItemTravelTime, RuleViolation, Title
from visits.domain.travel import estimated_minutes


@dataclass(frozen=True)
class Item:
    """One programme item as the rules see it; `item_id` None for one not stored yet."""

    item_id: int | None
    title: Title
    start: datetime
    end: datetime
    lat: float | None = None
    lon: float | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class StopTime:
    """A live stop of the same visit: where and when."""

    facility: Facility
    start: datetime
    end: datetime


def check_programme(items: Sequence[Item], stops: Sequence[StopTime]) -> None:
    """Raise when an item shares time with a stop (`stops_overlap`) or a located item
    leaves a stop too little travel time (`travel_time`).

    The violation's field names the item by its index in `items`, e.g. "items[1]"; of
    several, the earliest item's first problem (by the stops' time order) is raised.
    """
    spans = [_item_span(i, item) for i, item in enumerate(items)]
    ordered_stops = sorted(stops, key=lambda s: (checked_span(s.start, s.end), s.facility.id))
    for index in sorted(range(len(items)), key=lambda i: (spans[i], i)):
        item = items[index]
        for stop in ordered_stops:
            problem = _pair_problem(item, stop)
            if problem is not None:
                raise problem.at(f"items[{index}]")


def _pair_problem(item: Item, stop: StopTime) -> RuleViolation | None:
    if item.start < stop.end and stop.start < item.end:
        return ItemOverlapsStop(
            item_title=item.title, facility_id=stop.facility.id, item_start=item.start,
            item_end=item.end, stop_start=stop.start, stop_end=stop.end)
    if not item.located:
        return None
    item_first = item.end <= stop.start
    gap = stop.start - item.end if item_first else item.start - stop.end
    needed = estimated_minutes(item.lat, item.lon, stop.facility.lat, stop.facility.lon)
    if gap < timedelta(minutes=needed):
        return ItemTravelTime(item_title=item.title, facility_id=stop.facility.id,
                              item_first=item_first, gap=gap,
                              needed=timedelta(minutes=needed))
    return None


def _item_span(index: int, item: Item) -> tuple[int, int]:
    try:
        return checked_span(item.start, item.end)
    except RuleViolation as violation:
        raise violation.at(f"items[{index}]") from None


def travel_allowance(lat: float | None, lon: float | None,
                     facilities: Iterable[Facility]) -> int:
    """Minutes to set aside on each side of a meal at (lat, lon) so that it keeps rule 5's
    travel time to whichever of `facilities` comes before and after it: the longest
    estimate to any of them. 0 for a place without coordinates (no travel is checked)."""
    if lat is None or lon is None:
        return 0
    return max((estimated_minutes(lat, lon, f.lat, f.lon) for f in facilities), default=0)


def meal_within(block_start: datetime, block_end: datetime, allowance: int
                ) -> tuple[datetime, datetime]:
    """The meal inside a lunch block the day planner placed with `allowance` minutes of
    travel on each side (the block's length is the meal's plus twice the allowance)."""
    margin = timedelta(minutes=allowance)
    return block_start + margin, block_end - margin


def shift_items(items: Iterable[Item], minutes: int, from_: datetime) -> list[Item]:
    """Running late (SPEC §7.5): every item starting at or after `from_` (aware) moves
    `minutes` later (earlier when negative); the others stay, in the order given."""
    delta = timedelta(minutes=minutes)
    return [replace(item, start=item.start + delta, end=item.end + delta)
            if item.start >= from_ else item for item in items]
