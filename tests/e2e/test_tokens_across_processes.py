"""Two app processes (real uvicorn servers on one database): a bearer token that is revoked,
expires or whose user is disabled stops working on both at once, and the slots a token's
request reads are as fresh as the change counter read with the token (issue 16, point 2:
one statement checks the token and reads the counter, nothing cached between requests)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx

from tests.e2e.servers import Server
from tests.integration.builders import DAY, OFFICER, World, at, sign_in
from visits.models import ApiToken, User
from visits.services.accounts import create_user

OTHER = ("other.officer@example.kr", "other-password-1")


async def _status(server: Server, token: dict[str, str]) -> int:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        return (await client.get("/api/facilities", headers=token)).status_code


async def _on_both(servers: tuple[Server, Server], *tokens: dict[str, str]) -> list[int]:
    return [await _status(server, token) for token in tokens for server in servers]


def _hash(token: dict[str, str]) -> str:
    return hashlib.sha256(token["Authorization"].removeprefix("Bearer ").encode()).hexdigest()


async def test_revoked_expired_and_disabled_end_at_once_on_every_process(
    orm: None, serve: Callable[[int], Server]
) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    await create_user(OTHER[0], "officer", OTHER[1])
    first, second = serve(1), serve(1)
    both = (first, second)
    async with httpx.AsyncClient(base_url=first.url, timeout=30) as client:
        revoked, expired, kept = [await sign_in(client, *OFFICER) for _ in range(3)]
        disabled = await sign_in(client, *OTHER)
    before = await _on_both(both, revoked, expired, kept, disabled)

    async with httpx.AsyncClient(base_url=first.url, timeout=30) as client:
        logged_out = await client.delete("/api/auth/token", headers=revoked)
    after_revoking = await _on_both(both, revoked, kept)
    await ApiToken.filter(token_hash=_hash(expired)).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1))
    after_expiry = await _on_both(both, expired, kept)
    await User.filter(email=OTHER[0]).update(is_active=False)  # its token row untouched
    after_disabling = await _on_both(both, disabled, kept)

    assert before == [200] * 8
    assert logged_out.status_code == 204
    assert after_revoking == [401, 401, 200, 200]
    assert after_expiry == [401, 401, 200, 200]
    assert after_disabling == [401, 401, 200, 200]


async def test_slots_asked_of_one_process_see_a_booking_made_on_the_other_at_once(
    orm: None, serve: Callable[[int], Server]
) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    first, second = serve(1), serve(1)
    async with httpx.AsyncClient(base_url=first.url, timeout=30) as one, \
            httpx.AsyncClient(base_url=second.url, timeout=30) as two:
        booking = World(one, await sign_in(one, *OFFICER))
        reading = World(two, await sign_in(two, *OFFICER))
        facility = await booking.facility()
        await booking.host([facility["id"]], email="host@example.kr")
        delegation = await booking.delegation()
        free_before = await reading.slots(facility)  # now in the second process's cache
        await booking.book(delegation, {"facility_id": facility["id"], "start": at("10:00")})
        free_after = await reading.slots(facility)

    starts = {datetime.fromisoformat(s["start"]) for s in free_before}
    booked = datetime.fromisoformat(at("10:00", DAY))
    assert booked in starts
    assert booked not in {datetime.fromisoformat(s["start"]) for s in free_after}
