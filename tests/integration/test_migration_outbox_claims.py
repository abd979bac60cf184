"""0007_idempotency_outbox on a database in use: queued mail survives, unclaimed, and is
still sent; the idempotency table arrives empty."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate

from tests.environment import make_settings
from visits.cli import run_migrations


async def _migrate_to_0005(config: dict[str, object]) -> None:
    try:
        await migrate(config=config, target="visits.0005_user_name")
    finally:
        await Tortoise.close_connections()


def test_queued_mail_survives_the_migration_unclaimed(tmp_path: Path) -> None:
    database = tmp_path / "in-use.sqlite3"
    settings = make_settings(f"sqlite://{database}", tmp_path / "data")
    asyncio.run(_migrate_to_0005(settings.tortoise_config()))
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO outbox_message (created_at, to_email, subject, body, ics, "
                   "ics_method, attempts, last_error) VALUES (CURRENT_TIMESTAMP, "
                   "'host@example.kr', 's', 'b', '', '', 12, 'down')")

    asyncio.run(run_migrations(settings))

    with sqlite3.connect(database) as db:
        assert db.execute("SELECT attempts, claimed_until, sent_at FROM outbox_message"
                          ).fetchall() == [(12, None, None)]
        assert db.execute("SELECT count(*) FROM idempotency_key").fetchone() == (0,)
