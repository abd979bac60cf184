"""What the dashboards show: stops in a period, stops awaiting answers, declines, new visit
requests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from visits.models import LIVE_STOP_STATUSES, Stop, VisitRequest
from visits.settings import Settings


def local_day_bounds(settings: Settings, first: date, last: date) -> tuple[datetime, datetime]:
    """In UTC: SQLite compares the stored UTC text with the text of the bound, so a bound
    at +09:00 would take in the next day's stops before 09:00."""
    tz = settings.timezone
    return (datetime.combine(first, time.min, tz).astimezone(UTC),
            datetime.combine(last + timedelta(days=1), time.min, tz).astimezone(UTC))


async def stops_between(
    settings: Settings, first: date, last: date, *, host_id: int | None = None,
    statuses: tuple[str, ...] = ("requested", "accepted", "declined"),
) -> list[Stop]:
    lo, hi = local_day_bounds(settings, first, last)
    query = Stop.filter(start__gte=lo, start__lt=hi, status__in=statuses,
                        visit__cancelled=False)
    if host_id is not None:
        query = query.filter(host_id=host_id)
    return await query.order_by("start").select_related("facility", "host", "visit__delegation")


async def awaiting_answers(host_id: int | None = None, limit: int | None = None
                           ) -> list[Stop]:
    """The soonest first; `limit`: only so many (index `stop(status, start)`)."""
    query = Stop.filter(status="requested", start__gte=datetime.now(UTC),
                        visit__cancelled=False)
    if host_id is not None:
        query = query.filter(host_id=host_id)
    query = query.order_by("start", "id")
    query = query.limit(limit) if limit is not None else query
    return await query.select_related("facility", "host", "visit__delegation")


async def declined_upcoming(limit: int | None = None) -> list[Stop]:
    query = Stop.filter(
        status="declined", start__gte=datetime.now(UTC), visit__cancelled=False
    ).order_by("start", "id")
    query = query.limit(limit) if limit is not None else query
    return await query.select_related("facility", "host", "visit__delegation")


async def upcoming_for_host(host_id: int, days: int = 60) -> list[Stop]:
    now = datetime.now(UTC)
    return await Stop.filter(
        host_id=host_id, status__in=LIVE_STOP_STATUSES, start__gte=now,
        start__lt=now + timedelta(days=days), visit__cancelled=False,
    ).order_by("start").select_related("facility", "visit__delegation")


async def new_requests() -> int:
    """Visit requests no officer has taken up yet."""
    return await VisitRequest.filter(status="new").count()


ANSWERED = ("confirmed", "changes_requested")


async def answered_requests(limit: int = 10) -> list[VisitRequest]:
    """Requests whose contact answered a proposal (confirmed, or asked for changes), the
    latest answer first, with their messages: what the dashboard shows."""
    return await VisitRequest.filter(status__in=ANSWERED).order_by(
        "-updated_at", "-id").limit(limit).prefetch_related("request_notes")
