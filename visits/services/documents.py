"""A visit's documents: the itinerary PDF, the calendars and the visitor page.

One public service for the API and the pages alike. Every document comes back with a key
that hashes everything it shows (its ETag), so an unchanged re-download is answered from
the cache, or with 304 by the edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from itineraries import ics
from itineraries.model import Itinerary
from itineraries.page import render_visitor_page, render_visitor_section
from visits import sharing
from visits.audit import change_count
from visits.models import Host, Stop, Visit
from visits.services import surveys, versions
from visits.services.itineraries import build_itinerary
from visits.services.rendering import RenderPool, document_key
from visits.settings import Settings

PDF = "application/pdf"
ICS = "text/calendar; charset=utf-8"
FEED_HISTORY = timedelta(days=90)
# Which itinerary a document shows: the live visit (the officer's edits in progress), the
# one its visitors see (the latest published version), or version number N.
LIVE, PUBLISHED = "live", "published"
Edition = Literal["live", "published"] | int


@dataclass(frozen=True)
class Document:
    """A finished download: its bytes, its content key (the ETag) and how to name it."""

    data: bytes
    key: str
    media_type: str
    filename: str


async def _itinerary(settings: Settings, visit: Visit, share_url: str | None,
                     edition: Edition) -> Itinerary:
    if edition == LIVE:
        return await build_itinerary(settings, visit, share_url)
    if edition == PUBLISHED:
        return await versions.visitor_itinerary(settings, visit, share_url)
    return await versions.version_itinerary(settings, visit.id, edition, share_url)


def _suffix(itinerary: Itinerary) -> str:
    return f"-v{itinerary.version}" if itinerary.version else ""


async def itinerary_pdf(settings: Settings, renderer: RenderPool, visit: Visit,
                        lang: str | None, share_url: str | None,
                        edition: Edition = LIVE) -> Document:
    """Korean beside `lang` (default: the delegation's language), from the cache when
    nothing changed since the same download (same change counter)."""
    alias = f"pdf|{visit.id}|{lang}|{share_url}|{edition}|{await change_count()}"
    known = renderer.aliases.get(alias)
    if known is not None and (data := renderer.cache.get(known[0])) is not None:
        return Document(data, known[0], PDF, known[1])
    itinerary = await _itinerary(settings, visit, share_url, edition)
    lang = lang or itinerary.delegation.language
    key, data = await renderer.pdf(itinerary, lang)
    filename = f"itinerary-{visit.id}{_suffix(itinerary)}-{lang}.pdf"
    renderer.aliases[alias] = (key, filename)
    return Document(data, key, PDF, filename)


async def visit_calendar(settings: Settings, renderer: RenderPool, visit: Visit,
                         share_url: str | None, edition: Edition = LIVE) -> Document:
    """The visit as a calendar: METHOD:PUBLISH, one event per stop. A published version's
    events keep their UIDs and carry that version's SEQUENCE numbers."""
    itinerary = await _itinerary(settings, visit, share_url, edition)
    key = document_key("visit.ics", itinerary, "")
    data = renderer.cached(key, lambda: ics.visit_calendar(itinerary))
    return Document(data, key, ICS, f"visit-{visit.id}{_suffix(itinerary)}.ics")


async def stop_invite(settings: Settings, stop: Stop) -> Document:
    """The host's invite for one stop: REQUEST, or CANCEL once cancelled."""
    visit = await Visit.get(id=stop.visit_id)  # type: ignore[attr-defined]
    itinerary = await build_itinerary(settings, visit)
    data, method = ics.stop_invite(itinerary, stop.id)
    key = document_key(f"invite-{stop.id}", itinerary, "")
    return Document(data, key, f"{ICS}; method={method}", f"invite-{stop.id}.ics")


async def host_feed(settings: Settings, host_id: int) -> bytes:
    """A host's subscription feed: their stops of the last 90 days and to come."""
    host = await Host.get(id=host_id)
    since = datetime.now(UTC) - FEED_HISTORY
    visit_ids = await Stop.filter(host_id=host_id, end__gte=since).distinct().values_list(
        "visit_id", flat=True)
    entries = []
    for visit in await Visit.filter(id__in=list(visit_ids)).order_by("id"):
        itinerary = await build_itinerary(settings, visit)
        entries += [(itinerary, s) for s in itinerary.stops if s.host.host_id == host_id]
    name = host.name if isinstance(host.name, str) else next(iter(host.name.values()), "")
    return ics.host_feed(name, entries, f"{settings.org_name} — {name}")


async def visitor_page(settings: Settings, visit: Visit, share_url: str,
                       lang: str | None) -> str:
    """The visitor page behind a share link, in `lang` (default the delegation's): the
    latest published version."""
    itinerary = await versions.visitor_itinerary(settings, visit, share_url)
    lang = lang or itinerary.delegation.language
    survey = f"{share_url}/survey?lang={lang}" if await surveys.is_open(settings, visit) else None
    return await run_in_threadpool(
        render_visitor_page, itinerary, lang, pdf_url=f"{share_url}/itinerary.pdf?lang={lang}",
        ics_url=f"{share_url}/itinerary.ics", survey_url=survey,
    )


async def proposal_section(settings: Settings, visit_id: int, lang: str, *, pdf_url: str,
                           ics_url: str) -> tuple[int, Markup, Markup] | None:
    """The latest published version of the visit as the visitor page shows it, for the
    tracking page: (its number, the html, its font rules); None before any. No share
    link goes into it: the tracking link is the contact's alone."""
    itinerary = await versions.latest_published(settings, visit_id, None)
    if itinerary is None or itinerary.version is None:
        return None
    html, fonts = await run_in_threadpool(render_visitor_section, itinerary, lang,
                                          pdf_url=pdf_url, ics_url=ics_url)
    return itinerary.version, html, fonts


# The address this process last built links from, for the background renders
# (visits.services.prerender), which have no request to take it from when PUBLIC_URL is unset.
_seen_base = ""


def link_base(settings: Settings) -> str:
    """Where links point outside a request: PUBLIC_URL, else the address the last download
    was asked at; empty when neither is known yet."""
    return settings.public_url or _seen_base


async def share_url(settings: Settings, base: str, visit: Visit) -> str | None:
    """The newest live share link, so the officer's printout carries the visitors' QR code."""
    global _seen_base  # noqa: PLW0603 - one address per process, remembered
    _seen_base = base
    token = await sharing.current_share_token(settings.secret_key, visit)
    return f"{base}/v/{token}" if token else None


async def feed_url(settings: Settings, base: str, host_id: int) -> str:
    token = await sharing.feed_token(settings.secret_key, host_id)
    return f"{base}/feeds/{token}/calendar.ics"
