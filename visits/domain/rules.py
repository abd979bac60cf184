"""The violations of SPEC §3, one exception class per rule, each carrying its facts.

A violation holds a stable `code` (the contract's error code), the facts an officer needs
to act on it (facility and host ids, times, sizes) and, when the caller knows which input
is at fault, a `field` such as "stops[1]". The domain says *what* went wrong; turning the
facts into a sentence, with names in place of ids, in Korean or English, is the job of one
module (`visits.wording`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import ClassVar, Literal, Self

# Facts whose names end so are ids of things a person knows by name.
REFERENCE_SUFFIXES = {"facility": "facility_id", "host": "host_id", "visit": "visit_id",
                      "companion": "companion_id"}


@dataclass(eq=False, kw_only=True)
class RuleViolation(Exception):
    """A requested stop or visit breaks one of the scheduling rules."""

    code: ClassVar[str] = "rule_violation"
    field: str | None = None

    def at(self, field: str) -> Self:
        """The same violation blamed on `field` (e.g. a stop's index in the request)."""
        return dataclasses.replace(self, field=field)

    def facts(self) -> dict[str, object]:
        """Every fact but the field, by name."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if f.name != "field"}

    def references(self) -> dict[str, set[int]]:
        """The ids of facilities, hosts, visits and companions the facts mention, by kind."""
        found: dict[str, set[int]] = {kind: set() for kind in REFERENCE_SUFFIXES}
        for name, value in self.facts().items():
            for kind, suffix in REFERENCE_SUFFIXES.items():
                if name.endswith(suffix) and isinstance(value, int):
                    found[kind].add(value)
                elif name.endswith(suffix + "s") and isinstance(value, tuple):
                    found[kind].update(v for v in value if isinstance(v, int))
        return found

    def __str__(self) -> str:
        facts = ", ".join(f"{k}={v!r}" for k, v in self.facts().items())
        return f"{self.code}({facts})"


IntervalProblem = Literal[
    "end_not_after_start",  # start, end
    "no_offset",  # start: a datetime without a time zone offset
    "zone_without_offset",  # the organisation's time zone gives no offset
    "weekday_out_of_range",  # weekday
    "wall_clock_with_zone",  # weekly hours or lunch times carrying a time zone
    "not_positive",  # a duration or step of zero or less
    "lunch_does_not_fit",  # start, end (wall clock), length
    "lunch_not_whole_minutes",
    "no_days",  # an event without days
]


@dataclass(eq=False, kw_only=True)
class InvalidInterval(RuleViolation):
    """End not after start, a datetime without offset, or a non-positive length."""

    code = "invalid_interval"
    problem: IntervalProblem
    start: datetime | time | None = None
    end: datetime | time | None = None
    weekday: int | None = None
    length: timedelta | None = None


@dataclass(eq=False, kw_only=True)
class InvalidPartySize(RuleViolation):
    """A party (or a group limit) of fewer than one visitor."""

    code = "invalid_party_size"
    party_size: int


@dataclass(eq=False, kw_only=True)
class Holiday(RuleViolation):
    """Rule 1: the stop touches a public holiday or an organisation closure day."""

    code = "holiday"
    facility_id: int
    day: date
    day_name: str = ""


@dataclass(eq=False, kw_only=True)
class FacilityClosed(RuleViolation):
    """Rule 1: the stop meets a closure of the facility, from `start` to `end`."""

    code = "facility_closed"
    facility_id: int
    start: datetime
    end: datetime


Windows = tuple[tuple[time, time], ...]


@dataclass(eq=False, kw_only=True)
class OutsideHours(RuleViolation):
    """Rule 1: the stop [asked_start, asked_end) fits in no opening window of its weekday."""

    code = "facility_closed"
    facility_id: int
    weekday: int
    windows: Windows
    asked_start: datetime
    asked_end: datetime


@dataclass(eq=False, kw_only=True)
class HostNotLinked(RuleViolation):
    """Rule 2: the host does not receive visitors at this facility (no host at all when
    `host_id` is None)."""

    code = "host_not_linked"
    facility_id: int
    host_id: int | None = None


@dataclass(eq=False, kw_only=True)
class HostUnavailable(RuleViolation):
    """Rule 2: the stop fits in none of the host's weekly windows of its weekday."""

    code = "host_unavailable"
    host_id: int
    weekday: int
    windows: Windows
    asked_start: datetime
    asked_end: datetime


@dataclass(eq=False, kw_only=True)
class HostTimeOff(RuleViolation):
    """Rule 2: the stop meets the host's time off, from `start` to `end`."""

    code = "host_time_off"
    host_id: int
    start: datetime
    end: datetime


@dataclass(eq=False, kw_only=True)
class HostBusyElsewhere(RuleViolation):
    """Rule 2: the host's own calendar says they are busy from `start` to `end` (`title`
    only when the host shares titles)."""

    code = "host_busy_elsewhere"
    host_id: int
    start: datetime
    end: datetime
    title: str = ""


@dataclass(eq=False, kw_only=True)
class SlotTaken(RuleViolation):
    """Rule 3: the host is held by another live stop (its visit, facility and times, and
    when the host is free again) while this stop would need them."""

    code = "host_busy"
    host_id: int
    other_visit_id: int
    other_facility_id: int
    other_start: datetime
    other_end: datetime
    free_at: datetime
    held_start: datetime
    held_end: datetime


@dataclass(eq=False, kw_only=True)
class PartyTooLarge(RuleViolation):
    """Rule 4: the party exceeds the capacity even of an empty facility."""

    code = "party_too_large"
    facility_id: int
    party_size: int
    capacity: int


@dataclass(eq=False, kw_only=True)
class CapacityExceeded(RuleViolation):
    """Rule 4: at `moment`, `taken` places of `capacity` are taken; the party won't fit."""

    code = "capacity_exceeded"
    facility_id: int
    party_size: int
    capacity: int
    taken: int
    moment: datetime


@dataclass(eq=False, kw_only=True)
class QuotaExceeded(RuleViolation):
    """SPEC §7.5: the facility already has `booked` other visits in the week starting on
    Monday `week_start`, and takes at most `quota` a week."""

    code = "quota_exceeded"
    facility_id: int
    week_start: date
    quota: int
    booked: int


@dataclass(eq=False, kw_only=True)
class StopsOverlap(RuleViolation):
    """Rule 5: stop number `stop` (1-based, as asked) starts before stop `other` ends."""

    code = "stops_overlap"
    stop: int
    other: int
    facility_id: int
    other_facility_id: int
    start: datetime
    other_end: datetime


@dataclass(eq=False, kw_only=True)
class NotEnoughTravelTime(RuleViolation):
    """Rule 5: stop `stop` starts `gap` after stop `other` ends; travel takes `needed`."""

    code = "travel_time"
    stop: int
    other: int
    facility_id: int
    other_facility_id: int
    gap: timedelta
    needed: timedelta


Title = Mapping[str, str] | str
"""A programme item's title as given: text by language tag, or plain text."""


@dataclass(eq=False, kw_only=True)
class ItemOverlapsStop(RuleViolation):
    """Rule 5 for the programme (SPEC §7.4): item `item_title` [item_start, item_end) and
    the stop at the facility [stop_start, stop_end) share some time."""

    code = "stops_overlap"
    item_title: Title
    facility_id: int
    item_start: datetime
    item_end: datetime
    stop_start: datetime
    stop_end: datetime


@dataclass(eq=False, kw_only=True)
class ItemTravelTime(RuleViolation):
    """Rule 5 for the programme: between the located item and the stop at the facility
    (`item_first`: the item comes first) there is `gap`; travel takes `needed`."""

    code = "travel_time"
    item_title: Title
    facility_id: int
    item_first: bool
    gap: timedelta
    needed: timedelta


@dataclass(eq=False, kw_only=True)
class TooLate(RuleViolation):
    """Rule 6: the stop starts sooner than the minimum notice allows."""

    code = "min_notice"
    earliest: datetime
    notice: timedelta


RULE_CODES: tuple[str, ...] = tuple(dict.fromkeys(
    cls.code for cls in (InvalidInterval, InvalidPartySize, Holiday, FacilityClosed,
                         OutsideHours, HostNotLinked, HostUnavailable, HostTimeOff,
                         HostBusyElsewhere, SlotTaken,
                         PartyTooLarge, CapacityExceeded, QuotaExceeded, StopsOverlap,
                         NotEnoughTravelTime, ItemOverlapsStop, ItemTravelTime, TooLate)
))
