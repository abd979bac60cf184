"""Two app processes (real uvicorn servers on one database): sign-in failures, sessions and
tokens are one state, whichever process a request reaches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from tests.e2e.servers import Server, start_server, stop_server
from tests.integration.builders import OFFICER, csrf_of
from visits.services.accounts import create_user
from visits.settings import Settings

COOKIE = "gyeonhak_session"
GUESS = "guess-123"


async def _guess(server: Server, password: str = GUESS) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        return await client.post("/api/auth/token",
                                 json={"email": OFFICER[0], "password": password})


async def test_two_processes_share_failures_sessions_and_tokens(
    orm: None, serve: Callable[[int], Server]
) -> None:
    """One pair of servers for both checks: a server takes seconds to start."""
    await create_user(OFFICER[0], "officer", OFFICER[1])
    first, second = serve(1), serve(1)

    await _logout_and_a_new_password_end_sessions_on_every_process(first, second)
    await _failures_on_two_processes_add_up(first, second, "a-new-password-7")


async def _failures_on_two_processes_add_up(first: Server, second: Server,
                                            password: str) -> None:
    answers = [await _guess(server) for server in (first, second, first, second, first)]
    after = [await _guess(first, password), await _guess(second, password)]

    assert [a.status_code for a in answers] == [401] * 5  # 3 + 2: the 5 free used together
    assert [a.status_code for a in after] == [429, 429]
    assert all(int(a.headers["retry-after"]) > 0 for a in after)


async def _sign_in_page(server: Server) -> str:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as browser:
        page = await browser.get("/login")
        signed_in = await browser.post("/login", data={
            "email": OFFICER[0], "password": OFFICER[1], "csrf_token": csrf_of(page.text)})
        assert signed_in.status_code == 303
        return str(browser.cookies[COOKIE])


async def _dashboard(server: Server, cookie: str) -> int:
    async with httpx.AsyncClient(base_url=server.url, timeout=30,
                                 cookies={COOKIE: cookie}) as browser:
        return (await browser.get("/dashboard")).status_code


async def _facilities(server: Server, token: str) -> int:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        headers = {"Authorization": f"Bearer {token}"}
        return (await client.get("/api/facilities", headers=headers)).status_code


async def _logout_and_a_new_password_end_sessions_on_every_process(
    first: Server, second: Server
) -> None:
    logged_out, kept = await _sign_in_page(first), await _sign_in_page(first)
    token = (await _guess(second, OFFICER[1])).json()["token"]
    assert [await _dashboard(second, logged_out), await _dashboard(second, kept)] == [200, 200]

    async with httpx.AsyncClient(base_url=first.url, timeout=30,
                                 cookies={COOKIE: logged_out}) as browser:
        page = await browser.get("/dashboard")
        await browser.post("/logout", data={"csrf_token": csrf_of(page.text)})
    after_logout = [await _dashboard(second, logged_out), await _dashboard(second, kept)]
    await create_user(OFFICER[0], "officer", "a-new-password-7")
    after_change = [await _dashboard(s, kept) for s in (first, second)]
    tokens_after = [await _facilities(s, token) for s in (first, second)]

    assert after_logout == [303, 200]
    assert after_change == [303, 303]
    assert tokens_after == [401, 401]


async def test_behind_a_trusted_proxy_the_forwarded_address_and_scheme_count(
    orm: None, settings: Settings, tmp_path: Path
) -> None:
    """uvicorn with FORWARDED_ALLOW_IPS naming the proxy (here loopback): X-Forwarded-For is
    the client address the throttle counts, X-Forwarded-Proto makes cookies Secure."""
    await create_user(OFFICER[0], "officer", OFFICER[1])
    server = start_server(settings, tmp_path / "proxied.log",
                          extra_env={"FORWARDED_ALLOW_IPS": "127.0.0.1"})
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as proxy:
            stranger = {"X-Forwarded-For": "203.0.113.66"}
            office = {"X-Forwarded-For": "198.51.100.2", "X-Forwarded-Proto": "https"}
            guesses = [await proxy.post("/api/auth/token", headers=stranger, json={
                "email": OFFICER[0], "password": GUESS}) for _ in range(10)]
            officer = await proxy.post("/api/auth/token", headers=office, json={
                "email": OFFICER[0], "password": OFFICER[1]})
            over_https = await proxy.get("/login", headers=office)
            over_http = await proxy.get("/login", headers=stranger)
    finally:
        stop_server(server)

    assert [g.status_code for g in guesses] == [401] * 5 + [429] * 5
    assert officer.status_code == 200
    assert "secure" in over_https.headers["set-cookie"].lower()
    assert "secure" not in over_http.headers["set-cookie"].lower()
