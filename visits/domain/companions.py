"""Companions (SPEC §7.4): interpreters, escorts, drivers and vehicles who go with a visit.

Their rules are stated as the host rules of `constraints` are — "which starts does it
allow" over integer spans — so that one engine (`availability.check_companion`,
`availability.free_companions`) answers both "may this one be assigned" and "who is free".
The rules, in the order their violations are reported:

1. an interpreter speaks Korean and the delegation's language (`language_mismatch`);
2. a vehicle has a seat for everyone in the party (`capacity_exceeded`);
3. the assignment lies inside one of the companion's weekly windows (`companion_unavailable`);
4. it meets none of their time off (`companion_time_off`);
5. it meets no other live assignment of theirs (`companion_busy`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from visits.domain.calendar import (
    Host,
    Interval,
    WeeklySpans,
    WeeklyWindow,
    checked_span,
    interval_spans,
    merge_weekly,
    primary_subtag,
    speaks,
)
from visits.domain.clock import LocalClock, clock_time, from_us
from visits.domain.intervals import (
    Span,
    Spans,
    intersect_spans,
    starts_avoiding,
    starts_within,
    subtract_spans,
)
from visits.domain.rules import RuleViolation, Windows

KINDS = ("interpreter", "escort", "driver", "vehicle")
KOREAN = "ko"


@dataclass(frozen=True)
class Companion:
    id: int
    kind: str  # KINDS
    weekly: tuple[WeeklyWindow, ...]
    time_off: tuple[Interval, ...] = ()
    languages: tuple[str, ...] = ()
    seats: int | None = None  # vehicles only
    weekly_us: WeeklySpans = field(init=False, repr=False, compare=False)
    time_off_us: Spans = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekly_us", merge_weekly(self.weekly))
        object.__setattr__(self, "time_off_us", interval_spans(self.time_off))

    def speaks(self, language: str) -> bool:
        return speaks(self.languages, language)


@dataclass(frozen=True)
class Assignment:
    """A live assignment already stored (or planned in the same request)."""

    assignment_id: int
    companion_id: int
    visit_id: int
    start: datetime
    end: datetime
    span_us: Span = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "span_us", checked_span(self.start, self.end))


@dataclass(frozen=True)
class Party:
    """What a companion must fit: the delegation's language and size."""

    language: str
    size: int


# --- violations ------------------------------------------------------------------------------


@dataclass(eq=False, kw_only=True)
class LanguageMismatch(RuleViolation):
    """An interpreter lacks Korean or the delegation's language (`missing`)."""

    code = "language_mismatch"
    companion_id: int
    missing: tuple[str, ...]


@dataclass(eq=False, kw_only=True)
class VehicleTooSmall(RuleViolation):
    """A vehicle has fewer seats than the party."""

    code = "capacity_exceeded"
    companion_id: int
    seats: int
    party_size: int


@dataclass(eq=False, kw_only=True)
class CompanionUnavailable(RuleViolation):
    code = "companion_unavailable"
    kind: str = "interpreter"  # how to speak of them: a person, or a vehicle
    companion_id: int
    weekday: int
    windows: Windows
    asked_start: datetime
    asked_end: datetime


@dataclass(eq=False, kw_only=True)
class CompanionTimeOff(RuleViolation):
    code = "companion_time_off"
    kind: str = "interpreter"  # how to speak of them: a person, or a vehicle
    companion_id: int
    start: datetime
    end: datetime


@dataclass(eq=False, kw_only=True)
class CompanionBusy(RuleViolation):
    """Another live assignment (of visit `other_visit_id`) holds the companion."""

    code = "companion_busy"
    kind: str = "interpreter"  # how to speak of them: a person, or a vehicle
    companion_id: int
    other_visit_id: int
    other_start: datetime
    other_end: datetime


COMPANION_CODES = ("language_mismatch", "capacity_exceeded", "companion_unavailable",
                   "companion_time_off", "companion_busy")


# --- the rules -------------------------------------------------------------------------------


class CompanionScene:
    """Assignments of one length for one party, and the live assignments around them."""

    def __init__(self, tz_clock: LocalClock, party: Party, duration_us: int,
                 assignments: Iterable[Assignment], ignore_visit_id: int | None = None) -> None:
        self.clock = tz_clock
        self.party = party
        self.duration_us = duration_us
        self.held: dict[int, list[Assignment]] = {}
        for a in assignments:
            if a.visit_id != ignore_visit_id or a.assignment_id < 0:
                self.held.setdefault(a.companion_id, []).append(a)
        for held in self.held.values():
            held.sort(key=lambda a: a.span_us)

    def local(self, us: int) -> datetime:
        return from_us(us, self.clock.tz)


