"""SQLite's side reads (`BoundedSqliteClient.read_at_once`, issue 16 point 2): answered at once
on the calling thread, seeing every commit, never waiting for a lock (None instead, and the
caller asks through the pool), never for an in-memory database, never inside a
transaction (`read_rows` then reads through the transaction)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise import Tortoise, connections
from tortoise.transactions import in_transaction

from visits.database.reads import read_rows
from visits.database.sqlite_client import BoundedSqliteClient
from visits.settings import tortoise_config


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[BoundedSqliteClient]:
    db = BoundedSqliteClient(str(tmp_path / "side.sqlite3"), connection_name="side")
    await db.create_connection(with_db=True)  # WAL, as Tortoise sets it
    await db.execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT)")
    await db.execute_query("INSERT INTO t (id, value) VALUES (1, 'one')")
    try:
        yield db
    finally:
        await db.close()


async def test_a_side_read_sees_every_commit_even_while_another_writer_holds_the_lock(
    client: BoundedSqliteClient,
) -> None:
    before = client.read_at_once("SELECT value FROM t WHERE id = ?", [1])
    writer = sqlite3.connect(client.filename, isolation_level=None)
    try:
        writer.execute("UPDATE t SET value = 'two' WHERE id = 1")  # committed
        writer.execute("BEGIN IMMEDIATE")  # and now the write lock held
        writer.execute("UPDATE t SET value = 'three' WHERE id = 1")
        while_locked = client.read_at_once("SELECT value FROM t WHERE id = ?", [1])
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert before == [("one",)]
    assert while_locked == [("two",)]  # the last commit, not the open transaction


async def test_a_side_read_that_would_wait_gives_way_to_the_pool(
    client: BoundedSqliteClient,
) -> None:
    await client.execute_script("PRAGMA journal_mode = DELETE")  # readers wait for writers
    writer = sqlite3.connect(client.filename, isolation_level=None)
    try:
        writer.execute("BEGIN EXCLUSIVE")
        locked = client.read_at_once("SELECT value FROM t WHERE id = ?", [1])
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    free = client.read_at_once("SELECT value FROM t WHERE id = ?", [1])

    assert locked is None
    assert free == [("one",)]


async def test_a_side_read_may_only_read(client: BoundedSqliteClient) -> None:
    refused = client.read_at_once("UPDATE t SET value = 'x' WHERE id = ?", [1])

    assert refused is None
    assert client.read_at_once("SELECT value FROM t WHERE id = ?", [1]) == [("one",)]


async def test_an_in_memory_database_is_never_read_on_the_side() -> None:
    db = BoundedSqliteClient(":memory:", connection_name="memory")
    await db.create_connection(with_db=True)
    try:
        assert db.read_at_once("SELECT 1", []) is None
    finally:
        await db.close()


async def test_inside_a_transaction_reads_see_its_own_writes(tmp_path: Path) -> None:
    await Tortoise.init(config=tortoise_config(f"sqlite://{tmp_path / 'tx.sqlite3'}"))
    try:
        db = connections.get("default")
        assert isinstance(db, BoundedSqliteClient)
        await db.execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT)")
        async with in_transaction() as tx:
            await tx.execute_query("INSERT INTO t (id, value) VALUES (1, 'mine')")
            inside = await read_rows("SELECT value FROM t WHERE id = {0}", [1])
        after = await read_rows("SELECT value FROM t WHERE id = {0}", [1])
    finally:
        await Tortoise.close_connections()

    assert inside == [("mine",)]
    assert after == [("mine",)]


async def test_a_side_read_never_makes_a_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    db = BoundedSqliteClient(str(missing), connection_name="none")

    assert db.read_at_once("SELECT 1", []) is None
    assert not missing.exists()
