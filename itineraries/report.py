"""The annual report of benchmarking visits (SPEC §7.6), for the informatization
evaluation: one Korean A4 document (charts drawn as SVG vectors) and one workbook with the
same figures, from plain data the app computed in its database.

The PDF goes through the itinerary's renderer (`write_pdf`: the same fonts, the same
static-only URL fetcher); the workbook through `tables.xlsx_bytes` (every text cell
formula-safe, as the CSV exports).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from markupsafe import Markup

from itineraries import fonts, labels
from itineraries.charts import Bar, bar_chart_svg
from itineraries.pdf import template_environment, write_pdf
from itineraries.tables import xlsx_bytes

if TYPE_CHECKING:
    from itineraries.fetcher import StaticFileFetcher

CHART_WIDTH = 460  # CSS px: fits the A4 text block with margins
CHART_FONT = ", ".join(f'"{f}"' for f in fonts.font_stack("Noto Sans CJK KR")) + ", sans-serif"
MOST_COUNTRIES_CHARTED = 15


@dataclass(frozen=True)
class Row:
    """A line of a breakdown: its label (Korean), visits (or stops), visitors."""

    label: str
    count: int
    visitors: int
    attended: int = 0


@dataclass(frozen=True)
class ReportVisit:
    day: date
    delegation: str
    delegation_lang: str  # the language the name is written in
    country: str  # Korean
    head: str  # the head of delegation's name (own script, romanized beside)
    head_title: str
    head_lang: str
    party: int
    attended: int | None  # recorded when closing
    places: str  # Korean facility names, in time order


@dataclass(frozen=True)
class AnnualReport:
    organisation: str
    year: int
    made_on: date
    visits: int
    delegations: int
    visitors: int
    cancelled: int
    countries: tuple[Row, ...]
    continents: tuple[Row, ...]
    months: tuple[Row, ...]
    facilities: tuple[Row, ...]
    interests: tuple[Row, ...]
    satisfaction: tuple[int, ...]  # answers scoring 1..5
    gifts_received: tuple[int, int]  # (count, won)
    gifts_given: tuple[int, int]
    gifts_to_report: int
    visit_list: tuple[ReportVisit, ...]

    @property
    def answers(self) -> int:
        return sum(self.satisfaction)

    @property
    def average(self) -> float | None:
        if not self.answers:
            return None
        return round(sum((i + 1) * n for i, n in enumerate(self.satisfaction)) / self.answers, 2)


def _number(value: int) -> str:
    return labels.format_count(value, "ko")


def _chart(ident: str, title: str, rows: tuple[Row, ...], unit: str = "건") -> Markup:
    bars = [Bar(r.label, r.count, f"{_number(r.count)}{unit}") for r in rows]
    summary = ", ".join(f"{b.label} {b.caption}" for b in bars)
    return bar_chart_svg(ident, title, summary, bars, width=CHART_WIDTH, font_family=CHART_FONT)


def report_charts(report: AnnualReport) -> dict[str, Markup | None]:
    y = report.year
    scores = tuple(Row(f"{s}점", n, 0) for s, n in reversed(list(
        enumerate(report.satisfaction, 1))))
    return {
        "countries": _chart("countries", f"{y}년 국가별 방문",
                            report.countries[:MOST_COUNTRIES_CHARTED]) if report.countries
        else None,
        "continents": _chart("continents", f"{y}년 대륙별 방문", report.continents)
        if report.continents else None,
        "months": _chart("months", f"{y}년 월별 방문", report.months) if report.visits else None,
        "facilities": _chart("facilities", f"{y}년 시설별 방문 일정", report.facilities)
        if report.facilities else None,
        "interests": _chart("interests", f"{y}년 관심 분야별 방문 일정", report.interests)
        if report.interests else None,
        "satisfaction": _chart("satisfaction", f"{y}년 방문객 만족도", scores, "명")
        if report.answers else None,
    }


def render_annual_report_html(report: AnnualReport) -> str:
    languages = {"ko", "und-Latn", *(v.delegation_lang for v in report.visit_list),
                 *(v.head_lang for v in report.visit_list)}
    font_css = Markup(fonts.font_css(languages))  # noqa: S704 -- constant rules
    return template_environment().get_template("report/annual.html").render(
        r=report, charts=report_charts(report), font_css=font_css, number=_number,
        made_on=labels.format_day(report.made_on, "ko"))


def render_annual_report_pdf(
    report: AnnualReport, *, url_fetcher: StaticFileFetcher | None = None
) -> bytes:
    """A4, Korean, through the itinerary's renderer (`write_pdf`)."""
    return write_pdf(render_annual_report_html(report), url_fetcher=url_fetcher)


SHEETS = ("요약", "국가별", "대륙별", "월별", "시설별", "관심 분야별", "만족도", "선물",
          "방문 목록")


def annual_report_xlsx(report: AnnualReport) -> bytes:
    """The same figures as the PDF, one sheet per breakdown, Korean names and headers."""
    def rows(head: list[str], lines: tuple[Row, ...], attended: bool = False
             ) -> list[list[object]]:
        header: list[object] = list(head)
        return [header] + [[r.label, r.count, r.visitors, *([r.attended] if attended else [])]
                           for r in lines]

    summary: list[list[object]] = [
        ["항목", "값"], ["연도", report.year], ["방문", report.visits],
        ["대표단", report.delegations], ["방문객", report.visitors],
        ["취소된 방문", report.cancelled], ["설문 응답", report.answers],
        ["평균 만족도", report.average if report.average is not None else ""],
        ["받은 선물", report.gifts_received[0]], ["드린 선물", report.gifts_given[0]],
        ["신고 대상 선물", report.gifts_to_report]]
    header: list[object] = ["날짜", "대표단", "국가", "단장", "직함", "인원", "참석 인원", "방문지"]
    visits: list[list[object]] = [header] + [
        [v.day, v.delegation, v.country, v.head, v.head_title, v.party,
         "" if v.attended is None else v.attended, v.places] for v in report.visit_list]
    return xlsx_bytes([
        (SHEETS[0], summary),
        (SHEETS[1], rows(["국가", "방문", "방문객"], report.countries)),
        (SHEETS[2], rows(["대륙", "방문", "방문객"], report.continents)),
        (SHEETS[3], rows(["월", "방문", "방문객"], report.months)),
        (SHEETS[4], rows(["시설", "방문 일정", "방문객", "참석 인원"], report.facilities, True)),
        (SHEETS[5], rows(["관심 분야", "방문 일정", "방문객"], report.interests)),
        (SHEETS[6], [["점수", "응답"]] + [[s, n] for s, n in enumerate(report.satisfaction, 1)]),
        (SHEETS[7], [["구분", "건수", "가액(원)"],
                     ["받은 선물", *report.gifts_received], ["드린 선물", *report.gifts_given],
                     ["신고 대상", report.gifts_to_report, ""]]),
        (SHEETS[8], visits),
    ])
