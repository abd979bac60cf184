"""Requests from one client address to a group of public endpoints, counted in the database
(table `public_rate`) so that every app process sees one count.

A fixed window per group: at most `limit` requests from an address in each window (an
hour of visit requests, a minute of page views by secret link); past it, 429 with the
seconds until the window ends. The key is a SHA-256 digest of the group and the address,
never the address itself. Each step is one conditional statement, so requests racing in
any number of processes never get past the limit together.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from visits.errors import TooManyRequests
from visits.models import PublicRate
from visits.settings import Settings

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_FORGET_AFTER = timedelta(days=1)  # longer than any window
_PURGE_EVERY_S = 60.0
_last_purge = 0.0


@dataclass(frozen=True)
class RateLimit:
    group: str
    limit: int
    window: timedelta


def request_limit(settings: Settings) -> RateLimit:
    """Visit requests (`POST /api/requests` and the request form)."""
    return RateLimit("requests", settings.public_requests_per_hour, timedelta(hours=1))


def view_limit(settings: Settings) -> RateLimit:
    """Public pages and downloads by secret link (share and tracking links)."""
    return RateLimit("views", settings.public_views_per_minute, timedelta(minutes=1))


def answer_limit(settings: Settings) -> RateLimit:
    """A contact's answers on the tracking page (confirm, ask for changes, withdraw):
    as many an hour as visit requests, counted apart so neither starves the other."""
    return RateLimit("answers", settings.public_requests_per_hour, timedelta(hours=1))


async def take_answer(settings: Settings, address: str) -> None:
    await take(answer_limit(settings), address)


async def take_request(settings: Settings, address: str) -> None:
    await take(request_limit(settings), address)


async def take_view(settings: Settings, address: str) -> None:
    await take(view_limit(settings), address)


def _digest(group: str, address: str) -> str:
    return hashlib.sha256(f"{group}\0{address}".encode("utf-8", "surrogatepass")).hexdigest()


def window_start(now: datetime, window: timedelta) -> datetime:
    return _EPOCH + (now - _EPOCH) // window * window


async def take(limit: RateLimit, address: str) -> None:
    """Count one request from `address`; past the limit raise TooManyRequests (nothing
    counted then), with Retry-After the seconds until the window ends."""
    now = datetime.now(UTC)
    start = window_start(now, limit.window)
    key = _digest(limit.group, address)
    if await PublicRate.filter(key=key, window_start__gte=start, hits__lt=limit.limit).update(
            hits=F("hits") + 1):
        return
    if await PublicRate.filter(key=key, window_start__lt=start).update(window_start=start,
                                                                       hits=1):
        return
    if await PublicRate.exists(key=key):
        wait = math.ceil((start + limit.window - now).total_seconds())
        raise TooManyRequests("Too many requests from your address: try again in {seconds} "
                              "seconds.", retry_after=max(1, wait), seconds=max(1, wait))
    await _first_request(limit, address, key, start)


async def _first_request(limit: RateLimit, address: str, key: str, start: datetime) -> None:
    await _purge_forgotten(start)
    try:
        await PublicRate.create(key=key, window_start=start, hits=1)
    except IntegrityError:  # another request made the counter first: count again
        await take(limit, address)


async def _purge_forgotten(now: datetime) -> None:
    """Counters of windows long gone count nothing: delete them (at most once a minute
    per process), so that strangers leave no lasting rows."""
    global _last_purge
    if time.monotonic() - _last_purge >= _PURGE_EVERY_S:
        _last_purge = time.monotonic()
        await PublicRate.filter(window_start__lt=now - _FORGET_AFTER).delete()
