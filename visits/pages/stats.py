"""Statistics for officers: visits per country, facility popularity, as charts and CSV.

Charts are inline SVG built here on the server (no script, no library): a screen reader
reads their title and description, and the same numbers stand in a table beside them.
"""

from __future__ import annotations

from datetime import datetime

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import format_decimal
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from itineraries.charts import Bar, bar_chart_svg
from itineraries.tables import csv_bytes
from visits.auth import Principal
from visits.errors import BadRequest
from visits.pages.catalog_forms import KIND_NAMES
from visits.pages.i18n import N_, translations
from visits.pages.text import text
from visits.pages.web import language_of, page_route, render
from visits.services.stats import YearFigures, figures_cache

OFFICER = ("officer",)
CSV_KINDS = ("countries", "facilities", "delegations", "continents", "months", "interests",
             "satisfaction")
CONTINENT_NAMES = {
    "AS": N_("Asia"), "EU": N_("Europe"), "AF": N_("Africa"), "NA": N_("North America"),
    "SA": N_("South America"), "OC": N_("Oceania"), "AN": N_("Antarctica"),
    "": N_("Unknown"),
}


def _this_year(request: Request) -> int:
    return datetime.now(request.app.state.settings.timezone).year


def _year(request: Request) -> int:
    raw = request.query_params.get("year", "")
    if raw == "":
        return _this_year(request)
    if not raw.isascii() or not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise BadRequest("The year must be between 2000 and 2100.", code="bad_year",
                         field="year")
    return int(raw)


