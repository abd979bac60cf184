"""JSON endpoints of what happens after the visit (SPEC §7.6): closing, the gifts register
and its CSV, the annual report."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.api.booking import OFFICER, get_visit
from visits.api.endpoint import api_route
from visits.auth import Principal
from visits.contract.after import (
    Breakdown,
    GiftCreate,
    GiftOut,
    GiftPage,
    GiftsCsvQuery,
    GiftsQuery,
    GiftTotals,
    ReportOut,
    VisitClose,
)
from visits.contract.booking import VisitOut
from visits.contract.fields import YEARS
from visits.edge.downloads import download
from visits.errors import Invalid
from visits.models import Gift
from visits.services import annual_report, closing, gifts, registers
from visits.services.stats import YearFigures, figures_cache
from visits.settings import Settings


def gift_out(settings: Settings, gift: Gift) -> GiftOut:
    return GiftOut(
        id=gift.id, visit_id=gift.visit_id, direction=gift.direction,  # type: ignore[attr-defined]
        description=gift.description, giver=gift.giver, recipient=gift.recipient,
        value_krw=gift.value_krw, date=gift.day,
        report_required=gifts.report_required(settings, gift), created_at=gift.created_at)


async def close_visit(request: Request, who: Principal, id: int, body: VisitClose) -> VisitOut:
    await closing.close_visit(who, request.app.state.settings, id, body)
    return await get_visit(request, who, id)


async def add_gift(request: Request, who: Principal, id: int, body: GiftCreate) -> GiftOut:
    settings = request.app.state.settings
    return gift_out(settings, await gifts.add_gift(who, settings, id, body))


async def list_gifts(request: Request, _: Principal, query: GiftsQuery) -> GiftPage:
    rows, after = await gifts.page_of_gifts(query.year, query.limit, query.cursor)
    settings = request.app.state.settings
    return GiftPage(items=[gift_out(settings, r.gift) for r in rows], next=after)


async def gifts_csv(request: Request, _: Principal, query: GiftsCsvQuery) -> Response:
    return registers.gifts_csv_response(
        await registers.gifts_csv(request.app.state.settings, query.year), query.year)


async def _report_figures(request: Request, year: int) -> YearFigures:
    if not YEARS[0] <= year <= YEARS[1]:
        raise Invalid("The year must be between {first} and {last}.", code="bad_year",
                      field="year", first=YEARS[0], last=YEARS[1])
    return await figures_cache(request.app.state).figures(request.app.state.settings, year)


async def report_figures(request: Request, _: Principal, year: int) -> ReportOut:
    f = await _report_figures(request, year)
    return ReportOut(
        year=f.year, visits=f.visits, delegations=len(f.delegations), visitors=f.visitors,
        cancelled_visits=f.cancelled_visits,
        countries=[Breakdown(key=c.country, visits=c.visits, visitors=c.visitors)
                   for c in f.countries],
        continents=[Breakdown(key=c.continent, visits=c.visits, visitors=c.visitors)
                    for c in f.continents],
        months=[Breakdown(key=str(m.month), visits=m.visits, visitors=m.visitors)
                for m in f.months],
        facilities=[Breakdown(key=x.code, visits=x.stops, visitors=x.visitors)
                    for x in f.facilities],
        interests=[Breakdown(key=k.kind, visits=k.stops, visitors=k.visitors) for k in f.kinds],
        satisfaction=list(f.satisfaction.by_score), satisfaction_average=f.satisfaction.average,
        gifts=GiftTotals(received=f.gifts.received, received_krw=f.gifts.received_krw,
                         given=f.gifts.given, given_krw=f.gifts.given_krw,
                         report_required=f.gifts.to_report))


async def report_pdf(request: Request, _: Principal, year: int) -> Response:
    figures = await _report_figures(request, year)
    return download(request, await annual_report.report_pdf(
        request.app.state.settings, request.app.state.renderer, figures))


async def report_xlsx(request: Request, _: Principal, year: int) -> Response:
    figures = await _report_figures(request, year)
    return download(request, await annual_report.report_xlsx(
        request.app.state.settings, request.app.state.renderer, figures))


def routes() -> list[Route]:
    one = "/api/visits/{id:int}"
    return [
        api_route("POST", one + "/close", close_visit, roles=OFFICER, body=VisitClose,
                  response=VisitOut, errors=(404, 409, 422),
                  summary="Close a visit from its day on: attendance per stop and notes; the "
                          "visit becomes completed (closing again corrects them); before its "
                          "day → 409 visit_not_yet"),
        api_route("POST", one + "/gifts", add_gift, roles=OFFICER, body=GiftCreate,
                  response=GiftOut, status=201, errors=(404, 409, 422),
                  summary="Register a gift received from or given to the delegation; "
                          "report_required for a received gift worth GIFT_REPORT_KRW or more"),
        api_route("GET", "/api/gifts", list_gifts, roles=OFFICER, query=GiftsQuery,
                  response=GiftPage, errors=(422,),
                  summary="The gifts register, a page at a time ({items, next}; ?year, "
                          "?limit ≤ 200, ?cursor)"),
        api_route("GET", "/api/gifts.csv", gifts_csv, roles=OFFICER, query=GiftsCsvQuery,
                  content_type="text/csv", errors=(422,),
                  summary="The gifts register of ?year (all years without) as CSV, UTF-8 "
                          "with BOM, Korean headers; cells a spreadsheet would run as a "
                          "formula are neutralised"),
        api_route("GET", "/api/reports/{year:int}", report_figures, roles=OFFICER,
                  response=ReportOut, errors=(404, 422),
                  summary="The annual report's figures as JSON: the totals the PDF and the "
                          "workbook carry"),
        api_route("GET", "/api/reports/{year:int}.pdf", report_pdf, roles=OFFICER,
                  content_type=annual_report.PDF, errors=(404, 422, 503),
                  summary="The annual report of the year's visits for the informatization "
                          "evaluation: Korean, A4, charts as vectors; visits and visitors by "
                          "country, continent, month, facility and interest, satisfaction, "
                          "gifts, and the list of visits with their heads; ETag, 304"),
        api_route("GET", "/api/reports/{year:int}.xlsx", report_xlsx, roles=OFFICER,
                  content_type=annual_report.XLSX, errors=(404, 422),
                  summary="The annual report's figures as a workbook (Korean sheet names "
                          "and headers, the same totals as the PDF); ETag, 304"),
    ]
