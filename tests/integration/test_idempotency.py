"""Idempotency-Key on creating requests (issue 11, point 11): a client that timed out and
sends the same request again gets the first answer, and one booking, one mail."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.integration.builders import HOST, World, at, sign_in
from visits.contract.booking import VisitCreate
from visits.models import IdempotencyKey, OutboxMessage, User, Visit
from visits.services.accounts import create_user
from visits.services.idempotency import request_hash


async def _visit_body(world: World) -> dict[str, Any]:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    delegation = await world.delegation()
    return {"delegation_id": delegation["id"],
            "stops": [{"facility_id": cctv["id"], "start": at("10:00")}]}


async def _post(world: World, path: str, body: dict[str, Any] | None, key: str | bytes,
                headers: dict[str, str] | None = None) -> httpx.Response:
    sent = {**(headers or world.officer), "Idempotency-Key": key}
    return await world.client.post(path, json=body, headers=sent)


async def test_repeated_booking_with_one_key_books_once_and_replays_the_answer(
    world: World,
) -> None:
    body = await _visit_body(world)

    first = await _post(world, "/api/visits", body, "booking-7f3a")
    again = await _post(world, "/api/visits", body, "booking-7f3a")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert await Visit.all().count() == 1 and await OutboxMessage.all().count() == 1


async def test_same_key_with_another_body_is_refused(world: World) -> None:
    body = await _visit_body(world)
    await _post(world, "/api/visits", body, "booking-7f3a")
    later = {**body, "stops": [{**body["stops"][0], "start": at("14:00")}]}

    refused = await _post(world, "/api/visits", later, "booking-7f3a")

    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "idempotency_key_reused"
    assert await Visit.all().count() == 1


async def _running_claim(user_id: int, body: dict[str, Any], key: str,
                         since: datetime) -> None:
    """A request with this key, still running in another process since `since`."""
    fingerprint = request_hash("POST", "/api/visits",
                               VisitCreate.model_validate(body).model_dump_json())
    row = await IdempotencyKey.create(user_id=user_id, key=key, request_hash=fingerprint,
                                      expires_at=since + timedelta(hours=24))
    await IdempotencyKey.filter(id=row.id).update(created_at=since)


async def test_same_key_while_the_first_still_runs_waits(world: World) -> None:
    body = await _visit_body(world)
    await _running_claim(await _officer_user_id(), body, "booking-7f3a", datetime.now(UTC))

    busy = await _post(world, "/api/visits", body, "booking-7f3a")

    assert busy.status_code == 409, busy.text
    assert busy.json()["error"]["code"] == "idempotency_key_in_use"
    assert busy.headers["Retry-After"] == "1"
    assert await Visit.all().count() == 0


async def _officer_user_id() -> int:
    return (await User.get(role="officer")).id


async def test_claim_left_by_a_dead_process_is_taken_over(world: World) -> None:
    body = await _visit_body(world)
    since = datetime.now(UTC) - timedelta(minutes=6)
    await _running_claim(await _officer_user_id(), body, "booking-7f3a", since)

    booked = await _post(world, "/api/visits", body, "booking-7f3a")
    again = await _post(world, "/api/visits", body, "booking-7f3a")

    assert booked.status_code == 201 and again.json() == booked.json()
    assert await Visit.all().count() == 1


async def test_key_expires_after_a_day(world: World) -> None:
    body = await _visit_body(world)
    await _post(world, "/api/visits", body, "booking-7f3a")
    await IdempotencyKey.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    await world.client.post(f"/api/visits/{(await Visit.first()).id}/cancel",  # type: ignore[union-attr]
                            headers=world.officer)

    fresh = await _post(world, "/api/visits", body, "booking-7f3a")

    assert fresh.status_code == 201 and "Idempotent-Replayed" not in fresh.headers
    assert await Visit.all().count() == 2


async def test_keys_belong_to_their_user(world: World) -> None:
    body = await _visit_body(world)
    await create_user("second@example.kr", "officer", "second-password-1")
    second = await sign_in(world.client, "second@example.kr", "second-password-1")
    await _post(world, "/api/visits", body, "booking-7f3a")

    theirs = await _post(world, "/api/visits", body, "booking-7f3a", headers=second)

    # Run as a request of its own: the host is taken by the first officer's booking.
    assert theirs.status_code == 409 and "Idempotent-Replayed" not in theirs.headers
    assert not theirs.json()["error"]["code"].startswith("idempotency")


async def test_refusals_are_replayed_and_failed_validation_keeps_no_key(world: World) -> None:
    body = await _visit_body(world)
    await world.book({"id": body["delegation_id"]}, *body["stops"])  # the host is now busy

    refused = await _post(world, "/api/visits", body, "booking-7f3a")
    replayed = await _post(world, "/api/visits", body, "booking-7f3a")
    malformed = await _post(world, "/api/visits", {"stops": []}, "booking-other")

    assert refused.status_code == replayed.status_code == 409
    assert replayed.json() == refused.json() and replayed.headers["Idempotent-Replayed"]
    assert malformed.status_code == 422
    assert not await IdempotencyKey.filter(key="booking-other").exists()


async def test_malformed_key_is_a_bad_request(world: World) -> None:
    body = await _visit_body(world)

    for key in ("", "x" * 256, "한글키".encode(), "two words"):
        refused = await _post(world, "/api/visits", body, key)
        assert refused.status_code == 400, key[:20]
        assert refused.json()["error"]["code"] == "invalid_idempotency_key"
    assert await Visit.all().count() == 0


async def test_share_link_with_a_key_is_made_once(world: World) -> None:
    body = await _visit_body(world)
    visit = await world.book({"id": body["delegation_id"]}, *body["stops"])

    first = await _post(world, f"/api/visits/{visit['id']}/share", None, "share-1")
    again = await _post(world, f"/api/visits/{visit['id']}/share", None, "share-1")

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"


async def test_every_creating_operation_documents_the_key(world: World) -> None:
    document = (await world.client.get("/openapi.json")).json()

    keyed = sorted(f"{method.upper()} {path}" for path, item in document["paths"].items()
                   for method, op in item.items()
                   if any(p["name"] == "Idempotency-Key" for p in op["parameters"]))
    created = sorted(f"{method.upper()} {path}" for path, item in document["paths"].items()
                     for method, op in item.items()
                     if "201" in op["responses"] and "security" in op)  # keys are a user's
    share = document["paths"]["/api/visits/{id}/share"]["post"]

    assert keyed == sorted([*created, "POST /api/visits/{id}/share",
                            "POST /api/visits/{id}/delay", "POST /api/requests/{id}/link"])
    assert "Idempotent-Replayed" in share["responses"]["200"]["headers"]
    assert {"409", "422"} <= set(share["responses"])


async def test_claim_whose_change_was_committed_is_never_run_again(world: World) -> None:
    """The booking committed, then its process died before keeping the answer."""
    body = await _visit_body(world)
    since = datetime.now(UTC) - timedelta(minutes=6)
    await _running_claim(await _officer_user_id(), body, "booking-7f3a", since)
    await IdempotencyKey.all().update(committed=True)

    repeated = await _post(world, "/api/visits", body, "booking-7f3a")

    assert repeated.status_code == 409
    assert repeated.json()["error"]["code"] == "idempotency_key_in_use"
    assert await Visit.all().count() == 0


async def test_committed_mark_goes_with_the_change(world: World) -> None:
    body = await _visit_body(world)
    await world.book({"id": body["delegation_id"]}, *body["stops"])  # the host is now busy

    await _post(world, "/api/visits", body, "refused")
    await _post(world, "/api/visits", {**body, "stops": [{**body["stops"][0],
                                                          "start": at("14:00")}]}, "booked")

    kept = dict(await IdempotencyKey.all().values_list("key", "committed"))
    assert kept == {"refused": False, "booked": True}


async def test_racing_repeats_of_one_key_book_once(world: World) -> None:
    body = await _visit_body(world)

    answers = await asyncio.gather(*(_post(world, "/api/visits", body, "booking-7f3a")
                                      for _ in range(5)))

    booked = [a for a in answers if a.status_code == 201]
    waiting = [a for a in answers if a.status_code == 409]
    assert len(booked) + len(waiting) == 5
    assert len({a.json()["id"] for a in booked}) == 1
    assert all(a.json()["error"]["code"] == "idempotency_key_in_use" for a in waiting)
    assert await Visit.all().count() == 1 and await OutboxMessage.all().count() == 1
