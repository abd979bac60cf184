"""What the dashboards show: stops in a period, stops awaiting answers, declines, new visit
requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from visits.models import Stop, VisitRequest
from visits.services import MAX_ID
from visits.services.paging import bad_cursor, decode_cursor, encode_cursor
from visits.settings import Settings


def local_day_bounds(settings: Settings, first: date, last: date) -> tuple[datetime, datetime]:
    """In UTC: SQLite compares the stored UTC text with the text of the bound, so a bound
    at +09:00 would take in the next day's stops before 09:00."""
    tz = settings.timezone
    return (datetime.combine(first, time.min, tz).astimezone(UTC),
            datetime.combine(last + timedelta(days=1), time.min, tz).astimezone(UTC))


@dataclass(frozen=True)
class Named:
    name: Any


@dataclass(frozen=True)
class VisitLine:
    delegation: Named


@dataclass(frozen=True)
class StopLine:
    """What the officer's dashboard shows of a stop, read as these columns alone: whole
    rows of the stop, facility, host, visit and delegation would cost ten datetimes to
    parse each (on SQLite, most of the page's time)."""

    id: int
    visit_id: int
    start: datetime
    end: datetime
    status: str
    decline_reason: str
    facility: Named
    host: Named
    visit: VisitLine


_LINE = ("id", "visit_id", "start", "end", "status", "decline_reason", "facility__name",
         "host__name", "visit__delegation__name")


async def _lines(query: QuerySet[Stop]) -> list[StopLine]:
    rows = await query.values_list(*_LINE)
    return [StopLine(ident, visit_id, start, end, status, reason, Named(facility), Named(host),
                     VisitLine(Named(delegation)))
            for ident, visit_id, start, end, status, reason, facility, host, delegation in rows]


async def week_lines(settings: Settings, first: date, last: date) -> list[StopLine]:
    """The live and declined stops between two local days, of visits not cancelled."""
    lo, hi = local_day_bounds(settings, first, last)
    return await _lines(Stop.filter(
        start__gte=lo, start__lt=hi, status__in=("requested", "accepted", "declined"),
        visit__cancelled=False).order_by("start", "id"))


async def soonest_lines(status: str, limit: int) -> list[StopLine]:
    """The soonest stops to come in `status` (requested: awaiting the host's answer;
    declined), at most `limit` (index `stop(status, start)`)."""
    return await _lines(Stop.filter(
        status=status, start__gte=datetime.now(UTC), visit__cancelled=False
    ).order_by("start", "id").limit(limit))


@dataclass(frozen=True)
class HostStops:
    """A page of a host's coming stops, and how many there are in all."""

    items: list[Stop]
    next: str | None
    total: int


async def host_stops(host_id: int, statuses: tuple[str, ...], limit: int, cursor: str | None,
                     days: int | None = None) -> HostStops:
    """The host's coming stops in `statuses` (of visits not cancelled, within `days` when
    given), soonest first, a page at a time: ordered by (start, id) and walked from the
    cursor along the index `stop(host_id, start)`, so a stop booked meanwhile takes its own
    place and never shifts the page after the cursor."""
    now = datetime.now(UTC)
    query = Stop.filter(host_id=host_id, status__in=statuses, start__gte=now,
                        visit__cancelled=False)
    if days is not None:
        query = query.filter(start__lt=now + timedelta(days=days))
    page = query
    if cursor:
        start, ident = _stop_key(cursor)
        page = query.filter(Q(start__gt=start) | Q(start=start, id__gt=ident))
    rows = await page.order_by("start", "id").limit(limit + 1).select_related(
        "facility", "host", "visit__delegation")
    shown = rows[:limit]
    following = None
    if len(rows) > limit:
        last = shown[-1]
        following = encode_cursor((last.start - EPOCH) // timedelta(microseconds=1), last.id)
    # Counted along the index alone: cancelling a visit cancels its stops in the same
    # transaction (services.visits.cancel_visit), so no stop in `statuses` belongs to a
    # cancelled visit, and a join of every visit (PostgreSQL hashed them all) is not needed.
    counted = Stop.filter(host_id=host_id, status__in=statuses, start__gte=now)
    if days is not None:
        counted = counted.filter(start__lt=now + timedelta(days=days))
    return HostStops(shown, following, await counted.count())


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _stop_key(cursor: str) -> tuple[datetime, int]:
    micros, ident = decode_cursor(cursor, 2)
    try:
        key = EPOCH + timedelta(microseconds=int(micros)), int(ident)
    except (ValueError, OverflowError):
        raise bad_cursor() from None
    if not 1 <= key[1] <= MAX_ID:
        raise bad_cursor()
    return key


async def new_requests() -> int:
    """Visit requests no officer has taken up yet."""
    return await VisitRequest.filter(status="new").count()


ANSWERED = ("confirmed", "changes_requested")


async def answered_requests(limit: int = 10) -> list[VisitRequest]:
    """Requests whose contact answered a proposal (confirmed, or asked for changes), the
    latest answer first, with their messages: what the dashboard shows."""
    return await VisitRequest.filter(status__in=ANSWERED).order_by(
        "-updated_at", "-id").limit(limit).prefetch_related("request_notes")
