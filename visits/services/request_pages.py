"""The officer's list of visit requests, a page at a time (SPEC §7.9): new requests first,
then the others, newest first within each.

A cursor names the last request shown and its group (new or not). Requests arriving
between two pages are new ones with higher ids, so they sort before the cursor and never
shift the pages that follow; each page is two index scans of at most `limit` + 1 rows.
"""

from __future__ import annotations

from tortoise.queryset import QuerySet

from visits.models import VisitRequest
from visits.services import MAX_ID
from visits.services.paging import Page, bad_cursor, decode_cursor, encode_cursor

NEW, OTHERS = 0, 1


def _decode(cursor: str) -> tuple[int, int]:
    try:
        group, request_id = (int(part) for part in decode_cursor(cursor, 2))
    except ValueError:
        raise bad_cursor() from None
    if group not in (NEW, OTHERS) or not 1 <= request_id <= MAX_ID:
        raise bad_cursor()
    return group, request_id


async def page_of_requests(status: str | None, limit: int, cursor: str | None
                           ) -> Page[VisitRequest]:
    group, before = _decode(cursor) if cursor else (NEW, None)
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
