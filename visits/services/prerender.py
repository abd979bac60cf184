"""Documents ready before they are asked (issue 16, point 3).

A background loop in every app process watches the change counter; when it moved, it reads
which visits the committed changes touched (the audit log: a change to a visit, its stops,
programme, companions or versions names the visit; a change to a delegation, its visits)
and renders their itinerary PDFs into the shared document store
(`visits.services.document_store`), in the languages people will ask for (the delegation's
and English), for the editions the downloads serve:

- the live visit, as the officer's download prints it (with the share link's QR code);
- what visitors download by the share link: the latest published version (the live visit
  when it was never published), with the same link;
- what the request's contact downloads from the tracking page: the latest published
  version without a share link.

The render keys are content hashes, so whichever process renders first, the others find
the document stored (or claimed, and wait for it) and render nothing; an unchanged
document is a lookup. The loop renders one document at a time, after the renders requests
wait for; a failed or slow render is logged and skipped (the download then renders as
before). Nothing here runs inside a request.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from visits import sharing
from visits.audit import change_count
from visits.errors import ServiceUnavailable
from visits.models import AuditEvent, Visit, VisitRequest
from visits.services import documents, versions
from visits.services.itineraries import build_itinerary
from visits.services.rendering import RenderPool
from visits.settings import Settings

log = logging.getLogger(__name__)

ENGLISH = "en"
# Audit events are read from a little before the newest one seen: ids are handed out when
# a transaction writes, not when it commits, so a slower transaction's event may appear
# below one already read. Those already handled are remembered (a bounded set).
LOOKBACK = 200
MAX_PENDING = 256  # visits waiting for their documents; the oldest are dropped past it
DELEGATION_VISITS = 20  # a delegation's change re-renders its newest visits at most


class ChangeWatcher:
    """Which visits committed changes touched since the last look."""

    def __init__(self) -> None:
        self._count: int | None = None  # None: not started
        self._newest = 0
        self._floor = 0  # events up to this id were there before the start: not ours
        self._seen: set[int] = set()

    async def start(self) -> None:
        """From now on: the changes before are not this loop's."""
        self._count = await change_count()
        newest = await AuditEvent.all().order_by("-id").limit(1).values_list("id")
        self._newest = self._floor = int(newest[0][0]) if newest else 0

    @property
    def count(self) -> int | None:
        """The change count last seen; None before `start`."""
        return self._count

    async def changed_visits(self) -> list[int]:
        count = await change_count()
        if count == self._count:
            return []
        if self._count is not None and count < self._count:
            # The database was emptied or restored: its events are all new.
            self._newest, self._floor, self._seen = 0, 0, set()
        self._count = count
        low = max(self._floor, self._newest - LOOKBACK)
        rows = await AuditEvent.filter(id__gt=low).order_by("id") \
            .values_list("id", "visit_id", "entity", "entity_id")
        visits: list[int] = []
        delegations: list[int] = []
        for event_id, visit_id, entity, entity_id in rows:
            if event_id in self._seen:
                continue
            self._seen.add(event_id)
            if visit_id is not None:
                visits.append(visit_id)
            elif entity == "delegation":
                delegations.append(entity_id)
        if rows:
            self._newest = max(self._newest, max(r[0] for r in rows))
        self._seen = {i for i in self._seen if i > self._newest - LOOKBACK}
        for delegation_id in dict.fromkeys(delegations):
            rows = await Visit.filter(delegation_id=delegation_id).order_by("-id") \
                .limit(DELEGATION_VISITS).values_list("id")
            visits += [int(row[0]) for row in rows]
        return list(dict.fromkeys(visits))


async def prerender_visit(settings: Settings, renderer: RenderPool, visit_id: int) -> int:
    """Make the visit's itinerary PDFs people will ask for now ready (rendered here, or
    found made); how many are not (their render failed, or is still under way past the
    time limit)."""
    visit = await Visit.get_or_none(id=visit_id)
    if visit is None:
        return 0
    base = documents.link_base(settings)
    editions = []
    if base:
        share = await documents.share_url(settings, base, visit)
        editions.append(await build_itinerary(settings, visit, share))
        if share is not None:
            editions.append(await versions.visitor_itinerary(settings, visit, share))
    elif await sharing.current_share_token(settings.secret_key, visit) is None:
        editions.append(await build_itinerary(settings, visit, None))
    # (a shared visit's links, when their address is not known yet, are left to the download)
    if await VisitRequest.exists(visit_id=visit.id):
        published = await versions.latest_published(settings, visit.id, None)
        if published is not None:
            editions.append(published)
    missed = 0
    for itinerary in editions:
        for lang in dict.fromkeys((itinerary.delegation.language, ENGLISH)):
            if not await renderer.prepare_pdf(itinerary, lang):
                missed += 1
    return missed


class Prerenderer:
    """The background loop of the app's lifespan (PRERENDER=1): a look at the change
    counter every PRERENDER_POLL_SECONDS, and the touched visits' documents rendered, one
    at a time. `run` ends when the render pool is closed (the app stopping)."""

    def __init__(self, settings: Settings, renderer: RenderPool) -> None:
        self.settings, self.renderer = settings, renderer
        self.watcher = ChangeWatcher()
        self.pending: OrderedDict[int, None] = OrderedDict()
        self._working = False

    def caught_up(self, count: int) -> bool:
        """Every change up to change count `count` has its documents made (or failed)."""
        seen = self.watcher.count
        return seen is not None and seen >= count and not self.pending and not self._working

    async def run(self) -> None:
        while True:
            try:
                if await self.round():
                    continue  # the next visit at once, changes read in between
            except ServiceUnavailable:
                if self.renderer.closed:
                    return
                log.warning("background render skipped: renders unavailable")
            except Exception:  # noqa: BLE001 - the loop must outlive any one bad round
                log.exception("background render round failed")
            await asyncio.sleep(self.settings.prerender_poll)

    async def round(self) -> bool:
        """Read the changes, prerender one visit; False when there was none to do."""
        self._working = True
        try:
            if self.watcher.count is None:
                await self.watcher.start()
            for visit_id in await self.watcher.changed_visits():
                self.pending.pop(visit_id, None)
                self.pending[visit_id] = None
                while len(self.pending) > MAX_PENDING:
                    self.pending.popitem(last=False)
            if not self.pending:
                return False
            visit_id, _ = self.pending.popitem(last=False)
            await prerender_visit(self.settings, self.renderer, visit_id)
            return True
        finally:
            self._working = False
