"""Control characters in text (issue 11, point 4): an e-mail with NUL was a 500 on
PostgreSQL and stored as is on SQLite. Every text field of the contract now refuses NUL, C0
(line breaks and tabs only where a paragraph allows them), DEL and C1: 422
`control_character` naming the field on the API, 400 on the login page, the form shown
again in Korean on the other pages, 400 for an address that carries one."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import httpx
import pytest
from pydantic import BaseModel, BeforeValidator, TypeAdapter, ValidationError

from tests.integration.builders import OFFICER, World, csrf_of, delegation_body, host_body, login
from visits.api.endpoint import OPERATIONS
from visits.app import all_routes
from visits.contract import fields
from visits.models import AuditEvent, Delegation, Facility, Host, Visit

all_routes()  # records the operations
CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]]
ALLOWED_IN_PARAGRAPHS = {"\t", "\n", "\r"}


# -- every text field of the contract is one of the guarded types ------------------------------

def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _models_in(arg)


def _input_models() -> set[type[BaseModel]]:
    """Every model a client's body or query string is read into, nested ones included."""
    todo = [m for op in OPERATIONS for m in (op.body, op.query) if m is not None]
    found: set[type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        if model not in found:
            found.add(model)
            todo.extend(m for f in model.model_fields.values() for m in _models_in(f.annotation))
    return found


def _unguarded_text(annotation: Any, metadata: tuple[Any, ...] = ()) -> Iterator[str]:
    """The `str` leaves of an annotation (list items, dict keys and values, union members)
    that carry no guard of `contract.fields`."""
    if get_origin(annotation) is Annotated:
        inner, *more = get_args(annotation)
        yield from _unguarded_text(inner, (*metadata, *more))
    elif annotation is str:
        guards = [m for m in metadata
                  if isinstance(m, BeforeValidator) and m.func in fields.TEXT_GUARDS]
        if not guards:
            yield repr(metadata)
    elif get_origin(annotation) in (list, dict, Union, UnionType) or isinstance(
        annotation, UnionType
    ):
        for arg in get_args(annotation):
            yield from _unguarded_text(arg)


def test_every_text_field_a_client_sends_is_a_guarded_type() -> None:
    models = _input_models()
    unguarded = [f"{model.__name__}.{name}: {leaf}" for model in models
                 for name, field in model.model_fields.items()
                 for leaf in _unguarded_text(field.annotation, tuple(field.metadata))]

    assert len(models) > 20  # the walk reached the nested models
    assert unguarded == []


def test_the_walk_finds_a_plain_str() -> None:
    class Plain(BaseModel):
        names: dict[str, list[str | None]]

    assert list(_unguarded_text(Plain.model_fields["names"].annotation)) != []


TEXT_TYPES: list[tuple[str, Any, str]] = [  # (name, type, a value it takes)
    ("Line", fields.Line, "Guro-gu"), ("OptionalLine", fields.OptionalLine, "Mayor"),
    ("PersonName", fields.PersonName, "Sato"), ("Paragraph", fields.Paragraph, "Notes"),
    ("OptionalParagraph", fields.OptionalParagraph, "Notes"),
    ("LangTag", fields.LangTag, "ja"), ("Country", fields.Country, "JP"),
    ("Email", fields.Email, "sato@example.jp"), ("LoginEmail", fields.LoginEmail, "a@b.kr"),
    ("Password", fields.Password, "secret"), ("Code", fields.Code, "cctv"),
    ("Phone", fields.Phone, "0212"), ("Clock", fields.Clock, "09:00"),
    ("TagKey", fields.TagKey, "ko"), ("Multilingual", fields.Multilingual, "ko"),
]


def _with(sample: str, char: str, kind: Any) -> Any:
    value = sample[:1] + char + sample[1:]
    return {value: "x"} if kind is fields.Multilingual else value


@pytest.mark.parametrize(("name", "kind", "sample"), TEXT_TYPES, ids=[t[0] for t in TEXT_TYPES])
def test_every_text_type_refuses_every_control_character(name: str, kind: Any,
                                                         sample: str) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(kind)
    paragraph = "Paragraph" in name
    for char in CONTROLS:
        if paragraph and char in ALLOWED_IN_PARAGRAPHS:
            continue
        with pytest.raises(ValidationError) as refused:
            adapter.validate_python(_with(sample, char, kind))
        assert refused.value.errors()[0]["type"] in {"control_character", "line_break"}, (
            name, hex(ord(char)))


def test_paragraphs_keep_their_line_breaks_and_tabs() -> None:
    assert TypeAdapter(fields.Paragraph).validate_python("one\r\ntwo\nthree\tfour") == \
        "one\ntwo\nthree\tfour"


# -- the API: 422 control_character, naming the field, nothing stored ---------------------------

@pytest.fixture
def no_traceback(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.INFO)
    yield
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []


async def _stored() -> tuple[Any, ...]:
    return (await Facility.all().count(), await Host.all().count(),
            await Delegation.all().count(), await Visit.all().count(),
            await AuditEvent.all().count(), sorted(await Host.all().values_list("email")),
            sorted(await Delegation.all().values_list("contact_email", flat=True)))


NUL_EMAIL = "kim\u0000@example.kr"
API_CASES: list[tuple[str, str, str, dict[str, Any], str]] = [
    ("token e-mail", "POST", "/api/auth/token",
     {"email": OFFICER[0] + "\u0000", "password": OFFICER[1]}, "email"),
    ("token password", "POST", "/api/auth/token",
     {"email": OFFICER[0], "password": OFFICER[1] + "\u0000"}, "password"),
    ("new host e-mail", "POST", "/api/hosts", host_body([], email=NUL_EMAIL), "email"),
    ("host e-mail changed", "PATCH", "/api/hosts/{host}", {"email": NUL_EMAIL}, "email"),
    ("host name key", "PATCH", "/api/hosts/{host}", {"name": {"ko\u0000": "김"}}, "name"),
    ("host hours", "PUT", "/api/hosts/{host}/availability",
     {"weekly": [{"weekday": 0, "start": "09:00\u0000", "end": "18:00"}]}, "weekly[0].start"),
    ("new delegation contact", "POST", "/api/delegations",
     delegation_body(contact={"name": "Sato", "email": NUL_EMAIL}), "contact.email"),
    ("delegation contact changed", "PATCH", "/api/delegations/{delegation}",
     {"contact": {"name": "Sato", "email": NUL_EMAIL}}, "contact.email"),
    ("member title (DEL)", "POST", "/api/delegations",
     delegation_body(members=[{"name": "Tanaka", "title": "Mayor\u007f"}]), "members[0].title"),
    ("notes (C1)", "POST", "/api/delegations", delegation_body(notes="a\u0085b"), "notes"),
    ("facility address (bell)", "PATCH", "/api/facilities/{facility}",
     {"address": "Gamasan-ro\u0007"}, "address.und"),
    ("facility closure reason", "PATCH", "/api/facilities/{facility}",
     {"closures": [{"start": "2027-03-02T09:00:00+09:00", "end": "2027-03-02T18:00:00+09:00",
                    "reason": "\u0000"}]}, "closures[0].reason"),
    ("decline reason", "POST", "/api/stops/1/decline", {"reason": "busy\u0000"}, "reason"),
    ("office closure reason", "PUT", "/api/closures",
     {"days": [{"day": "2027-03-02", "reason": "x\u001b[31m"}]}, "days[0].reason"),
    ("day plan lunch", "POST", "/api/visits/plan",
     {"delegation_id": 1, "date": "2027-03-09", "facility_ids": [1],
      "day_start": "09:00\u0000"}, "day_start"),
]


@pytest.mark.parametrize(("case", "method", "path", "body", "field"), API_CASES,
                         ids=[c[0] for c in API_CASES])
async def test_control_character_in_a_text_field_is_422_and_stores_nothing(
    client: httpx.AsyncClient, world: World, no_traceback: None,
    case: str, method: str, path: str, body: dict[str, Any], field: str,
) -> None:
    facility = await world.facility()
    ids = {"facility": facility["id"], "delegation": (await world.delegation())["id"],
           "host": (await world.host([facility["id"]], "lee@example.kr"))["id"]}
    before = await _stored()

    response = await client.request(method, path.format(**ids), json=body,
                                    headers={**world.officer, "Accept-Language": "ko"})

    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("control_character", field)
    assert "제어 문자" in error["message"] or "줄을 바꾸지" in error["message"]
    assert await _stored() == before


async def test_the_token_endpoint_says_it_in_english_too(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/auth/token",
                                 json={"email": "a\u0000@b.kr", "password": "x"})

    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "control_character", "field": "email",
        "message": "email: This text contains a character that is not allowed."}


