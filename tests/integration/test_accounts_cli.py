"""Accounts from the command line: `python -m visits create-user … --name NAME` gives the
person the name pages show; the demo officer has a Korean one."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from typing import Any

import httpx

from tests.integration.builders import sign_in
from visits.models import User
from visits.settings import ROOT, Settings

NAMED = ("jieun.song@example.kr", "named-officer-1")


async def _cli(settings: Settings, *args: str) -> tuple[int, str]:
    """`python -m visits …` as an operator runs it, on the test database."""
    env = {**os.environ, "DATABASE_URL": settings.database_url,
           "DATA_DIR": str(settings.data_dir), "SECRET_KEY": "test-secret-key-not-for-production"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "visits", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def test_create_user_takes_a_name_and_keeps_it(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    created = await _cli(settings, "create-user", NAMED[0], "--role", "officer",
                         "--password", NAMED[1], "--name", "송지은")
    updated = await _cli(settings, "create-user", NAMED[0], "--role", "officer",
                         "--password", "a-new-password-2")
    refused = await _cli(settings, "create-user", NAMED[0], "--role", "officer",
                         "--password", "a-new-password-3", "--name", "송\t지은")

    assert created[0] == 0 and "송지은" in created[1]
    assert updated[0] == 0
    assert refused[0] == 2 and "name" in refused[1]
    assert (await User.get(email=NAMED[0])).name == "송지은"
    await sign_in(client, NAMED[0], "a-new-password-2")  # the refused call changed nothing


async def test_demo_officer_has_a_korean_name(app: Any) -> None:
    from visits.demo import seed_demo
    from visits.demo.data import USERS

    await seed_demo()

    officer = next(u for u in USERS if u.role == "officer")
    assert re.fullmatch(r"[가-힣]{2,4}", (await User.get(email=officer.email)).name)



async def test_disable_user_ends_every_session_and_token(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    await _cli(settings, "create-user", NAMED[0], "--role", "officer", "--password", NAMED[1])
    token = await sign_in(client, *NAMED)

    disabled = await _cli(settings, "disable-user", NAMED[0].upper())
    unknown = await _cli(settings, "disable-user", "nobody@example.kr")
    refused = await client.post("/api/auth/token", json={"email": NAMED[0],
                                                         "password": NAMED[1]})

    assert disabled[0] == 0 and "disabled officer" in disabled[1]
    assert unknown[0] == 2 and "no user" in unknown[1]
    assert (await client.get("/api/facilities", headers=token)).status_code == 401
    assert refused.status_code == 401
