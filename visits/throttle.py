"""Sign-in throttling: failed sign-ins counted in the database, so that every app process
sees the same counts, per client address and per address and account.

A few failures are free; past them each failure doubles the wait before the next attempt
(15 s, 30 s, … up to an hour). Every attempt counts as a failure until its password proves
right, so that a burst of concurrent guesses gets no more tries than a sequence. Nothing
here locks an account: a stranger guessing from elsewhere slows down only their own
address, never the real user's.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q

from visits.models import SignInThrottle
from visits.settings import ThrottleLimits

_PURGE_EVERY_S = 60.0
_last_purge = 0.0


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


async def claim_attempt(keys: ThrottleKeys, limits: ThrottleLimits) -> int:
    """Counts the attempt as a failure before the password is checked, so that concurrent
    guesses cannot all pass before any is counted; a right password takes it back
    (`forgive`). Answers 0 when the attempt may go ahead, else the seconds to wait.

    The address and account counter goes first: an attempt it lets through but the address
    refuses still counts there, which only slows down that same address."""
    for key, free in ((keys.address_and_account, limits.free_per_account),
                      (keys.address, limits.free_per_address)):
        wait = await _claim(key, free, limits)
        if wait:
            return wait
    return 0


async def forgive(keys: ThrottleKeys, limits: ThrottleLimits) -> None:
    """After a right password: this account's failures from the address are forgotten, and
    the attempt no longer counts against the address (its other failures still do, or
    guessing many accounts and signing in to one's own would clear them)."""
    await SignInThrottle.filter(key=keys.address_and_account).delete()
    await SignInThrottle.filter(key=keys.address, failures__gt=0).update(
        failures=F("failures") - 1)
    await SignInThrottle.filter(key=keys.address, failures__lt=limits.free_per_address).update(
        blocked_until=None)


def wait_after(failures: int, free: int, limits: ThrottleLimits) -> timedelta | None:
    """The wait after the n-th failure: none before the free ones are used up, then from
    the last free one on, doubling."""
    over = failures - free
    if over < 0:
        return None
    return min(limits.first_wait * (1 << min(over, 20)), limits.longest_wait)


async def _claim(key: str, free: int, limits: ThrottleLimits) -> int:
    """One counter's part of `claim_attempt`. Each step is a single conditional UPDATE, so
    that of attempts racing in any number of processes only as many go ahead as allowed."""
    now = _now()
    await SignInThrottle.filter(key=key, last_failure_at__lt=now - limits.forget_after).update(
        failures=0, blocked_until=None)
    counted = dict(failures=F("failures") + 1, last_failure_at=now)
    if await SignInThrottle.filter(key=key, failures__lt=free - 1).update(**counted):
        return 0  # not the last free failure: no wait follows it
    not_waiting = Q(blocked_until__isnull=True) | Q(blocked_until__lte=now)
    held = now + limits.first_wait  # the shortest wait, made right by _start_wait
    if await SignInThrottle.filter(not_waiting, key=key).update(**counted, blocked_until=held):
        await _start_wait(key, free, limits, now)
        return 0
    counter = await SignInThrottle.get_or_none(key=key)
    if counter is not None and counter.blocked_until is not None:
        return max(1, math.ceil((counter.blocked_until - now).total_seconds()))
    return await _first_failure(key, free, limits, now)


async def _start_wait(key: str, free: int, limits: ThrottleLimits, now: datetime) -> None:
    """The claim held the counter for the shortest wait; now the wait its count deserves."""
    counter = await SignInThrottle.get(key=key)
    wait = wait_after(counter.failures, free, limits) or limits.first_wait
    await SignInThrottle.filter(key=key).update(blocked_until=now + wait)


async def _first_failure(key: str, free: int, limits: ThrottleLimits, now: datetime) -> int:
    await _purge_forgotten(now, limits)
    wait = wait_after(1, free, limits)  # one free failure only: the wait starts at once
    try:
        await SignInThrottle.create(key=key, failures=1, last_failure_at=now,
                                    blocked_until=now + wait if wait else None)
    except IntegrityError:  # another attempt made the counter first: claim again
        return await _claim(key, free, limits)
    return 0


async def _purge_forgotten(now: datetime, limits: ThrottleLimits) -> None:
    """Counters past `forget_after` count nothing any more: delete them (at most once a
    minute per process), so that guesses at random e-mails leave no lasting rows."""
    global _last_purge
    if time.monotonic() - _last_purge >= _PURGE_EVERY_S:
        _last_purge = time.monotonic()
        # Waits end long before counters are forgotten (an hour at most): none is cut short.
        await SignInThrottle.filter(last_failure_at__lt=now - limits.forget_after).delete()

