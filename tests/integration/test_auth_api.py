"""Accounts and tokens: who gets in, for how long, and what each role may reach."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.integration.builders import HOST, OFFICER, host_body, sign_in
from visits.models import ApiToken
from visits.services.accounts import create_user


async def test_token_for_right_password_names_the_role(client: httpx.AsyncClient) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])

    response = await client.post(
        "/api/auth/token", json={"email": "Officer@Example.kr", "password": OFFICER[1]}
    )

    assert response.status_code == 200
    assert response.json()["role"] == "officer"
    assert len(response.json()["token"]) >= 32


async def test_token_for_wrong_password_is_401_without_hint(client: httpx.AsyncClient) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])

    wrong = await client.post("/api/auth/token", json={"email": OFFICER[0], "password": "nope"})
    unknown = await client.post("/api/auth/token", json={"email": "x@y.kr", "password": "nope"})

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_api_without_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/facilities")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


async def test_api_with_forged_token_is_401(client: httpx.AsyncClient) -> None:
    for header in ("Bearer forged-token", "Bearer " + "A" * 43, "Basic b2ZmaWNlcjpwdw==",
                   "Bearer", "Bearer " + "x" * 5000):
        response = await client.get("/api/facilities", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert "error" in response.json()


async def test_api_with_expired_token_is_401(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    await ApiToken.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))

    response = await client.get("/api/facilities", headers=officer)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


async def test_api_with_revoked_token_is_401(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    revoked = await client.delete("/api/auth/token", headers=officer)

    response = await client.get("/api/facilities", headers=officer)

    assert revoked.status_code == 204
    assert response.status_code == 401


async def test_tokens_are_stored_hashed(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    token = officer["Authorization"].removeprefix("Bearer ")

    stored = await ApiToken.all().values_list("token_hash", flat=True)

    assert token not in stored
    assert len(stored) == 1


async def test_host_may_read_facilities_but_not_write(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any]
) -> None:
    await client.post("/api/hosts", json=host_body([facility["id"]]), headers=officer)
    await create_user(HOST[0], "host", HOST[1])
    host = await sign_in(client, *HOST)

    read = await client.get("/api/facilities", headers=host)
    write = await client.patch(
        f"/api/facilities/{facility['id']}", json={"capacity": 1}, headers=host
    )
    delegations = await client.get("/api/delegations", headers=host)

    assert read.status_code == 200
    assert write.status_code == 403
    assert write.json()["error"]["code"] == "forbidden"
    assert delegations.status_code == 403
    unchanged = await client.get(f"/api/facilities/{facility['id']}", headers=officer)
    assert unchanged.json()["capacity"] == facility["capacity"]
