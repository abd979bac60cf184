"""Small reads on hot paths (every API request signs in) without the ORM's query building."""

from __future__ import annotations

from typing import Any

from tortoise import connections

from visits.database.sqlite_client import BoundedSqliteClient


async def read_rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """The rows of `sql`, whose parameters are written `{0}`, `{1}` … (each database has
    its own marks), on the connection of the moment (a transaction's inside one). Outside a
    transaction SQLite answers at once on this thread when it can
    (`BoundedSqliteClient.read_at_once`)."""
    db = connections.get("default")
    if isinstance(db, BoundedSqliteClient):
        rows = db.read_at_once(sql.format(*["?"] * len(params)), params)
        if rows is not None:
            return rows
    if db.capabilities.dialect == "postgres":
        marks = [f"${n}" for n in range(1, len(params) + 1)]
    else:
        marks = ["?"] * len(params)
    _, rows = await db.execute_query(sql.format(*marks), params)
    return [tuple(row) for row in rows]
