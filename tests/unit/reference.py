"""A brute-force reading of SPEC §3, minute by minute, to check the engine against.

Deliberately naive and sharing no code with `visits.domain` beyond its input dataclasses
(and only their constructor fields): every rule is checked at every minute of the stop,
wall-clock times are found by scanning the minutes around a day, capacity is a sum over
bookings. It is exact only when every input time falls on a whole minute, as the tests'
inputs do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from visits.domain.calendar import Booking, Facility, Host, Policy, WeeklyWindow

MINUTE = timedelta(minutes=1)

RULE_ORDER = (
    "holiday",
    "facility_closed",  # a closure
    "facility_closed",  # the opening hours
    "host_not_linked",
    "host_unavailable",
    "host_time_off",
    "host_busy_elsewhere",
    "host_busy",
    "party_too_large",
    "capacity_exceeded",
    "min_notice",
)


def plus(moment: datetime, delta: timedelta) -> datetime:
    """`moment + delta` in elapsed time (in UTC: `+` on a zoned datetime adds wall time)."""
    return moment.astimezone(UTC) + delta


def minutes_of(start: datetime, end: datetime) -> list[datetime]:
    """Every whole minute instant in [start, end)."""
    out, moment = [], start.astimezone(UTC)
    while moment < end:
        out.append(moment)
        moment += MINUTE
    return out


@lru_cache(maxsize=512)
def scan_walls(tz: ZoneInfo, day: date) -> tuple[tuple[datetime, datetime], ...]:
    """(instant, naive wall time) of every minute from the UTC day before to the one after."""
    first = datetime.combine(day - timedelta(days=1), time(), UTC)
    last = datetime.combine(day + timedelta(days=2), time(), UTC)
    return tuple((m, m.astimezone(tz).replace(tzinfo=None)) for m in minutes_of(first, last))


@lru_cache(maxsize=100_000)
def local_date(moment: datetime, tz: ZoneInfo) -> date:
    """The local date of an instant (remembered: the same minutes are asked again and again)."""
    return moment.astimezone(tz).date()


def merged_wall_windows(windows: Iterable[WeeklyWindow], weekday: int) -> list[tuple[time, time]]:
    """One weekday's windows, overlapping or touching ones joined, in wall-clock time."""
    merged: list[list[time]] = []
    for window in sorted((w for w in windows if w.weekday == weekday), key=lambda w: w.start):
        if merged and window.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], window.end)
        else:
            merged.append([window.start, window.end])
    return [(start, end) for start, end in merged]


@dataclass
class Reference:
    """One facility, its candidate hosts, the live bookings and the policy."""

    facility: Facility
    hosts: list[Host]
    bookings: list[Booking]
    policy: Policy
    ignore_stop_ids: frozenset[int] = frozenset()
    _windows: dict[object, list[tuple[datetime, datetime]]] = field(default_factory=dict)

    # -- wall clock, by scanning minutes -------------------------------------------------

    def wall_of(self, moment: datetime) -> datetime:
        """The naive local wall-clock time of an instant."""
        return moment.astimezone(self.policy.tz).replace(tzinfo=None)

    def reach(self, day: date, clock: time) -> datetime:
        """The first instant whose wall-clock time is `clock` on `day` or later."""
        target = datetime.combine(day, clock)
        return next(moment for moment, wall in scan_walls(self.policy.tz, day) if wall >= target)

    def windows_of(
        self, windows: tuple[WeeklyWindow, ...], days: Iterable[date]
    ) -> list[tuple[datetime, datetime]]:
        """Instants of merged weekly windows on some days, per day as the grid uses them."""
        days = tuple(days)
        key = (windows, days)
        if key not in self._windows:
            out = []
            for day in days:
                for start, end in merged_wall_windows(windows, day.weekday()):
                    first, last = self.reach(day, start), self.reach(day, end)
                    if first < last:
                        out.append((first, last))
            self._windows[key] = out
        return self._windows[key]

    def around(self, start: datetime, end: datetime) -> list[date]:
        first = self.wall_of(start).date() - timedelta(days=1)
        return [first + timedelta(days=n) for n in range(4 + (end - start).days)]

    # -- the rules, minute by minute ------------------------------------------------------

    @cached_property
    def live(self) -> list[Booking]:
        return [b for b in self.bookings if b.stop_id not in self.ignore_stop_ids]

    def failing_rule(self, host: Host, start: datetime, end: datetime, party: int) -> str | None:
        """The first rule of SPEC §3 that refuses the stop, or None if it is bookable."""
        rank = self.failing_rank(host, start, end, party)
        return None if rank is None else RULE_ORDER[rank]

    def failing_rank(self, host: Host, start: datetime, end: datetime, party: int) -> int | None:
        """The position in RULE_ORDER of the first rule refusing the stop, or None."""
        minutes = minutes_of(start, end)
        facility, policy = self.facility, self.policy
        open_windows = self.windows_of(facility.open_hours, self.around(start, end))
        host_windows = self.windows_of(host.weekly, self.around(start, end))
        held = minutes_of(start, plus(end, facility.buffer))
        host_held = [(b.start, plus(b.end, b.buffer)) for b in self.live if b.host_id == host.id]
        on_site = [b for b in self.live if b.facility_id == facility.id]
        checks = (
            lambda: any(local_date(m, policy.tz) in policy.closed_dates for m in minutes),
            lambda: any(c.start <= m < c.end for m in minutes for c in facility.closures),
            lambda: not all(any(a <= m < b for a, b in open_windows) for m in minutes),
            lambda: facility.id not in host.facility_ids,
            lambda: not all(any(a <= m < b for a, b in host_windows) for m in minutes),
            lambda: any(t.start <= m < t.end for m in minutes for t in host.time_off),
            lambda: any(b.start <= m < b.end for m in minutes for b in host.busy),
            lambda: any(a <= m < b for m in held for a, b in host_held),
            lambda: party > facility.capacity,
            lambda: any(
                sum(b.party_size for b in on_site if b.start <= m < b.end) + party
                > facility.capacity
                for m in minutes
            ),
            lambda: start < plus(policy.now, policy.min_notice),
        )
        for rank, failed in enumerate(checks):
            if failed():
                return rank
        return None

    # -- the slot list ----------------------------------------------------------------------

    @cached_property
    def linked(self) -> list[Host]:
        return sorted(
            (h for h in self.hosts if self.facility.id in h.facility_ids), key=lambda h: h.id
        )

    def free_slots(
        self, day_from: date, day_to: date, duration: timedelta, party: int, step: timedelta
    ) -> list[tuple[datetime, datetime, tuple[int, ...]]]:
        """For every grid start of every day, the hosts who can take it."""
        days = [day_from + timedelta(days=n) for n in range((day_to - day_from).days + 1)]
        out = []
        for first, last in self.windows_of(self.facility.open_hours, days):
            start = first
            while plus(start, duration) <= last:
                able = tuple(
                    h.id
                    for h in self.linked
                    if self.failing_rule(h, start, plus(start, duration), party) is None
                )
                if able:
                    out.append((start, plus(start, duration), able))
                start = plus(start, step)
        return out
