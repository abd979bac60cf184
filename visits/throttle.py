"""Sign-in throttling: failed sign-ins counted in the database, so that every app process
sees the same counts, per client address and per address and account.

A few failures are free; past them each failure doubles the wait before the next attempt
(15 s, 30 s, … up to an hour). Nothing here locks an account: a stranger guessing from
elsewhere slows down only their own address, never the real user's.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from visits.models import SignInThrottle
from visits.settings import ThrottleLimits


@dataclass(frozen=True)
class ThrottleKeys:
    """Digests naming the counters of one attempt; the raw address and e-mail stay out."""

    address_and_account: str
    address: str


def throttle_keys(address: str, email: str) -> ThrottleKeys:
    return ThrottleKeys(_digest(f"account\0{address}\0{email}"), _digest(f"address\0{address}"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


async def seconds_to_wait(keys: ThrottleKeys) -> int:
    """0 when an attempt may go ahead; else the whole seconds until it may."""
    now = _now()
    counters = await SignInThrottle.filter(
        key__in=[keys.address_and_account, keys.address], blocked_until__gt=now)
    latest = max((c.blocked_until for c in counters if c.blocked_until is not None), default=now)
    return math.ceil((latest - now).total_seconds())


async def count_failure(keys: ThrottleKeys, limits: ThrottleLimits) -> None:
    await _count(keys.address_and_account, limits.free_per_account, limits)
    await _count(keys.address, limits.free_per_address, limits)


async def forget_account_failures(keys: ThrottleKeys) -> None:
    """After a right password: the address's failures for this account are forgiven (those
    on the address as a whole are not, or guessing many accounts would clear them)."""
    await SignInThrottle.filter(key=keys.address_and_account).delete()


def wait_after(failures: int, free: int, limits: ThrottleLimits) -> timedelta | None:
    """The wait imposed after the n-th failure: none while free, then doubling."""
    over = failures - free
    if over <= 0:
        return None
    doublings = min(over - 1, 20)
    return min(limits.first_wait * (1 << doublings), limits.longest_wait)


async def _count(key: str, free: int, limits: ThrottleLimits) -> None:
    """Adds one failure atomically (UPDATE … SET failures = failures + 1), so that processes
    counting at the same moment lose none."""
    now = _now()
    await SignInThrottle.filter(key=key, last_failure_at__lt=now - limits.forget_after).update(
        failures=0)
    if not await SignInThrottle.filter(key=key).update(failures=F("failures") + 1,
                                                        last_failure_at=now):
        try:
            await SignInThrottle.create(key=key, failures=1, last_failure_at=now)
        except IntegrityError:  # another process created it first
            await SignInThrottle.filter(key=key).update(failures=F("failures") + 1,
                                                        last_failure_at=now)
    counter = await SignInThrottle.get(key=key)
    wait = wait_after(counter.failures, free, limits)
    if wait is not None:
        await SignInThrottle.filter(key=key).update(blocked_until=now + wait)
