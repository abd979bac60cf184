"""`python -m visits backup FILE` and `restore FILE` (issue 11, "Backup and restore"), run
as an operator runs them, on the suite's database (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.contrib.test import truncate_all_models

from tests.e2e.servers import free_port
from tests.integration.builders import World, at, facility_body, run_cli, working_days
from tests.integration.test_itinerary_pages import _visit_with_two_stops
from tests.integrity import half_written
from visits.backup import libpq_url_and_env
from visits.models import Facility, Gift, Visit
from visits.settings import Settings

Rows = dict[str, list[str]]


async def _tables() -> list[str]:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "postgres":
        sql = "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    _, rows = await connection.execute_query(sql)
    return sorted(str(row["name"]) for row in rows)


async def every_row() -> Rows:
    """Every row of every table (ours, Tortoise's migrations, SQLite's sequences), as text,
    in a stable order: equal snapshots, equal databases."""
    connection = Tortoise.get_connection("default")
    snapshot: Rows = {}
    for table in await _tables():
        _, rows = await connection.execute_query(f'SELECT * FROM "{table}"')  # noqa: S608
        snapshot[table] = sorted(repr(sorted(dict(row).items())) for row in rows)
    return snapshot


async def _seeded_backup(world: World, settings: Settings, backup: Path) -> Rows:
    """The demo and a booked visit (stops, audit events, mails, M2M rows), backed up to
    `backup`: the rows the backup holds."""
    from visits.demo import seed_demo

    await _visit_with_two_stops(world)
    await seed_demo()
    saved = await run_cli(settings, "backup", str(backup))
    assert saved[0] == 0, saved[1]
    assert "Backed up" in saved[1]
    return await every_row()


async def test_backup_then_restore_over_a_wiped_database_gives_every_row_back(
    world: World, settings: Settings, tmp_path: Path
) -> None:
    backup = tmp_path / "gyeonhak.backup"
    before = await _seeded_backup(world, settings, backup)

    await Facility.filter(code="cctv").update(capacity=1)
    refused = await run_cli(settings, "restore", str(backup))
    changed = await every_row()
    await truncate_all_models()
    restored = await run_cli(settings, "restore", str(backup))
    after = await every_row()
    created = await world.client.post("/api/facilities", json=facility_body(code="new"),
                                      headers=world.officer)

    assert refused[0] == 1
    assert "--force" in refused[1] and "비어 있지 않습니다" in refused[1], refused[1]
    assert changed != before  # the refused restore changed nothing
    assert restored[0] == 0, restored[1]
    assert sum(len(rows) for rows in before.values()) > 100
    assert after == before
    assert created.status_code == 201, created.text  # ids go on after the restored ones
    assert created.json()["id"] > max(f.id for f in await Facility.exclude(code="new"))


async def test_restore_with_force_replaces_a_database_holding_other_data(
    world: World, settings: Settings, tmp_path: Path
) -> None:
    backup = tmp_path / "gyeonhak.backup"
    before = await _seeded_backup(world, settings, backup)

    await Gift.all().delete()  # a visit's gifts keep it (the register is not to lose them)
    await Visit.all().delete()
    await world.client.post("/api/facilities", json=facility_body(code="later"),
                            headers=world.officer)
    forced = await run_cli(settings, "restore", "--force", str(backup))

    assert forced[0] == 0, forced[1]
    assert await every_row() == before


async def test_restore_of_a_file_that_is_no_backup_is_refused_and_changes_nothing(
    world: World, settings: Settings, tmp_path: Path
) -> None:
    before = await _seeded_backup(world, settings, tmp_path / "gyeonhak.backup")
    junk = tmp_path / "junk.backup"
    junk.write_text("not a backup\n")

    refused = await run_cli(settings, "restore", "--force", str(junk))
    missing = await run_cli(settings, "restore", "--force", str(tmp_path / "absent"))

    assert refused[0] == 1 and "Not a" in refused[1] and "백업 파일" in refused[1], refused[1]
    assert missing[0] == 1 and "No backup file" in missing[1], missing[1]
    assert await every_row() == before


async def _keep_booking(world: World, facility: dict[str, Any], delegation: dict[str, Any],
                        going: asyncio.Event, stop: asyncio.Event) -> int:
    """Book one visit after another (each a transaction of several rows) until told;
    `going` is set once a few are written."""
    booked = 0
    for day in working_days(40):
        for hour in range(9, 17):
            if stop.is_set():
                return booked
            await world.book(delegation, {"facility_id": facility["id"],
                                          "start": at(f"{hour:02d}:00", day)})
            booked += 1
            if booked == 5:
                going.set()
    return booked


async def test_backup_taken_while_bookings_are_written_is_consistent(
    world: World, settings: Settings, tmp_path: Path
) -> None:
    facility = await world.facility(buffer_min=0)
    await world.host([facility["id"]], "writer-host@example.kr")
    delegation = await world.delegation(size=5)
    backup = tmp_path / "gyeonhak.backup"
    going, stop = asyncio.Event(), asyncio.Event()
    writer = asyncio.create_task(_keep_booking(world, facility, delegation, going, stop))
    await asyncio.wait_for(going.wait(), 60)

    started_with = await Visit.all().count()
    saved = await run_cli(settings, "backup", str(backup))
    ended_with = await Visit.all().count()
    stop.set()
    booked = await writer
    restored = await run_cli(settings, "restore", "--force", str(backup))
    in_backup = await Visit.all().count()

    assert saved[0] == 0, saved[1]
    assert restored[0] == 0, restored[1]
    assert ended_with > started_with, "nothing was written while the backup ran"
    assert started_with <= in_backup <= ended_with <= booked
    assert await half_written() == {}


async def test_password_of_the_database_is_in_no_command_line_nor_message(
    settings: Settings, tmp_path: Path
) -> None:
    port = free_port()  # nothing listens: pg_dump fails, and says so
    url = f"postgres://gyeonhak:s3cret-pass%2Fword@127.0.0.1:{port}/gyeonhak?minsize=1"

    saved = await run_cli(replace(settings, database_url=url), "backup",
                          str(tmp_path / "never.backup"))
    target, env = libpq_url_and_env(url)

    assert saved[0] == 1
    assert "pg_dump" in saved[1] and "s3cret" not in saved[1], saved[1]
    assert target == f"postgresql://gyeonhak@127.0.0.1:{port}/gyeonhak"  # pg_dump's argv
    assert env["PGPASSWORD"] == "s3cret-pass/word"
    assert not (tmp_path / "never.backup").exists()
