"""Figures of one year for the statistics page, its CSV and the annual report (SPEC §7.6):
visits and visitors by country, continent, month, facility and interest (facility kind),
satisfaction and gifts.

Every figure is read from the year's rows only: a visit belongs to the year of its first
stop's date in the organisation's time zone, and the database groups the stops of the
visits that touch the year (one row per such visit), the year's stops per facility and
kind, the year's survey answers and gifts. Cancelled visits (and cancelled stops) never
count. A page asks through `FiguresCache`, keyed by the change counter: figures are
computed again only after a change has been committed.
"""

from __future__ import annotations

import json
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from tortoise.expressions import Q

from visits.audit import change_count
from visits.domain.continents import CONTINENTS, continent_of
from visits.models import Facility, Stop
from visits.services import year_rows
from visits.settings import Settings


@dataclass(frozen=True)
class CountryFigure:
    country: str  # ISO 3166-1 alpha-2
    delegations: int
    visits: int
    visitors: int = 0


@dataclass(frozen=True)
class ContinentFigure:
    continent: str  # visits.domain.continents code, "" unknown
    visits: int
    visitors: int


@dataclass(frozen=True)
class MonthFigure:
    month: int  # 1..12
    visits: int
    visitors: int


@dataclass(frozen=True)
class DelegationFigure:
    delegation_id: int
    name: Any  # multilingual text
    country: str
    visits: int
    size: int = 0  # people in the delegation
    language: str = ""


@dataclass(frozen=True)
class FacilityFigure:
    facility_id: int
    code: str
    name: Any  # multilingual text
    stops: int
    visitors: int
    attended: int = 0  # attendance recorded when closing
    kind: str = ""


@dataclass(frozen=True)
class KindFigure:
    kind: str  # facility kind: what the delegations came to see
    stops: int
    visitors: int


@dataclass(frozen=True)
class Satisfaction:
    answers: int = 0
    by_score: tuple[int, ...] = (0, 0, 0, 0, 0)  # answers scoring 1..5

    @property
    def average(self) -> float | None:
        if not self.answers:
            return None
        return round(sum((i + 1) * n for i, n in enumerate(self.by_score)) / self.answers, 2)


@dataclass(frozen=True)
class GiftFigures:
    received: int = 0
    received_krw: int = 0
    given: int = 0
    given_krw: int = 0
    to_report: int = 0  # received, worth GIFT_REPORT_KRW or more


@dataclass(frozen=True)
class YearVisit:
    visit_id: int
    delegation_id: int
    first: datetime  # the first stop, in the organisation's zone


@dataclass(frozen=True)
class YearFigures:
    year: int
    years: tuple[int, ...]  # years with any stop, and the chosen one
    countries: tuple[CountryFigure, ...]
    delegations: tuple[DelegationFigure, ...]
    facilities: tuple[FacilityFigure, ...]
    cancelled_visits: int
    continents: tuple[ContinentFigure, ...] = ()
    months: tuple[MonthFigure, ...] = ()
    kinds: tuple[KindFigure, ...] = ()
    satisfaction: Satisfaction = field(default_factory=Satisfaction)
    gifts: GiftFigures = field(default_factory=GiftFigures)
    year_visits: tuple[YearVisit, ...] = ()

    @property
    def visits(self) -> int:
        return sum(c.visits for c in self.countries)

    @property
    def visitors(self) -> int:
        return sum(c.visitors for c in self.countries)


def _aware(value: Any) -> datetime:
    """An aggregate's datetime: some drivers hand MIN() back as text, or without a zone."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def year_bounds(settings: Settings, year: int) -> tuple[datetime, datetime]:
    tz = settings.timezone
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


async def _year_visits(settings: Settings, year: int
                       ) -> tuple[list[YearVisit], int]:
    """The visits whose first stop falls in the year, in time order, and how many of the
    year's visits were cancelled: one statement grouped by the database."""
    lo, hi = year_bounds(settings, year)
    tz = settings.timezone
    found, cancelled = [], 0
    for visit_id, delegation_id, was_cancelled, first in await year_rows.visits_touching(
            lo, hi):
        if first is None:
            continue
        local = year_rows.moment(first).astimezone(tz)
        if lo <= local < hi:
            if was_cancelled:
                cancelled += 1
            else:
                found.append(YearVisit(visit_id, delegation_id, local))
    found.sort(key=lambda y: (y.first, y.visit_id))
    return found, cancelled


async def _by_delegation(settings: Settings, year: int, visits: list[YearVisit]) -> tuple[
        tuple[CountryFigure, ...], tuple[DelegationFigure, ...], dict[int, tuple[str, int]]]:
    per_delegation: dict[int, int] = defaultdict(int)
    for v in visits:
        per_delegation[v.delegation_id] += 1
    by_country: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    rows: list[DelegationFigure] = []
    facts: dict[int, tuple[str, int]] = {}
    for ident, name, country, size, language in await year_rows.delegations(
            sorted(per_delegation)):
        count = per_delegation[ident]
        by_country[country][0] += 1
        by_country[country][1] += count
        by_country[country][2] += count * size
        facts[ident] = (country, size)
        rows.append(DelegationFigure(ident, _json(name), country, count, size, language))
    countries = [CountryFigure(c, d, v, p) for c, (d, v, p) in by_country.items()]
    countries.sort(key=lambda f: (-f.visits, -f.delegations, f.country))
    rows.sort(key=lambda f: (-f.visits, f.delegation_id))
    return tuple(countries), tuple(rows), facts


