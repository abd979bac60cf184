"""Browser sessions live on the server: the cookie is a random key, and signing out, a new
password or a disabled account ends the session (and the API tokens) at once."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.environment import make_settings
from tests.integration.builders import OFFICER, csrf_of, login, sign_in
from visits.app import create_app
from visits.edge import sessions
from visits.models import User, WebSession
from visits.services.accounts import create_user, disable_user

COOKIE = "gyeonhak_session"


async def _signed_in(client: httpx.AsyncClient) -> str:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    assert (await login(client, *OFFICER)).status_code == 303
    return str(client.cookies[COOKIE])


async def _dashboard_with(app: Any, cookie: str) -> httpx.Response:
    """/dashboard from another browser holding a copy of the cookie."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver",
                                 cookies={COOKIE: cookie}) as thief:
        return await thief.get("/dashboard")


async def test_a_cookie_copied_before_logout_opens_nothing_after(
    client: httpx.AsyncClient, app: Any
) -> None:
    copied = await _signed_in(client)
    assert (await _dashboard_with(app, copied)).status_code == 200
    page = await client.get("/dashboard")

    await client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    replayed = await _dashboard_with(app, copied)

    assert replayed.status_code == 303
    assert replayed.headers["location"] == "/login?next=/dashboard"
    assert await WebSession.filter(user_id__not_isnull=True).count() == 0


async def test_the_cookie_is_a_random_key_with_no_hash_material(
    client: httpx.AsyncClient
) -> None:
    cookie = await _signed_in(client)
    password_hash = (await User.get(email=OFFICER[0])).password_hash

    assert len(cookie) == 43 and "." not in cookie  # 32 random bytes, nothing signed inside
    assert password_hash[-16:] not in cookie
    assert not any(password_hash[i:i + 8] in cookie for i in range(len(password_hash) - 8))
    stored = await WebSession.get(user__email=OFFICER[0])
    assert stored.key_hash == hashlib.sha256(cookie.encode()).hexdigest()
    assert "user_id" not in stored.data and cookie not in str(stored.data)


async def test_signing_in_gives_a_new_key(client: httpx.AsyncClient, app: Any) -> None:
    await client.get("/login")
    before = str(client.cookies[COOKIE])

    after = await _signed_in(client)

    assert after != before
    assert (await _dashboard_with(app, before)).status_code == 303


async def test_a_new_password_ends_sessions_and_tokens(
    client: httpx.AsyncClient, app: Any
) -> None:
    cookie = await _signed_in(client)
    token = await sign_in(client, *OFFICER)

    await create_user(OFFICER[0], "officer", "a-new-password-9")

    assert (await _dashboard_with(app, cookie)).status_code == 303
    assert (await client.get("/api/facilities", headers=token)).status_code == 401
    assert (await sign_in(client, OFFICER[0], "a-new-password-9"))


async def test_disabling_a_user_ends_sessions_and_tokens(
    client: httpx.AsyncClient, app: Any
) -> None:
    cookie = await _signed_in(client)
    token = await sign_in(client, *OFFICER)

    await disable_user(OFFICER[0])

    assert (await _dashboard_with(app, cookie)).status_code == 303
    assert (await client.get("/api/facilities", headers=token)).status_code == 401
    again = await client.post("/api/auth/token", json={"email": OFFICER[0],
                                                        "password": OFFICER[1]})
    assert again.status_code == 401


async def test_session_cookie_is_secure_when_the_request_came_over_https(app: Any) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as https:
        signed_in = await login(https, *OFFICER)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        plain = await http.get("/login")

    cookie = signed_in.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in plain.headers["set-cookie"].lower()


async def test_session_cookie_is_secure_when_the_public_url_is_https(
    database_url: str, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path, PUBLIC_URL="https://visits.example.kr")
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            page = await http.get("/login")

    assert "secure" in page.headers["set-cookie"].lower()


async def test_flash_and_csrf_survive_between_requests(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    again = await client.get("/login")

    assert csrf_of(page.text) == csrf_of(again.text)
    assert "set-cookie" not in again.headers  # an unchanged session is not written again


async def test_a_session_past_its_lifetime_opens_nothing_and_is_deleted(
    client: httpx.AsyncClient, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    cookie = await _signed_in(client)
    await WebSession.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    monkeypatch.setattr(sessions, "_last_purge", 0.0)  # as if the last purge were long ago

    expired = await _dashboard_with(app, cookie)
    await client.get("/login")  # a new (anonymous) session: expired ones are deleted

    assert expired.status_code == 303
    assert not await WebSession.filter(key_hash=hashlib.sha256(cookie.encode()).hexdigest())


async def test_setting_the_same_password_again_keeps_sessions(
    client: httpx.AsyncClient, app: Any
) -> None:
    cookie = await _signed_in(client)

    await create_user(OFFICER[0], "officer", OFFICER[1], name="박지현")

    assert (await _dashboard_with(app, cookie)).status_code == 200
