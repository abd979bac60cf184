"""Hostile bodies to every JSON operation (issue 11, points 3 and 9): deep nesting, huge
numbers, NaN, a byte order mark, other charsets and media types, and keys of 20,001
characters get a 4xx in the contract's shape, store nothing and log no traceback."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.integration.builders import facility_body
from visits.api.endpoint import OPERATIONS, Operation
from visits.app import all_routes
from visits.contract.system import MAX_FIELD, MAX_MESSAGE
from visits.models import AuditEvent, Delegation, Facility, Host, Visit

all_routes()  # records the operations
BODY_OPERATIONS = [op for op in OPERATIONS if op.body is not None]
JSON = {"Content-Type": "application/json"}
HOSTILE = [
    ("10,000 nested brackets", b"[" * 10_000 + b"]" * 10_000),
    ("10,000 nested objects", b'{"a":' * 10_000 + b"1" + b"}" * 10_000),
    ("nesting inside a valid object", b'{"email": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"),
    ("4,301-digit integer", b'{"capacity": ' + b"9" * 4_301 + b"}"),
    ("41-digit integer", b'{"capacity": -' + b"9" * 41 + b"}"),
    ("NaN", b'{"lat": NaN}'),
    ("-Infinity", b'{"lat": -Infinity}'),
    ("1e999", b'{"lat": 1e999}'),
    ("byte order mark", b'\xef\xbb\xbf{"email": "a@b.kr"}'),
    ("UTF-16 declared as JSON", '{"email": "a@b.kr"}'.encode("utf-16")),
    ("Latin-1", '{"email": "é@b.kr"}'.encode("latin-1")),
]
WRONG_MEDIA = [
    ("text/plain", "text/plain", b'{"email": "a@b.kr", "password": "x"}'),
    ("no Content-Type", None, b'{"email": "a@b.kr", "password": "x"}'),
    ("form", "application/x-www-form-urlencoded", b"email=a%40b.kr&password=x"),
    ("UTF-16 charset", "application/json; charset=utf-16",
     '{"email": "a@b.kr", "password": "x"}'.encode("utf-16")),
    ("Latin-1 charset", "application/json; charset=iso-8859-1", b'{"email": "a@b.kr"}'),
]


def _url(op: Operation) -> str:
    return re.sub(r"{\w+(?::\w+)?}", "1", op.path)


def _ids(op: Operation) -> str:
    return f"{op.method} {op.path}"


@pytest.fixture
def no_traceback(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.INFO)
    yield
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert logged == []


async def _stored() -> tuple[int, ...]:
    return (await Facility.all().count(), await Host.all().count(),
            await Delegation.all().count(), await Visit.all().count(),
            await AuditEvent.all().count())


def _assert_refused(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text[:500]
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code, error
    assert 0 < len(error["message"]) <= MAX_MESSAGE
    assert len(error.get("field") or "") <= MAX_FIELD
    return error


@pytest.mark.parametrize("op", BODY_OPERATIONS, ids=_ids)
@pytest.mark.parametrize(("case", "raw"), HOSTILE, ids=[c[0] for c in HOSTILE])
async def test_hostile_json_is_400_on_every_operation(
    client: httpx.AsyncClient, officer: dict[str, str], no_traceback: None,
    op: Operation, case: str, raw: bytes,
) -> None:
    before = await _stored()

    response = await client.request(op.method, _url(op), content=raw,
                                    headers={**officer, **JSON})

    _assert_refused(response, 400, "malformed_json")
    assert await _stored() == before


@pytest.mark.parametrize(("case", "raw"), HOSTILE, ids=[c[0] for c in HOSTILE])
async def test_hostile_json_without_login_is_400_in_korean(
    client: httpx.AsyncClient, no_traceback: None, case: str, raw: bytes
) -> None:
    response = await client.post("/api/auth/token", content=raw,
                                 headers={**JSON, "Accept-Language": "ko"})

    error = _assert_refused(response, 400, "malformed_json")
    assert "본문" in error["message"]


@pytest.mark.parametrize("op", BODY_OPERATIONS, ids=_ids)
@pytest.mark.parametrize(("case", "content_type", "raw"), WRONG_MEDIA,
                         ids=[c[0] for c in WRONG_MEDIA])
async def test_body_not_declared_as_utf8_json_is_415(
    client: httpx.AsyncClient, officer: dict[str, str], no_traceback: None,
    op: Operation, case: str, content_type: str | None, raw: bytes,
) -> None:
    headers = {**officer, **({"Content-Type": content_type} if content_type else {})}
    before = await _stored()

    response = await client.request(op.method, _url(op), content=raw, headers=headers)

    _assert_refused(response, 415, "unsupported_media_type")
    assert await _stored() == before


@pytest.mark.parametrize("content_type", [
    "application/json", "application/json; charset=utf-8", "Application/JSON; Charset=\"UTF-8\"",
    "application/merge-patch+json",
])
async def test_json_media_types_with_utf8_are_accepted(
    client: httpx.AsyncClient, officer: dict[str, str], content_type: str
) -> None:
    response = await client.post("/api/facilities", content=_encoded(facility_body()),
                                 headers={**officer, "Content-Type": content_type})

    assert response.status_code == 201, response.text


def _encoded(body: dict[str, Any]) -> bytes:
    import json

    return json.dumps(body, ensure_ascii=False).encode()


def _nested(depth: int) -> dict[str, Any]:
    value: Any = "ko"
    for _ in range(depth - 2):
        value = [value]
    return facility_body(name={"ko": "관제", "en": "Control", "x": value})


@pytest.mark.parametrize(("depth", "status"), [(32, 422), (33, 400)])
async def test_nesting_is_allowed_to_32_levels(
    client: httpx.AsyncClient, officer: dict[str, str], depth: int, status: int
) -> None:
    response = await client.post("/api/facilities", content=_encoded(_nested(depth)),
                                 headers={**officer, **JSON})

    assert response.status_code == status, response.text


async def test_brackets_inside_strings_do_not_count_as_nesting(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    body = facility_body(description={"ko": "[{" * 100 + '\\"' + "}]" * 100})

    response = await client.post("/api/facilities", content=_encoded(body),
                                 headers={**officer, **JSON})

    assert response.status_code == 201, response.text


@pytest.mark.parametrize("op", BODY_OPERATIONS, ids=_ids)
async def test_a_20001_character_key_is_not_echoed_whole(
    client: httpx.AsyncClient, officer: dict[str, str], no_traceback: None, op: Operation
) -> None:
    key = "k" * 20_001
    body = {key: {key: ""}, "name": {key: ""}, "contact": {key: ""}, "weekly": {key: 1}}

    response = await client.request(op.method, _url(op), json=body, headers=officer)

    assert 400 <= response.status_code < 500, response.text[:500]
    error = response.json()["error"]
    assert len(error["message"]) <= MAX_MESSAGE and len(error.get("field") or "") <= MAX_FIELD
    assert key not in response.text


@pytest.mark.parametrize("name", [
    {"k" * 20_001: ""},  # the key is in the field
    {"ko": "관제", "en": "Control", "k" * 20_001: "x"},  # the tag is quoted in the message
], ids=["in the field", "in the message"])
async def test_long_text_quoted_in_a_422_is_cut_to_80_characters(
    client: httpx.AsyncClient, officer: dict[str, str], name: dict[str, str]
) -> None:
    response = await client.post("/api/facilities", json=facility_body(name=name),
                                 headers=officer)

    error = _assert_refused(response, 422, "invalid_field")
    assert error["field"].startswith("name")
    assert "k" * 79 + "…" in error["message"]
    assert "k" * 80 not in response.text


async def test_error_schema_bounds_message_and_field(client: httpx.AsyncClient) -> None:
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]

    detail = schemas["ErrorDetail"]["properties"]
    assert detail["message"]["maxLength"] == MAX_MESSAGE
    assert detail["field"]["anyOf"][0]["maxLength"] == MAX_FIELD


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("PUT", "/api/auth/token", {"POST", "DELETE"}),
    ("PUT", "/api/facilities", {"GET", "HEAD", "POST"}),
    ("POST", "/healthz", {"GET", "HEAD"}),
    ("DELETE", "/login", {"GET", "HEAD", "POST"}),
])
async def test_405_names_the_allowed_methods(
    client: httpx.AsyncClient, no_traceback: None, method: str, path: str, allowed: set[str]
) -> None:
    response = await client.request(method, path)

    _assert_refused(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) == allowed


async def test_operations_with_a_body_document_415(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    for op in BODY_OPERATIONS:
        path = re.sub(r"{(\w+):\w+}", r"{\1}", op.path)
        assert "415" in paths[path][op.method.lower()]["responses"], op.path
