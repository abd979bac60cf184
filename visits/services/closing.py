"""Closing a visit after its day (SPEC §7.6): who came to each stop, the officer's notes;
the visit is then `completed`. And the visits still waiting to be closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tortoise.functions import Min

from visits import store
from visits.audit import record_change
from visits.auth import Principal
from visits.contract.after import VisitClose
from visits.errors import Conflict
from visits.models import LIVE_STOP_STATUSES, Stop, Visit
from visits.services import get_or_404, unknown
from visits.services.overview import local_day_bounds
from visits.settings import Settings

# The dashboard lists visits of this many past days that nobody has closed yet.
CLOSING_WINDOW = timedelta(days=90)
WAITING_SHOWN = 20


async def first_day(settings: Settings, visit: Visit) -> date | None:
    """The local date of the visit's first stop (None for a visit without stops)."""
    starts = await Stop.filter(visit_id=visit.id).order_by("start").limit(1).values_list(
        "start", flat=True)
    return starts[0].astimezone(settings.timezone).date() if starts else None


async def check_day_reached(settings: Settings, visit: Visit) -> date:
    """The visit's first day, when it has come; else 409 `visit_not_yet`."""
    day = await first_day(settings, visit)
    today = datetime.now(settings.timezone).date()
    if day is None or day > today:
        raise Conflict("The visit has not taken place yet: it can be closed from {day} on.",
                       code="visit_not_yet", day=(day or today).isoformat())
    return day


async def close_visit(actor: Principal, settings: Settings, visit_id: int,
                      body: VisitClose) -> Visit:
    """Attendance per stop and the notes; closing again corrects them (closed_at stays)."""
    visit = await get_or_404(Visit, visit_id, "visit")
    if visit.cancelled:
        raise Conflict("The visit was cancelled: there is nothing to close.",
                       code="visit_cancelled")
    await check_day_reached(settings, visit)
    stops = {s.id: s for s in await Stop.filter(visit_id=visit.id)}
    for i, entry in enumerate(body.attendance):
        if entry.stop_id not in stops:
            raise unknown("stop", entry.stop_id, f"attendance[{i}].stop_id")
    async with store.transaction():
        now = datetime.now(UTC)
        before = _closing(visit, stops.values())
        for entry in body.attendance:
            stops[entry.stop_id].attendance = entry.count
            await Stop.filter(id=entry.stop_id).update(attendance=entry.count, updated_at=now)
        visit.closed_at = visit.closed_at or now
        visit.closing_notes = body.notes
        await Visit.filter(id=visit.id).update(closed_at=visit.closed_at,
                                               closing_notes=body.notes, updated_at=now)
        await record_change(actor, "visit", visit.id, "close", visit_id=visit.id,
                            before=before, after=_closing(visit, stops.values()))
    return visit


def _closing(visit: Visit, stops: Any) -> dict[str, Any]:
    return {"closed": visit.closed_at is not None, "notes": visit.closing_notes,
            "attendance": {str(s.id): s.attendance for s in stops}}


@dataclass(frozen=True)
class WaitingVisit:
    visit_id: int
    day: date
    delegation: Any  # multilingual name


async def waiting_to_close(settings: Settings) -> tuple[int, list[WaitingVisit]]:
    """(how many, the latest few) visits of the closing window whose day has come and that
    are not closed: one grouped query over the window's stops, never the whole history."""
    today = datetime.now(settings.timezone).date()
    lo, hi = local_day_bounds(settings, today - CLOSING_WINDOW, today)
    rows = await (
        Stop.filter(start__gte=lo, start__lt=hi, status__in=LIVE_STOP_STATUSES,
                    visit__cancelled=False, visit__closed_at__isnull=True)
        .annotate(first=Min("start")).group_by("visit_id")
        .order_by("-first").values_list("visit_id", "first")
    )
    names = dict(await Visit.filter(id__in=[v for v, _ in rows[:WAITING_SHOWN]])
                 .values_list("id", "delegation__name"))
    tz = settings.timezone
    shown = [WaitingVisit(v, store_moment(first).astimezone(tz).date(), names.get(v))
             for v, first in rows[:WAITING_SHOWN]]
    return len(rows), shown


def store_moment(value: Any) -> datetime:
    """An aggregate's datetime: some drivers hand MIN() back as text, or without a zone."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
