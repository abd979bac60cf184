"""Request bodies, read with a size limit whether or not the client declared one, and JSON
parsed so that no body, however hostile, can reach Python's limits: recursion depth,
int-to-text digit limits, NaN, or a charset guessed from the bytes."""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

from starlette.requests import Request

from visits.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

MAX_DEPTH = 32
MAX_DIGITS = 40
_JSON_TYPE = re.compile(r"^application/([a-z0-9.+-]+\+)?json$")
# A JSON string, unrolled so that the regex engine never backtracks into it.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge("The request body is over {limit} bytes.", limit=limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge("The request body is over {limit} bytes.", limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: Request) -> Any:
    """The body as JSON, declared as JSON in UTF-8; any other body is a 4xx, never a 500."""
    require_json_media_type(request.headers.get("content-type"))
    raw = await read_body(request, request.app.state.settings.max_body_bytes)
    return parse_json(raw)


def require_json_media_type(content_type: str | None) -> None:
    """`application/json` or `application/…+json`, with no charset or UTF-8's."""
    media, _, params = (content_type or "").partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if not _JSON_TYPE.match(media.strip().lower()) or charset not in ("", "utf-8", "utf8"):
        raise UnsupportedMediaType("Send the body as JSON in UTF-8, with Content-Type: "
                                   "application/json.")


def parse_json(raw: bytes) -> Any:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise BadRequest("The body starts with a byte order mark: send UTF-8 without one.",
                         code="malformed_json")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("The body is not UTF-8 text.", code="malformed_json") from None
    if not text.strip():
        raise BadRequest("A JSON body is required.", code="malformed_json")
    _refuse_deep_nesting(text)
    try:
        return json.loads(text, parse_int=_bounded_int, parse_float=_finite_float,
                          parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BadRequest("The body is not valid JSON (line {line}, column {column}).",
                         code="malformed_json", line=exc.lineno, column=exc.colno) from None


def _refuse_deep_nesting(text: str) -> None:
    """Counted before parsing, without recursion: the parser itself recurses per level."""
    brackets = _BRACKET.findall(_STRING.sub("", text))
    depth = max(accumulate(1 if b in "[{" else -1 for b in brackets), default=0)
    if depth > MAX_DEPTH:
        raise BadRequest("The body is nested more than {limit} levels deep.",
                         code="malformed_json", limit=MAX_DEPTH)


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise BadRequest("A number in the body has more than {limit} digits.",
                         code="malformed_json", limit=MAX_DIGITS)
    return int(digits)


def _finite_float(number: str) -> float:
    value = float(number)
    if not math.isfinite(value):
        raise BadRequest("A number in the body is too large.", code="malformed_json")
    return value


def _no_constant(name: str) -> float:
    raise BadRequest("The body contains {name}, which JSON does not allow.",
                     code="malformed_json", name=name)
