"""The rules of SPEC §3, each stated once as "which starts does it allow".

Every rule takes candidate starts (spans) and keeps those it allows. The slot search
passes a whole month through all of them; a single stop is the one start [s, s + 1), so the
rule that returns nothing is the one that refuses it, and it then explains itself. Both
questions therefore run the very same code.

RULES lists them in the order their violations are reported: SPEC §3's order, and within
rule 1 the most specific reason first (holiday, closure, hours).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from visits.domain.calendar import Host, WeeklySpans
from visits.domain.clock import clock_time, dates_between, from_us
from visits.domain.intervals import (
    Spans,
    intersect_spans,
    starts_avoiding,
    starts_within,
    subtract_spans,
)
from visits.domain.rules import (
    CapacityExceeded,
    FacilityClosed,
    Holiday,
    HostBusyElsewhere,
    HostNotLinked,
    HostTimeOff,
    HostUnavailable,
    OutsideHours,
    PartyTooLarge,
    QuotaExceeded,
    RuleViolation,
    SlotTaken,
    TooLate,
    Windows,
)
from visits.domain.scene import Scene, load_at


@dataclass(frozen=True)
class FacilityRule:
    """A rule about the facility and the policy, the same for every host."""

    allowed: Callable[[Scene, Spans], Spans]
    explain: Callable[[Scene, int, int], RuleViolation]


@dataclass(frozen=True)
class HostRule:
    """A rule about one host."""

    allowed: Callable[[Scene, Host, Spans], Spans]
    explain: Callable[[Scene, Host, int, int], RuleViolation]


def _touched_closed_days(scene: Scene, lo: int, hi: int) -> Spans:
    clock, closed = scene.clock, scene.policy.closed_dates
    last_instant = hi - 1 + scene.duration_us - 1
    days = dates_between(clock.date_of(lo), clock.date_of(last_instant))
    return [clock.day_bounds(day) for day in days if day in closed]


def _local(scene: Scene, us: int) -> datetime:
    return from_us(us, scene.policy.tz)


def allow_open_days(scene: Scene, within: Spans) -> Spans:
    """Rule 1: no local day touched by the stop is a holiday or closure day."""
    if not scene.policy.closed_dates or not within:
        return within
    closed = _touched_closed_days(scene, within[0][0], within[-1][1])
    return subtract_spans(within, starts_avoiding(closed, scene.duration_us))


def explain_holiday(scene: Scene, start: int, end: int) -> RuleViolation:
    day = scene.clock.date_of(_touched_closed_days(scene, start, start + 1)[0][0])
    return Holiday(facility_id=scene.facility.id, day=day,
                   day_name=scene.policy.closed_reasons.get(day, ""))


def allow_without_closures(scene: Scene, within: Spans) -> Spans:
    """Rule 1: the stop meets no closure of the facility."""
    blocked = starts_avoiding(scene.facility.closures_us, scene.duration_us)
    return subtract_spans(within, blocked)


def explain_closure(scene: Scene, start: int, end: int) -> RuleViolation:
    closure = next(c for c in scene.facility.closures_us if c[0] < end and start < c[1])
    return FacilityClosed(facility_id=scene.facility.id, start=_local(scene, closure[0]),
                          end=_local(scene, closure[1]))


def _allow_weekly(scene: Scene, weekly: WeeklySpans, within: Spans) -> Spans:
    if not within:
        return within
    key = (weekly, tuple(within))
    allowed = scene.memo.get(key)
    if allowed is None:  # most hosts share office hours: compute each pattern once
        clock = scene.clock
        first, last = clock.date_of(within[0][0]), clock.date_of(within[-1][1] - 1)
        windows = clock.windows_between(first, last, weekly)
        allowed = scene.memo[key] = intersect_spans(
            within, starts_within(windows, scene.duration_us)
        )
    return allowed


def _weekday_windows(scene: Scene, weekly: WeeklySpans, start: int) -> tuple[int, Windows]:
    """The weekday of `start` and the wall-clock windows of that weekday."""
    weekday = scene.clock.date_of(start).weekday()
    return weekday, tuple((clock_time(a), clock_time(b)) for a, b in weekly[weekday])


def allow_opening_hours(scene: Scene, within: Spans) -> Spans:
    """Rule 1: the stop lies inside one opening window of its local day."""
    return _allow_weekly(scene, scene.facility.weekly_us, within)


def explain_hours(scene: Scene, start: int, end: int) -> RuleViolation:
    weekday, windows = _weekday_windows(scene, scene.facility.weekly_us, start)
    return OutsideHours(facility_id=scene.facility.id, weekday=weekday, windows=windows,
                        asked_start=_local(scene, start), asked_end=_local(scene, end))


def allow_linked(scene: Scene, host: Host, within: Spans) -> Spans:
    """Rule 2: the host receives visitors at this facility."""
    return within if scene.facility.id in host.facility_ids else []


def explain_not_linked(scene: Scene, host: Host, start: int, end: int) -> RuleViolation:
    return HostNotLinked(facility_id=scene.facility.id, host_id=host.id)


def allow_host_hours(scene: Scene, host: Host, within: Spans) -> Spans:
    """Rule 2: the stop lies inside one of the host's weekly windows."""
    return _allow_weekly(scene, host.weekly_us, within)


