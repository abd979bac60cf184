"""Conversions between aware datetimes and integer microseconds since the UTC epoch.

The rules work on integers because comparing aware datetimes costs a zone lookup each time;
microseconds because that is the resolution of `datetime`, so nothing is ever rounded.
Wall-clock times of one zone are turned into instants here and nowhere else.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from visits.domain.intervals import Span, Spans, normalize_spans
from visits.domain.rules import InvalidInterval

US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
US_PER_DAY = 86_400 * US_PER_SECOND
ONE_US = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch; naive datetimes are refused, never guessed."""
    try:
        return (moment - EPOCH) // ONE_US  # the offset is looked up once, here
    except TypeError:  # naive (or a tzinfo without offset): aware minus naive refuses
        raise InvalidInterval(problem="no_offset", start=moment) from None


def delta_us(delta: timedelta) -> int:
    """A duration in microseconds."""
    return delta // ONE_US


def time_us(clock_time: time) -> int:
    """Microseconds since midnight of a wall-clock time."""
    return (
        (clock_time.hour * 60 + clock_time.minute) * 60 + clock_time.second
    ) * US_PER_SECOND + clock_time.microsecond


def clock_time(us_of_day: int) -> time:
    """The wall-clock time `us_of_day` after midnight (the end of a day reads 23:59:59.999999)."""
    us = min(max(us_of_day, 0), 24 * 3600 * US_PER_SECOND - 1)
    seconds, micro = divmod(us, US_PER_SECOND)
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60, micro)


def from_us(us: int, tz: tzinfo) -> datetime:
    """The aware datetime in `tz` for an instant; exact, since seconds stay integers."""
    seconds, micro = divmod(us, US_PER_SECOND)
    moment = datetime.fromtimestamp(seconds, tz)
    return moment.replace(microsecond=micro) if micro else moment


def dates_between(first: date, last: date) -> list[date]:
    """Every date from `first` to `last`, both included."""
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


class LocalClock:
    """Local days of one zone as instants, cached for the length of one computation.

    A wall-clock time t on day D means the first instant at which a clock on the wall
    shows t or later that day: in a spring-forward gap that is the transition itself, in a
    fall-back fold the first of the two occurrences. On days without a transition (all of
    them in Asia/Seoul) that is plain arithmetic.
    """

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self._bases: dict[date, int | None] = {}
        self._weekly: dict[tuple[date, date, tuple[tuple[Span, ...], ...]], Spans] = {}

    def date_of(self, us: int) -> date:
        """The local date of an instant."""
        return from_us(us, self.tz).date()

    def resolve(self, day: date, clock_us: int) -> int:
        """The instant at which day `day` reaches wall-clock time `clock_us`."""
        base = self._base(day)
        if base is not None:
            return base + clock_us
        return self._first_reach((day.toordinal() - EPOCH_ORDINAL) * US_PER_DAY + clock_us)

    def day_bounds(self, day: date) -> Span:
        """The instants of one local day."""
        return self.resolve(day, 0), self.resolve(day + timedelta(days=1), 0)

    def windows_on(self, day: date, wall_windows: tuple[Span, ...]) -> Spans:
        """Instants of a day's wall-clock windows; empty ones (inside a gap) vanish."""
        base = self._base(day)
        if base is not None:
            return [(base + start, base + end) for start, end in wall_windows]
        spans = [(self.resolve(day, start), self.resolve(day, end)) for start, end in wall_windows]
        return [(start, end) for start, end in spans if start < end]

    def windows_between(
        self, first: date, last: date, weekly: tuple[tuple[Span, ...], ...]
    ) -> Spans:
        """Instants of weekly windows over a range of days, merged where they touch.

        Remembered per weekly pattern, since most hosts keep the same office hours.
        """
        key = (first, last, weekly)
        spans = self._weekly.get(key)
        if spans is None:
            spans = []
            for day in dates_between(first, last):
                spans.extend(self.windows_on(day, weekly[day.weekday()]))
            spans = self._weekly[key] = normalize_spans(spans)
        return spans

    def steady_day(self, us: int) -> tuple[int, int, datetime | None]:
        """The local day around an instant: its bounds, and its midnight if the offset
        holds all day, so that `midnight + ONE_US * (t - bounds[0])` is exact within it.
        """
        moment = from_us(us, self.tz)
        base = self._base(moment.date())
        if base is None:
            return us, us + 1, None
        return base, base + US_PER_DAY, from_us(base, self.tz)

    def _base(self, day: date) -> int | None:
        """The instant of wall midnight, or None when the day has a transition."""
        if day in self._bases:
            return self._bases[day]
        offset = self._wall_offset(datetime.combine(day, time()))
        next_offset = self._wall_offset(datetime.combine(day + timedelta(days=1), time()))
        wall = (day.toordinal() - EPOCH_ORDINAL) * US_PER_DAY
        base = self._bases[day] = wall - offset if offset == next_offset else None
        return base

    def _wall_offset(self, wall: datetime) -> int:
        offset = self.tz.utcoffset(wall)
        if offset is None:
            raise InvalidInterval(problem="zone_without_offset")
        return delta_us(offset)

    def _wall_at(self, us: int) -> int:
        offset = from_us(us, self.tz).utcoffset()
        assert offset is not None  # from_us always yields an aware datetime
        return us + delta_us(offset)

    def _first_reach(self, wall: int) -> int:
        naive = EPOCH.replace(tzinfo=None) + timedelta(microseconds=wall)
        earlier = wall - self._wall_offset(naive.replace(fold=0))
        if self._wall_at(earlier) == wall:
            return earlier
        # In a gap: find the transition by bisection on whole seconds, which tz data uses.
        later = wall - self._wall_offset(naive.replace(fold=1))
        lo, hi = min(earlier, later) // US_PER_SECOND, -(-max(earlier, later) // US_PER_SECOND)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._wall_at(mid * US_PER_SECOND) >= wall:
                hi = mid
            else:
                lo = mid + 1
        return lo * US_PER_SECOND
