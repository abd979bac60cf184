"""The demo a new user meets after `make run`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tests.integration.builders import login, sign_in
from visits.demo import seed_demo
from visits.demo.data import DELEGATIONS, FACILITIES, HOSTS, USERS
from visits.demo.history import HISTORY, HISTORY_DELEGATIONS, REQUESTS
from visits.models import (
    AuditEvent,
    CompanionAssignment,
    Gift,
    OutboxMessage,
    ProgrammeItem,
    Stop,
    SurveyAnswer,
    Visit,
)


async def test_demo_seed_loads_catalogue_and_logins(client: httpx.AsyncClient) -> None:
    lines = await seed_demo(only_if_empty=True)

    officer = next(u for u in USERS if u.role == "officer")
    headers = await sign_in(client, officer.email, officer.password)
    facilities = (await client.get("/api/facilities", headers=headers)).json()
    hosts = (await client.get("/api/hosts", headers=headers)).json()
    delegations = (await client.get("/api/delegations", headers=headers)).json()["items"]
    assert len(facilities) == len(FACILITIES)
    assert len(hosts) == len(HOSTS)
    assert len(delegations) == len(DELEGATIONS) + len(HISTORY_DELEGATIONS)
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


async def test_demo_has_lived(client: httpx.AsyncClient) -> None:
    """Three years of visits and the coming months, as hosts answered them; requests waiting;
    nothing written to the fictitious guests and hosts."""
    await seed_demo(only_if_empty=True)

    officer = next(u for u in USERS if u.role == "officer")
    headers = await sign_in(client, officer.email, officer.password)
    visits = await Visit.all()
    assert len(visits) == len(HISTORY)
    now = datetime.now(UTC)
    firsts = [min(s.start for s in await Stop.filter(visit=v)) for v in visits]
    assert sum(first < now for first in firsts) == sum(v.day < 0 for v in HISTORY)
    assert min(firsts) < now - timedelta(days=3 * 365 - 40)
    assert sum(v.cancelled for v in visits) == sum(v.fate == "cancelled" for v in HISTORY)
    declined = await Stop.filter(status="declined")
    assert len(declined) == sum(v.fate == "declined" for v in HISTORY)
    assert all(s.decline_reason for s in declined)
    assert await Stop.filter(status="requested", start__gt=now).count() > 0
    assert await Stop.filter(status="requested", start__lt=now).count() == 0
    # Each visit was booked before its day, and the history says so.
    for visit, first in zip(visits, firsts, strict=True):
        created = await AuditEvent.get(visit_id=visit.id, entity="visit", action="create")
        assert created.at < first and created.at < now
    assert not await OutboxMessage.exists()
    # After the visit: closed with attendance, gifts (some to report), the visitors' survey;
    # the last two weeks' visits still wait to be closed.
    closed = [v for v in visits if v.closed_at is not None]
    assert len(closed) >= 20
    assert all(v.closed_at < now for v in closed)
    assert await Stop.filter(visit_id__in=[v.id for v in closed], attendance=None).count() == 0
    assert await Gift.filter(direction="received", value_krw__gte=100_000).exists()
    assert await SurveyAnswer.exists()
    recent = [v for v, first in zip(visits, firsts, strict=True)
              if now - timedelta(days=14) < first < now and not v.cancelled]
    assert recent and all(v.closed_at is None for v in recent)
    # Ahead: a host's counter-proposal, and the next visit's programme and companions.
    countered = await Stop.get(status="countered")
    assert countered.counter_start is not None and countered.counter_reason
    assert await ProgrammeItem.filter(kind="meal").exists()
    assert await CompanionAssignment.filter(live=True).count() >= 2
    inbox = (await client.get("/api/requests", headers=headers)).json()
    assert len(inbox["items"]) == len(REQUESTS)
    assert {r["status"] for r in inbox["items"]} == {"new"}
    await login(client, officer.email, officer.password)
    page = await client.get(f"/stats?year={now.year - 2}")
    assert page.status_code == 200
    assert "방문단" in page.text and "일본" in page.text  # two years back has visitors


async def test_demo_companions_cover_the_delegations_languages(
        client: httpx.AsyncClient) -> None:
    await seed_demo(only_if_empty=True)
    officer = await sign_in(client, "officer@guro.example.kr", _officer_password())

    companions = (await client.get("/api/companions", headers=officer)).json()

    spoken = {t.split("-")[0] for c in companions if c["kind"] == "interpreter"
              for t in c["languages"]}
    assert {d.language.split("-")[0] for d in DELEGATIONS} - {"ko"} <= spoken
    assert {"interpreter", "escort", "driver", "vehicle"} == {c["kind"] for c in companions}
    assert max(c["seats"] or 0 for c in companions) >= max(d.size for d in DELEGATIONS)


def _officer_password() -> str:
    return next(u.password for u in USERS if u.email == "officer@guro.example.kr")


async def test_the_status_filter_agrees_with_each_visits_status(
        client: httpx.AsyncClient) -> None:
    """The visit list's status filter is SQL; a visit's status is worked out in Python from
    its stops (visits.domain.status): on the demo's history — cancelled, closed, declined,
    countered, waiting and confirmed visits — both say the same."""
    await seed_demo(only_if_empty=True)
    headers = await sign_in(client, "officer@guro.example.kr", _officer_password())

    everything = (await client.get("/api/visits", params={"limit": 200},
                                   headers=headers)).json()
    assert everything["next"] is None
    statuses = {v["id"]: v["status"] for v in everything["items"]}
    assert set(statuses.values()) == {"cancelled", "completed", "needs_attention",
                                      "requested", "confirmed"}
    for status in set(statuses.values()):
        listed = (await client.get("/api/visits", params={"limit": 200, "status": status},
                                   headers=headers)).json()["items"]
        assert {v["id"] for v in listed} == {i for i, s in statuses.items() if s == status}
