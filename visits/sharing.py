"""Secret links: a visitor's share link to one visit, a host's calendar feed.

A token is the link's id and random nonce, signed with the secret key: a tampered token
fails the signature, a revoked or expired one fails the database check. Either way: 404.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer

from visits.errors import NotFound
from visits.models import HostFeed, ShareLink, Stop, Visit

SHARE_SALT = "gyeonhak.share-link"
FEED_SALT = "gyeonhak.host-feed"
LINK_LIFETIME_AFTER_VISIT = timedelta(days=7)


def _serializer(secret_key: str, salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=salt)


def sign_link(secret_key: str, salt: str, ident: int, nonce: str) -> str:
    """The token of a secret link: its row id and nonce, signed for one kind of link."""
    return _serializer(secret_key, salt).dumps([ident, nonce])


def unsign_link(secret_key: str, salt: str, token: str) -> tuple[int, str]:
    """The row id and nonce a token names; NotFound when tampered, or when the id could not
    be a row's (an id past the database's integer range must not reach the query)."""
    try:
        ident, nonce = _serializer(secret_key, salt).loads(token)
    except (BadSignature, ValueError, TypeError):
        raise NotFound("This link is not valid.") from None
    if not isinstance(ident, int) or not isinstance(nonce, str) or not 1 <= ident < 2**31:
        raise NotFound("This link is not valid.")
    return ident, nonce


async def create_share_link(secret_key: str, visit: Visit) -> tuple[str, datetime]:
    last_end = await Stop.filter(visit=visit).order_by("-end").first()
    base = last_end.end if last_end else datetime.now(UTC)
    expires_at = base + LINK_LIFETIME_AFTER_VISIT
    link = await ShareLink.create(visit=visit, nonce=secrets.token_urlsafe(24),
                                  expires_at=expires_at)
    token = sign_link(secret_key, SHARE_SALT, link.id, link.nonce)
    return token, expires_at


async def current_share_token(secret_key: str, visit: Visit) -> str | None:
    """The token of the newest live link (signing is deterministic: same link, same URL)."""
    link = await ShareLink.filter(
        visit=visit, revoked_at=None, expires_at__gt=datetime.now(UTC)
    ).order_by("-id").first()
    if link is None:
        return None
    return sign_link(secret_key, SHARE_SALT, link.id, link.nonce)


async def revoke_share_links(visit: Visit) -> int:
    return await ShareLink.filter(visit=visit, revoked_at=None).update(
        revoked_at=datetime.now(UTC)
    )


async def visit_for_share_token(secret_key: str, token: str) -> Visit:
    return (await share_link_for_token(secret_key, token)).visit


async def share_link_for_token(secret_key: str, token: str) -> ShareLink:
    """The live share link of `token`, its visit loaded; else 404."""
    link_id, nonce = unsign_link(secret_key, SHARE_SALT, token)
    link = await ShareLink.get_or_none(id=link_id, nonce=nonce).select_related("visit")
    if link is None or link.revoked_at is not None or link.expires_at <= datetime.now(UTC):
        raise NotFound("This link has expired or was withdrawn.")
    return link


async def feed_token(secret_key: str, host_id: int) -> str:
    feed = await HostFeed.get_or_none(host_id=host_id)
    if feed is None:
        feed = await HostFeed.create(host_id=host_id, nonce=secrets.token_urlsafe(24))
    return sign_link(secret_key, FEED_SALT, feed.id, feed.nonce)


async def host_for_feed_token(secret_key: str, token: str) -> int:
    feed_id, nonce = unsign_link(secret_key, FEED_SALT, token)
    feed = await HostFeed.get_or_none(id=feed_id, nonce=nonce)
    if feed is None:
        raise NotFound("This calendar feed is not valid.")
    return feed.host_id  # type: ignore[attr-defined,no-any-return]
