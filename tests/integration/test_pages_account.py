"""Signing in through the pages: form, CSRF, session cookie, roles, language."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from tests.integration.builders import HOST, OFFICER, World, at, csrf_of, login
from visits.domain import korean_public_holidays
from visits.services.accounts import create_user


async def test_login_page_has_the_contract_fields(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")

    assert page.status_code == 200
    assert 'name="email"' in page.text and 'name="password"' in page.text
    assert 'type="submit"' in page.text
    assert csrf_of(page.text)


async def test_officer_login_lands_on_dashboard(client: httpx.AsyncClient) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])

    response = await login(client, *OFFICER)
    dashboard = await client.get(response.headers["location"])

    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert dashboard.status_code == 200
    assert "Visits this week" in dashboard.text or "이번 주 견학" in dashboard.text


async def test_host_login_lands_on_inbox(client: httpx.AsyncClient, world: World) -> None:
    await world.host([], HOST[0])
    await create_user(HOST[0], "host", HOST[1])

    response = await login(client, *HOST)

    assert response.headers["location"] == "/inbox"


async def test_login_post_without_csrf_is_refused(client: httpx.AsyncClient) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    await client.get("/login")

    response = await client.post("/login", data={"email": OFFICER[0], "password": OFFICER[1]})
    forged = await client.post("/login", data={"email": OFFICER[0], "password": OFFICER[1],
                                               "csrf_token": "forged"})

    assert response.status_code == 403 and forged.status_code == 403
    assert (await client.get("/dashboard")).status_code == 303


async def test_wrong_password_shows_the_form_again(client: httpx.AsyncClient) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])

    response = await login(client, OFFICER[0], "wrong")

    assert response.status_code == 401
    assert 'name="password"' in response.text


async def test_pages_need_sign_in_and_the_right_role(
    client: httpx.AsyncClient, world: World
) -> None:
    anonymous = await client.get("/dashboard")
    await world.host([], HOST[0])
    await create_user(HOST[0], "host", HOST[1])
    await login(client, *HOST)
    as_host = await client.get("/dashboard")

    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/login?next=/dashboard"
    assert as_host.status_code == 403


async def test_login_never_redirects_off_site(client: httpx.AsyncClient) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    page = await client.get("/login?next=//evil.example/x")

    response = await client.post("/login", data={
        "email": OFFICER[0], "password": OFFICER[1], "csrf_token": csrf_of(page.text),
        "next": "//evil.example/x"})

    assert response.headers["location"] == "/dashboard"


async def test_logout_ends_the_session(client: httpx.AsyncClient) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    await login(client, *OFFICER)
    page = await client.get("/dashboard")

    await client.post("/logout", data={"csrf_token": csrf_of(page.text)})

    assert (await client.get("/dashboard")).status_code == 303


async def test_language_switch_changes_the_interface(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")

    await client.post("/language", data={"lang": "en", "csrf_token": csrf_of(page.text),
                                         "next": "/login"})
    english = await client.get("/login")
    await client.post("/language", data={"lang": "ko", "csrf_token": csrf_of(english.text),
                                         "next": "/login"})
    korean = await client.get("/login")

    assert "<h1>Sign in</h1>" in english.text
    assert "<h1>로그인</h1>" in korean.text


async def test_pages_carry_security_headers(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")

    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def _weekday_weeks_ahead(weeks: int) -> str:
    """A working day some weeks from now (not today's week), not a Korean holiday."""
    day = date.today() + timedelta(weeks=weeks)
    closed = korean_public_holidays([day.year, day.year + 1])
    while day.weekday() > 4 or day in closed:
        day += timedelta(days=1)
    return day.isoformat()


async def test_dashboard_lists_upcoming_visits_beyond_this_week(
    client: httpx.AsyncClient, world: World
) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    day = _weekday_weeks_ahead(3)
    visit = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("10:00", day)})
    await login(client, *OFFICER)

    page = await client.get("/dashboard", headers={"Accept-Language": "en"})

    upcoming = page.text.split("Upcoming visits", 1)[1].split("</table>", 1)[0]
    assert f'href="/visits/{visit["id"]}"' in upcoming
    assert "Requested" in upcoming


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "2100-12-31", "garbage"])
async def test_dashboard_week_far_outside_the_years_shows_a_week(
    client: httpx.AsyncClient, world: World, week: str
) -> None:
    await login(client, *OFFICER)

    page = await client.get("/dashboard", params={"week": week})

    assert page.status_code == 200
    assert "/dashboard?week=" in page.text
