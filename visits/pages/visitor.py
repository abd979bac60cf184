"""The visitor page behind a share link: the itinerary in their language beside Korean."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from itineraries.page import render_visitor_page
from visits.api.documents import public_base
from visits.api.endpoint import api_route
from visits.contract.documents import LangQuery
from visits.documents import build_itinerary
from visits.sharing import visit_for_share_token

PAGE_HEADERS = {
    "Cache-Control": "private, no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


async def visitor_page(request: Request, _: None, token: str, query: LangQuery) -> Response:
    settings = request.app.state.settings
    visit = await visit_for_share_token(settings.secret_key, token)
    base = f"{public_base(request)}/v/{token}"
    itinerary = await build_itinerary(settings, visit, base)
    lang = query.lang or itinerary.delegation.language
    suffix = f"?lang={lang}"
    html = await run_in_threadpool(
        render_visitor_page, itinerary, lang, pdf_url=f"{base}/itinerary.pdf{suffix}",
        ics_url=f"{base}/itinerary.ics",
    )
    return HTMLResponse(html, headers=PAGE_HEADERS)


def routes() -> list[Route]:
    return [
        api_route("GET", "/v/{token}", visitor_page, roles=None, query=LangQuery,
                  content_type="text/html", errors=(404,),
                  summary="The visitor page: the itinerary in the delegation's language beside "
                          "Korean, with the PDF and calendar downloads"),
    ]
