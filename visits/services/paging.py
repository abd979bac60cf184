"""Lists a page at a time (SPEC §7.9): opaque cursors and what a page holds.

A cursor is the key of the last item shown, in base64 so that clients treat it as opaque;
every list is ordered by a key that ends with the row's id, so a cursor names one place
in the list however many rows arrive before or after it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Generic, TypeVar

from visits.errors import Invalid

T = TypeVar("T")
BAD_CURSOR = "This cursor was not given by this list: start again without it."


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next: str | None


def encode_cursor(*parts: object) -> str:
    raw = ":".join(str(p) for p in parts).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, parts: int) -> list[str]:
    """The parts of a cursor made by `encode_cursor`; anything else is 422."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raw = ""
    found = raw.split(":", parts - 1)
    if len(found) != parts or not all(found):
        raise bad_cursor()
    return found


def bad_cursor() -> Invalid:
    return Invalid(BAD_CURSOR, code="invalid_cursor", field="cursor")