def explain_host_hours(scene: Scene, host: Host, start: int, end: int) -> RuleViolation:
    weekday, windows = _weekday_windows(scene, host.weekly_us, start)
    return HostUnavailable(host_id=host.id, weekday=weekday, windows=windows,
                           asked_start=_local(scene, start), asked_end=_local(scene, end))


def allow_without_time_off(scene: Scene, host: Host, within: Spans) -> Spans:
    """Rule 2: the stop meets none of the host's time off."""
    return subtract_spans(within, starts_avoiding(host.time_off_us, scene.duration_us))


def explain_time_off(scene: Scene, host: Host, start: int, end: int) -> RuleViolation:
    off = next(t for t in host.time_off_us if t[0] < end and start < t[1])
    return HostTimeOff(host_id=host.id, start=_local(scene, off[0]), end=_local(scene, off[1]))


def allow_without_busy_elsewhere(scene: Scene, host: Host, within: Spans) -> Spans:
    """Rule 2: the stop meets no busy time of the host's own calendars."""
    if not host.busy_us:
        return within
    return subtract_spans(within, starts_avoiding(host.busy_us, scene.duration_us))


def explain_busy_elsewhere(scene: Scene, host: Host, start: int, end: int) -> RuleViolation:
    meets = [b for b in host.busy if b.span_us[0] < end and start < b.span_us[1]]
    first = min(meets, key=lambda b: b.span_us)
    titles = sorted({b.title for b in meets if b.title})
    return HostBusyElsewhere(host_id=host.id, start=_local(scene, first.span_us[0]),
                             end=_local(scene, max(b.span_us[1] for b in meets)),
                             title=", ".join(titles))


def allow_host_free(scene: Scene, host: Host, within: Spans) -> Spans:
    """Rule 3: the stop plus this facility's buffer meets no occupancy of the host."""
    held = scene.duration_us + scene.facility.buffer_us
    return subtract_spans(within, starts_avoiding(scene.occupied(host.id), held))


def explain_busy(scene: Scene, host: Host, start: int, end: int) -> RuleViolation:
    held_until = end + scene.facility.buffer_us
    other = min(
        (
            b
            for b in scene.bookings_of(host.id)
            if b.occupied_us[0] < held_until and start < b.occupied_us[1]
        ),
        key=lambda b: b.occupied_us,
    )
    return SlotTaken(
        host_id=host.id, other_visit_id=other.visit_id, other_facility_id=other.facility_id,
        other_start=_local(scene, other.span_us[0]), other_end=_local(scene, other.span_us[1]),
        free_at=_local(scene, other.occupied_us[1]), held_start=_local(scene, start),
        held_end=_local(scene, held_until),
    )


