"""What the scheduler reasons about: facilities, hosts, live bookings and the policy.

Each dataclass checks its own datetimes when built and keeps their integer form (fields
ending in `_us`, microseconds), so a booking loaded once is converted once however many
questions are asked about it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from visits.domain.clock import delta_us, time_us, to_us
from visits.domain.intervals import Span, Spans, normalize_spans
from visits.domain.rules import InvalidInterval

WeeklySpans = tuple[tuple[Span, ...], ...]
"""Per weekday (0 = Monday), the merged wall-clock windows in microseconds of the day."""


@dataclass(frozen=True)
class WeeklyWindow:
    """A recurring wall-clock window, e.g. Mondays 09:00-12:00 in the organisation's zone."""

    weekday: int
    start: time
    end: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise InvalidInterval(problem="weekday_out_of_range", weekday=self.weekday)
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise InvalidInterval(problem="wall_clock_with_zone", start=self.start, end=self.end)
        if self.end <= self.start:
            raise InvalidInterval(problem="end_not_after_start", start=self.start, end=self.end,
                                  weekday=self.weekday)


DEFAULT_OPEN_HOURS: tuple[WeeklyWindow, ...] = tuple(
    WeeklyWindow(weekday, time(9), time(18)) for weekday in range(5)
)


def merge_weekly(windows: tuple[WeeklyWindow, ...]) -> WeeklySpans:
    """Windows grouped by weekday, overlapping or touching ones merged."""
    return tuple(
        tuple(
            normalize_spans(
                (time_us(w.start), time_us(w.end)) for w in windows if w.weekday == weekday
            )
        )
        for weekday in range(7)
    )


@dataclass(frozen=True)
class Interval:
    """A half-open [start, end) between two aware datetimes (a closure, a time off)."""

    start: datetime
    end: datetime
    span_us: Span = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "span_us", checked_span(self.start, self.end))


def checked_span(start: datetime, end: datetime) -> Span:
    """[start, end) in microseconds, refusing naive datetimes and empty intervals."""
    span = to_us(start), to_us(end)
    if span[1] <= span[0]:
        raise InvalidInterval(problem="end_not_after_start", start=start, end=end)
    return span


def interval_spans(intervals: tuple[Interval, ...]) -> Spans:
    """The instants covered by some intervals, merged."""
    return normalize_spans(interval.span_us for interval in intervals)


@dataclass(frozen=True)
class Facility:
    """A place delegations visit; `buffer` is the host's time to reset after each visit;
    `max_visits_per_week` caps the visits it receives Monday to Sunday (None: no cap)."""

    id: int
    capacity: int
    buffer: timedelta
    open_hours: tuple[WeeklyWindow, ...] = DEFAULT_OPEN_HOURS
    closures: tuple[Interval, ...] = ()
    lat: float | None = None
    lon: float | None = None
    max_visits_per_week: int | None = None
    weekly_us: WeeklySpans = field(init=False, repr=False, compare=False)
    closures_us: Spans = field(init=False, repr=False, compare=False)
    buffer_us: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.capacity < 0 or self.buffer < timedelta(0):
            raise ValueError(f"Facility {self.id}: capacity and buffer cannot be negative.")
        if self.max_visits_per_week is not None and self.max_visits_per_week < 0:
            raise ValueError(f"Facility {self.id}: a weekly quota cannot be negative.")
        object.__setattr__(self, "weekly_us", merge_weekly(self.open_hours))
        object.__setattr__(self, "closures_us", interval_spans(self.closures))
        object.__setattr__(self, "buffer_us", delta_us(self.buffer))


@dataclass(frozen=True)
class BusyTime:
    """A busy time read from the host's own calendar; `title` only when the host shares
    titles (SPEC §7.7)."""

    start: datetime
    end: datetime
    title: str = ""
    span_us: Span = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "span_us", checked_span(self.start, self.end))


@dataclass(frozen=True)
class Host:
    """A person who receives visitors at some facilities, within weekly hours, away during
    time off and busy at the times their own calendars say."""

    id: int
    facility_ids: frozenset[int]
    weekly: tuple[WeeklyWindow, ...]
    time_off: tuple[Interval, ...] = ()
    languages: tuple[str, ...] = ()
    busy: tuple[BusyTime, ...] = ()
    weekly_us: WeeklySpans = field(init=False, repr=False, compare=False)
    time_off_us: Spans = field(init=False, repr=False, compare=False)
    busy_us: Spans = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekly_us", merge_weekly(self.weekly))
        object.__setattr__(self, "time_off_us", interval_spans(self.time_off))
        object.__setattr__(self, "busy_us", normalize_spans(b.span_us for b in self.busy))

    def speaks(self, language: str) -> bool:
        return speaks(self.languages, language)


def speaks(languages: tuple[str, ...], language: str) -> bool:
    """Whether someone speaking `languages` speaks a BCP 47 language; `zh` covers
    `zh-Hans` and `zh-Hant`."""
    wanted = primary_subtag(language)
    return any(primary_subtag(spoken) == wanted for spoken in languages)


def primary_subtag(tag: str) -> str:
    """The spoken language of a tag: "zh" for "zh-Hans", "pt" for "pt_BR"."""
    return tag.replace("_", "-").split("-", 1)[0].lower()


@dataclass(frozen=True)
class Booking:
    """A live (requested or accepted) stop already stored.

    `buffer` is the buffer of the booking's own facility, so a host's stops elsewhere can
    be checked without loading those facilities.
    """

    stop_id: int
    visit_id: int
    facility_id: int
    host_id: int
    start: datetime
    end: datetime
    party_size: int
    buffer: timedelta
    span_us: Span = field(init=False, repr=False, compare=False)
    occupied_us: Span = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        span = checked_span(self.start, self.end)
        object.__setattr__(self, "span_us", span)
        object.__setattr__(self, "occupied_us", (span[0], span[1] + delta_us(self.buffer)))


@dataclass(frozen=True)
class Policy:
    """The organisation's settings for one question, with `now` fixed for all its rules.

    `closed_dates` holds public holidays and organisation closures already merged;
    `closed_reasons` optionally names them ("Chuseok") for messages.
    """

    tz: ZoneInfo
    closed_dates: frozenset[date]
    min_notice: timedelta
    now: datetime
    closed_reasons: Mapping[date, str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, hash=False
    )
    earliest_us: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "earliest_us", to_us(self.now) + delta_us(self.min_notice))
