"""Visits a page at a time, filtered (SPEC §7.9): what `GET /api/visits`, the visit list
page and the dashboard show.

Visits are ordered by their first stop (the stop at position 0, the tour's start as
booked), then by id. The query walks the index `stop(position, start, visit_id)` from the
cursor on and stops after `limit` + 1 visits, so a page costs what it shows, not the size
of the history. A visit booked meanwhile sorts at its own place and never shifts a page
after the cursor. Each filter is a key, an `EXISTS` over a visit's own stops (index
`stop(visit_id, position)`) or a subquery of the delegations that match (found once per
page), never a list of ids; a filter that few visits pass walks the index further.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tortoise import connections

from visits.auth import Principal
from visits.models import Stop, Visit
from visits.services import MAX_ID
from visits.services.paging import Page, bad_cursor, decode_cursor, encode_cursor
from visits.settings import Settings

ORDERS = ("asc", "desc")
# A visit's status (visits.domain.status) as SQL over its own stops.
_HAS = "EXISTS (SELECT 1 FROM stop x WHERE x.visit_id = s.visit_id AND x.status = '{}')"
_LIVE = "EXISTS (SELECT 1 FROM stop x WHERE x.visit_id = s.visit_id AND x.status <> 'cancelled')"
_NEEDS = f"({_HAS.format('declined')} OR {_HAS.format('countered')})"
_OPEN = "v.cancelled = {c} AND v.closed_at IS NULL"  # neither cancelled nor closed
_STATUS_SQL = {  # {c}: the placeholder of False
    "cancelled": f"(v.cancelled <> {{c}} OR NOT {_LIVE})",
    "completed": f"v.cancelled = {{c}} AND {_LIVE} AND v.closed_at IS NOT NULL",
    "needs_attention": f"{_OPEN} AND {_NEEDS}",
    "requested": f"{_OPEN} AND NOT {_NEEDS} AND {_HAS.format('requested')}",
    "confirmed": (f"{_OPEN} AND NOT {_NEEDS} AND NOT {_HAS.format('requested')} "
                  f"AND {_HAS.format('accepted')}"),
}


@dataclass(frozen=True)
class VisitFilter:
    first: date | None = None  # the first stop on or after this local day
    last: date | None = None  # … and on or before this one
    country: str | None = None
    delegation_id: int | None = None
    facility_id: int | None = None
    status: str | None = None
    text: str | None = None  # in the delegation's names or its members' names
    order: str = "asc"
    live: bool = False  # leave out cancelled visits


class Sql:
    """Parameters in the placeholder style of the database in use."""

    def __init__(self, dialect: str) -> None:
        self.postgres = dialect == "postgres"
        self.params: list[Any] = []

    def __call__(self, value: Any) -> str:
        self.params.append(value)
        return f"${len(self.params)}" if self.postgres else "?"


def _moment(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _micros(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def _decode(cursor: str, order: str) -> tuple[datetime, int]:
    direction, visit_id, micros = decode_cursor(cursor, 3)
    try:
        ident, at = int(visit_id), int(micros)
        moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=at)
    except (ValueError, OverflowError):
        raise bad_cursor() from None
    if direction != order or not 1 <= ident <= MAX_ID:
        raise bad_cursor()
    return moment, ident


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _json_like(text: str, postgres: bool) -> str:
    """The pattern finding `text` in JSON as stored: PostgreSQL's jsonb as written,
    SQLite's text with non-ASCII escaped (\\uXXXX), as json.dumps writes it."""
    return _like(text if postgres else json.dumps(text)[1:-1])


def text_filter(sql: Sql, text: str) -> str:
    """Delegation `d` whose name (any language) or a member's name holds `text`."""
    like = "ILIKE" if sql.postgres else "LIKE"
    name = "CAST(d.name AS TEXT)" if sql.postgres else "d.name"
    in_json = sql(_json_like(text, sql.postgres))  # placeholders in the order they appear
    in_name, in_native = sql(_like(text)), sql(_like(text))
    return (f"({name} {like} {in_json} ESCAPE '\\' OR EXISTS (SELECT 1 FROM "  # noqa: S608
            "delegation_member m "
            f"WHERE m.delegation_id = d.id AND (m.name {like} {in_name} ESCAPE '\\' "
            f"OR m.native_name {like} {in_native} ESCAPE '\\')))")


