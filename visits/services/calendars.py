"""Linking hosts' own calendars (SPEC §7.7): the list a host or officer keeps, read now on
request; reading itself is `calendar_reading`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from visits.audit import bump_change_counter, record_change
from visits.auth import Principal
from visits.calendars.fetching import check_url
from visits.calendars.problems import UrlRefused
from visits.calendars.sealing import seal
from visits.contract.calendars import CalendarLink
from visits.errors import Forbidden, Invalid
from visits.models import Host, HostBusy, HostCalendar
from visits.services import get_or_404
from visits.services.calendar_reading import read_calendar
from visits.settings import Settings
from visits.store import transaction

MAX_URL = 2000  # HostCalendar.url


class CalendarUrlRefused(Invalid):
    code = "calendar_url_refused"


@dataclass(frozen=True)
class CalendarState:
    """A linked calendar as its page and the API show it."""

    calendar: HostCalendar
    busy_count: int
    stale: bool


def ensure_may_edit_calendars(actor: Principal, host_id: int) -> None:
    if not actor.is_officer and actor.host_id != host_id:
        raise Forbidden("Hosts may link only their own calendars.")


async def host_calendars(actor: Principal, host_id: int, settings: Settings
                         ) -> list[CalendarState]:
    ensure_may_edit_calendars(actor, host_id)
    await get_or_404(Host, host_id, "host")
    return await _states(host_id, settings)


async def _states(host_id: int, settings: Settings) -> list[CalendarState]:
    rows = await HostCalendar.filter(host_id=host_id).order_by("id")
    stale_after = timedelta(hours=settings.calendars.stale_hours)
    now = datetime.now(UTC)
    states = []
    for row in rows:
        count = await HostBusy.filter(calendar_id=row.id).count()
        since = row.last_read or row.created_at
        stale = row.status != "ok" and now - since > stale_after
        states.append(CalendarState(row, count, stale))
    return states


async def _checked_urls(links: list[CalendarLink], settings: Settings) -> list[str]:
    """Each URL as it will be read, after its scheme and resolved address are checked."""
    urls = []
    for index, link in enumerate(links):
        try:
            normal = await check_url(link.url, settings.calendars.allowed_hosts)
            urls.append(normal if len(normal) <= MAX_URL else link.url)
        except UrlRefused as refused:
            raise CalendarUrlRefused(
                "The calendar address {host} is not public and may not be read.",
                field=f"[{index}].url", host=refused.detail) from None
        except Exception:  # noqa: BLE001 - unresolvable now: the reader will say why
            urls.append(link.url)
    return urls


async def link_calendars(actor: Principal, host_id: int, links: list[CalendarLink],
                         settings: Settings) -> list[CalendarState]:
    """Replace the host's calendars: those sent again (same kind, URL and user) keep their
    busy times and password (unless a new one is sent); the others start pending."""
    ensure_may_edit_calendars(actor, host_id)
    await get_or_404(Host, host_id, "host")
    urls = await _checked_urls(links, settings)
    async with transaction():
        old = {(c.kind, c.url, c.username): c
               for c in await HostCalendar.filter(host_id=host_id)}
        kept: set[int] = set()
        for link, url in zip(links, urls, strict=True):
            row = old.get((link.kind, url, link.username))
            kept.add(await _save_link(host_id, row, link, url, settings))
        gone = [c.id for c in old.values() if c.id not in kept]
        if gone:
            await HostCalendar.filter(id__in=gone).delete()
            await bump_change_counter()
        # A private subscription URL is a secret of its own: the change log names the server.
        await record_change(actor, "host", host_id, "calendars", after={
            "calendars": [{"kind": link.kind, "server": urlsplit(url).hostname or ""}
                          for link, url in zip(links, urls, strict=True)]})
    return await _states(host_id, settings)


async def _save_link(host_id: int, row: HostCalendar | None, link: CalendarLink, url: str,
                     settings: Settings) -> int:
    sealed = seal(settings.calendars.key, link.password) if link.password else None
    if row is None:
        row = await HostCalendar.create(
            host_id=host_id, kind=link.kind, url=url, username=link.username,
            password_sealed=sealed or "", share_titles=link.share_titles)
        return row.id
    changed = sealed is not None or row.share_titles != link.share_titles
    if changed:  # read again: titles kept or dropped, a new password tried
        row.password_sealed = sealed if sealed is not None else row.password_sealed
        row.share_titles = link.share_titles
        row.version_tag, row.next_read_at = "", None
        await row.save()
    return row.id


async def refresh_calendars(actor: Principal, host_id: int, settings: Settings
                            ) -> list[CalendarState]:
    """Read the host's calendars now (one another process is reading keeps its turn)."""
    ensure_may_edit_calendars(actor, host_id)
    await get_or_404(Host, host_id, "host")
    for calendar_id in await HostCalendar.filter(host_id=host_id).values_list("id", flat=True):
        await HostCalendar.filter(id=calendar_id).update(version_tag="")
        await read_calendar(int(calendar_id), settings)
    return await _states(host_id, settings)


async def stale_calendars(settings: Settings) -> list[HostCalendar]:
    """Calendars not read successfully for CALENDAR_STALE_HOURS: the officer is warned."""
    since = datetime.now(UTC) - timedelta(hours=settings.calendars.stale_hours)
    rows = await HostCalendar.filter(status="error").prefetch_related("host")
    return [r for r in rows if (r.last_read or r.created_at) < since]
