"""The officer's list of visit requests, a page at a time (SPEC §7.9): new requests first,
then the others, newest first within each.

A cursor names the last request shown and its group (new or not). Requests arriving
between two pages are new ones with higher ids, so they sort before the cursor and never
shift the pages that follow; each page is two index scans of at most `limit` + 1 rows.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from tortoise.queryset import QuerySet

from visits.errors import Invalid
from visits.models import VisitRequest
from visits.services import MAX_ID

NEW, OTHERS = 0, 1


@dataclass(frozen=True)
class Page:
    items: list[VisitRequest]
    next: str | None


def encode_cursor(group: int, request_id: int) -> str:
    return base64.urlsafe_b64encode(f"{group}:{request_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        group, request_id = (int(part) for part in raw.split(":"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        group, request_id = -1, 0
    if group not in (NEW, OTHERS) or not 1 <= request_id <= MAX_ID:
        raise Invalid("This cursor was not given by this list: start again without it.",
                      code="invalid_cursor", field="cursor")
    return group, request_id


async def page_of_requests(status: str | None, limit: int, cursor: str | None) -> Page:
    group, before = decode_cursor(cursor) if cursor else (NEW, None)
    found: list[tuple[int, VisitRequest]] = []
    if group == NEW and status in (None, "new"):
        rows = await _newest(_below(VisitRequest.filter(status="new"), before), limit + 1)
        found += [(NEW, r) for r in rows]
        before = None
    if len(found) <= limit and status != "new":
        others = _below(VisitRequest.exclude(status="new"), before)
        if status is not None:
            others = others.filter(status=status)
        found += [(OTHERS, r) for r in await _newest(others, limit + 1 - len(found))]
    shown = found[:limit]
    more = len(found) > limit
    return Page([r for _, r in shown], encode_cursor(*_key(shown[-1])) if more else None)


def _below(query: QuerySet[VisitRequest], before: int | None) -> QuerySet[VisitRequest]:
    return query if before is None else query.filter(id__lt=before)


def _key(item: tuple[int, VisitRequest]) -> tuple[int, int]:
    return item[0], item[1].id


async def _newest(query: QuerySet[VisitRequest], count: int) -> list[VisitRequest]:
    return await query.order_by("-id").limit(count).prefetch_related("request_notes")
