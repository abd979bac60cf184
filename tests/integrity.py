"""What "nothing half written" means in this schema: a booking writes its visit, its
stops, an audit event and one outbox mail per stop in one transaction (a publish: its
version, an audit event and the contact's mail), so none of these rows may exist without
its partners (after a crash, a restore, anything)."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise


async def half_written() -> dict[str, list[Any]]:
    """Rows that a booking writes together, found without their partners."""
    queries = {
        "visit without stops": "SELECT v.id FROM visit v WHERE NOT EXISTS "
                               "(SELECT 1 FROM stop s WHERE s.visit_id = v.id)",
        "stop without visit": "SELECT s.id FROM stop s WHERE NOT EXISTS "
                              "(SELECT 1 FROM visit v WHERE v.id = s.visit_id)",
        "visit without its audit event": "SELECT v.id FROM visit v WHERE NOT EXISTS "
            "(SELECT 1 FROM audit_event a WHERE a.entity = 'visit' AND a.action = 'create' "
            "AND a.entity_id = v.id)",
        "audit event of no visit": "SELECT a.id FROM audit_event a WHERE a.entity = 'visit' "
            "AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.id = a.entity_id)",
        "stop without its mail": "SELECT s.id FROM stop s WHERE NOT EXISTS "
            "(SELECT 1 FROM outbox_message m WHERE m.stop_id = s.id)",
        "mail of no visit": "SELECT m.id FROM outbox_message m WHERE m.visit_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.id = m.visit_id)",
        "mail of no stop": "SELECT m.id FROM outbox_message m WHERE m.stop_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM stop s WHERE s.id = m.stop_id)",
        # Publishing writes the version, its audit event and the contact's mail together.
        "version without its audit event": "SELECT vv.id FROM visit_version vv WHERE NOT "
            "EXISTS (SELECT 1 FROM audit_event a WHERE a.entity = 'visit' AND a.action = "
            "'publish' AND a.entity_id = vv.visit_id)",
    }
    connection = Tortoise.get_connection("default")
    found = {what: (await connection.execute_query(sql))[1] for what, sql in queries.items()}
    return {what: [tuple(row) for row in rows] for what, rows in found.items() if rows}
