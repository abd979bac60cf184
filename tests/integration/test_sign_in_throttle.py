"""Password guessing meets growing waits (429 with Retry-After) per client address and
account, counted in the database; nobody can lock the real user out from elsewhere."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.environment import make_settings
from tests.integration.builders import OFFICER, csrf_of
from visits.models import SignInThrottle
from visits.services.accounts import create_user
from visits.settings import Settings, ThrottleLimits
from visits.throttle import seconds_to_wait, throttle_keys, wait_after

STRANGER = ("203.0.113.66", 40000)
OFFICE = ("198.51.100.2", 40001)
GUESS = "guess-123"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The production allowances, not the suite's generous one."""
    return make_settings(database_url, tmp_path, SIGN_IN_FREE_PER_ADDRESS="20")


@pytest.fixture
async def from_stranger(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(app, STRANGER) as client:
        yield client


@pytest.fixture
async def from_office(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(app, OFFICE) as client:
        yield client


def _client(app: Any, address: tuple[str, int]) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=address)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def _guess(client: httpx.AsyncClient, email: str = OFFICER[0],
                 password: str = GUESS) -> httpx.Response:
    return await client.post("/api/auth/token", json={"email": email, "password": password})


async def test_two_hundred_guesses_meet_429_with_retry_after(
    from_stranger: httpx.AsyncClient
) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])

    answers = [await _guess(from_stranger) for _ in range(200)]

    assert [a.status_code for a in answers[:5]] == [401] * 5
    throttled = [a for a in answers if a.status_code == 429]
    assert len(throttled) >= 190
    assert all(a.json()["error"]["code"] == "too_many_attempts" for a in throttled)
    assert all(1 <= int(a.headers["retry-after"]) <= 15 for a in throttled)
    in_korean = await from_stranger.post("/api/auth/token", headers={"Accept-Language": "ko"},
                                         json={"email": OFFICER[0], "password": "guess"})
    assert "초 뒤에 다시 시도해 주세요" in in_korean.json()["error"]["message"]


async def test_waits_double_after_the_free_failures(from_stranger: httpx.AsyncClient) -> None:
    waits = []
    for _ in range(9):
        await SignInThrottle.all().update(blocked_until=None)  # as if each wait had passed
        assert (await _guess(from_stranger)).status_code == 401
        waits.append(await seconds_to_wait(throttle_keys(STRANGER[0], OFFICER[0])))

    assert waits == [0, 0, 0, 0, 0, 15, 30, 60, 120]


def test_waits_stop_growing_at_an_hour() -> None:
    limits = ThrottleLimits()

    assert wait_after(5, 5, limits) is None
    assert wait_after(11, 5, limits) == timedelta(minutes=8)
    assert wait_after(10_000, 5, limits) == timedelta(hours=1)


async def test_the_officer_signs_in_from_the_office_while_a_stranger_hammers(
    from_stranger: httpx.AsyncClient, from_office: httpx.AsyncClient
) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    for _ in range(50):
        await _guess(from_stranger)

    stranger_with_the_right_password = await _guess(from_stranger, password=OFFICER[1])
    officer = await _guess(from_office, password=OFFICER[1])

    assert stranger_with_the_right_password.status_code == 429
    assert officer.status_code == 200
    assert officer.json()["role"] == "officer"


async def test_unknown_and_known_accounts_are_answered_alike(
    from_stranger: httpx.AsyncClient, from_office: httpx.AsyncClient
) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])

    known = [await _guess(from_stranger) for _ in range(8)]
    unknown = [await _guess(from_office, email="nobody@example.kr") for _ in range(8)]

    def seen(answers: list[httpx.Response]) -> list[tuple[int, str, str | None]]:
        return [(a.status_code, a.text, a.headers.get("retry-after")) for a in answers]

    assert seen(known) == seen(unknown)
    assert {a.status_code for a in known} == {401, 429}


async def test_a_right_password_forgives_that_accounts_failures(
    from_office: httpx.AsyncClient
) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    answers = []
    for _ in range(3):
        answers += [await _guess(from_office) for _ in range(4)]
        answers.append(await _guess(from_office, password=OFFICER[1]))

    assert [a.status_code for a in answers] == [401, 401, 401, 401, 200] * 3


async def test_one_address_guessing_many_accounts_is_slowed_down(
    from_stranger: httpx.AsyncClient, from_office: httpx.AsyncClient
) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    for n in range(20):
        assert (await _guess(from_stranger, email=f"user{n}@example.kr")).status_code == 401

    next_account = await _guess(from_stranger, email="user99@example.kr")
    stranger_as_officer = await _guess(from_stranger, password=OFFICER[1])
    officer = await _guess(from_office, password=OFFICER[1])

    assert (await _guess(from_stranger, email="user21@example.kr")).status_code == 429
    assert next_account.status_code == 401 and stranger_as_officer.status_code == 429
    assert officer.status_code == 200


async def test_counters_hold_digests_never_addresses_or_emails(
    from_stranger: httpx.AsyncClient
) -> None:
    await _guess(from_stranger)

    keys = await SignInThrottle.all().values_list("key", flat=True)

    assert len(keys) == 2
    assert all(len(key) == 64 and "@" not in key and "203." not in key for key in keys)


async def test_login_page_says_the_wait_in_korean_with_429(
    from_stranger: httpx.AsyncClient
) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    page = await from_stranger.get("/login")
    form = {"email": OFFICER[0], "password": "guess-123", "csrf_token": csrf_of(page.text)}
    answers = [await from_stranger.post("/login", data=form) for _ in range(7)]

    assert [a.status_code for a in answers] == [401] * 5 + [401, 429]
    assert answers[-1].headers["retry-after"] == "15"
    assert "로그인 시도가 너무 많습니다. 15초 후에 다시 시도하세요." in answers[-1].text
    assert 'name="password"' in answers[-1].text