def _missing_languages(scene: CompanionScene, companion: Companion) -> tuple[str, ...]:
    if companion.kind != "interpreter":
        return ()
    wanted = dict.fromkeys((KOREAN, scene.party.language))
    return tuple(lang for lang in wanted if not companion.speaks(lang))


def allow_languages(scene: CompanionScene, companion: Companion, within: Spans) -> Spans:
    return [] if _missing_languages(scene, companion) else within


def explain_languages(scene: CompanionScene, c: Companion, start: int, end: int) -> RuleViolation:
    return LanguageMismatch(companion_id=c.id, missing=_missing_languages(scene, c))


def allow_seats(scene: CompanionScene, companion: Companion, within: Spans) -> Spans:
    too_small = companion.kind == "vehicle" and (companion.seats or 0) < scene.party.size
    return [] if too_small else within


def explain_seats(scene: CompanionScene, c: Companion, start: int, end: int) -> RuleViolation:
    return VehicleTooSmall(companion_id=c.id, seats=c.seats or 0, party_size=scene.party.size)


def allow_weekly(scene: CompanionScene, companion: Companion, within: Spans) -> Spans:
    if not within:
        return within
    clock = scene.clock
    first, last = clock.date_of(within[0][0]), clock.date_of(within[-1][1] - 1)
    windows = clock.windows_between(first, last, companion.weekly_us)
    return intersect_spans(within, starts_within(windows, scene.duration_us))


def explain_weekly(scene: CompanionScene, c: Companion, start: int, end: int) -> RuleViolation:
    weekday = scene.clock.date_of(start).weekday()
    windows = tuple((clock_time(a), clock_time(b)) for a, b in c.weekly_us[weekday])
    return CompanionUnavailable(companion_id=c.id, kind=c.kind, weekday=weekday,
                                windows=windows, asked_start=scene.local(start),
                                asked_end=scene.local(end))


def allow_present(scene: CompanionScene, companion: Companion, within: Spans) -> Spans:
    return subtract_spans(within, starts_avoiding(companion.time_off_us, scene.duration_us))


def explain_absent(scene: CompanionScene, c: Companion, start: int, end: int) -> RuleViolation:
    off = next(t for t in c.time_off_us if t[0] < end and start < t[1])
    return CompanionTimeOff(companion_id=c.id, kind=c.kind, start=scene.local(off[0]),
                            end=scene.local(off[1]))


def allow_free(scene: CompanionScene, companion: Companion, within: Spans) -> Spans:
    held = [a.span_us for a in scene.held.get(companion.id, ())]
    return subtract_spans(within, starts_avoiding(held, scene.duration_us))


def explain_busy(scene: CompanionScene, c: Companion, start: int, end: int) -> RuleViolation:
    other = next(a for a in scene.held[c.id] if a.span_us[0] < end and start < a.span_us[1])
    return CompanionBusy(companion_id=c.id, kind=c.kind, other_visit_id=other.visit_id,
                         other_start=scene.local(other.span_us[0]),
                         other_end=scene.local(other.span_us[1]))


@dataclass(frozen=True)
class CompanionRule:
    allowed: Callable[[CompanionScene, Companion, Spans], Spans]
    explain: Callable[[CompanionScene, Companion, int, int], RuleViolation]


COMPANION_RULES = (
    CompanionRule(allow_languages, explain_languages),
    CompanionRule(allow_seats, explain_seats),
    CompanionRule(allow_weekly, explain_weekly),
    CompanionRule(allow_present, explain_absent),
    CompanionRule(allow_free, explain_busy),
)


def first_companion_violation(scene: CompanionScene, companion: Companion, start: int,
                              end: int) -> RuleViolation | None:
    """The first rule refusing the assignment [start, end), or None."""
    candidate = [(start, start + 1)]
    for rule in COMPANION_RULES:
        if not rule.allowed(scene, companion, candidate):
            return rule.explain(scene, companion, start, end)
    return None


# --- the day planner's interpreter --------------------------------------------------------


@dataclass(frozen=True)
class InterpreterNeed:
    """Stops of a plan whose host does not speak the delegation's language, and the free
    interpreter proposed for the plan's span (None: nobody free fits)."""

    language: str
    facility_ids: tuple[int, ...]
    every_stop: bool
    start: datetime
    end: datetime
    companion_id: int | None = None


def unspoken_at(stops: Iterable[tuple[int, Host]], language: str) -> tuple[int, ...]:
    """The facilities (of (facility id, host) pairs) whose host does not speak `language`;
    none for a Korean delegation, whom every host understands."""
    if primary_subtag(language) == KOREAN:
        return ()
    return tuple(dict.fromkeys(f for f, host in stops if not host.speaks(language)))
