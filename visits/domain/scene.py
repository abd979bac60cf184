"""Everything the rules read to judge stops of one length at one facility.

Bookings are bucketed once — the facility's for capacity, each host's for occupancy — so
that each rule walks only the few bookings that concern it, and does so in sorted order.
"""

from __future__ import annotations

from collections.abc import Iterable

from visits.domain.calendar import Booking, Facility, Policy
from visits.domain.clock import LocalClock
from visits.domain.intervals import Span, Spans
from visits.domain.quota import FullWeek, full_weeks


class Scene:
    """A facility, a policy, the stop's length and party, and the bookings around them.

    `visit_id` is the visit the stop belongs to, when it exists: its other stops do not
    count against the facility's weekly quota.
    """

    def __init__(
        self,
        facility: Facility,
        policy: Policy,
        duration_us: int,
        party_size: int,
        bookings: Iterable[Booking],
        host_ids: Iterable[int],
        ignore_stop_ids: Iterable[int] = (),
        visit_id: int | None = None,
    ) -> None:
        self.facility = facility
        self.policy = policy
        self.duration_us = duration_us
        self.party_size = party_size
        self.clock = LocalClock(policy.tz)
        self.on_site: list[Booking] = []
        self.held: dict[int, list[Span]] = {host_id: [] for host_id in host_ids}
        self.bookings = bookings if isinstance(bookings, list | tuple) else list(bookings)
        self.ignored = frozenset(ignore_stop_ids)
        self._bucket()
        self.visit_id = visit_id
        self._crowded: Spans | None = None
        self._full_weeks: list[FullWeek] | None = None
        self.memo: dict[object, Spans] = {}

    def _bucket(self) -> None:
        facility_id, on_site, find_held = self.facility.id, self.on_site, self.held.get
        ignored = self.ignored
        for booking in self.bookings:
            if ignored and booking.stop_id in ignored:
                continue
            if booking.facility_id == facility_id:
                on_site.append(booking)
            held = find_held(booking.host_id)
            if held is not None:
                held.append(booking.occupied_us)

    def occupied(self, host_id: int) -> Spans:
        """When a host is held by live stops, buffers included (rule 3); sorted, may overlap."""
        return sorted(self.held.get(host_id, ()))

    def bookings_of(self, host_id: int) -> list[Booking]:
        """The live bookings of a host that count (for messages, not for search)."""
        return [
            booking
            for booking in self.bookings
            if booking.host_id == host_id and booking.stop_id not in self.ignored
        ]

    def crowded(self) -> Spans:
        """When the facility has too many visitors to take this party too (rule 4)."""
        if self._crowded is None:
            limit = self.facility.capacity - self.party_size
            self._crowded = spans_over(self.on_site, limit)
        return self._crowded

    def full_weeks(self) -> list[FullWeek]:
        """The weeks at the facility's quota, other stops of this visit not counted."""
        if self._full_weeks is None:
            self._full_weeks = full_weeks(self.facility.max_visits_per_week, self.on_site,
                                          self.clock, self.visit_id)
        return self._full_weeks


def spans_over(bookings: list[Booking], limit: int) -> Spans:
    """Where the summed party sizes of `bookings` exceed `limit`, by one sweep."""
    if sum(booking.party_size for booking in bookings) <= limit:
        return []
    changes: dict[int, int] = {}
    change = changes.get
    for booking in bookings:
        start, end = booking.span_us
        party = booking.party_size
        changes[start] = change(start, 0) + party
        changes[end] = change(end, 0) - party
    out: Spans = []
    level, opened = 0, 0
    for moment in sorted(changes):
        was_over = level > limit
        level += changes[moment]
        if level > limit and not was_over:
            opened = moment
        elif was_over and level <= limit:
            out.append((opened, moment))
    return out


def load_at(bookings: list[Booking], moment: int) -> int:
    """Visitors present at one instant (for messages, not for search)."""
    return sum(b.party_size for b in bookings if b.span_us[0] <= moment < b.span_us[1])