class Names:
    """Country and facility names, and numbers, in the interface language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.territories = Locale.parse(lang).territories
        self.gettext = translations(lang).gettext

    def country(self, code: str) -> str:
        return str(self.territories.get(code.upper(), code))

    def text(self, value: object) -> str:
        return text(value, self.lang)

    def number(self, value: int | float) -> str:
        return format_decimal(value, locale=self.lang)

    def continent(self, code: str) -> str:
        return str(self.gettext(CONTINENT_NAMES.get(code, CONTINENT_NAMES[""])))

    def kind(self, kind: str) -> str:
        return str(self.gettext(KIND_NAMES.get(kind, kind)))

    def month(self, month: int) -> str:
        return str(get_month_names("wide", locale=self.lang)[month])


def _country_chart(figures: YearFigures, names: Names) -> Markup:
    _ = names.gettext
    bars = [Bar(names.country(c.country), c.visits, names.number(c.visits))
            for c in figures.countries]
    title = _("Visits per country in %(year)s") % {"year": figures.year}
    summary = ", ".join(f"{b.label} {b.caption}" for b in bars)
    return bar_chart_svg("chart-countries", title, summary, bars)


def _facility_chart(figures: YearFigures, names: Names) -> Markup:
    _ = names.gettext
    bars = [Bar(names.text(f.name), f.stops, _("%(stops)s · %(visitors)s visitors") % {
        "stops": names.number(f.stops), "visitors": names.number(f.visitors)})
        for f in figures.facilities]
    title = _("Stops per facility in %(year)s") % {"year": figures.year}
    summary = ", ".join(f"{b.label} {b.caption}" for b in bars)
    return bar_chart_svg("chart-facilities", title, summary, bars)


def _chart(ident: str, title: str, bars: list[Bar]) -> Markup:
    return bar_chart_svg(ident, title, ", ".join(f"{b.label} {b.caption}" for b in bars), bars)


def _more_charts(figures: YearFigures, names: Names) -> dict[str, Markup | None]:
    """Continents, months, interests and satisfaction: each a chart when it has numbers."""
    _ = names.gettext
    year = {"year": figures.year}
    people = _("%(visits)s · %(visitors)s visitors")
    continents = [Bar(names.continent(c.continent), c.visits, people % {
        "visits": names.number(c.visits), "visitors": names.number(c.visitors)})
        for c in figures.continents]
    months = [Bar(names.month(m.month), m.visits, names.number(m.visits))
              for m in figures.months]
    kinds = [Bar(names.kind(k.kind), k.stops, names.number(k.stops)) for k in figures.kinds]
    scores = [Bar(f"{score} / 5", n, names.number(n))
              for score, n in reversed(list(enumerate(figures.satisfaction.by_score, 1)))]
    return {
        "continent_chart": _chart("chart-continents", _("Visits per continent in %(year)s")
                                  % year, continents) if continents else None,
        "month_chart": _chart("chart-months", _("Visits per month in %(year)s") % year,
                              months) if figures.visits else None,
        "kind_chart": _chart("chart-interests", _("Stops per interest in %(year)s") % year,
                             kinds) if kinds else None,
        "satisfaction_chart": _chart("chart-satisfaction",
                                     _("Satisfaction of visitors in %(year)s") % year,
                                     scores) if figures.satisfaction.answers else None,
    }


async def stats_page(request: Request, who: Principal) -> Response:
    year = _year(request)
    figures = await figures_cache(request.app.state).figures(request.app.state.settings, year)
    names = Names(language_of(request))
    years = sorted({*figures.years, _this_year(request)}, reverse=True)
    return render(
        request, "pages/stats/index.html", figures=figures, names=names, years=years,
        country_chart=_country_chart(figures, names) if figures.countries else None,
        facility_chart=_facility_chart(figures, names) if figures.facilities else None,
        **_more_charts(figures, names),
        continent_label=lambda row: names.continent(row.continent),
        month_label=lambda row: names.month(row.month),
        kind_label=lambda row: names.kind(row.kind),
    )


def _csv_rows(kind: str, figures: YearFigures, names: Names) -> list[list[object]]:
    _ = names.gettext
    if kind == "countries":
        return [[_("Country code"), _("Country"), _("Delegations"), _("Visits")]] + [
            [c.country, names.country(c.country), c.delegations, c.visits]
            for c in figures.countries]
    if kind == "facilities":
        return [[_("Facility code"), _("Facility"), _("Stops"), _("Visitors")]] + [
            [f.code, names.text(f.name), f.stops, f.visitors] for f in figures.facilities]
    if kind == "delegations":
        return [[_("Delegation"), _("Country code"), _("Country"), _("Visits")]] + [
            [names.text(d.name), d.country, names.country(d.country), d.visits]
            for d in figures.delegations]
    return _more_csv_rows(kind, figures, names)


def _more_csv_rows(kind: str, figures: YearFigures, names: Names) -> list[list[object]]:
    _ = names.gettext
    if kind == "continents":
        return [[_("Continent"), _("Visits"), _("Visitors")]] + [
            [names.continent(c.continent), c.visits, c.visitors] for c in figures.continents]
    if kind == "months":
        return [[_("Month"), _("Visits"), _("Visitors")]] + [
            [m.month, m.visits, m.visitors] for m in figures.months]
    if kind == "interests":
        return [[_("Interest"), _("Stops"), _("Visitors")]] + [
            [names.kind(k.kind), k.stops, k.visitors] for k in figures.kinds]
    return [[_("Satisfaction"), _("Answers")]] + [
        [score, n] for score, n in enumerate(figures.satisfaction.by_score, 1)]


async def stats_csv(request: Request, who: Principal) -> Response:
    year = _year(request)
    kind = request.query_params.get("kind", "countries")
    if kind not in CSV_KINDS:
        raise BadRequest("The kind must be one of {kinds}.", code="bad_kind", field="kind",
                         kinds=", ".join(CSV_KINDS))
    figures = await figures_cache(request.app.state).figures(request.app.state.settings, year)
    body = csv_bytes(_csv_rows(kind, figures, Names(language_of(request))))
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="gyeonhak-{year}-{kind}.csv"',
        "Cache-Control": "no-store",
    })


def routes() -> list[Route]:
    return [page_route("/stats", stats_page, roles=OFFICER),
            page_route("/stats.csv", stats_csv, roles=OFFICER)]