@pytest.mark.parametrize("path", ["/api/visits?status=%00", "/api/facilities?x=%00",
                                  "/v/abc%00def", "/feeds/abc%00/calendar.ics"])
async def test_control_character_in_an_api_address_is_400(
    client: httpx.AsyncClient, officer: dict[str, str], no_traceback: None, path: str
) -> None:
    response = await client.get(path, headers=officer)

    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "control_character"


# -- the pages: 400 on the login page, the form again in Korean elsewhere ------------------------

@pytest.mark.parametrize(("email", "password"), [
    (OFFICER[0] + "\u0000", OFFICER[1]), (OFFICER[0], OFFICER[1] + "\u0000"),
    ("\u0085" + OFFICER[0], OFFICER[1]),
], ids=["NUL in the e-mail", "NUL in the password", "C1 in the e-mail"])
async def test_login_page_with_a_control_character_is_400_in_korean(
    client: httpx.AsyncClient, officer: dict[str, str], no_traceback: None,
    email: str, password: str,
) -> None:
    response = await login(client, email, password)

    assert response.status_code == 400
    assert "제어 문자" in response.text and 'name="password"' in response.text
    assert f'value="{OFFICER[0]}"' in response.text  # the e-mail again, without the character
    assert (await client.get("/dashboard")).status_code == 303  # not signed in


