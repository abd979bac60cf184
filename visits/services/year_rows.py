"""The database reads behind a year's figures (SPEC §7.6, §7.9): each one statement that
the database groups, over the year's rows only, read by covering indexes (migration 0018:
`stop(start, visit_id)` finds the visits that touch the year, `stop(visit_id, status,
start)` dates them). Rows come back as the driver gives them, without the ORM's
conversion of every value: at 20,000 visits parsing datetimes one by one cost more than
the queries. Every value is a parameter; only fixed SQL and placeholders are joined.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from tortoise import connections

from visits.models import LIVE_STOP_STATUSES


class Ids(list[int]):
    """A list of ids sent as one parameter (never one per id): an array on PostgreSQL, JSON
    text read by `json_each` on SQLite. Written `column {n}` in the statement."""


# Joins the stop `s` to its visit `v`. PostgreSQL's planner, which cannot tell that the
# year's stops belong to a tenth as many visits, would hash the whole visit table; the
# lateral subquery (OFFSET 0 keeps it from being flattened) looks each visit up by its key.
_VISIT_OF_STOP = {
    "sqlite": "JOIN visit v ON v.id = s.visit_id",
    "postgres": "CROSS JOIN LATERAL (SELECT v.delegation_id, v.cancelled FROM visit v "
                "WHERE v.id = s.visit_id OFFSET 0) v",
}


async def _rows(sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """`sql` with its parameters written `{0}`, `{1}` …, in the marks of the database."""
    db = connections.get("default")
    postgres = db.capabilities.dialect == "postgres"
    marks, values = [], []
    for n, value in enumerate(params, start=1):
        if isinstance(value, Ids):
            marks.append(f"= ANY(${n}::int[])" if postgres
                         else f"IN (SELECT value FROM json_each(?{n}))")  # noqa: S608
            values.append(list(value) if postgres else json.dumps(list(value)))
        else:
            marks.append(f"${n}" if postgres else f"?{n}")
            values.append(value)
    sql = sql.replace("VISIT_OF_STOP", _VISIT_OF_STOP["postgres" if postgres else "sqlite"])
    _, rows = await db.execute_query(sql.format(*marks), values)
    return [tuple(row) for row in rows]


def _postgres() -> bool:
    return bool(connections.get("default").capabilities.dialect == "postgres")


def moment(value: Any) -> datetime:
    """PostgreSQL hands back datetimes; SQLite, the ISO text Tortoise stored (UTC)."""
    found = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)


_TOUCHING = "SELECT t.visit_id FROM stop t WHERE t.start >= {0} AND t.start < {1}"
_LIVE = "(" + ", ".join(f"'{s}'" for s in LIVE_STOP_STATUSES) + ")"


_FIRST_STOPS = ("MIN(s.start) all_first, "
                "MIN(CASE WHEN s.status <> 'cancelled' THEN s.start END) live_first")
# SQLite walks the year's stops by (start, visit_id), then each visit's by (visit_id,
# status, start), both from the index alone. PostgreSQL is asked the same in its own words
# (it has LATERAL): grouped with an IN, its planner hashes every stop ever.
_VISITS_TOUCHING = {
    "sqlite": "SELECT g.visit_id, v.delegation_id, v.cancelled, g.all_first, g.live_first "  # noqa: S608
              f"FROM (SELECT s.visit_id, {_FIRST_STOPS} FROM stop s "
              f"WHERE s.visit_id IN ({_TOUCHING}) GROUP BY s.visit_id) g "
              "JOIN visit v ON v.id = g.visit_id",
    "postgres": "SELECT t.visit_id, v.delegation_id, v.cancelled, f.all_first, f.live_first "  # noqa: S608
                f"FROM ({_TOUCHING} GROUP BY t.visit_id) t CROSS JOIN LATERAL "
                "(SELECT v.delegation_id, v.cancelled FROM visit v "
                "WHERE v.id = t.visit_id OFFSET 0) v CROSS JOIN LATERAL "
                f"(SELECT {_FIRST_STOPS} FROM stop s WHERE s.visit_id = t.visit_id) f",
}


async def visits_touching(lo: datetime, hi: datetime) -> list[tuple[int, int, bool, Any]]:
    """(visit, delegation, cancelled, first stop) of every visit with a stop in [lo, hi).
    A live visit is dated by its stops that are not cancelled (None when all are); a
    cancelled visit's stops are all cancelled: it is dated by them all."""
    rows = await _rows(_VISITS_TOUCHING["postgres" if _postgres() else "sqlite"],
                       lo.astimezone(UTC), hi.astimezone(UTC))
    return [(int(visit), int(delegation), bool(cancelled),
             all_first if cancelled else live_first)
            for visit, delegation, cancelled, all_first, live_first in rows]


async def delegations(ids: list[int]) -> list[tuple[Any, ...]]:
    """(id, name, country, size, language) of these delegations."""
    return await _rows("SELECT d.id, d.name, d.country, d.size, d.language FROM delegation d "
                       "WHERE d.id {0}", Ids(ids))


_LIVE_STOPS = ("FROM stop s VISIT_OF_STOP WHERE s.start >= {0} "
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


async def survey_scores(visit_ids: list[int]) -> list[tuple[int, int]]:
    """(score, answers) of the survey answers of these visits."""
    rows = await _rows("SELECT a.overall, COUNT(*) FROM survey_answer a "
                       "WHERE a.visit_id {0} GROUP BY a.overall", Ids(visit_ids))
    return [(int(o), int(n)) for o, n in rows]


async def gifts_per_direction(first: date, last: date, report_krw: int
                              ) -> list[tuple[str, int, int, int]]:
    """(direction, gifts, value, gifts worth `report_krw` or more) of the gifts handed over
    from `first` to `last`, one pass."""
    rows = await _rows(
        "SELECT g.direction, COUNT(*), SUM(g.value_krw), "
        "SUM(CASE WHEN g.value_krw >= {2} THEN 1 ELSE 0 END) FROM gift g "
        "WHERE g.day >= {0} AND g.day <= {1} GROUP BY g.direction", first, last, report_krw)
    return [(str(d), int(n), int(v or 0), int(r or 0)) for d, n, v, r in rows]


async def heads(delegation_ids: list[int]) -> list[tuple[int, str, str, str]]:
    """(delegation, name, name in its own script, title) of the heads of these
    delegations, in the order they were entered."""
    rows = await _rows(
        "SELECT m.delegation_id, m.name, m.native_name, m.title FROM delegation_member m "
        "WHERE (m.head = {1} OR m.role = 'head') AND m.delegation_id {0} ORDER BY m.id",
        Ids(delegation_ids), True)
    return [(int(d), str(n), str(native or ""), str(t or "")) for d, n, native, t in rows]
