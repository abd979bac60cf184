"""The annual report page for officers (SPEC §7.6): pick a year, see its totals, download
the Korean PDF and the workbook (the same documents as /api/reports/{year}.pdf|.xlsx)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.contract.fields import YEARS
from visits.edge.downloads import download
from visits.errors import NotFound
from visits.pages.stats import Names, _this_year, _year
from visits.pages.web import language_of, page_route, render
from visits.services import annual_report
from visits.services.stats import YearFigures, figures_cache

OFFICER = ("officer",)


async def _figures(request: Request, year: int) -> YearFigures:
    return await figures_cache(request.app.state).figures(request.app.state.settings, year)


async def reports_page(request: Request, who: Principal) -> Response:
    year = _year(request)
    figures = await _figures(request, year)
    years = sorted({*figures.years, _this_year(request)}, reverse=True)
    return render(request, "pages/reports/index.html", figures=figures, years=years,
                  names=Names(language_of(request)))


async def report_download(request: Request, who: Principal, year: int, kind: str
                          ) -> Response:
    if kind not in ("pdf", "xlsx") or not YEARS[0] <= year <= YEARS[1]:
        raise NotFound("There is nothing at {path}.", path=request.url.path)
    figures = await _figures(request, year)
    settings, renderer = request.app.state.settings, request.app.state.renderer
    make = annual_report.report_pdf if kind == "pdf" else annual_report.report_xlsx
    return download(request, await make(settings, renderer, figures))


def routes() -> list[Route]:
    return [page_route("/reports", reports_page, roles=OFFICER),
            page_route("/reports/{year:int}.{kind}", report_download, roles=OFFICER)]
