"""The gifts register for officers (SPEC §7.6): every gift of a year, a page at a time,
received gifts to be reported flagged; the CSV the API gives, for download."""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.contract.after import DEFAULT_PAGE, GiftsQuery
from visits.pages.forms import form_model
from visits.pages.text import country_name
from visits.pages.web import language_of, page_route, render
from visits.services import gifts, registers

OFFICER = ("officer",)
YEARS_SHOWN = 10


def _query(request: Request) -> GiftsQuery:
    data = {k: v for k, v in request.query_params.items() if v != ""}
    query, invalid = form_model(GiftsQuery, data)
    if invalid is not None:
        raise invalid
    assert isinstance(query, GiftsQuery)
    return query


async def register_page(request: Request, who: Principal) -> Response:
    settings = request.app.state.settings
    query = _query(request)
    rows, after = await gifts.page_of_gifts(query.year, query.limit, query.cursor)
    this_year = datetime.now(settings.timezone).year
    lang = language_of(request)
    return render(
        request, "pages/gifts/index.html", rows=[
            (r, gifts.report_required(settings, r.gift), country_name(r.country, lang))
            for r in rows],
        next=after, year=query.year, limit=query.limit, default_limit=DEFAULT_PAGE,
        years=list(range(this_year + 1, this_year - YEARS_SHOWN, -1)),
        report_krw=settings.gift_report_krw)


async def register_csv(request: Request, who: Principal) -> Response:
    query = _query(request)
    return registers.gifts_csv_response(
        await registers.gifts_csv(request.app.state.settings, query.year), query.year)


def routes() -> list[Route]:
    return [page_route("/gifts", register_page, roles=OFFICER),
            page_route("/gifts.csv", register_csv, roles=OFFICER)]
