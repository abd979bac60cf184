"""Figures for the statistics pages: visits per country, facility popularity.

Each figure is one grouped query; the database sums, Python only buckets by local year.
Cancelled visits (and cancelled stops) never count. A visit belongs to the year of its
first stop's date in the organisation's time zone, so a tour is counted once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count, Min, Sum
from tortoise.queryset import QuerySet

from visits.models import LIVE_STOP_STATUSES, Delegation, Facility, Stop
from visits.settings import Settings


@dataclass(frozen=True)
class CountryFigure:
    country: str  # ISO 3166-1 alpha-2
    delegations: int
    visits: int


@dataclass(frozen=True)
class DelegationFigure:
    delegation_id: int
    name: Any  # multilingual text
    country: str
    visits: int


@dataclass(frozen=True)
class FacilityFigure:
    facility_id: int
    code: str
    name: Any  # multilingual text
    stops: int
    visitors: int


@dataclass(frozen=True)
class YearFigures:
    year: int
    years: tuple[int, ...]  # years with any visit, and the chosen one
    countries: tuple[CountryFigure, ...]
    delegations: tuple[DelegationFigure, ...]
    facilities: tuple[FacilityFigure, ...]
    cancelled_visits: int

    @property
    def visits(self) -> int:
        return sum(c.visits for c in self.countries)


def _aware(value: Any) -> datetime:
    """An aggregate's datetime: some drivers hand MIN() back as text, or without a zone."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _year_bounds(settings: Settings, year: int) -> tuple[datetime, datetime]:
    tz = settings.timezone
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


async def _visit_years(settings: Settings, stops: QuerySet[Stop]) -> list[tuple[int, int, int]]:
    """(visit id, delegation id, local year of its first stop) of the visits of `stops`."""
    rows = await (
        stops.annotate(first=Min("start")).group_by("visit_id", "visit__delegation_id")
        .values_list("visit_id", "visit__delegation_id", "first")
    )
    tz = settings.timezone
    return [(v, d, _aware(first).astimezone(tz).year) for v, d, first in rows]


async def _country_and_delegation_figures(
    visits: list[tuple[int, int, int]],
) -> tuple[tuple[CountryFigure, ...], tuple[DelegationFigure, ...]]:
    per_delegation: dict[int, int] = defaultdict(int)
    for _, delegation_id, _ in visits:
        per_delegation[delegation_id] += 1
    delegations = await Delegation.filter(id__in=list(per_delegation)).values_list(
        "id", "name", "country"
    )
    by_country: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rows: list[DelegationFigure] = []
    for ident, name, country in delegations:
        by_country[country][0] += 1
        by_country[country][1] += per_delegation[ident]
        rows.append(DelegationFigure(ident, name, country, per_delegation[ident]))
    countries = [CountryFigure(c, d, v) for c, (d, v) in by_country.items()]
    countries.sort(key=lambda f: (-f.visits, -f.delegations, f.country))
    rows.sort(key=lambda f: (-f.visits, f.delegation_id))
    return tuple(countries), tuple(rows)


async def facility_popularity(settings: Settings, year: int) -> tuple[FacilityFigure, ...]:
    """Requested or accepted stops (past ones included) per facility, by the stop's local date.

    Declined stops never took place and cancelled ones were called off: neither counts.
    Active facilities without a stop are listed with zero, so a quiet facility shows.
    """
    lo, hi = _year_bounds(settings, year)
    grouped = await (
        Stop.filter(status__in=LIVE_STOP_STATUSES, visit__cancelled=False,
                    start__gte=lo, start__lt=hi)
        .annotate(stops=Count("id"), visitors=Sum("party_size")).group_by("facility_id")
        .values_list("facility_id", "stops", "visitors")
    )
    counts = {fid: (int(stops), int(visitors or 0)) for fid, stops, visitors in grouped}
    facilities = await Facility.filter(Q(id__in=list(counts)) | Q(is_active=True)).values_list(
        "id", "code", "name"
    )
    figures = [FacilityFigure(fid, code, name, *counts.get(fid, (0, 0)))
               for fid, code, name in facilities]
    figures.sort(key=lambda f: (-f.stops, -f.visitors, f.facility_id))
    return tuple(figures)


async def year_figures(settings: Settings, year: int) -> YearFigures:
    visits = await _visit_years(
        settings, Stop.filter(visit__cancelled=False).exclude(status="cancelled"))
    # A cancelled visit's stops are all cancelled: it is dated by them all the same.
    cancelled = await _visit_years(settings, Stop.filter(visit__cancelled=True))
    in_year = [row for row in visits if row[2] == year]
    countries, delegations = await _country_and_delegation_figures(in_year)
    years = tuple(sorted({row[2] for row in visits} | {year}, reverse=True))
    return YearFigures(
        year=year, years=years, countries=countries, delegations=delegations,
        facilities=await facility_popularity(settings, year),
        cancelled_visits=sum(1 for row in cancelled if row[2] == year),
    )
