"""Shared fixtures: one migrated database per run, emptied before each test.

SQLite by default (a file, as in production); PostgreSQL when TEST_DATABASE_URL names it.
An unreachable PostgreSQL fails the run: it is never skipped.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from tests.environment import make_settings
from visits.cli import run_migrations
from visits.settings import Settings

PG_PREFIXES = ("postgres://", "postgresql://")


def _reset_postgres(url: str) -> None:
    async def reset() -> None:
        try:
            conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1), timeout=10)
        except (OSError, asyncpg.PostgresError) as exc:
            pytest.fail(f"TEST_DATABASE_URL={url} cannot be reached: {exc}", pytrace=False)
        try:
            await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        finally:
            await conn.close()

    asyncio.run(reset())


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> None:
    """Real argon2, cheapest parameters: 0.25 s a hash would dominate the suite."""
    from argon2.profiles import CHEAPEST

    from visits.auth import use_password_parameters

    use_password_parameters(CHEAPEST)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith(PG_PREFIXES):
        _reset_postgres(url)
    elif url:
        pytest.fail(f"TEST_DATABASE_URL must name PostgreSQL, got {url!r}", pytrace=False)
    else:
        url = f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    asyncio.run(run_migrations(make_settings(url, tmp_path_factory.mktemp("data"))))
    return url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[object]:
    from tortoise.contrib.test import truncate_all_models

    from visits.app import create_app

    application = create_app(settings)
    async with application.router.lifespan_context(application):
        await truncate_all_models()
        yield application