def _json(value: Any) -> Any:
    """A JSON column as the ORM would give it: SQLite hands back its text."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def _continents(countries: tuple[CountryFigure, ...]) -> tuple[ContinentFigure, ...]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c in countries:
        sums[continent_of(c.country)][0] += c.visits
        sums[continent_of(c.country)][1] += c.visitors
    order = [*CONTINENTS, ""]
    return tuple(ContinentFigure(k, v, p) for k, (v, p) in
                 sorted(sums.items(), key=lambda kv: (-kv[1][0], order.index(kv[0]))))


def _months(visits: list[YearVisit], facts: dict[int, tuple[str, int]]
            ) -> tuple[MonthFigure, ...]:
    sums = [[0, 0] for _ in range(12)]
    for v in visits:
        sums[v.first.month - 1][0] += 1
        sums[v.first.month - 1][1] += facts.get(v.delegation_id, ("", 0))[1]
    return tuple(MonthFigure(i + 1, n, p) for i, (n, p) in enumerate(sums))


async def facility_popularity(settings: Settings, year: int) -> tuple[FacilityFigure, ...]:
    """Requested or accepted stops (past ones included) per facility, by the stop's local date.

    Declined stops never took place and cancelled ones were called off: neither counts.
    Active facilities without a stop are listed with zero, so a quiet facility shows.
    """
    lo, hi = year_bounds(settings, year)
    counts = {fid: (stops, visitors, attended) for fid, stops, visitors, attended
              in await year_rows.stops_per_facility(lo, hi)}
    facilities = await Facility.filter(Q(id__in=list(counts)) | Q(is_active=True)).values_list(
        "id", "code", "name", "kind"
    )
    figures = [FacilityFigure(fid, code, name, *counts.get(fid, (0, 0, 0)), kind=kind)
               for fid, code, name, kind in facilities]
    figures.sort(key=lambda f: (-f.stops, -f.visitors, f.facility_id))
    return tuple(figures)


def _kinds(facilities: tuple[FacilityFigure, ...]) -> tuple[KindFigure, ...]:
    """Stops per facility kind: what the delegations came to see."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in facilities:
        if f.stops:
            sums[f.kind][0] += f.stops
            sums[f.kind][1] += f.visitors
    figures = [KindFigure(kind, n, p) for kind, (n, p) in sums.items()]
    return tuple(sorted(figures, key=lambda f: (-f.stops, f.kind)))


async def _satisfaction(visit_ids: list[int]) -> Satisfaction:
    scores = [0] * 5
    for overall, n in await year_rows.survey_scores(visit_ids):
        if 1 <= overall <= 5:
            scores[overall - 1] += n
    return Satisfaction(sum(scores), tuple(scores))


async def _gifts(settings: Settings, year: int) -> GiftFigures:
    grouped = {d: (n, v, r) for d, n, v, r in await year_rows.gifts_per_direction(
        date(year, 1, 1), date(year, 12, 31), settings.gift_report_krw)}
    received, given = grouped.get("received", (0, 0, 0)), grouped.get("given", (0, 0, 0))
    return GiftFigures(received[0], received[1], given[0], given[1], received[2])


async def _years(settings: Settings, year: int) -> tuple[int, ...]:
    """Every year from the first stop's to the last's (two index reads), and `year`."""
    first = await Stop.all().order_by("start").limit(1).values_list("start", flat=True)
    last = await Stop.all().order_by("-start").limit(1).values_list("start", flat=True)
    tz = settings.timezone
    span = set()
    if first and last:
        span = set(range(_aware(first[0]).astimezone(tz).year,
                         _aware(last[0]).astimezone(tz).year + 1))
    return tuple(sorted(span | {year}, reverse=True))


async def year_figures(settings: Settings, year: int) -> YearFigures:
    visits, cancelled = await _year_visits(settings, year)
    countries, delegations, facts = await _by_delegation(settings, year, visits)
    facilities = await facility_popularity(settings, year)
    return YearFigures(
        year=year, years=await _years(settings, year), countries=countries,
        delegations=delegations, facilities=facilities,
        cancelled_visits=cancelled,
        continents=_continents(countries), months=_months(visits, facts),
        kinds=_kinds(facilities),
        satisfaction=await _satisfaction(sorted(v.visit_id for v in visits)),
        gifts=await _gifts(settings, year), year_visits=tuple(visits),
    )


class FiguresCache:
    """A year's figures as of a value of the change counter (a few years kept)."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[int, int], YearFigures] = OrderedDict()

    async def figures(self, settings: Settings, year: int) -> YearFigures:
        # The counter is read before the data: an entry can only be fresher than its key.
        key = (year, await change_count())
        found = self._entries.get(key)
        if found is None:
            found = await year_figures(settings, year)
            self._entries[key] = found
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        self._entries.move_to_end(key)
        return found


def figures_cache(state: Any) -> FiguresCache:
    """The app's cache of yearly figures (`app.state`), made on first use."""
    cache = getattr(state, "figures_cache", None)
    if cache is None:
        cache = state.figures_cache = FiguresCache()
    return cache  # type: ignore[no-any-return]
