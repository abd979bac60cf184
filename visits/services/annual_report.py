"""The annual report (SPEC §7.6): the year's figures (`stats`), in Korean, with the list of
the year's visits and their heads, as a PDF (the itinerary's renderer, in its process
pool, cached by content) and a workbook with the same numbers."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from tortoise.expressions import Q

from itineraries.briefing import KINDS_KO
from itineraries.labels import country_name, normalise_tag
from itineraries.model import pick_text
from itineraries.report import AnnualReport, ReportVisit, Row, annual_report_xlsx
from visits.domain.continents import CONTINENT_NAMES_KO
from visits.models import LIVE_STOP_STATUSES, Delegation, DelegationMember, Stop
from visits.services.documents import Document
from visits.services.rendering import RenderPool, document_key
from visits.services.stats import YearFigures, year_bounds
from visits.settings import Settings

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def korean(text: Any) -> str:
    return pick_text(text, "ko", fallback=("ko", "en")) if text else ""


async def _heads(delegation_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each delegation's head: (name in its own script with the romanized form, title)."""
    rows = await (DelegationMember.filter(delegation_id__in=delegation_ids)
                  .filter(Q(head=True) | Q(role="head"))
                  .values_list("delegation_id", "name", "native_name", "title"))
    heads: dict[int, tuple[str, str]] = {}
    for delegation_id, name, native, title in rows:
        shown = f"{native} ({name})" if native and native != name else name
        heads.setdefault(delegation_id, (shown, title))
    return heads


async def _places(settings: Settings, year: int) -> tuple[dict[int, list[str]], dict[int, int]]:
    """Per visit: its facilities in time order, and the most people recorded at one of its
    stops when closing (the party that came)."""
    lo, hi = year_bounds(settings, year)
    rows = await (Stop.filter(start__gte=lo, start__lt=hi, status__in=LIVE_STOP_STATUSES,
                              visit__cancelled=False)
                  .order_by("start").values_list("visit_id", "facility__name", "attendance"))
    places: dict[int, list[str]] = defaultdict(list)
    attended: dict[int, int] = {}
    for visit_id, name, count in rows:
        places[visit_id].append(korean(name))
        if count is not None:
            attended[visit_id] = max(attended.get(visit_id, 0), count)
    return places, attended


async def visit_list(settings: Settings, figures: YearFigures) -> tuple[ReportVisit, ...]:
    ids = sorted({v.delegation_id for v in figures.year_visits})
    delegations = {d: (n, c, s, lang) for d, n, c, s, lang in await Delegation.filter(
        id__in=ids).values_list("id", "name", "country", "size", "language")}
    heads = await _heads(ids)
    places, attended = await _places(settings, figures.year)
    out = []
    for v in figures.year_visits:
        name, country, size, lang = delegations[v.delegation_id]
        head, title = heads.get(v.delegation_id, ("", ""))
        shown = korean(name)
        out.append(ReportVisit(
            day=v.first.date(), delegation=shown,
            delegation_lang="ko" if isinstance(name, dict) and name.get("ko") == shown
            else normalise_tag(lang),
            country=country_name(country, "ko"), head=head, head_title=title,
            head_lang=normalise_tag(lang), party=size, attended=attended.get(v.visit_id),
            places=" → ".join(places.get(v.visit_id, []))))
    return tuple(out)


async def annual_report(settings: Settings, figures: YearFigures) -> AnnualReport:
    return AnnualReport(
        organisation=settings.org_name, year=figures.year,
        made_on=datetime.now(settings.timezone).date(), visits=figures.visits,
        delegations=len(figures.delegations), visitors=figures.visitors,
        cancelled=figures.cancelled_visits,
        countries=tuple(Row(country_name(c.country, "ko"), c.visits, c.visitors)
                        for c in figures.countries),
        continents=tuple(Row(CONTINENT_NAMES_KO[c.continent], c.visits, c.visitors)
                         for c in figures.continents),
        months=tuple(Row(f"{m.month}월", m.visits, m.visitors) for m in figures.months),
        facilities=tuple(Row(korean(f.name), f.stops, f.visitors, f.attended)
                         for f in figures.facilities),
        interests=tuple(Row(KINDS_KO.get(k.kind, k.kind), k.stops, k.visitors)
                        for k in figures.kinds),
        satisfaction=figures.satisfaction.by_score,
        gifts_received=(figures.gifts.received, figures.gifts.received_krw),
        gifts_given=(figures.gifts.given, figures.gifts.given_krw),
        gifts_to_report=figures.gifts.to_report,
        visit_list=await visit_list(settings, figures),
    )


async def report_pdf(settings: Settings, renderer: RenderPool, figures: YearFigures
                     ) -> Document:
    report = await annual_report(settings, figures)
    key, data = await renderer.annual_report(report)
    return Document(data, key, PDF, f"gyeonhak-report-{figures.year}.pdf")


async def report_xlsx(settings: Settings, renderer: RenderPool, figures: YearFigures
                      ) -> Document:
    report = await annual_report(settings, figures)
    key = document_key("annual-xlsx", report, "")
    data = renderer.cached(key, lambda: annual_report_xlsx(report))
    return Document(data, key, XLSX, f"gyeonhak-report-{figures.year}.xlsx")
