"""PDF rendering off the event loop, and a cache of finished documents.

WeasyPrint is synchronous and takes ~0.4 s a page, so documents render in a small pool of
spawned processes: at most one render per core (more was measured to cut throughput and
push memory past 1 GB), each process keeping its own FontConfiguration (sharing one
between threads corrupts memory), recycled after `MAX_TASKS_PER_WORKER` renders so leaks
cannot grow, and each render bounded in time.

Documents are cached by a hash of everything they show, so a re-download of an unchanged
itinerary is served from memory, and any change to the visit yields a new document (and
a new ETag).

The render processes never outlive the app process (`visits.children`), `close()` kills
them rather than waiting for their renders, and a pool whose process died is replaced:
the requests waiting on it get a 503 that asks them to retry.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from itineraries.model import Itinerary
from itineraries.protocol import Briefing, NameCardSet
from itineraries.report import AnnualReport
from visits.children import spawn_context
from visits.errors import ServiceUnavailable
from visits.services.document_store import DocumentStore

MAX_TASKS_PER_WORKER = 50
RENDERER_VERSION = "1"
PDF = "application/pdf"
# Another process's render is waited for by looking into the store this often; its claim
# is held for the render's time limit and this margin, then lapses.
CLAIM_POLL = 0.05
CLAIM_MARGIN = 5.0

log = logging.getLogger(__name__)


class RenderTimeout(ServiceUnavailable):
    code = "render_timeout"


class RenderUnavailable(ServiceUnavailable):
    """The render processes are gone: stopped with the app, or one died mid-render."""

    code = "render_unavailable"


def _unavailable() -> RenderUnavailable:
    return RenderUnavailable("Documents cannot be made right now: try again in a moment.")


def _render_cancelled(pending: asyncio.Future[bytes]) -> bool:
    """The render was dropped (the pool was closed), not the request awaiting it."""
    task = asyncio.current_task()
    return pending.cancelled() and not (task is not None and task.cancelling())


def _kill_workers(executor: ProcessPoolExecutor) -> None:
    """End the executor now: its processes are killed, not waited for (a render cannot be
    interrupted, and one may take a minute)."""
    workers = getattr(executor, "_processes", None) or {}
    for process in list(workers.values()):
        process.kill()
    executor.shutdown(wait=False, cancel_futures=True)


def _warm_worker() -> None:
    """Each new render process yields the CPU to the web process (renders saturate the
    cores; requests must not wait behind them) and loads fonts and templates before its
    first job."""
    import os

    os.nice(10)
    from itineraries.pdf import warm_up

    warm_up()


def _ready() -> bool:
    return True


def _render_pdf(itinerary: Itinerary, lang: str) -> bytes:
    from itineraries.pdf import render_itinerary_pdf

    return render_itinerary_pdf(itinerary, lang)


def _render_name_cards(cards: NameCardSet) -> bytes:
    from itineraries.name_cards import render_name_cards_pdf

    return render_name_cards_pdf(cards)


def _render_briefing(briefing: Briefing) -> bytes:
    from itineraries.briefing import render_briefing_pdf

    return render_briefing_pdf(briefing)


def _render_annual_report(report: AnnualReport) -> bytes:
    from itineraries.report import render_annual_report_pdf

    return render_annual_report_pdf(report)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, ZoneInfo):
        return value.key
    raise TypeError(f"cannot hash {type(value).__name__}")


def document_key(kind: str, data: Itinerary | NameCardSet | Briefing | AnnualReport,
                 lang: str) -> str:
    """A hash of every input of the document: equal keys, equal documents."""
    payload = json.dumps(
        [RENDERER_VERSION, kind, lang, dataclasses.asdict(data)],
        sort_keys=True, default=_json_default, ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


class DocumentCache:
    """Least-recently-used documents, bounded by their total size."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0

    def get(self, key: str) -> bytes | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: str, data: bytes) -> None:
        if key in self._items:
            return
        self._items[key] = data
        self._size += len(data)
        while self._size > self.max_bytes and self._items:
            _, dropped = self._items.popitem(last=False)
            self._size -= len(dropped)


