"""The officer's view of what a visit's visitors see: the version published, the changes
not published yet, and every version with its changes, in the interface language; and the
"publish" button's handler."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.dates import format_skeleton
from starlette.requests import Request
from starlette.responses import Response

from visits.auth import Principal
from visits.edge.hosts import public_base
from visits.errors import Conflict
from visits.models import Visit
from visits.pages.forms import gettext_for, said
from visits.pages.i18n import N_, translations
from visits.pages.text import text
from visits.pages.web import flash, language_of, read_form, redirect
from visits.services import versions, visits

CHANGE_WORDS = {
    "added": N_("Added: %(place)s, %(time)s"),
    "removed": N_("Removed: %(place)s"),
    "moved": N_("Moved: %(place)s %(before)s → %(after)s"),
    "host_changed": N_("Host changed: %(place)s, %(before)s → %(after)s"),
    "cancelled": N_("Cancelled: %(place)s"),
}


@dataclass(frozen=True)
class VersionRow:
    number: int
    published_at: datetime  # in the organisation's zone
    published_by: str
    changes: list[str]


@dataclass(frozen=True)
class Publishing:
    latest: int | None  # the version visitors see; None: never published
    changed: bool  # the live visit differs from it: there is something to publish
    pending: list[str]  # what a publish now would list
    versions: list[VersionRow]  # the newest first


class ChangeWords:
    """Changes as the officer reads them: "Moved: 통합관제센터 10:00 → 14:00"."""

    def __init__(self, lang: str, tz: Any) -> None:
        self.lang, self.tz = lang, tz
        self.gettext = translations(lang).gettext

    def line(self, change: dict[str, Any]) -> str:
        before, after = change.get("before") or {}, change.get("after") or {}
        item = change["item"]  # a stop, named by its facility, or a programme item's title
        facts = {"place": text(item.get("facility_name", item.get("title")), self.lang),
                 "time": self._when(after, False) if after else ""}
        if change["kind"] == "moved":
            day = self._day(before) != self._day(after)
            facts |= {"before": self._when(before, day), "after": self._when(after, day)}
        elif change["kind"] == "host_changed":
            facts |= {"before": text(before.get("host_name"), self.lang),
                      "after": text(after.get("host_name"), self.lang)}
        return self.gettext(CHANGE_WORDS[change["kind"]]) % facts

    def _local(self, side: dict[str, Any]) -> datetime:
        return datetime.fromisoformat(side["start"]).astimezone(self.tz)

    def _day(self, side: dict[str, Any]) -> object:
        return self._local(side).date()

    def _when(self, side: dict[str, Any], with_day: bool) -> str:
        start = self._local(side)
        day = format_skeleton("MMMd", start, locale=self.lang) + " " if with_day else ""
        return f"{day}{start:%H:%M}"


async def publishing(request: Request, visit: Visit) -> Publishing:
    settings = request.app.state.settings
    words = ChangeWords(language_of(request), settings.timezone)
    pending = await versions.pending_changes(settings, visit)
    rows = [VersionRow(v.number, v.published_at.astimezone(settings.timezone),
                       text(v.published_by, words.lang) or words.gettext("system"),
                       [words.line(c) for c in v.changes])
            for v in reversed(await versions.list_versions(visit.id))]
    return Publishing(pending.latest, pending.changed,
                      [words.line(c) for c in pending.changes], rows)


async def publish(request: Request, who: Principal, id: int) -> Response:
    await read_form(request)
    await visits.get_visit(who, id)
    _ = gettext_for(request)
    try:
        version = await versions.publish_visit(who, request.app.state.settings, id,
                                               base_url=public_base(request))
    except Conflict as refused:
        flash(request, await said(request, refused), "error")
        return redirect(f"/visits/{id}#versions")
    flash(request, _("Published: version %(number)d. The delegation's contact is mailed "
                     "what changed.") % {"number": version.number})
    return redirect(f"/visits/{id}#versions")

