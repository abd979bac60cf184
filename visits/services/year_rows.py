"""The database reads behind a year's figures (SPEC §7.6, §7.9): each one statement that
the database groups, over the year's rows only, read by covering indexes (migration 0018:
`stop(start, visit_id)` finds the visits that touch the year, `stop(visit_id, status,
start)` dates them). Rows come back as the driver gives them, without the ORM's
conversion of every value: at 20,000 visits parsing datetimes one by one cost more than
the queries. Every value is a parameter; only fixed SQL and placeholders are joined.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tortoise import connections

from visits.models import LIVE_STOP_STATUSES


async def _rows(sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """`sql` with its parameters written `{0}`, `{1}` …, in the marks of the database."""
    db = connections.get("default")
    postgres = db.capabilities.dialect == "postgres"
    marks = [f"${n}" if postgres else f"?{n}" for n in range(1, len(params) + 1)]
    _, rows = await db.execute_query(sql.format(*marks), list(params))
    return [tuple(row) for row in rows]


def moment(value: Any) -> datetime:
    """PostgreSQL hands back datetimes; SQLite, the ISO text Tortoise stored (UTC)."""
    found = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)


_TOUCHING = "SELECT t.visit_id FROM stop t WHERE t.start >= {0} AND t.start < {1}"
_LIVE = "(" + ", ".join(f"'{s}'" for s in LIVE_STOP_STATUSES) + ")"


async def visits_touching(lo: datetime, hi: datetime) -> list[tuple[int, int, bool, Any]]:
    """(visit, delegation, cancelled, first stop) of every visit with a stop in [lo, hi).
    A live visit is dated by its stops that are not cancelled (None when all are); a
    cancelled visit's stops are all cancelled: it is dated by them all."""
    rows = await _rows(
        "SELECT g.visit_id, v.delegation_id, v.cancelled, g.all_first, g.live_first FROM "  # noqa: S608
        "(SELECT s.visit_id, MIN(s.start) all_first, "
        "MIN(CASE WHEN s.status <> 'cancelled' THEN s.start END) live_first FROM stop s "
        f"WHERE s.visit_id IN ({_TOUCHING}) GROUP BY s.visit_id) g "
        "JOIN visit v ON v.id = g.visit_id", lo.astimezone(UTC), hi.astimezone(UTC))
    return [(int(visit), int(delegation), bool(cancelled),
             all_first if cancelled else live_first)
            for visit, delegation, cancelled, all_first, live_first in rows]


async def delegations_touching(lo: datetime, hi: datetime) -> list[tuple[Any, ...]]:
    """(id, name, country, size, language) of the delegations of the visits in [lo, hi)."""
    rows = await _rows(
        "SELECT d.id, d.name, d.country, d.size, d.language FROM delegation d "  # noqa: S608
        "WHERE d.id IN (SELECT v.delegation_id FROM visit v "
        f"WHERE v.id IN ({_TOUCHING}))", lo.astimezone(UTC), hi.astimezone(UTC))
    return rows


_LIVE_STOPS = ("FROM stop s JOIN visit v ON v.id = s.visit_id WHERE s.start >= {0} "
               f"AND s.start < {{1}} AND s.status IN {_LIVE} AND v.cancelled = {{2}}")


async def stops_per_facility(lo: datetime, hi: datetime) -> list[tuple[int, int, int, int]]:
    """(facility, stops, visitors, attended) of the live stops in [lo, hi)."""
    rows = await _rows(
        "SELECT s.facility_id, COUNT(*), SUM(s.party_size), SUM(s.attendance) "  # noqa: S608
        + _LIVE_STOPS + " GROUP BY s.facility_id",
        lo.astimezone(UTC), hi.astimezone(UTC), False)
    return [(int(f), int(n), int(p or 0), int(a or 0)) for f, n, p, a in rows]


async def stops_in_order(lo: datetime, hi: datetime) -> list[tuple[int, int, int | None]]:
    """(visit, facility, attendance) of the live stops in [lo, hi), in time order: the
    annual report's places of each visit (three small numbers a row, no text)."""
    return await _rows("SELECT s.visit_id, s.facility_id, s.attendance "  # noqa: S608
                       + _LIVE_STOPS + " ORDER BY s.start, s.id",
                       lo.astimezone(UTC), hi.astimezone(UTC), False)


async def survey_scores(lo: datetime, hi: datetime) -> list[tuple[int, int, int]]:
    """(visit, score, answers) of the survey answers of the visits touching [lo, hi)."""
    rows = await _rows(
        "SELECT a.visit_id, a.overall, COUNT(*) FROM survey_answer a "  # noqa: S608
        f"WHERE a.visit_id IN ({_TOUCHING}) GROUP BY a.visit_id, a.overall",
        lo.astimezone(UTC), hi.astimezone(UTC))
    return [(int(v), int(o), int(n)) for v, o, n in rows]


async def gifts_per_direction(first: date, last: date, report_krw: int
                              ) -> list[tuple[str, int, int, int]]:
    """(direction, gifts, value, gifts worth `report_krw` or more) of the gifts handed over
    from `first` to `last`, one pass."""
    rows = await _rows(
        "SELECT g.direction, COUNT(*), SUM(g.value_krw), "
        "SUM(CASE WHEN g.value_krw >= {2} THEN 1 ELSE 0 END) FROM gift g "
        "WHERE g.day >= {0} AND g.day <= {1} GROUP BY g.direction", first, last, report_krw)
    return [(str(d), int(n), int(v or 0), int(r or 0)) for d, n, v, r in rows]


async def heads_touching(lo: datetime, hi: datetime) -> list[tuple[int, str, str, str]]:
    """(delegation, name, name in its own script, title) of the heads of the delegations
    of the visits in [lo, hi), in the order they were entered."""
    rows = await _rows(
        "SELECT m.delegation_id, m.name, m.native_name, m.title FROM delegation_member m "  # noqa: S608
        "WHERE (m.head = {2} OR m.role = 'head') AND m.delegation_id IN "
        f"(SELECT v.delegation_id FROM visit v WHERE v.id IN ({_TOUCHING})) ORDER BY m.id",
        lo.astimezone(UTC), hi.astimezone(UTC), True)
    return [(int(d), str(n), str(native or ""), str(t or "")) for d, n, native, t in rows]