def allow_party(scene: Scene, within: Spans) -> Spans:
    """Rule 4: the party fits in the facility when nobody else is there."""
    return within if scene.party_size <= scene.facility.capacity else []


def explain_party(scene: Scene, start: int, end: int) -> RuleViolation:
    return PartyTooLarge(facility_id=scene.facility.id, party_size=scene.party_size,
                         capacity=scene.facility.capacity)


def allow_capacity(scene: Scene, within: Spans) -> Spans:
    """Rule 4: at no moment of the stop do the parties present plus this one exceed capacity."""
    return subtract_spans(within, starts_avoiding(scene.crowded(), scene.duration_us))


def explain_capacity(scene: Scene, start: int, end: int) -> RuleViolation:
    moment = max(start, next(c[0] for c in scene.crowded() if c[0] < end and start < c[1]))
    facility = scene.facility
    return CapacityExceeded(facility_id=facility.id, party_size=scene.party_size,
                            capacity=facility.capacity, taken=load_at(scene.on_site, moment),
                            moment=_local(scene, moment))


def allow_quota(scene: Scene, within: Spans) -> Spans:
    """SPEC §7.5: the stop starts in no week where the facility has its quota of visits."""
    weeks = scene.full_weeks()
    return subtract_spans(within, [week.span for week in weeks]) if weeks else within


def explain_quota(scene: Scene, start: int, end: int) -> RuleViolation:
    week = next(w for w in scene.full_weeks() if w.span[0] <= start < w.span[1])
    quota = scene.facility.max_visits_per_week
    assert quota is not None  # a full week exists only under a quota
    return QuotaExceeded(facility_id=scene.facility.id, week_start=week.monday, quota=quota,
                         booked=week.booked)


def allow_notice(scene: Scene, within: Spans) -> Spans:
    """Rule 6: the stop starts at least the minimum notice after now."""
    earliest = scene.policy.earliest_us
    return [(max(start, earliest), end) for start, end in within if end > earliest]


def explain_notice(scene: Scene, start: int, end: int) -> RuleViolation:
    policy = scene.policy
    return TooLate(earliest=_local(scene, policy.earliest_us),
                   notice=max(policy.min_notice, timedelta(0)))


RULES: tuple[FacilityRule | HostRule, ...] = (
    FacilityRule(allow_open_days, explain_holiday),
    FacilityRule(allow_without_closures, explain_closure),
    FacilityRule(allow_opening_hours, explain_hours),
    HostRule(allow_linked, explain_not_linked),
    HostRule(allow_host_hours, explain_host_hours),
    HostRule(allow_without_time_off, explain_time_off),
    HostRule(allow_without_busy_elsewhere, explain_busy_elsewhere),
    HostRule(allow_host_free, explain_busy),
    FacilityRule(allow_party, explain_party),
    FacilityRule(allow_capacity, explain_capacity),
    FacilityRule(allow_quota, explain_quota),
    FacilityRule(allow_notice, explain_notice),
)
FACILITY_RULES = tuple(rule for rule in RULES if isinstance(rule, FacilityRule))
HOST_RULES = tuple(rule for rule in RULES if isinstance(rule, HostRule))


def first_violation(
    scene: Scene, host: Host | None, start: int, end: int
) -> tuple[int, RuleViolation] | None:
    """The first rule (its rank and violation) refusing [start, end), or None.

    Without a host only the facility rules before the host rules are judged.
    """
    candidate = [(start, start + 1)]
    for rank, rule in enumerate(RULES):
        if isinstance(rule, FacilityRule):
            if not rule.allowed(scene, candidate):
                return rank, rule.explain(scene, start, end)
        elif host is None:
            return None
        elif not rule.allowed(scene, host, candidate):
            return rank, rule.explain(scene, host, start, end)
    return None
