"""A visit's audit trail said in words: who by name, stops as "place, day, time, host,
status"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.dates import format_skeleton
from starlette.requests import Request

from visits.models import AuditEvent
from visits.pages.i18n import N_, translations
from visits.pages.text import text
from visits.pages.visit_versions import ChangeWords
from visits.pages.web import language_of, status_label
from visits.services import accounts, pages_queries

ACTIONS = {
    "create": N_("Visit booked"), "cancel": N_("Visit cancelled"),
    "reschedule": N_("Stop rescheduled"), "accepted": N_("Stop accepted"),
    "declined": N_("Stop declined"), "publish": N_("Version published"),
    "companions": N_("Companions changed"),
    "countered": N_("Another time proposed"), "take_counter": N_("Proposed time taken"),
    "delay": N_("Running late: stops moved later"),
}


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    actor: str  # the person's name; their e-mail when no name is known; "system" in words
    actor_email: str  # shown beside a name ("" when `actor` is already the e-mail)
    action: str
    before: list[str]
    after: list[str]


def _snapshots(part: Any) -> list[dict[str, Any]]:
    items = part if isinstance(part, list) else [part]
    return [item for item in items if isinstance(item, dict)]


async def history_rows(request: Request, events: list[AuditEvent]) -> list[HistoryRow]:
    """The audit trail said in words: stops as "place, day, time, host, status"."""
    snaps = [s for e in events for part in (e.before, e.after) for s in _snapshots(part)]
    places, people = await pages_queries.names_of(
        {s["facility_id"] for s in snaps if isinstance(s.get("facility_id"), int)},
        {s["host_id"] for s in snaps if isinstance(s.get("host_id"), int)})
    names = await accounts.people_names(e.actor_id for e in events)  # type: ignore[attr-defined]
    lang, tz = language_of(request), request.app.state.settings.timezone
    t = translations(lang)
    _ = t.gettext

    def who(event: AuditEvent) -> tuple[str, str]:
        name = names.get(event.actor_id)  # type: ignore[attr-defined]
        if name:
            return text(name, lang), event.actor_email
        return event.actor_email or _("system"), ""

    def describe(snap: dict[str, Any]) -> str:
        if "companion_id" in snap:  # who went with the visit, and when
            return companion_line(snap)
        status = status_label(t, str(snap.get("status", "")))
        if "facility_id" not in snap:
            return f"{status} ({snap['reason']})" if snap.get("reason") else status
        try:
            start = datetime.fromisoformat(snap["start"]).astimezone(tz)
            end = datetime.fromisoformat(snap["end"]).astimezone(tz)
        except (KeyError, TypeError, ValueError):
            return status
        said = (f"{text(places.get(snap['facility_id']), lang)}, "
                f"{format_skeleton('MMMd', start, locale=lang)} "
                f"{start:%H:%M}–{end:%H:%M}, {text(people.get(snap.get('host_id')), lang)}, "
                f"{status}")
        return said + proposal(snap)

    def proposal(snap: dict[str, Any]) -> str:
        """A counter-proposal's time (and the host's note), when the snapshot holds one."""
        try:
            proposed = datetime.fromisoformat(snap["counter_start"]).astimezone(tz)
        except (KeyError, TypeError, ValueError):
            return ""
        note = f" ({snap['reason']})" if snap.get("reason") else ""
        return (f"; {_('Proposed time')} {format_skeleton('MMMd', proposed, locale=lang)} "
                f"{proposed:%H:%M}{note}")

    def companion_line(snap: dict[str, Any]) -> str:
        try:
            start = datetime.fromisoformat(snap["start"]).astimezone(tz)
            end = datetime.fromisoformat(snap["end"]).astimezone(tz)
        except (KeyError, TypeError, ValueError):
            return text(snap.get("name") or "", lang)
        return (f"{text(snap.get('name') or '', lang)}, "
                f"{format_skeleton('MMMd', start, locale=lang)} {start:%H:%M}–{end:%H:%M}")

    changes = ChangeWords(lang, tz)

    def lines(part: Any) -> list[str]:
        out = []
        for snap in _snapshots(part):
            if isinstance(snap.get("version"), int):  # a published version, its changes
                out.append(_("Version %(number)d") % {"number": snap["version"]})
                out += [changes.line(c) for c in snap.get("changes") or []
                        if isinstance(c, dict)]
            else:
                out.append(describe(snap))
        return out

    return [HistoryRow(e.at.astimezone(tz), *who(e),
                       _(ACTIONS[e.action]) if e.action in ACTIONS else e.action,
                       lines(e.before), lines(e.after)) for e in events]
