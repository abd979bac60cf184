"""Loads what the scheduling rules read (visits.domain objects) from the database, and takes
the row locks that make the rules hold when requests race.

Locking works the same on both databases: the transaction's first statements are UPDATEs of
the facility and host rows concerned, in id order. On PostgreSQL these are row locks held to
commit; on SQLite the first write takes the database's write lock, so a racing transaction
(another worker process) waits instead of reading stale bookings.
"""

from __future__ import annotations

import logging
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
from visits.errors import ClientGone
from visits.models import (
    LIVE_STOP_STATUSES,
    Facility,
    Host,
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
    )


def to_domain_host(host: Host) -> domain.Host:
    """Needs `facilities` and `time_off` fetched."""
    return domain.Host(
        id=host.id,
        facility_ids=frozenset(f.id for f in host.facilities if f.is_active),
        weekly=_windows(host.weekly),
        time_off=tuple(domain.Interval(t.start, t.end) for t in host.time_off),
        languages=tuple(host.languages),
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
    *, ids: Iterable[int] = (), facility_ids: Iterable[int] = ()
) -> dict[int, domain.Host]:
    """Hosts by id, plus every host linked to the given facilities."""
    query = Q(id__in=list(ids)) | Q(facilities__id__in=list(facility_ids))
    rows = await Host.filter(query).distinct().prefetch_related("facilities", "time_off")
    return {h.id: to_domain_host(h) for h in rows}


async def load_bookings(
    facility_ids: Iterable[int], host_ids: Iterable[int], lo: datetime, hi: datetime
) -> list[domain.Booking]:
    """Live stops at those facilities or with those hosts whose occupancy meets [lo, hi).

    A month of a busy facility is thousands of rows. Tortoise's own result conversion
    parses SQLite's datetimes with a pure-Python ISO parser (about 30 µs each, 190 ms for
    2,000 stops: fifty times the availability search), so the ORM builds the query and
    the rows are converted here with the C `datetime.fromisoformat`.

    `start >= lo - LONGEST_OCCUPANCY` bounds the index range from below: without it every
    booking read the facility's and host's whole past (`occupied_until` has no index).
    The bounds go in UTC, as SQLite holds the times (it compares their text).
    """
    lo, hi = lo.astimezone(UTC), hi.astimezone(UTC)
    query = Stop.filter(
        Q(facility_id__in=list(facility_ids)) | Q(host_id__in=list(host_ids)),
        status__in=LIVE_STOP_STATUSES,
        start__gte=lo - LONGEST_OCCUPANCY,
        start__lt=hi,
        occupied_until__gt=lo,
    ).order_by("start").values_list(*_BOOKING_COLUMNS)
    rows = await _raw_rows(query)
    out = []
    for stop_id, visit_id, facility_id, host_id, start, end, party, occupied in rows:
        start, end, occupied = _aware(start), _aware(end), _aware(occupied)
        out.append(domain.Booking(stop_id, visit_id, facility_id, host_id, start, end, party,
                                  occupied - end))
    return out


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
        now=datetime.now(UTC),
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