def _where(sql: Sql, who: Principal, settings: Settings, wanted: VisitFilter,
           after: tuple[datetime, int] | None) -> list[str]:
    tz = settings.timezone
    where = ["s.position = 0"]
    if wanted.first is not None:
        start = datetime.combine(wanted.first, time.min, tz).astimezone(UTC)
        where.append(f"s.start >= {sql(start)}")
    if wanted.last is not None:
        end = datetime.combine(wanted.last + timedelta(days=1), time.min, tz).astimezone(UTC)
        where.append(f"s.start < {sql(end)}")
    if after is not None:
        sign = ">" if wanted.order == "asc" else "<"
        moment, ident = after
        where.append(f"(s.start {sign} {sql(moment)} OR (s.start = {sql(moment)} "
                     f"AND s.visit_id {sign} {sql(ident)}))")
    if wanted.delegation_id is not None:
        where.append(f"v.delegation_id = {sql(wanted.delegation_id)}")
    delegations = []  # one set of delegations, found once, not a test per visit
    if wanted.country is not None:
        delegations.append(f"d.country = {sql(wanted.country)}")
    if wanted.text:
        delegations.append(text_filter(sql, wanted.text))
    if delegations:
        where.append("v.delegation_id IN (SELECT d.id FROM delegation d WHERE "  # noqa: S608
                     + " AND ".join(delegations) + ")")
    if wanted.facility_id is not None:
        where.append("EXISTS (SELECT 1 FROM stop f WHERE f.visit_id = s.visit_id AND "  # noqa: S608
                     f"f.facility_id = {sql(wanted.facility_id)})")
    if not who.is_officer:
        where.append("EXISTS (SELECT 1 FROM stop h WHERE h.visit_id = s.visit_id AND "  # noqa: S608
                     f"h.host_id = {sql(who.host_id)})")
    if wanted.live:
        where.append(f"v.cancelled = {sql(False)}")
    if wanted.status is not None:
        where.append(_STATUS_SQL[wanted.status].format(c=sql(False)))
    return where


async def page_of_visits(who: Principal, settings: Settings, wanted: VisitFilter,
                         limit: int, cursor: str | None) -> Page[tuple[Visit, list[Stop]]]:
    """One page of visits with their stops (a host's: only the host's own stops)."""
    after = _decode(cursor, wanted.order) if cursor else None
    db = connections.get("default")
    sql = Sql(db.capabilities.dialect)
    where = _where(sql, who, settings, wanted, after)
    direction = "ASC" if wanted.order == "asc" else "DESC"
    # Every value is a parameter: only fixed SQL and placeholders are joined.
    query = ("SELECT s.visit_id, s.start FROM stop s JOIN visit v ON v.id = s.visit_id "  # noqa: S608
             "WHERE " + " AND ".join(where) +
             f" ORDER BY s.start {direction}, s.visit_id {direction} "
             f"LIMIT {sql(limit + 1)}")
    _, rows = await db.execute_query(query, sql.params)
    keys = [(int(row[0]), _moment(row[1])) for row in rows]
    shown, more = keys[:limit], len(keys) > limit
    ids = [visit_id for visit_id, _ in shown]
    visits = {v.id: v for v in await Visit.filter(id__in=ids)}
    stops_of: dict[int, list[Stop]] = {visit_id: [] for visit_id in ids}
    for stop in await Stop.filter(visit_id__in=ids).order_by("visit_id", "position"):
        if who.is_officer or stop.host_id == who.host_id:  # type: ignore[attr-defined]
            stops_of[stop.visit_id].append(stop)  # type: ignore[attr-defined]
    following = None
    if more and shown:
        last_id, last_start = shown[-1]
        following = encode_cursor(wanted.order, last_id, _micros(last_start))
    return Page([(visits[i], stops_of[i]) for i in ids if i in visits], following)
