"""Reading hosts' calendars into stored busy times, so that no availability question ever
parses a calendar: the background worker reads each one every CALENDAR_REFRESH_MIN,
`refresh` reads a host's now.

Each read claims its calendar row first (a conditional update: of several app processes
exactly one reads it), skips an unchanged calendar (ETag, CTag), parses in a child
process bounded in time, and replaces the calendar's busy times in one transaction that
moves the change counter (cached slots are then recomputed). A failed read marks the
calendar in error and keeps its last good busy times.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from visits.audit import bump_change_counter
from visits.calendars import caldav
from visits.calendars.fetching import FetchLimits, fetch
from visits.calendars.problems import CalendarProblem
from visits.calendars.reading import BusyTime, Window, parse_calendars
from visits.calendars.sealing import unseal
from visits.children import spawn_context
from visits.models import HostBusy, HostCalendar
from visits.services.itineraries import uid_domain
from visits.settings import Settings
from visits.store import transaction

log = logging.getLogger("visits.calendars")
FULL_READ_EVERY = timedelta(hours=12)  # re-parse an unchanged calendar: the horizon moves


class ParsePool:
    """One spawned process parsing calendars; killed and replaced when a parse overruns."""

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(1, mp_context=spawn_context())
        return self._executor

    def _submit(self, documents: list[bytes], window: Window) -> Future[list[BusyTime]]:
        try:
            return self._pool().submit(parse_calendars, documents, window)
        except BrokenProcessPool:  # its process died since the last parse: start another
            self.close()
            return self._pool().submit(parse_calendars, documents, window)

    async def parse(self, documents: list[bytes], window: Window, limit: float) -> list[BusyTime]:
        future = asyncio.wrap_future(self._submit(documents, window))
        try:
            return await asyncio.wait_for(future, limit)
        except TimeoutError:
            self.close()
            raise CalendarProblem("too_slow") from None
        except CalendarProblem:
            raise
        except Exception as exc:  # noqa: BLE001 - a dead parser process
            self.close()
            raise CalendarProblem("reader_failed") from exc

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            for process in list((getattr(executor, "_processes", None) or {}).values()):
                process.kill()
            executor.shutdown(wait=False, cancel_futures=True)


PARSER = ParsePool()


def _claim_window(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.calendars.timeout_seconds * 3 + 30)


def _unclaimed(now: datetime) -> Q:
    return Q(claimed_until=None) | Q(claimed_until__lte=now)


async def claim(calendar_id: int, settings: Settings) -> bool:
    now = datetime.now(UTC)
    return bool(await HostCalendar.filter(Q(id=calendar_id) & _unclaimed(now)).update(
        claimed_until=now + _claim_window(settings)))


async def read_due(settings: Settings) -> int:
    """Read every calendar whose turn has come; returns how many were read."""
    now = datetime.now(UTC)
    due = HostCalendar.filter((Q(next_read_at=None) | Q(next_read_at__lte=now))
                              & _unclaimed(now)).order_by("next_read_at", "id")
    read = 0
    for calendar_id in await due.values_list("id", flat=True):
        read += await read_calendar(int(calendar_id), settings)
    return read


async def read_calendar(calendar_id: int, settings: Settings) -> bool:
    """Claim and read one calendar; False when another process holds it."""
    if not await claim(calendar_id, settings):
        return False
    calendar = await HostCalendar.get_or_none(id=calendar_id)
    if calendar is None:
        return False
    try:
        busy, tag = await _fetch_and_parse(calendar, settings)
    except CalendarProblem as problem:
        await _failed(calendar, problem, settings)
    except Exception:  # noqa: BLE001 - one calendar must never stop the others
        log.exception("calendar %s: reading failed", calendar.id)
        await _failed(calendar, CalendarProblem("reader_failed"), settings)
    else:
        try:
            await _stored(calendar, busy, tag, settings)
        except IntegrityError:  # unlinked while it was being read: nothing to keep
            log.info("calendar %s was unlinked while it was read", calendar.id)
    return True


def _window(settings: Settings, deadline: float) -> Window:
    now = datetime.now(UTC)
    calendars = settings.calendars
    return Window(lo=now - timedelta(days=1), hi=now + timedelta(days=calendars.horizon_days),
                  zone=settings.timezone, own_uid_suffix="@" + uid_domain(settings),
                  max_events=calendars.max_events, deadline=deadline)


def _limits(settings: Settings) -> FetchLimits:
    c = settings.calendars
    return FetchLimits(allowed_hosts=c.allowed_hosts, timeout=c.timeout_seconds,
                       max_bytes=c.max_bytes)


def _recently_parsed(calendar: HostCalendar) -> bool:
    return (calendar.status == "ok" and calendar.parsed_at is not None
            and datetime.now(UTC) - calendar.parsed_at < FULL_READ_EVERY
            and bool(calendar.version_tag))


async def _fetch_and_parse(calendar: HostCalendar, settings: Settings
                           ) -> tuple[list[BusyTime] | None, str]:
    """The busy times and the version tag; None for the times when nothing changed."""
    deadline = time.monotonic() + settings.calendars.timeout_seconds
    limits = _limits(settings)
    window = _window(settings, deadline)
    if calendar.kind == "caldav":
        password = unseal(settings.calendars.key, calendar.password_sealed)
        auth = (calendar.username, password) if calendar.username else None
        tag = await caldav.collection_tag(calendar.url, auth, limits)
        if tag and tag == calendar.version_tag and _recently_parsed(calendar):
            return None, tag
        documents = await caldav.calendar_objects(calendar.url, auth, window.lo, window.hi,
                                                  limits)
    else:
        headers = {"Accept": "text/calendar"}
        if _recently_parsed(calendar):
            headers["If-None-Match"] = calendar.version_tag
        answer = await fetch("GET", calendar.url, limits, headers=headers)
        if answer.status == 304:
            return None, calendar.version_tag
        if answer.status in (401, 403):
            raise CalendarProblem("unauthorised")
        if answer.status != 200:
            raise CalendarProblem("http_status", str(answer.status))
        tag, documents = answer.headers.get("etag", "")[:500], [answer.body]
    left = max(1.0, deadline - time.monotonic())
    return await PARSER.parse(documents, window, left), tag


async def _stored(calendar: HostCalendar, busy: list[BusyTime] | None, tag: str,
                  settings: Settings) -> None:
    now = datetime.now(UTC)
    fields = dict(status="ok", error_code="", last_read=now, last_attempt=now,
                  version_tag=tag, claimed_until=None,
                  next_read_at=now + timedelta(minutes=settings.calendars.refresh_min))
    if busy is not None:
        fields["parsed_at"] = now
    async with transaction():
        if busy is not None:
            await HostBusy.filter(calendar_id=calendar.id).delete()
            await HostBusy.bulk_create([
                HostBusy(calendar_id=calendar.id, host_id=calendar.host_id,  # type: ignore[attr-defined]
                         start=b.start, end=b.end,
                         title=b.title if calendar.share_titles else "")
                for b in busy], batch_size=500)
            await bump_change_counter()
        await HostCalendar.filter(id=calendar.id).update(**fields)


async def _failed(calendar: HostCalendar, problem: CalendarProblem, settings: Settings) -> None:
    now = datetime.now(UTC)
    log.warning("calendar %s of host %s not read: %s", calendar.id,
                calendar.host_id, problem.code)  # type: ignore[attr-defined]
    await HostCalendar.filter(id=calendar.id).update(
        status="error", error_code=problem.stored[:64], last_attempt=now, claimed_until=None,
        next_read_at=now + timedelta(minutes=settings.calendars.refresh_min))


async def run_calendar_reader(settings: Settings, every: float = 30.0) -> None:
    """The background loop of the app's lifespan."""
    try:
        while True:
            try:
                await read_due(settings)
            except Exception:  # noqa: BLE001 - the loop must outlive any one bad round
                log.exception("calendar round failed")
            await asyncio.sleep(every)
    finally:
        PARSER.close()
