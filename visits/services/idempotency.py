"""Idempotency-Key on creating requests: the same key from the same user with the same
request gets the first answer again, and the change happens once.

The claim is an INSERT decided by the table's unique (user, key) constraint, so racing
requests in different processes cannot both run. The first request's answer is kept for a
day; a request still running makes the others wait (409), one with another body is refused
(422). A claim whose request ended without an answer worth keeping (a server error, a
client gone, a Retry-After) is released, so the same key may try again.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError

from visits.errors import BadRequest, Invalid, KeyInUse
from visits.models import IdempotencyKey

KEPT_FOR = timedelta(hours=24)
# A claim older than this with no answer and no committed change belongs to a process that
# died mid-request: another may take it over.
RUNNING_AT_MOST = timedelta(minutes=5)
KEY_PATTERN = r"^[!-~]{1,255}$"  # visible ASCII
_KEY = re.compile(KEY_PATTERN)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


def request_hash(method: str, path: str, body: str) -> str:
    return hashlib.sha256(f"{method} {path}\n{body}".encode()).hexdigest()


async def claim(user_id: int, key: str, fingerprint: str) -> Answer | None:
    """None: this request is the first with the key, run it. Otherwise the answer kept."""
    if not _KEY.match(key):
        raise BadRequest("The Idempotency-Key header must be 1 to 255 visible ASCII characters.",
                         code="invalid_idempotency_key")
    now = datetime.now(UTC)
    await IdempotencyKey.filter(expires_at__lte=now).delete()
    try:
        await IdempotencyKey.create(user_id=user_id, key=key, request_hash=fingerprint,
                                    expires_at=now + KEPT_FOR)
        return None
    except IntegrityError:
        pass
    earlier = await IdempotencyKey.get_or_none(user_id=user_id, key=key)
    if earlier is not None and earlier.request_hash != fingerprint:
        raise _reused()
    if earlier is not None and earlier.status_code is not None:
        return Answer(earlier.status_code, earlier.response_body.encode())
    if earlier is not None and await _take_over(earlier, now):
        return None
    raise KeyInUse("A request with this Idempotency-Key is still being handled: try again in "
                   "a moment.")


def _reused() -> Invalid:
    return Invalid("This Idempotency-Key was already used for a different request: use a "
                   "new key.", code="idempotency_key_reused")


async def _take_over(abandoned: IdempotencyKey, now: datetime) -> bool:
    if abandoned.created_at > now - RUNNING_AT_MOST:
        return False
    return bool(await IdempotencyKey.filter(
        id=abandoned.id, status_code=None, committed=False, created_at=abandoned.created_at
    ).update(created_at=now, expires_at=now + KEPT_FOR))


async def mark_committed(user_id: int, key: str) -> None:
    """Inside the change's transaction (visits.store.committing_with)."""
    await IdempotencyKey.filter(user_id=user_id, key=key).update(committed=True)


async def remember(user_id: int, key: str, answer: Answer) -> None:
    await IdempotencyKey.filter(user_id=user_id, key=key, status_code=None).update(
        status_code=answer.status, response_body=answer.body.decode())


async def release(user_id: int, key: str) -> None:
    """The request ended with nothing worth replaying: the key may be used again, unless
    its change was committed (then only a lost answer remains, and a repeat must not run)."""
    await IdempotencyKey.filter(user_id=user_id, key=key, status_code=None,
                                committed=False).delete()
