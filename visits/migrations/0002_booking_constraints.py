"""Constraints the database itself enforces, whatever the application does.

PostgreSQL: an exclusion constraint forbids two live stops of one host whose occupancy
(start until end plus buffer) overlaps (SPEC §3 rule 3), plus sanity checks on stops.
SQLite cannot add constraints to existing tables; there the booking transaction's leading
write (visits.store.lock_for_booking) serialises bookings instead.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE stop ADD CONSTRAINT stop_host_no_overlap EXCLUDE USING gist (
           host_id WITH =, tstzrange(start, occupied_until, '[)') WITH &&
       ) WHERE (status IN ('requested', 'accepted'))""",
    """ALTER TABLE stop ADD CONSTRAINT stop_sane CHECK (
           "end" > start AND occupied_until >= "end" AND party_size > 0
           AND status IN ('requested', 'accepted', 'declined', 'cancelled'))""",
    "ALTER TABLE facility ADD CONSTRAINT facility_sane CHECK (capacity > 0 AND buffer_min >= 0)",
]
POSTGRES_DOWN = [
    "ALTER TABLE facility DROP CONSTRAINT facility_sane",
    "ALTER TABLE stop DROP CONSTRAINT stop_sane",
    "ALTER TABLE stop DROP CONSTRAINT stop_host_no_overlap",
]


def _on_postgres(statements):
    async def run(apps, schema_editor):
        if schema_editor.client.capabilities.dialect != "postgres":
            return
        for sql in statements:
            await schema_editor.client.execute_script(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial")]

    operations = [
        ops.RunPython(_on_postgres(POSTGRES_UP), _on_postgres(POSTGRES_DOWN)),
    ]
