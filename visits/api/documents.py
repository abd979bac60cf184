"""Itinerary downloads (PDF, calendars), share links, host feeds.

Visitors' and calendar apps' URLs carry a secret token instead of a bearer token; the
access log redacts them (visits.app)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from visits import sharing
from visits.api.endpoint import api_route
from visits.auth import Principal
from visits.contract.documents import (
    DocumentQuery,
    FeedOut,
    LangQuery,
    RevokeOut,
    ShareOut,
    VersionQuery,
)
from visits.edge.downloads import download
from visits.edge.hosts import public_base
from visits.edge.public_limits import limit_views
from visits.errors import Forbidden
from visits.models import Host, Stop, Visit
from visits.services import documents, get_or_404, protocol_documents, versions
from visits.services.visits import get_visit

OFFICER = ("officer",)
ANYONE = ("officer", "host")
VISITOR_PAGE_HEADERS = {
    "Cache-Control": "private, no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


async def visit_pdf(request: Request, who: Principal, id: int,
                    query: DocumentQuery) -> Response:
    """The live visit (the officer's edits in progress), or `?version=N`."""
    visit, _ = await get_visit(who, id)
    settings = request.app.state.settings
    share = await documents.share_url(settings, public_base(request), visit)
    return download(request, await documents.itinerary_pdf(
        settings, request.app.state.renderer, visit, query.lang, share,
        query.version or documents.LIVE))


async def visit_ics(request: Request, who: Principal, id: int,
                    query: VersionQuery) -> Response:
    visit, _ = await get_visit(who, id)
    settings = request.app.state.settings
    share = await documents.share_url(settings, public_base(request), visit)
    return download(request, await documents.visit_calendar(
        settings, request.app.state.renderer, visit, share, query.version or documents.LIVE))


async def stop_invite(request: Request, who: Principal, id: int) -> Response:
    stop = await get_or_404(Stop, id, "stop")
    if not who.is_officer and stop.host_id != who.host_id:  # type: ignore[attr-defined]
        raise Forbidden("Only the stop's own host may fetch its invite.")
    return download(request, await documents.stop_invite(request.app.state.settings, stop))


async def name_cards(request: Request, who: Principal, id: int) -> Response:
    visit, _ = await get_visit(who, id)
    return download(request, await protocol_documents.name_cards(
        request.app.state.settings, request.app.state.renderer, visit))


async def stop_briefing(request: Request, who: Principal, id: int) -> Response:
    stop = await protocol_documents.briefing_stop(who, id)
    return download(request, await protocol_documents.briefing(
        request.app.state.settings, request.app.state.renderer, stop))


async def create_share(request: Request, who: Principal, id: int) -> ShareOut:
    url, expires_at = await versions.share_visit(
        who, request.app.state.settings, id, base_url=public_base(request))
    return ShareOut(url=url, expires_at=expires_at)


async def revoke_shares(request: Request, who: Principal, id: int) -> RevokeOut:
    visit = await get_or_404(Visit, id, "visit")
    return RevokeOut(revoked=await sharing.revoke_share_links(visit))


async def host_feed_url(request: Request, who: Principal, id: int) -> FeedOut:
    if not who.is_officer and who.host_id != id:
        raise Forbidden("Hosts may see only their own calendar feed.")
    await get_or_404(Host, id, "host")
    url = await documents.feed_url(request.app.state.settings, public_base(request), id)
    return FeedOut(url=url)


async def _shared_visit(request: Request) -> tuple[Visit, str]:
    token = request.path_params["token"]
    visit = await sharing.visit_for_share_token(request.app.state.settings.secret_key, token)
    return visit, f"{public_base(request)}/v/{token}"


async def visitor_page(request: Request, _: None, token: str, query: LangQuery) -> Response:
    visit, url = await _shared_visit(request)
    html = await documents.visitor_page(request.app.state.settings, visit, url, query.lang)
    return HTMLResponse(html, headers=VISITOR_PAGE_HEADERS)


async def shared_pdf(request: Request, _: None, token: str, query: LangQuery) -> Response:
    visit, url = await _shared_visit(request)
    return download(request, await documents.itinerary_pdf(
        request.app.state.settings, request.app.state.renderer, visit, query.lang, url,
        documents.PUBLISHED))


async def shared_ics(request: Request, _: None, token: str) -> Response:
    visit, url = await _shared_visit(request)
    return download(request, await documents.visit_calendar(
        request.app.state.settings, request.app.state.renderer, visit, url,
        documents.PUBLISHED))


async def feed(request: Request, _: None, token: str) -> Response:
    settings = request.app.state.settings
    host_id = await sharing.host_for_feed_token(settings.secret_key, token)
    data = await documents.host_feed(settings, host_id)
    return Response(data, media_type=documents.ICS,
                    headers={"Cache-Control": "private, max-age=300"})


def routes() -> list[Route]:
    v, one = "/api/visits", "/{id:int}"
    share = "/v/{token}"
    return [
        api_route("GET", v + one + "/itinerary.pdf", visit_pdf, roles=OFFICER,
                  query=DocumentQuery, content_type=documents.PDF, errors=(404, 503),
                  summary="The bilingual itinerary PDF (Korean beside ?lang=, default the "
                          "delegation's language) of the live visit, or of ?version=N; "
                          "ETag, 304 on If-None-Match"),
        api_route("GET", v + one + "/itinerary.ics", visit_ics, roles=OFFICER,
                  query=VersionQuery, content_type=documents.ICS, errors=(404,),
                  summary="The visit as a calendar (METHOD:PUBLISH, one event per stop), "
                          "live or of ?version=N"),
        api_route("GET", "/api/stops/{id:int}/invite.ics", stop_invite, roles=ANYONE,
                  content_type=documents.ICS, errors=(403, 404),
                  summary="The host's invite for one stop (METHOD:REQUEST, CANCEL once "
                          "cancelled)"),
        api_route("GET", v + one + "/name-cards.pdf", name_cards, roles=OFFICER,
                  content_type=documents.PDF, errors=(404, 503),
                  summary="Table tents: one folded A4 card per member (precedence order) and "
                          "then per Korean host of the live stops; name in its own script, "
                          "romanized name, title, Korean beside the delegation's language; "
                          "ETag, 304 on If-None-Match"),
        api_route("GET", "/api/stops/{id:int}/briefing.pdf", stop_briefing, roles=ANYONE,
                  content_type=documents.PDF, errors=(403, 404, 503),
                  summary="The host's briefing for one stop, in Korean (the stop's host or "
                          "an officer): members in precedence order, interests, language "
                          "and interpreter, time, place, party size, diet and access "
                          "needs, earlier visits from the same country; ETag, 304"),
        api_route("POST", v + one + "/share", create_share, roles=OFFICER, response=ShareOut,
                  errors=(404,), creates=True,
                  summary="A new secret link to the visitor page, which shows the latest "
                          "published version (a visit never published is published as "
                          "version 1)"),
        api_route("DELETE", v + one + "/share", revoke_shares, roles=OFFICER,
                  response=RevokeOut, errors=(404,),
                  summary="Withdraw every share link of the visit"),
        api_route("GET", "/api/hosts/{id:int}/feed", host_feed_url, roles=ANYONE,
                  response=FeedOut, errors=(403, 404),
                  summary="The URL of the host's secret calendar subscription feed"),
        api_route("GET", share, visitor_page, roles=None, query=LangQuery,
                  content_type="text/html", errors=(404, 429), guard=limit_views,
                  summary="The visitor page: the latest published version of the itinerary "
                          "in the delegation's language beside Korean, what changed since "
                          "the version before, the PDF and calendar downloads"),
        api_route("GET", share + "/itinerary.pdf", shared_pdf, roles=None, query=LangQuery,
                  content_type=documents.PDF, errors=(404, 429, 503), guard=limit_views,
                  summary="Visitor download of the itinerary PDF"),
        api_route("GET", share + "/itinerary.ics", shared_ics, roles=None,
                  content_type=documents.ICS, errors=(404, 429), guard=limit_views,
                  summary="Visitor download of the visit calendar"),
        api_route("GET", "/feeds/{token}/calendar.ics", feed, roles=None,
                  content_type=documents.ICS, errors=(404,),
                  summary="A host's calendar subscription feed"),
    ]
