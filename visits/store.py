"""Loads what the scheduling rules read (visits.domain objects) from the database, and takes
the row locks that make the rules hold when requests race.

Locking works the same on both databases: the transaction's first statements are UPDATEs of
the facility and host rows concerned, in id order. On PostgreSQL these are row locks held to
commit; on SQLite the first write takes the database's write lock, so a racing transaction
(another worker process) waits instead of reading stale bookings.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F, Q
from tortoise.queryset import ValuesListQuery
from tortoise.transactions import in_transaction

from visits import domain
from visits.domain.clock import to_us
from visits.errors import ClientGone
from visits.models import (
    LIVE_STOP_STATUSES,
    ChangeCounter,
    Companion,
    CompanionAssignment,
    Facility,
    Host,
    HostBusy,
    OrgClosure,
    Stop,
    TravelTime,
    Visit,
)
from visits.settings import Settings

log = logging.getLogger("visits.store")
T = TypeVar("T")
ClientCheck = Callable[[], Awaitable[bool]]
# Whether the client that asked for the change being made has gone: set by the HTTP edge
# around each request (`watching_client`), read by `transaction` just before COMMIT.
_client_gone: ContextVar[ClientCheck | None] = ContextVar("client_gone", default=None)
_last_step: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar("last_step",
                                                                          default=None)


@contextmanager
def _scoped(var: ContextVar[T | None], value: T) -> Iterator[None]:
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)


# The moment the rules take for "now" (minimum notice): unset, the clock's. Only the demo
# sets it, to book its history as it was on the day it was booked (visits.demo).
_as_of: ContextVar[datetime | None] = ContextVar("as_of", default=None)


def as_of() -> datetime | None:
    """The moment `booked_as_of` set, if any: the `now` of the rules."""
    return _as_of.get()


def booked_as_of(moment: datetime) -> AbstractContextManager[None]:
    return _scoped(_as_of, moment)


def watching_client(is_gone: ClientCheck) -> AbstractContextManager[None]:
    return _scoped(_client_gone, is_gone)


def committing_with(step: Callable[[], Awaitable[None]]) -> AbstractContextManager[None]:
    """Run `step` inside every `transaction` of the block, as its last statement: what it
    writes is committed exactly when the change is."""
    return _scoped(_last_step, step)


@asynccontextmanager
async def transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """One transaction, rolled back instead of committed when the client that asked for it
    has gone: a client that gave up (a timeout, a closed tab) must not find its booking
    made, and its host mailed, later. The mail is an outbox row of the same transaction,
    so it goes with it."""
    async with in_transaction() as connection:
        yield connection
        is_gone = _client_gone.get()
        if is_gone is not None and await is_gone():
            log.warning("client closed the connection before commit: change rolled back")
            raise ClientGone("The connection closed before the change was saved: nothing "
                             "was changed.")
        last_step = _last_step.get()
        if last_step is not None:
            await last_step()


def _windows(rows: list[dict[str, object]]) -> tuple[domain.WeeklyWindow, ...]:
    return tuple(
        domain.WeeklyWindow(
            int(str(w["weekday"])),
            time.fromisoformat(str(w["start"])),
            time.fromisoformat(str(w["end"])),
        )
        for w in rows
    )


def to_domain_facility(facility: Facility) -> domain.Facility:
    """Needs `closures` fetched."""
    return domain.Facility(
        id=facility.id,
        capacity=facility.capacity,
        buffer=timedelta(minutes=facility.buffer_min),
        open_hours=_windows(facility.open_hours),
        closures=tuple(domain.Interval(c.start, c.end) for c in facility.closures),
        lat=facility.lat,
        lon=facility.lon,
        max_visits_per_week=facility.max_visits_per_week,
    )


def to_domain_host(host: Host, busy: Iterable[domain.BusyTime] = ()) -> domain.Host:
    """Needs `facilities` and `time_off` fetched; `busy`: from `load_busy_times`."""
    return domain.Host(
        id=host.id,
        facility_ids=frozenset(f.id for f in host.facilities if f.is_active),
        weekly=_windows(host.weekly),
        time_off=tuple(domain.Interval(t.start, t.end) for t in host.time_off),
        languages=tuple(host.languages),
        busy=tuple(busy),
    )


def to_booking(stop: Stop) -> domain.Booking:
    return domain.Booking(
        stop_id=stop.id,
        visit_id=stop.visit_id,  # type: ignore[attr-defined]
        facility_id=stop.facility_id,  # type: ignore[attr-defined]
        host_id=stop.host_id,  # type: ignore[attr-defined]
        start=stop.start,
        end=stop.end,
        party_size=stop.party_size,
        buffer=stop.occupied_until - stop.end,
    )


async def load_facilities(ids: Iterable[int]) -> dict[int, domain.Facility]:
    rows = await Facility.filter(id__in=list(ids), is_active=True).prefetch_related("closures")
    return {f.id: to_domain_facility(f) for f in rows}


async def load_hosts(
    *, ids: Iterable[int] = (), facility_ids: Iterable[int] = (),
    between: tuple[datetime, datetime] | None = None,
) -> dict[int, domain.Host]:
    """Hosts by id, plus every host linked to the given facilities, with the busy times
    of their own calendars meeting `between` (every stored one when not given)."""
    query = Q(id__in=list(ids)) | Q(facilities__id__in=list(facility_ids))
    rows = await Host.filter(query).distinct().prefetch_related("facilities", "time_off")
    busy = await load_busy_times([h.id for h in rows], between)
    return {h.id: to_domain_host(h, busy.get(h.id, ())) for h in rows}


async def load_busy_times(host_ids: list[int], between: tuple[datetime, datetime] | None
                          ) -> dict[int, list[domain.BusyTime]]:
    """Stored busy times by host, meeting `between` when given.

    Ten hosts with a 500-event calendar each are 5,000 rows: converting them on every
    slots request would cost several times the search itself. So each process keeps them
    per host with the change counter they were read at (every change to them moves it, in
    any process), reads the counter first, and reloads only hosts whose copy is older.
    """
    if not host_ids:
        return {}
    count = await _change_count()
    stale = [h for h in host_ids if h not in _BUSY or _BUSY[h][0] != count]
    if stale:
        await _reload_busy(stale, count)
    found: dict[int, list[domain.BusyTime]] = {}
    for host_id in host_ids:
        _, items, starts, longest = _BUSY[host_id]
        if between is None:
            found[host_id] = list(items)
        else:  # by start: those that may meet the window (a few more are harmless)
            first = bisect_left(starts, to_us(between[0]) - longest)
            found[host_id] = list(items[first:bisect_left(starts, to_us(between[1]))])
    return found


# host id → (change counter, busy times by start, their starts in µs, the longest in µs)
_BUSY: dict[int, tuple[int, tuple[domain.BusyTime, ...], list[int], int]] = {}


async def _change_count() -> int:
    values = await ChangeCounter.filter(id=1).values_list("value", flat=True)
    return int(values[0]) if values else 0


async def _reload_busy(host_ids: list[int], count: int) -> None:
    query = HostBusy.filter(host_id__in=host_ids).order_by("start")
    rows = await _raw_rows(query.values_list("host_id", "start", "end", "title"))
    loaded: dict[int, list[domain.BusyTime]] = {h: [] for h in host_ids}
    for host_id, start, end, title in rows:
        loaded[host_id].append(domain.BusyTime(_aware(start), _aware(end), title))
    for host_id, items in loaded.items():
        longest = max((b.span_us[1] - b.span_us[0] for b in items), default=0)
        _BUSY[host_id] = (count, tuple(items), [b.span_us[0] for b in items], longest)


async def load_bookings(
    facility_ids: Iterable[int], host_ids: Iterable[int], lo: datetime, hi: datetime
) -> list[domain.Booking]:
    """Live stops at those facilities or with those hosts whose occupancy meets [lo, hi),
    and, at a facility with a weekly quota, every stop of the weeks [lo, hi) touches
    (`quota_window`), which the quota counts.

    A month of a busy facility is thousands of rows. Tortoise's own result conversion
    parses SQLite's datetimes with a pure-Python ISO parser (about 30 µs each, 190 ms for
    2,000 stops: fifty times the availability search), so the ORM builds the query and
    the rows are converted here with the C `datetime.fromisoformat`.

    `start >= lo - LONGEST_OCCUPANCY` bounds the index range from below: without it every
    booking read the facility's and host's whole past (`occupied_until` has no index).
    The bounds go in UTC, as SQLite holds the times (it compares their text).
    """
    lo, hi = lo.astimezone(UTC), hi.astimezone(UTC)
    facility_ids = list(facility_ids)
    near = Q(facility_id__in=facility_ids) | Q(host_id__in=list(host_ids))
    window = Q(near, start__gte=lo - LONGEST_OCCUPANCY, start__lt=hi, occupied_until__gt=lo)
    capped = await capped_facility_ids(facility_ids)
    if capped:
        first, last = quota_window(lo, hi)
        window |= Q(facility_id__in=capped, start__gte=first, start__lt=last)
    query = Stop.filter(window, status__in=LIVE_STOP_STATUSES).order_by("start").values_list(
        *_BOOKING_COLUMNS)
    rows = await _raw_rows(query)
    out = []
    for stop_id, visit_id, facility_id, host_id, start, end, party, occupied in rows:
        start, end, occupied = _aware(start), _aware(end), _aware(occupied)
        out.append(domain.Booking(stop_id, visit_id, facility_id, host_id, start, end, party,
                                  occupied - end))
    return out


async def capped_facility_ids(facility_ids: list[int]) -> list[int]:
    """Those of the facilities that have a weekly quota."""
    if not facility_ids:
        return []
    return await Facility.filter(id__in=facility_ids,
                                 max_visits_per_week__isnull=False).values_list("id", flat=True)


def quota_window(lo: datetime, hi: datetime) -> tuple[datetime, datetime]:
    """Instants that hold every week (Monday to Sunday, in any zone) meeting [lo, hi): a
    week is about seven days long, so a week meeting the span lies within eight days of it."""
    return lo - QUOTA_WEEK, hi + QUOTA_WEEK


QUOTA_WEEK = timedelta(days=8)  # a week and a day: weeks across a clock change run 7 d ± 1 h


# A stop lasts at most a day and its facility's buffer at most a day (the contract's
# `Minutes`, `NonNegativeMinutes`): no occupancy reaches further from its start.
LONGEST_OCCUPANCY = timedelta(days=2)
_BOOKING_COLUMNS = ("id", "visit_id", "facility_id", "host_id", "start", "end", "party_size",
                    "occupied_until")


async def _raw_rows(query: ValuesListQuery[Any]) -> list[Any]:
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    _, rows = await query._db.execute_query(sql, params)
    return [tuple(row) for row in rows]


def _aware(value: datetime | str) -> datetime:
    """PostgreSQL hands back datetimes; SQLite, the ISO text Tortoise stored (UTC)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def load_policy(settings: Settings, first: date, last: date) -> domain.Policy:
    """Public holidays and organisation closures between two local dates, and `now`."""
    closed: dict[date, str] = {}
    if settings.holiday_country == "KR":
        holidays = domain.korean_public_holidays(range(first.year, last.year + 1))
        closed.update({d: name for d, name in holidays.items() if first <= d <= last})
    for closure in await OrgClosure.filter(day__gte=first, day__lte=last):
        closed[closure.day] = closure.reason or "closed"
    return domain.Policy(
        tz=settings.timezone,
        closed_dates=frozenset(closed),
        min_notice=settings.min_notice,
        now=_as_of.get() or datetime.now(UTC),
        closed_reasons=closed,
    )


