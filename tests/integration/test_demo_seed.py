"""The demo a new user meets after `make run`."""

from __future__ import annotations

import httpx

from tests.integration.builders import sign_in
from visits.demo import seed_demo
from visits.demo.data import DELEGATIONS, FACILITIES, HOSTS, USERS


async def test_demo_seed_loads_catalogue_and_logins(client: httpx.AsyncClient) -> None:
    lines = await seed_demo(only_if_empty=True)

    officer = next(u for u in USERS if u.role == "officer")
    headers = await sign_in(client, officer.email, officer.password)
    facilities = (await client.get("/api/facilities", headers=headers)).json()
    hosts = (await client.get("/api/hosts", headers=headers)).json()
    delegations = (await client.get("/api/delegations", headers=headers)).json()["items"]
    assert len(facilities) == len(FACILITIES)
    assert len(hosts) == len(HOSTS)
    assert len(delegations) == len(DELEGATIONS)
    assert all(f["host_ids"] for f in facilities)
    assert any(officer.password in line for line in lines)


async def test_demo_seed_twice_loads_once(client: httpx.AsyncClient) -> None:
    await seed_demo(only_if_empty=True)

    lines = await seed_demo(only_if_empty=True)

    host = next(u for u in USERS if u.role == "host")
    headers = await sign_in(client, host.email, host.password)
    mine = (await client.get("/api/hosts", headers=headers)).json()
    assert [h["email"] for h in mine] == [host.email]
    assert "already" in lines[0]
