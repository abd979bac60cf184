"""Bad input of every kind gets a 4xx in the contract's error shape and changes nothing."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from tests.integration.builders import delegation_body, facility_body, host_body
from visits.models import AuditEvent, Delegation, Facility, Host

NAIVE = "2027-03-02T09:00:00"
F = "/api/facilities"


def _bad_facilities() -> list[tuple[str, dict[str, Any], str | None]]:
    """(case, body, field the error must name)."""
    fb = facility_body
    return [
        ("empty object", {}, "code"),
        ("missing capacity", {k: v for k, v in fb().items() if k != "capacity"}, "capacity"),
        ("capacity as string", fb(capacity="20"), "capacity"),
        ("capacity as bool", fb(capacity=True), "capacity"),
        ("capacity null", fb(capacity=None), "capacity"),
        ("capacity zero", fb(capacity=0), "capacity"),
        ("capacity negative", fb(capacity=-5), "capacity"),
        ("capacity astronomically large", fb(capacity=10**30), "capacity"),
        ("duration zero", fb(duration_min=0), "duration_min"),
        ("buffer negative", fb(buffer_min=-1), "buffer_min"),
        ("unknown kind", fb(kind="zoo"), "kind"),
        ("code with markup", fb(code="<b>x</b>"), "code"),
        ("name without en", fb(name={"ko": "관제센터"}), "name"),
        ("name as list", fb(name=["ko", "en"]), "name"),
        ("malformed language tag", fb(name={"ko": "a", "en": "b", "not a tag": "c"}), "name"),
        ("name with CRLF", fb(name={"ko": "관제\r\nX-Injected: 1", "en": "b"}), "name.ko"),
        ("name with RTL override", fb(name={"ko": "a\u202egnp.exe", "en": "b"}), "name.ko"),
        ("name with NUL", fb(name={"ko": "a\x00b", "en": "b"}), "name.ko"),
        ("name blank", fb(name={"ko": "   ", "en": "b"}), "name.ko"),
        ("name far too long", fb(name={"ko": "가" * 10_000, "en": "b"}), "name.ko"),
        ("latitude off the globe", fb(lat=123.0), "lat"),
        ("hours end before start",
         fb(open_hours=[{"weekday": 0, "start": "18:00", "end": "09:00"}]), "open_hours[0]"),
        ("hours weekday 7", fb(open_hours=[{"weekday": 7, "start": "09:00", "end": "18:00"}]),
         "open_hours[0].weekday"),
        ("hours 25 o'clock", fb(open_hours=[{"weekday": 1, "start": "09:00", "end": "25:00"}]),
         "open_hours[0].end"),
        ("closure naive datetime",
         fb(closures=[{"start": NAIVE, "end": "2027-03-03T09:00:00+09:00"}]),
         "closures[0].start"),
        ("closure end before start",
         fb(closures=[{"start": "2027-03-03T09:00:00+09:00", "end": "2027-03-02T09:00:00+09:00"}]),
         "closures[0]"),
        ("closure date that does not parse",
         fb(closures=[{"start": "next tuesday", "end": "2027-03-03T09:00:00+09:00"}]),
         "closures[0].start"),
    ]


async def _counts() -> tuple[int, ...]:
    return (await Facility.all().count(), await Host.all().count(),
            await Delegation.all().count(), await AuditEvent.all().count())


@pytest.fixture
def no_errors_logged(caplog: pytest.LogCaptureFixture) -> Any:
    caplog.set_level(logging.ERROR)
    yield
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def _assert_error_shape(response: httpx.Response, status: int, field: str | None = None) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] and error["message"]
    if field is not None:
        assert error.get("field") == field, error


@pytest.mark.parametrize(("case", "body", "field"), _bad_facilities(),
                         ids=[c[0] for c in _bad_facilities()])
async def test_facility_create_bad_field_is_422_and_changes_nothing(
    client: httpx.AsyncClient, officer: dict[str, str], no_errors_logged: None,
    case: str, body: dict[str, Any], field: str | None,
) -> None:
    before = await _counts()

    response = await client.post(F, json=body, headers=officer)

    _assert_error_shape(response, 422, field)
    assert await _counts() == before


RAW_BODIES = [
    ("malformed JSON", b'{"code": "x",', 400),
    ("empty body", b"", 400),
    ("JSON array", b"[1, 2]", 422),
    ("JSON string", b'"hello"', 422),
    ("not UTF-8", b'{"code": "\xff\xfe"}', 400),
    ("lone surrogate escape", b'{"code":"a","kind":"kiosk","name":{"ko":"\\ud800","en":"b"}}', 422),
    ("five megabytes", b'{"code": "' + b"x" * 5_000_000 + b'"}', 413),
]


@pytest.mark.parametrize(("case", "raw", "status"), RAW_BODIES, ids=[c[0] for c in RAW_BODIES])
async def test_facility_create_unparseable_body_is_4xx(
    client: httpx.AsyncClient, officer: dict[str, str], no_errors_logged: None,
    case: str, raw: bytes, status: int,
) -> None:
    before = await _counts()

    response = await client.post(
        F, content=raw, headers={**officer, "Content-Type": "application/json"}
    )

    _assert_error_shape(response, status)
    assert await _counts() == before


async def test_huge_body_without_content_length_is_413(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    async def chunks() -> Any:
        for _ in range(50):
            yield b"x" * 100_000

    response = await client.post(
        F, content=chunks(), headers={**officer, "Content-Type": "application/json"}
    )

    _assert_error_shape(response, 413)


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", F + "/999999", None, 404),
        ("GET", F + "/0", None, 404),
        ("GET", F + "/99999999999999999999", None, 404),
        ("GET", F + "/abc", None, 404),
        ("PATCH", F + "/999999", {"capacity": 3}, 404),
        ("DELETE", F + "/999999", None, 404),
        ("GET", "/api/hosts/999999", None, 404),
        ("PUT", "/api/hosts/999999/availability", {"weekly": []}, 404),
        ("GET", "/api/delegations/999999", None, 404),
        ("GET", "/api/nothing-here", None, 404),
        ("PUT", F, None, 405),
    ],
)
async def test_unknown_ids_and_paths_are_404(
    client: httpx.AsyncClient, officer: dict[str, str], no_errors_logged: None,
    method: str, path: str, body: Any, status: int,
) -> None:
    response = await client.request(method, path, json=body, headers=officer)

    _assert_error_shape(response, status)


async def test_facility_patch_bad_values_are_422_and_change_nothing(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any],
    no_errors_logged: None,
) -> None:
    url = f"{F}/{facility['id']}"
    for body, field in [({"capacity": -3}, "capacity"), ({"name": {"ko": "x"}}, "name"),
                        ({"open_hours": [{"weekday": 1}]}, "open_hours[0].start"),
                        ({"code": "has space"}, "code")]:
        response = await client.patch(url, json=body, headers=officer)
        _assert_error_shape(response, 422, field)

    assert (await client.get(url, headers=officer)).json() == facility


def _bad_hosts(facility_id: int) -> list[tuple[dict[str, Any], str]]:
    hb = host_body
    return [
        ({k: v for k, v in hb([facility_id]).items() if k != "weekly"}, "weekly"),
        (hb([facility_id], languages=[]), "languages"),
        (hb([facility_id], languages=["klingon!!"]), "languages[0]"),
        (hb(["1"]), "facility_ids[0]"),
        (hb([facility_id, 424242]), "facility_ids[1]"),
        (hb([facility_id], email="not-an-email"), "email"),
        (hb([facility_id], email="a@b.kr\r\nBcc: x@y.kr"), "email"),
        (hb([facility_id], time_off=[{"start": NAIVE, "end": "2027-03-03T09:00:00+09:00"}]),
         "time_off[0].start"),
        (hb([facility_id], name="Kim\nMinsu"), "name.und"),
        (hb([facility_id], phone="<script>"), "phone"),
    ]


async def test_host_create_bad_fields_are_422_and_change_nothing(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any],
    no_errors_logged: None,
) -> None:
    before = await _counts()

    for body, field in _bad_hosts(facility["id"]):
        response = await client.post("/api/hosts", json=body, headers=officer)
        _assert_error_shape(response, 422, field)

    assert await _counts() == before


def _bad_delegations() -> list[tuple[dict[str, Any], str | None]]:
    db = delegation_body
    return [
        (db(country="XX"), "country"),
        (db(country="KOR"), "country"),
        (db(language="not a language"), "language"),
        (db(language="xq"), "language"),
        (db(size=0), "size"),
        (db(size="12"), "size"),
        (db(contact={"name": "Sato"}), "contact.email"),
        (db(members="everyone"), "members"),
        (db(members=[{"name": "A", "head": True}, {"name": "B", "head": True}]), "members"),
        (db(size=1), "members"),
        (db(name={}), "name"),
    ]


async def test_delegation_create_bad_fields_are_422_and_change_nothing(
    client: httpx.AsyncClient, officer: dict[str, str], no_errors_logged: None,
) -> None:
    before = await _counts()

    for body, field in _bad_delegations():
        response = await client.post("/api/delegations", json=body, headers=officer)
        _assert_error_shape(response, 422, field)

    assert await _counts() == before


@pytest.mark.parametrize("body", [{}, {"email": 5, "password": "x"}, {"email": "a@b.kr"}])
async def test_token_request_malformed_is_422(
    client: httpx.AsyncClient, body: dict[str, Any], no_errors_logged: None
) -> None:
    response = await client.post("/api/auth/token", json=body)

    _assert_error_shape(response, 422)


async def test_markup_and_emoji_are_kept_as_plain_text(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    name = {"ko": "<script>alert('x')</script> 관제", "en": "Control 🛰️ <b>Center</b>"}

    response = await client.post(F, json=facility_body(name=name), headers=officer)

    assert response.status_code == 201
    assert response.json()["name"] == name


async def test_availability_far_year_is_422_not_500(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any],
    no_errors_logged: None,
) -> None:
    host = (await client.post("/api/hosts", json=host_body([facility["id"]]),
                              headers=officer)).json()

    response = await client.put(f"/api/hosts/{host['id']}/availability", json={
        "weekly": [], "time_off": [{"start": "0001-01-01T00:00:00+09:00",
                                    "end": "0001-01-02T00:00:00+09:00"}]}, headers=officer)

    _assert_error_shape(response, 422, "time_off[0].start")