async def load_travel_table() -> dict[frozenset[int], int]:
    rows = await TravelTime.all().values_list("facility_a_id", "facility_b_id", "minutes")
    return {frozenset((a, b)): minutes for a, b, minutes in rows}


async def lock_for_booking(facility_ids: Iterable[int], host_ids: Iterable[int]) -> None:
    """Serialise bookings that touch these facilities or hosts (see the module docstring).

    One row at a time in id order, so two transactions never wait on each other in a cycle.
    """
    for facility_id in sorted(set(facility_ids)):
        await Facility.filter(id=facility_id).update(lock_version=F("lock_version") + 1)
    for host_id in sorted(set(host_ids)):
        await Host.filter(id=host_id).update(lock_version=F("lock_version") + 1)


async def lock_visit(visit_id: int) -> None:
    """Serialise changes to one visit as a whole, such as publishing it: a write to its row
    as the transaction's first statement (see the module docstring), changing nothing."""
    await Visit.filter(id=visit_id).update(cancelled=F("cancelled"))


def to_domain_companion(companion: Companion) -> domain.Companion:
    """Needs `time_off` fetched."""
    return domain.Companion(
        id=companion.id,
        kind=companion.kind,
        weekly=_windows(companion.weekly),
        time_off=tuple(domain.Interval(t.start, t.end) for t in companion.time_off),
        languages=tuple(companion.languages),
        seats=companion.seats,
    )


async def load_companions(ids: Iterable[int] | None = None) -> dict[int, domain.Companion]:
    """Companions by id; every companion when `ids` is None."""
    query = Companion.all() if ids is None else Companion.filter(id__in=list(ids))
    rows = await query.prefetch_related("time_off")
    return {c.id: to_domain_companion(c) for c in rows}


async def load_assignments(companion_ids: Iterable[int] | None, lo: datetime,
                           hi: datetime) -> list[domain.Assignment]:
    """Live assignments (of those companions, or of all) meeting [lo, hi)."""
    query = CompanionAssignment.filter(live=True, start__lt=hi, end__gt=lo)
    if companion_ids is not None:
        query = query.filter(companion_id__in=list(companion_ids))
    rows = await query.order_by("start").values_list(
        "id", "companion_id", "visit_id", "start", "end")
    return [domain.Assignment(i, c, v, _aware(s), _aware(e)) for i, c, v, s, e in rows]


async def lock_companions(companion_ids: Iterable[int]) -> None:
    """Serialise assignments of these companions, as `lock_for_booking` does for hosts."""
    for companion_id in sorted(set(companion_ids)):
        await Companion.filter(id=companion_id).update(lock_version=F("lock_version") + 1)
