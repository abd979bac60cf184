"""The gifts register (SPEC §7.6): gifts received from and given to delegations.

A received gift worth `GIFT_REPORT_KRW` or more must be reported under the public-service
ethics rules: the register flags it. Lists are read a page at a time, by id, so a page
costs what it shows and gifts added meanwhile never shift the pages after it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date

from visits import store
from visits.audit import record_change
from visits.auth import Principal
from visits.contract.after import GiftCreate
from visits.errors import Conflict, Invalid
from visits.models import Gift, Visit
from visits.services import MAX_ID, get_or_404
from visits.services.closing import first_day
from visits.settings import Settings


def report_required(settings: Settings, gift: Gift) -> bool:
    return (gift.direction == "received" and gift.value_krw is not None
            and gift.value_krw >= settings.gift_report_krw)


async def add_gift(actor: Principal, settings: Settings, visit_id: int, body: GiftCreate) -> Gift:
    visit = await get_or_404(Visit, visit_id, "visit")
    day = body.date or await first_day(settings, visit)
    if day is None:
        raise Conflict("The visit has no stops: give the gift's date.", code="no_date",
                       field="date")
    async with store.transaction():
        gift = await Gift.create(
            visit_id=visit.id, direction=body.direction, description=body.description,
            giver=body.giver, recipient=body.recipient, value_krw=body.value_krw, day=day)
        await record_change(actor, "gift", gift.id, "create", visit_id=visit.id, after={
            "direction": gift.direction, "description": gift.description,
            "giver": gift.giver, "recipient": gift.recipient, "value_krw": gift.value_krw,
            "date": day.isoformat()})
    return gift


async def gifts_of_visit(visit_id: int) -> list[Gift]:
    return await Gift.filter(visit_id=visit_id).order_by("day", "id")


@dataclass(frozen=True)
class GiftRow:
    gift: Gift
    delegation: object  # multilingual name
    country: str


async def page_of_gifts(year: int | None, limit: int, cursor: str | None
                        ) -> tuple[list[GiftRow], str | None]:
    query = Gift.all()
    if year is not None:
        query = query.filter(day__gte=date(year, 1, 1), day__lte=date(year, 12, 31))
    if cursor:
        query = query.filter(id__gt=_cursor_id(cursor))
    gifts = await query.order_by("id").limit(limit + 1).select_related("visit__delegation")
    more = len(gifts) > limit
    gifts = gifts[:limit]
    rows = [GiftRow(g, g.visit.delegation.name, g.visit.delegation.country) for g in gifts]
    return rows, (_cursor_of(gifts[-1].id) if more else None)


async def all_gifts(year: int | None) -> list[GiftRow]:
    """Every gift of the year (the CSV and the report): a register is a few hundred rows."""
    query = Gift.all()
    if year is not None:
        query = query.filter(day__gte=date(year, 1, 1), day__lte=date(year, 12, 31))
    gifts = await query.order_by("day", "id").select_related("visit__delegation")
    return [GiftRow(g, g.visit.delegation.name, g.visit.delegation.country) for g in gifts]


def _cursor_of(gift_id: int) -> str:
    return base64.urlsafe_b64encode(f"g:{gift_id}".encode()).decode().rstrip("=")


def _cursor_id(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        kind, _, ident = raw.partition(":")
        gift_id = int(ident) if kind == "g" and ident.isdigit() else 0
    except (ValueError, binascii.Error, UnicodeDecodeError):
        gift_id = 0
    if not 1 <= gift_id <= MAX_ID:
        raise Invalid("This cursor was not given by this list: start again without it.",
                      code="invalid_cursor", field="cursor")
    return gift_id
