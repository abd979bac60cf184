"""Rendered documents every app process shares, in the database (issue 16, point 3).

A document is stored under its content key (`rendering.document_key`: a hash of everything
it shows), so a stored document is never stale: a change to the visit yields another key,
and the old document is simply no longer asked for, until it is evicted. The store is
bounded by its total size (DOCUMENT_STORE_MAX_MB); past it, the least recently used go.

Renders are claimed by key (`document_render`, inserted: the primary key decides between
processes racing for it), so two processes do not render the same document: the one that
lost the claim waits for the stored bytes. A claim lapses after its time, so a process that
died mid-render holds no one up for longer than that.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.functions import Sum

from visits.models import DocumentRender, StoredDocument

log = logging.getLogger(__name__)

# `last_used` is written at most this often per document: a lookup stays a read.
TOUCH_EVERY = timedelta(minutes=1)


class DocumentStore:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    async def get(self, key: str) -> bytes | None:
        rows = await StoredDocument.filter(key=key).values_list("data", "last_used")
        if not rows:
            return None
        data, last_used = rows[0]
        now = datetime.now(UTC)
        if last_used < now - TOUCH_EVERY:
            await StoredDocument.filter(key=key).update(last_used=now)
        return bytes(data)

    async def has(self, key: str) -> bool:
        return await StoredDocument.filter(key=key).exists()

    async def put(self, key: str, data: bytes, media_type: str) -> None:
        """Keep `data` under `key` (once: a second put of the key is a no-op), then evict
        the least recently used past the bound."""
        if len(data) > self.max_bytes:
            return
        try:
            await StoredDocument.create(key=key, media_type=media_type, data=data,
                                        size=len(data), last_used=datetime.now(UTC))
        except IntegrityError:  # another process stored the same content first
            return
        await self.evict()

    async def size(self) -> int:
        rows = await StoredDocument.all().annotate(total=Sum("size")).values_list("total")
        return int(rows[0][0] or 0) if rows else 0

    async def evict(self) -> int:
        """Drop the least recently used documents until the store fits its bound; how many."""
        excess = await self.size() - self.max_bytes
        if excess <= 0:
            return 0
        dropped: list[str] = []
        rows = StoredDocument.all().order_by("last_used", "key").values_list("key", "size")
        for key, size in await rows:
            if excess <= 0:
                break
            dropped.append(key)
            excess -= size
        await StoredDocument.filter(key__in=dropped).delete()
        return len(dropped)

    # ------------------------------------------------------------ claims

    async def claim(self, key: str, seconds: float) -> bool:
        """Take the render of `key` for `seconds`: False when another process holds it."""
        now = datetime.now(UTC)
        until = now + timedelta(seconds=seconds)
        try:
            await DocumentRender.create(key=key, claimed_until=until)
            return True
        except IntegrityError:
            pass
        # Held, or left behind by a process that died: a lapsed claim is taken over (one
        # UPDATE, so of two processes taking it over only one matches).
        taken = await DocumentRender.filter(key=key, claimed_until__lt=now).update(
            claimed_until=until)
        return bool(taken)

    async def claimed(self, key: str) -> bool:
        """Some process is rendering `key` now (its claim has not lapsed)."""
        return await DocumentRender.filter(key=key,
                                           claimed_until__gte=datetime.now(UTC)).exists()

    async def release(self, key: str) -> None:
        await DocumentRender.filter(key=key).delete()