class BoundedDict(dict[str, tuple[str, str]]):
    """A dict that forgets everything when it grows past `limit` (entries are cheap hints)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: str, value: tuple[str, str]) -> None:
        if len(self) >= self.limit:
            self.clear()
        super().__setitem__(key, value)


class RenderPool:
    """Renders documents in spawned processes, each document once: from the memory cache,
    else from the shared store (`store`, when set: every app process's renders), else
    rendered here, under a claim that keeps other processes from rendering it too.

    `renders` counts the renders this process ran (the store's hits are not renders)."""

    def __init__(self, workers: int, timeout: float,
                 store: DocumentStore | None = None) -> None:
        self.workers = workers
        self.timeout = timeout
        self.store = store
        self.renders = 0
        self._executor: ProcessPoolExecutor | None = None
        self._closed = False
        self._in_flight: dict[str, asyncio.Future[bytes]] = {}
        self._asked = 0  # renders under way that a request waits for
        self.cache = DocumentCache()
        # (request identity + change counter) → (content key, filename): lets an unchanged
        # re-download skip rebuilding its input. Small entries; bounded by a reset.
        self.aliases = BoundedDict(10_000)

    @property
    def closed(self) -> bool:
        return self._closed

    def _pool(self) -> ProcessPoolExecutor:
        if self._closed:
            raise _unavailable()
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=spawn_context(),
                max_tasks_per_child=MAX_TASKS_PER_WORKER,
                initializer=_warm_worker,
            )
        return self._executor

    async def render(
        self, key: str, job: Callable[..., bytes], *args: Any
    ) -> bytes:
        """The cached or stored document, or render it once however many ask at the same
        time, in this process or another.

        A request waits at most `timeout`; the render itself goes on and lands in the
        cache and the store, so the retry the 503 asks for is served (a worker cannot be
        interrupted mid-render anyway)."""
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        pending = self._pending(key, job, args, background=False)
        try:
            return await asyncio.wait_for(asyncio.shield(pending), self.timeout)
        except TimeoutError:
            raise RenderTimeout(
                "The document took too long to make: try again in a moment.") from None
        except BrokenProcessPool:
            raise _unavailable() from None
        except asyncio.CancelledError:
            if not _render_cancelled(pending):
                raise  # the request itself was cancelled (its client left)
            raise _unavailable() from None

    async def prepare(self, key: str, job: Callable[..., bytes], *args: Any) -> bool:
        """Make the document ready before anyone asks (a background render): nothing when
        it is cached or stored already; else render it, after the renders requests wait
        for, and store it. True when it is ready; False when it failed or is still under
        way past `timeout` (it lands in the store when it ends)."""
        if self.cache.get(key) is not None or key in self._in_flight:
            return True
        if self.store is not None and await self.store.has(key):
            return True
        pending = self._pending(key, job, args, background=True)
        try:
            await asyncio.wait_for(asyncio.shield(pending), self.timeout)
        except asyncio.CancelledError:
            if not _render_cancelled(pending):
                raise
            raise _unavailable() from None
        except BrokenProcessPool:
            return False
        except TimeoutError:
            log.warning("background render %s still running after %.0f s", key, self.timeout)
            return False
        except ServiceUnavailable:
            raise
        except Exception:  # noqa: BLE001 - a failed render must not end the background loop
            log.exception("background render %s failed", key)
            return False
        return True

    def _pending(self, key: str, job: Callable[..., bytes], args: tuple[Any, ...],
                 background: bool) -> asyncio.Future[bytes]:
        pending = self._in_flight.get(key)
        if pending is None:
            if self._closed:
                raise _unavailable()
            pending = asyncio.ensure_future(self._produce(key, job, args, background))
            self._in_flight[key] = pending
            pending.add_done_callback(lambda done: self._finished(key, done))
        return pending

    async def _produce(self, key: str, job: Callable[..., bytes], args: tuple[Any, ...],
                       background: bool) -> bytes:
        store = self.store
        if store is None:
            return await self._run(job, args, background)
        deadline = asyncio.get_running_loop().time() + self.timeout + CLAIM_MARGIN
        while True:
            stored = await store.get(key)
            if stored is not None:
                return stored
            if await store.claim(key, self.timeout + CLAIM_MARGIN):
                break
            # Another process renders it: its document will be in the store. A claim
            # lapses (its process died), so this wait has an end.
            if asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(CLAIM_POLL)
        try:
            data = await self._run(job, args, background)
            try:
                await store.put(key, data, PDF)
            except Exception:  # noqa: BLE001 - the document is made: serve it anyway
                log.exception("document %s could not be stored", key)
            return data
        finally:
            try:
                await store.release(key)
            except Exception:  # noqa: BLE001 - the claim lapses on its own
                log.warning("claim on %s not released", key)

    async def _run(self, job: Callable[..., bytes], args: tuple[Any, ...],
                   background: bool) -> bytes:
        if background:
            # Low priority: after the renders requests are waiting for.
            waited = 0.0
            while self._asked and waited < self.timeout:
                await asyncio.sleep(CLAIM_POLL)
                waited += CLAIM_POLL
        executor = self._pool()
        try:
            future = asyncio.wrap_future(executor.submit(job, *args))
        except BrokenProcessPool:
            self._replace(executor)
            raise _unavailable() from None
        self.renders += 1
        self._asked += 0 if background else 1
        try:
            return await future
        except BrokenProcessPool:
            self._replace(executor)
            raise
        finally:
            self._asked -= 0 if background else 1

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """A render process died (killed, out of memory): the executor refuses all work
        from then on, so the next render starts a new one."""
        if self._executor is broken:
            self._executor = None
        _kill_workers(broken)

    def _finished(self, key: str, done: asyncio.Future[bytes]) -> None:
        self._in_flight.pop(key, None)
        if not done.cancelled() and done.exception() is None:
            self.cache.put(key, done.result())

    def prewarm(self) -> None:
        """Start every render process now, so the first visitor does not wait ~2 s for
        one to boot. Fire and forget: rendering works (slower) if this is still running."""
        pool = self._pool()
        for _ in range(self.workers):
            pool.submit(_ready)

    def cached(self, key: str, make: Callable[[], bytes]) -> bytes:
        """For documents quick enough to make on the event loop (a calendar: ~2 ms)."""
        data = self.cache.get(key)
        if data is None:
            data = make()
            self.cache.put(key, data)
        return data

    async def pdf(self, itinerary: Itinerary, lang: str) -> tuple[str, bytes]:
        key = document_key("pdf", itinerary, lang)
        return key, await self.render(key, _render_pdf, itinerary, lang)

    async def prepare_pdf(self, itinerary: Itinerary, lang: str) -> bool:
        """The itinerary PDF made ready in the background (see `prepare`)."""
        return await self.prepare(document_key("pdf", itinerary, lang), _render_pdf,
                                  itinerary, lang)

    async def name_cards(self, cards: NameCardSet) -> tuple[str, bytes]:
        key = document_key("name-cards", cards, "")
        return key, await self.render(key, _render_name_cards, cards)

    async def annual_report(self, report: AnnualReport) -> tuple[str, bytes]:
        key = document_key("annual-report", report, "")
        return key, await self.render(key, _render_annual_report, report)

    async def briefing(self, briefing: Briefing) -> tuple[str, bytes]:
        key = document_key("briefing", briefing, "")
        return key, await self.render(key, _render_briefing, briefing)

    def close(self) -> None:
        """Kill the render processes; renders still awaited end with a 503."""
        self._closed = True
        if self._executor is not None:
            _kill_workers(self._executor)
            self._executor = None
