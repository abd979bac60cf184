"""Published versions of a visit (SPEC §7.3): what its visitors see, what changed, and the
mail that tells the delegation's contact.

Officers edit the live visit freely; visitors (the share link, its PDF and calendar) see
the latest published version. Publishing snapshots the renderers' input, lists the changes
since the version before (visits.domain.versions), and queues one mail to the contact, in
one transaction behind a lock of the visit's row: of two racing publishes one makes the
version (and its one mail), the other finds nothing left to publish (409
`nothing_to_publish`). The unique (visit, number) pair backs the lock up.

A visit shared before it was ever published gets version 1 with its first share link
(`share_visit`), so sharing still shows the visitor the itinerary at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from itineraries.model import Itinerary
from itineraries.notice import version_notice
from visits import sharing, store
from visits.audit import record_change
from visits.auth import Principal
from visits.domain.versions import diff_items, diff_stops
from visits.errors import Conflict, NotFound
from visits.models import OutboxMessage, User, Visit, VisitVersion
from visits.services import accounts, get_or_404
from visits.services.itineraries import build_itinerary
from visits.services.snapshots import (
    Snapshot,
    change_json,
    change_notes,
    content,
    item_change_json,
    item_states,
    itinerary_of,
    snapshot_of,
    stop_states,
    with_sequences,
)
from visits.settings import Settings

NOTHING_TO_PUBLISH = ("Nothing has changed since version {number}: there is nothing to "
                      "publish.")


@dataclass(frozen=True)
class Version:
    number: int
    published_at: datetime
    # The publisher's name (a host user's is multilingual), else their e-mail; None when
    # the account is gone.
    published_by: dict[str, str] | str | None
    changes: list[dict[str, Any]]  # [{kind, item, before?, after?}], see snapshots


@dataclass(frozen=True)
class Pending:
    """The live visit against its latest version: what publishing now would do."""

    latest: int | None  # the latest version's number; None when never published
    changed: bool  # the live visit differs from it (or there is none yet)
    changes: list[dict[str, Any]]  # what the next version would list


# ---------------------------------------------------------------- publishing

async def publish_visit(actor: Principal, settings: Settings, visit_id: int, *,
                        base_url: str, mail_contact: bool = True,
                        unchanged_ok: bool = False) -> Version:
    """Record the live visit as its next version and mail the delegation's contact the
    changes with the share link (`base_url`/v/…, a new link when none is live).

    Nothing changed since the latest version: 409 `nothing_to_publish`, or that version
    with `unchanged_ok` (for a caller that only needs the visitors to be up to date).
    `mail_contact=False` leaves the telling to the caller (a proposal's own mail)."""
    visit = await get_or_404(Visit, visit_id, "visit")
    async with store.transaction():
        await store.lock_visit(visit.id)
        row = await _publish_locked(actor, settings, visit, base_url, mail_contact,
                                    unchanged_ok)
    return await _version(row)


async def publish_in_transaction(actor: Principal, settings: Settings, visit: Visit, *,
                                 base_url: str) -> int:
    """`publish_visit` inside the caller's transaction, which already holds the visit's lock
    (`store.lock_visit`): for a change that visitors must see as it happens (a delay on the
    visit's day). Returns the version's number; an unchanged visit keeps its version."""
    row = await _publish_locked(actor, settings, visit, base_url, unchanged_ok=True)
    return row.number


async def share_visit(actor: Principal, settings: Settings, visit_id: int, *,
                      base_url: str) -> tuple[str, datetime]:
    """A new share link (its URL and expiry); a visit never published is published as
    version 1 with it."""
    visit = await get_or_404(Visit, visit_id, "visit")
    async with store.transaction():
        await store.lock_visit(visit.id)
        token, expires_at = await sharing.create_share_link(settings.secret_key, visit)
        if not await VisitVersion.exists(visit_id=visit.id):
            await _publish_locked(actor, settings, visit, base_url)
    return f"{base_url}/v/{token}", expires_at


async def _publish_locked(actor: Principal, settings: Settings, visit: Visit, base_url: str,
                          mail_contact: bool = True,
                          unchanged_ok: bool = False) -> VisitVersion:
    latest = await _latest(visit.id)
    snapshot = snapshot_of(await build_itinerary(settings, visit))
    if latest is not None and content(latest.snapshot) == content(snapshot):
        if unchanged_ok:
            return latest
        raise Conflict(NOTHING_TO_PUBLISH, code="nothing_to_publish", number=latest.number)
    previous = latest.snapshot if latest is not None else None
    changes = _changes(previous, snapshot)
    number = latest.number + 1 if latest is not None else 1
    try:
        row = await VisitVersion.create(
            visit_id=visit.id, number=number, published_by_id=actor.user_id,
            snapshot=with_sequences(snapshot, previous), changes=changes)
    except IntegrityError:  # another process made this number first
        raise Conflict(NOTHING_TO_PUBLISH, code="nothing_to_publish",
                       number=number) from None
    if mail_contact:
        await _mail_contact(settings, visit, row, base_url)
    await record_change(actor, "visit", visit.id, "publish", visit_id=visit.id,
                        after={"version": number, "changes": changes})
    return row


def _changes(previous: Snapshot | None, snapshot: Snapshot) -> list[dict[str, Any]]:
    """The stops' and the programme items' changes together, in time order."""
    cancelled = snapshot["status"] == "cancelled"
    stops = diff_stops(stop_states(previous), stop_states(snapshot) or [],
                       visit_cancelled=cancelled)
    items = diff_items(item_states(previous), item_states(snapshot) or [],
                       visit_cancelled=cancelled)
    found = [(c.stop.start, change_json(c)) for c in stops]
    found += [(c.item.start, item_change_json(c)) for c in items]
    return [json for _, json in sorted(found, key=lambda f: f[0])]


async def _mail_contact(settings: Settings, visit: Visit, row: VisitVersion,
                        base_url: str) -> None:
    """Inside the version's transaction: one mail exactly when the version exists."""
    token = await sharing.current_share_token(settings.secret_key, visit)
    if token is None:
        token, _ = await sharing.create_share_link(settings.secret_key, visit)
    url = f"{base_url}/v/{token}"
    itinerary = _itinerary_of_row(settings, row, url)
    to = itinerary.delegation.contact_email.strip()
    if not to:
        return
    notice = version_notice(itinerary, url)
    await OutboxMessage.create(to_email=to, subject=notice.subject, body=notice.body,
                               visit_id=visit.id)


# ---------------------------------------------------------------- reading versions

async def _latest(visit_id: int) -> VisitVersion | None:
    return await VisitVersion.filter(visit_id=visit_id).order_by("-number").first()


async def list_versions(visit_id: int) -> list[Version]:
    """Every version of the visit, the first first."""
    await get_or_404(Visit, visit_id, "visit")
    rows = await VisitVersion.filter(visit_id=visit_id).order_by("number")
    names = await accounts.people_names(r.published_by_id for r in rows)  # type: ignore[attr-defined]
    emails = await _emails(r.published_by_id for r in rows)  # type: ignore[attr-defined]
    return [_as_version(r, names, emails) for r in rows]


async def _version(row: VisitVersion) -> Version:
    user_id = row.published_by_id  # type: ignore[attr-defined]
    names = await accounts.people_names([user_id])
    return _as_version(row, names, await _emails([user_id]))


async def _emails(user_ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in user_ids if i is not None}
    return dict(await User.filter(id__in=wanted).values_list("id", "email"))


def _as_version(row: VisitVersion, names: dict[int, Any], emails: dict[int, str]) -> Version:
    user_id = row.published_by_id  # type: ignore[attr-defined]
    return Version(row.number, row.published_at, names.get(user_id) or emails.get(user_id),
                   list(row.changes))


def _itinerary_of_row(settings: Settings, row: VisitVersion,
                      share_url: str | None) -> Itinerary:
    return itinerary_of(settings, row.visit_id, row.snapshot,  # type: ignore[attr-defined]
                        share_url=share_url, version=row.number,
                        changes=change_notes(row.changes))


async def latest_published(settings: Settings, visit_id: int,
                           share_url: str | None) -> Itinerary | None:
    """The latest published version, ready for the visitor renderers (page, PDF,
    calendar); None when the visit was never published."""
    row = await _latest(visit_id)
    return _itinerary_of_row(settings, row, share_url) if row is not None else None


async def version_itinerary(settings: Settings, visit_id: int, number: int,
                            share_url: str | None) -> Itinerary:
    """Version `number` of the visit, ready to render; 404 when there is none."""
    row = await VisitVersion.get_or_none(visit_id=visit_id, number=number)
    if row is None:
        raise NotFound("Visit {id} has no version {number}.", id=visit_id, number=number)
    return _itinerary_of_row(settings, row, share_url)


async def visitor_itinerary(settings: Settings, visit: Visit,
                            share_url: str | None) -> Itinerary:
    """What a visitor sees: the latest published version; the live visit for a visit
    shared before versions existed and never published since."""
    published = await latest_published(settings, visit.id, share_url)
    return published or await build_itinerary(settings, visit, share_url)


async def pending_changes(settings: Settings, visit: Visit) -> Pending:
    """For the officer's page: is there anything to publish, and what."""
    latest = await _latest(visit.id)
    snapshot = snapshot_of(await build_itinerary(settings, visit))
    if latest is None:
        return Pending(None, True, _changes(None, snapshot))
    changed = content(latest.snapshot) != content(snapshot)
    return Pending(latest.number, changed,
                   _changes(latest.snapshot, snapshot) if changed else [])
