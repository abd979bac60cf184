"""Migrations upgrade a database already in use: rows written before a migration survive it.

The suite's own database is migrated while empty, where SQLite and PostgreSQL accept an
added NOT NULL column without a default; a deployed database has rows, and refuses it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate

from tests.environment import make_settings
from visits.cli import run_migrations
from visits.settings import Settings


async def _migrate_to(settings: Settings, target: str) -> None:
    try:
        await migrate(config=settings.tortoise_config(), target=target)
    finally:
        await Tortoise.close_connections()


def test_user_names_arrive_on_a_database_with_users(tmp_path: Path) -> None:
    database = tmp_path / "in-use.sqlite3"
    settings = make_settings(f"sqlite://{database}", tmp_path / "data")
    asyncio.run(_migrate_to(settings, "visits.0004_change_counter"))
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO app_user (created_at, updated_at, email, password_hash, role, "
                   "is_active, failed_logins) VALUES (CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
                   "'officer@example.kr', 'x', 'officer', 1, 0)")

    asyncio.run(run_migrations(settings))

    with sqlite3.connect(database) as db:
        assert db.execute("SELECT email, name FROM app_user").fetchall() == [
            ("officer@example.kr", "")]


def test_tokens_and_change_log_survive_the_removed_lock_columns(tmp_path: Path) -> None:
    """0006 drops app_user's lock columns: rebuilding the table on SQLite (Tortoise's way to
    remove a column) would delete every token and blank every change-log author through the
    foreign keys."""
    database = tmp_path / "in-use.sqlite3"
    settings = make_settings(f"sqlite://{database}", tmp_path / "data")
    asyncio.run(_migrate_to(settings, "visits.0005_user_name"))
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO app_user (id, created_at, updated_at, email, name, password_hash, "
                   "role, is_active, failed_logins) VALUES (7, CURRENT_TIMESTAMP, "
                   "CURRENT_TIMESTAMP, 'officer@example.kr', '박지현', 'x', 'officer', 1, 0)")
        db.execute("INSERT INTO api_token (user_id, token_hash, created_at, expires_at) "
                   "VALUES (7, 'digest', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
        db.execute("INSERT INTO audit_event (at, actor_id, actor_email, action, entity, entity_id) "
                   "VALUES (CURRENT_TIMESTAMP, 7, 'officer@example.kr', 'create', 'visit', 1)")

    asyncio.run(run_migrations(settings))

    with sqlite3.connect(database) as db:
        assert db.execute("SELECT id, email, name FROM app_user").fetchall() == [
            (7, "officer@example.kr", "박지현")]
        assert db.execute("SELECT user_id, token_hash FROM api_token").fetchall() == [
            (7, "digest")]
        assert db.execute("SELECT actor_id FROM audit_event").fetchall() == [(7,)]
        columns = {row[1] for row in db.execute("PRAGMA table_info(app_user)")}
        assert not columns & {"failed_logins", "locked_until"}


def test_members_recorded_before_roles_keep_their_head(tmp_path: Path) -> None:
    """0008 gives members a role: the head recorded as `head` becomes role "head", the
    others "member", and their names stay."""
    database = tmp_path / "in-use.sqlite3"
    settings = make_settings(f"sqlite://{database}", tmp_path / "data")
    asyncio.run(_migrate_to(settings, "visits.0007_idempotency_outbox"))
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO delegation (id, created_at, updated_at, name, country, city, "
                   "language, size, contact_name, contact_email, notes) VALUES (1, "
                   "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '{\"ja\":\"静岡市\"}', 'JP', "
                   "'Shizuoka', 'ja', 3, '佐藤', 'sato@example.jp', '')")
        db.executemany("INSERT INTO delegation_member (delegation_id, position, name, title, "
                       "head) VALUES (1, ?, ?, '', ?)", [(0, "田中一郎", 1), (1, "佐藤花子", 0)])

    asyncio.run(run_migrations(settings))

    with sqlite3.connect(database) as db:
        assert db.execute("SELECT name, role, head, languages, family_name FROM "
                          "delegation_member ORDER BY position").fetchall() == [
            ("田中一郎", "head", 1, "[]", ""), ("佐藤花子", "member", 0, "[]", "")]