async def _form(client: httpx.AsyncClient, page: str) -> dict[str, Any]:
    """The page's form as a browser posts it untouched (inputs only, enough here)."""
    html = (await client.get(page)).text
    found = re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)
    return {**dict(found), "csrf_token": csrf_of(html)}


@pytest.mark.parametrize(("page", "changes", "shown_at"), [
    ("/delegations/new", {"name.ko": "대표단", "name.en": "Delegation", "country": "JP",
                          "city": "Osaka", "language": "ja", "size": "3",
                          "contact.name": "Sato", "contact.email": NUL_EMAIL},
     "f-contact-email-error"),
    ("/hosts/new", {"name.ko": "김민준", "email": NUL_EMAIL}, "f-email-error"),
], ids=["delegation contact", "host"])
async def test_page_form_with_nul_is_shown_again_in_korean_and_stores_nothing(
    client: httpx.AsyncClient, world: World, no_traceback: None,
    page: str, changes: dict[str, str], shown_at: str,
) -> None:
    await login(client, *OFFICER)
    before = await _stored()

    response = await client.post(page, data={**await _form(client, page), **changes})

    assert response.status_code == 422, response.text[:300]
    assert f'id="{shown_at}"' in response.text and "제어 문자는 쓸 수 없습니다." in response.text
    assert await _stored() == before


@pytest.mark.parametrize("path", ["/login?next=%00", "/dashboard?week=2027-03-09%00",
                                  "/delegations?q%00=x", "/stats?year=%C2%85"])
async def test_control_character_in_a_page_address_is_400_in_korean(
    client: httpx.AsyncClient, officer: dict[str, str], no_traceback: None, path: str
) -> None:
    await login(client, *OFFICER)

    response = await client.get(path)

    assert response.status_code == 400
    assert "주소에 제어 문자가 들어 있습니다." in response.text

