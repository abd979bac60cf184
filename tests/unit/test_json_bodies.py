"""`visits.edge.bodies`: JSON that Python could parse only by hitting its own limits (recursion,
int digits), or that JSON does not allow (NaN, a byte order mark), is a 400; the media type
must say JSON in UTF-8."""

from __future__ import annotations

from typing import Any

import pytest

from visits.edge.bodies import MAX_DEPTH, MAX_DIGITS, parse_json, require_json_media_type
from visits.errors import BadRequest, UnsupportedMediaType


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _lists(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize(("raw", "parsed"), [
    (_nested(MAX_DEPTH), _lists(MAX_DEPTH)),
    (b'{"a": [{"b": [1]}]}', {"a": [{"b": [1]}]}),
    (b'["[[[[", "]]", "{{{{{", "\\\\", "\\"[["]', ["[[[[", "]]", "{{{{{", "\\", '"[[']),
    (b"-" + b"9" * MAX_DIGITS, -int("9" * MAX_DIGITS)),
    (b"1e308", 1e308),
    (b"0.000000000000000000000000000000000000000000000000001", 1e-51),
    ("\"관제센터 🛰️\"".encode(), "관제센터 🛰️"),
], ids=["32 levels", "objects and arrays", "brackets in strings", "40 digits", "1e308",
        "a long fraction", "UTF-8"])
def test_json_within_the_limits_parses(raw: bytes, parsed: Any) -> None:
    assert parse_json(raw) == parsed


@pytest.mark.parametrize("raw", [
    _nested(MAX_DEPTH + 1),
    b'{"a":' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1),
    b"[" * 100_000,  # never closed
    b'["\\"", ' + _nested(MAX_DEPTH + 1) + b"]",  # an escaped quote does not end the count
    b"9" * (MAX_DIGITS + 1),
    b"9" * 4_301,
    b"NaN", b"[Infinity]", b"-Infinity", b"1e999",
    b"\xef\xbb\xbf{}",
    '{"a": 1}'.encode("utf-16"),
    '"é"'.encode("latin-1"),
    b"", b"   ", b"{", b"{'a': 1}",
], ids=["33 levels", "33 objects", "100,000 unclosed", "escaped quote", "41 digits",
        "4,301 digits", "NaN", "Infinity", "-Infinity", "1e999", "BOM", "UTF-16", "Latin-1",
        "empty", "blank", "truncated", "single quotes"])
def test_json_past_the_limits_is_malformed(raw: bytes) -> None:
    with pytest.raises(BadRequest) as refused:
        parse_json(raw)

    assert refused.value.code == "malformed_json" and refused.value.status == 400


@pytest.mark.parametrize("content_type", [
    "application/json", "application/json; charset=utf-8", "APPLICATION/JSON;CHARSET=UTF-8",
    'application/json; charset="utf-8"', "application/problem+json", "application/json; v=1",
])
def test_json_media_types_pass(content_type: str) -> None:
    require_json_media_type(content_type)


@pytest.mark.parametrize("content_type", [
    None, "", "text/plain", "text/json", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x", "application/json; charset=utf-16",
    "application/json; charset=latin-1", "application/jsonx", "application/json+zip",
])
def test_other_media_types_are_415(content_type: str | None) -> None:
    with pytest.raises(UnsupportedMediaType) as refused:
        require_json_media_type(content_type)

    assert refused.value.status == 415 and refused.value.code == "unsupported_media_type"
