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
    GiftCreate,
    GiftOut,
    GiftPage,
    GiftsCsvQuery,
    GiftsQuery,
    VisitClose,
)
from visits.contract.booking import VisitOut
from visits.models import Gift
from visits.services import closing, gifts, registers
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
    ]
