"""Statistics for officers: visits per country, facility popularity, as charts and CSV.

Charts are inline SVG built here on the server (no script, no library): a screen reader
reads their title and description, and the same numbers stand in a table beside them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from babel import Locale
from babel.numbers import format_decimal
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from itineraries.tables import csv_bytes
from visits.auth import Principal
from visits.errors import BadRequest
from visits.pages.i18n import translations
from visits.pages.text import text
from visits.pages.web import language_of, page_route, render
from visits.services.stats import YearFigures, year_figures

OFFICER = ("officer",)
CSV_KINDS = ("countries", "facilities", "delegations")

# Chart geometry in CSS pixels. The chart takes its box's width and bars are laid out in
# percent of it, so the text keeps its size from a 390-px phone to a desktop.
ROW_HEIGHT = 44
LABEL_SIZE = 14
CAPTION_SIZE = 13
NARROWEST = 310  # the chart's width on a 390-px phone, inside the page's card
BAR_COLOUR = "#0f5a78"
INK = "#1d2329"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    caption: str  # written after the bar, e.g. "12" or "12 · 340명"


def _text_width(value: str, size: float = LABEL_SIZE) -> float:
    """Rough width of text: wide (CJK, Hangul) characters take a full em, others ~0.55 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.55 for c in value)


def _fit(value: str, width: float) -> str:
    if _text_width(value) <= width:
        return value
    while value and _text_width(value + "…") > width:
        value = value[:-1]
    return value.rstrip() + "…"


def bar_chart_svg(ident: str, title: str, description: str, bars: Sequence[Bar]) -> Markup:
    """A horizontal bar chart: each bar under its label, the caption after the bar.

    Labels too long for a phone are shortened with "…": the table beside the chart, and
    the description a screen reader reads, carry them in full.
    """
    ident = escape(ident)
    caption_px = max((_text_width(b.caption, CAPTION_SIZE) for b in bars), default=0) + 8
    span = 100 - min(50.0, 100 * caption_px / NARROWEST)  # percent left for the longest bar
    biggest = max((b.value for b in bars), default=0) or 1
    height = ROW_HEIGHT * len(bars) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ident}" role="img" '
        f'width="100%" height="{height}" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for row, bar in enumerate(bars):
        top = row * ROW_HEIGHT
        length = round(span * max(bar.value, 0) / biggest, 2)
        parts += [
            f'<text x="0" y="{top + 15}" font-size="{LABEL_SIZE}" fill="{INK}">'
            f"{escape(_fit(bar.label, NARROWEST))}</text>",
            f'<rect x="0" y="{top + 21}" width="{length}%" height="16" fill="{BAR_COLOUR}"/>',
            f'<text x="{length}%" dx="6" y="{top + 34}" font-size="{CAPTION_SIZE}" '
            f'fill="{INK}">{escape(bar.caption)}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 -- every piece of text is escaped above


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

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.lang)


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


async def stats_page(request: Request, who: Principal) -> Response:
    year = _year(request)
    figures = await year_figures(request.app.state.settings, year)
    names = Names(language_of(request))
    years = sorted({*figures.years, _this_year(request)}, reverse=True)
    return render(
        request, "pages/stats/index.html", figures=figures, names=names, years=years,
        country_chart=_country_chart(figures, names) if figures.countries else None,
        facility_chart=_facility_chart(figures, names) if figures.facilities else None,
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
    return [[_("Delegation"), _("Country code"), _("Country"), _("Visits")]] + [
        [names.text(d.name), d.country, names.country(d.country), d.visits]
        for d in figures.delegations]


async def stats_csv(request: Request, who: Principal) -> Response:
    year = _year(request)
    kind = request.query_params.get("kind", "countries")
    if kind not in CSV_KINDS:
        raise BadRequest("The kind must be one of {kinds}.", code="bad_kind", field="kind",
                         kinds=", ".join(CSV_KINDS))
    figures = await year_figures(request.app.state.settings, year)
    body = csv_bytes(_csv_rows(kind, figures, Names(language_of(request))))
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="gyeonhak-{year}-{kind}.csv"',
        "Cache-Control": "no-store",
    })


def routes() -> list[Route]:
    return [page_route("/stats", stats_page, roles=OFFICER),
            page_route("/stats.csv", stats_csv, roles=OFFICER)]
