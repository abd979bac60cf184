"""The annual report (SPEC §7.6): the year's figures (`stats`), in Korean, with the list of
the year's visits and their heads, as a PDF (the itinerary's renderer, in its process
pool, cached by content) and a workbook with the same numbers."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from itineraries.briefing import KINDS_KO
from itineraries.labels import country_name, normalise_tag
from itineraries.model import pick_text
from itineraries.report import AnnualReport, ReportVisit, Row, annual_report_xlsx
from visits.domain.continents import CONTINENT_NAMES_KO
from visits.models import Facility
from visits.services import year_rows
from visits.services.documents import Document
from visits.services.rendering import RenderPool, document_key
from visits.services.stats import DelegationFigure, YearFigures, year_bounds
from visits.settings import Settings

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def korean(text: Any) -> str:
    return pick_text(text, "ko", fallback=("ko", "en")) if text else ""


async def _heads(delegation_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each delegation's head: (name in its own script with the romanized form, title)."""
    heads: dict[int, tuple[str, str]] = {}
    for delegation_id, name, native, title in await year_rows.heads(delegation_ids):
        shown = f"{native} ({name})" if native and native != name else name
        heads.setdefault(delegation_id, (shown, title))
    return heads


async def _places(settings: Settings, year: int) -> tuple[dict[int, list[str]], dict[int, int]]:
    """Per visit: its facilities in time order, and the most people recorded at one of its
    stops when closing (the party that came)."""
    names = {fid: korean(name) for fid, name in await Facility.all().values_list("id", "name")}
    places: dict[int, list[str]] = defaultdict(list)
    attended: dict[int, int] = {}
    for visit_id, facility_id, count in await year_rows.stops_in_order(
            *year_bounds(settings, year)):
        places[visit_id].append(names[facility_id])
        if count is not None:
            attended[visit_id] = max(attended.get(visit_id, 0), count)
    return places, attended


def _delegation_words(figure: DelegationFigure) -> tuple[str, str, str, str]:
    """A delegation as the list shows it: (name, its language, country, head's language)."""
    name, lang = figure.name, normalise_tag(figure.language)
    shown = korean(name)
    return (shown, "ko" if isinstance(name, dict) and name.get("ko") == shown else lang,
            country_name(figure.country, "ko"), lang)


async def visit_list(settings: Settings, figures: YearFigures) -> tuple[ReportVisit, ...]:
    # Words are found once per delegation, not once per visit.
    delegations = {d.delegation_id: (d, _delegation_words(d)) for d in figures.delegations}
    heads = await _heads(sorted(delegations))
    places, attended = await _places(settings, figures.year)
    out = []
    for v in figures.year_visits:
        figure, (shown, shown_lang, country, lang) = delegations[v.delegation_id]
        head, title = heads.get(v.delegation_id, ("", ""))
        out.append(ReportVisit(
            day=v.first.date(), delegation=shown, delegation_lang=shown_lang,
            country=country, head=head, head_title=title, head_lang=lang,
            party=figure.size, attended=attended.get(v.visit_id),
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


class _Made:
    """The last few documents made, each for one `YearFigures` (the figures cache hands
    back the same object until the change counter moves) and one day (the report is dated):
    a second download neither lists the year's visits again nor hashes them."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._found: OrderedDict[tuple[int, str, date], tuple[YearFigures, Document]] = (
            OrderedDict())

    async def document(self, kind: str, settings: Settings, figures: YearFigures,
                       make: Callable[[AnnualReport], Awaitable[Document]]) -> Document:
        key = (id(figures), kind, datetime.now(settings.timezone).date())
        found = self._found.get(key)
        if found is not None and found[0] is figures:
            return found[1]
        document = await make(await annual_report(settings, figures))
        self._found[key] = (figures, document)
        while len(self._found) > self.size:
            self._found.popitem(last=False)
        return document


_made = _Made()


async def report_pdf(settings: Settings, renderer: RenderPool, figures: YearFigures
                     ) -> Document:
    async def make(report: AnnualReport) -> Document:
        key, data = await renderer.annual_report(report)
        return Document(data, key, PDF, f"gyeonhak-report-{figures.year}.pdf")
    return await _made.document("pdf", settings, figures, make)


async def report_xlsx(settings: Settings, renderer: RenderPool, figures: YearFigures
                      ) -> Document:
    async def make(report: AnnualReport) -> Document:
        key = document_key("annual-xlsx", report, "")
        data = renderer.cached(key, lambda: annual_report_xlsx(report))
        return Document(data, key, XLSX, f"gyeonhak-report-{figures.year}.xlsx")
    return await _made.document("xlsx", settings, figures, make)
