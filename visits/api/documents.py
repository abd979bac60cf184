"""Itinerary downloads (PDF, calendars), share links, host feeds.

Visitors' and calendar apps' URLs carry a secret token instead of a bearer token; the
access log redacts them (visits.app)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from itineraries import ics
from visits import sharing
from visits.api.endpoint import api_route
from visits.audit import change_count
from visits.auth import Principal
from visits.contract.documents import FeedOut, LangQuery, RevokeOut, ShareOut
from visits.documents import build_itinerary
from visits.errors import Forbidden
from visits.models import Host, Stop, Visit
from visits.rendering import document_key
from visits.services import get_or_404
from visits.services.visits import get_visit

OFFICER = ("officer",)
ANYONE = ("officer", "host")
PDF = "application/pdf"
ICS = "text/calendar; charset=utf-8"
FEED_HISTORY = timedelta(days=90)


def public_base(request: Request) -> str:
    configured: str = request.app.state.settings.public_url
    return configured or str(request.base_url).rstrip("/")


def _document(request: Request, data: bytes, key: str, media_type: str, filename: str,
              ) -> Response:
    """With an ETag; a client that already holds this version gets 304 and no body."""
    etag = f'"{key}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache",
               "Content-Disposition": f'attachment; filename="{filename}"'}
    wanted = request.headers.get("if-none-match", "")
    if etag in [tag.strip() for tag in wanted.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=media_type, headers=headers)


async def _pdf(request: Request, visit: Visit, lang: str | None, share_url: str | None
               ) -> Response:
    renderer = request.app.state.renderer
    # Nothing changed since this exact download (same counter): skip rebuilding the
    # itinerary and hashing it; the content key (the ETag) is the one found then.
    alias = f"pdf|{visit.id}|{lang}|{share_url}|{await change_count()}"
    known = renderer.aliases.get(alias)
    if known is not None and (data := renderer.cache.get(known[0])) is not None:
        return _document(request, data, known[0], PDF, known[1])
    itinerary = await build_itinerary(request.app.state.settings, visit, share_url)
    lang = lang or itinerary.delegation.language
    key, data = await renderer.pdf(itinerary, lang)
    filename = f"itinerary-{visit.id}-{lang}.pdf"
    renderer.aliases[alias] = (key, filename)
    return _document(request, data, key, PDF, filename)


async def _visit_ics(request: Request, visit: Visit, share_url: str | None) -> Response:
    itinerary = await build_itinerary(request.app.state.settings, visit, share_url)
    key = document_key("visit.ics", itinerary, "")
    data = request.app.state.renderer.cached(key, lambda: ics.visit_calendar(itinerary))
    return _document(request, data, key, ICS, f"visit-{visit.id}.ics")


async def _share_url(request: Request, visit: Visit) -> str | None:
    """The newest live share link, so the officer's printout carries the visitors' QR code."""
    token = await sharing.current_share_token(request.app.state.settings.secret_key, visit)
    return f"{public_base(request)}/v/{token}" if token else None


async def visit_pdf(request: Request, who: Principal, id: int, query: LangQuery) -> Response:
    visit, _ = await get_visit(who, id)
    return await _pdf(request, visit, query.lang, await _share_url(request, visit))


async def visit_ics(request: Request, who: Principal, id: int) -> Response:
    visit, _ = await get_visit(who, id)
    return await _visit_ics(request, visit, await _share_url(request, visit))


async def stop_invite(request: Request, who: Principal, id: int) -> Response:
    stop = await get_or_404(Stop, id, "stop")
    if not who.is_officer and stop.host_id != who.host_id:  # type: ignore[attr-defined]
        raise Forbidden("only the stop's own host may fetch its invite")
    visit = await Visit.get(id=stop.visit_id)  # type: ignore[attr-defined]
    itinerary = await build_itinerary(request.app.state.settings, visit)
    data, method = ics.stop_invite(itinerary, stop.id)
    key = document_key(f"invite-{stop.id}", itinerary, "")
    return _document(request, data, key, f"text/calendar; charset=utf-8; method={method}",
                     f"invite-{stop.id}.ics")


async def create_share(request: Request, who: Principal, id: int) -> ShareOut:
    visit = await get_or_404(Visit, id, "visit")
    token, expires_at = await sharing.create_share_link(
        request.app.state.settings.secret_key, visit
    )
    return ShareOut(url=f"{public_base(request)}/v/{token}", expires_at=expires_at)


async def revoke_shares(request: Request, who: Principal, id: int) -> RevokeOut:
    visit = await get_or_404(Visit, id, "visit")
    return RevokeOut(revoked=await sharing.revoke_share_links(visit))


async def host_feed_url(request: Request, who: Principal, id: int) -> FeedOut:
    if not who.is_officer and who.host_id != id:
        raise Forbidden("hosts may see only their own feed")
    await get_or_404(Host, id, "host")
    token = await sharing.feed_token(request.app.state.settings.secret_key, id)
    return FeedOut(url=f"{public_base(request)}/feeds/{token}/calendar.ics")


async def _shared_visit(request: Request) -> tuple[Visit, str]:
    token = request.path_params["token"]
    visit = await sharing.visit_for_share_token(request.app.state.settings.secret_key, token)
    return visit, f"{public_base(request)}/v/{token}"


async def shared_pdf(request: Request, _: None, token: str, query: LangQuery) -> Response:
    visit, url = await _shared_visit(request)
    return await _pdf(request, visit, query.lang, url)


async def shared_ics(request: Request, _: None, token: str) -> Response:
    visit, url = await _shared_visit(request)
    return await _visit_ics(request, visit, url)


async def feed(request: Request, _: None, token: str) -> Response:
    settings = request.app.state.settings
    host_id = await sharing.host_for_feed_token(settings.secret_key, token)
    host = await Host.get(id=host_id)
    since = datetime.now(UTC) - FEED_HISTORY
    visit_ids = await Stop.filter(host_id=host_id, end__gte=since).distinct().values_list(
        "visit_id", flat=True)
    entries = []
    for visit in await Visit.filter(id__in=list(visit_ids)).order_by("id"):
        itinerary = await build_itinerary(settings, visit)
        entries += [(itinerary, s) for s in itinerary.stops if s.host.host_id == host_id]
    name = host.name if isinstance(host.name, str) else next(iter(host.name.values()), "")
    data = ics.host_feed(name, entries, f"{settings.org_name} — {name}")
    return Response(data, media_type=ICS, headers={"Cache-Control": "private, max-age=300"})


def routes() -> list[Route]:
    v, one = "/api/visits", "/{id:int}"
    share = "/v/{token}"
    return [
        api_route("GET", v + one + "/itinerary.pdf", visit_pdf, roles=OFFICER, query=LangQuery,
                  content_type=PDF, errors=(404,),
                  summary="The bilingual itinerary PDF (Korean beside ?lang=, default the "
                          "delegation's language); ETag, 304 on If-None-Match"),
        api_route("GET", v + one + "/itinerary.ics", visit_ics, roles=OFFICER,
                  content_type=ICS, errors=(404,),
                  summary="The visit as a calendar (METHOD:PUBLISH, one event per stop)"),
        api_route("GET", "/api/stops/{id:int}/invite.ics", stop_invite, roles=ANYONE,
                  content_type=ICS, errors=(403, 404),
                  summary="The host's invite for one stop (METHOD:REQUEST, CANCEL once "
                          "cancelled)"),
        api_route("POST", v + one + "/share", create_share, roles=OFFICER, response=ShareOut,
                  errors=(404,), summary="A new secret link to the visitor page"),
        api_route("DELETE", v + one + "/share", revoke_shares, roles=OFFICER,
                  response=RevokeOut, errors=(404,),
                  summary="Withdraw every share link of the visit"),
        api_route("GET", "/api/hosts/{id:int}/feed", host_feed_url, roles=ANYONE,
                  response=FeedOut, errors=(403, 404),
                  summary="The URL of the host's secret calendar subscription feed"),
        api_route("GET", share + "/itinerary.pdf", shared_pdf, roles=None, query=LangQuery,
                  content_type=PDF, errors=(404,),
                  summary="Visitor download of the itinerary PDF"),
        api_route("GET", share + "/itinerary.ics", shared_ics, roles=None, content_type=ICS,
                  errors=(404,), summary="Visitor download of the visit calendar"),
        api_route("GET", "/feeds/{token}/calendar.ics", feed, roles=None, content_type=ICS,
                  errors=(404,), summary="A host's calendar subscription feed"),
    ]
