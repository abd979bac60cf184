"""The mail to a delegation's contact when a version of its itinerary is published: Korean,
then the delegation's language, each with the link to the visitor page and what changed
(version 1: the schedule itself). Plain text; the caller sends it."""

from __future__ import annotations

from dataclasses import dataclass

from itineraries import labels
from itineraries.changes import change_lines, changes_title, shows_changes
from itineraries.model import Itinerary, pick_text
from itineraries.pdf import live_stops

RULE = "—" * 24


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str


def version_notice(itinerary: Itinerary, url: str) -> Notice:
    """`itinerary` is the published version (with its number and changes); `url` the
    visitor page."""
    readers = _readers(itinerary)
    subject = " / ".join(dict.fromkeys(_subject(itinerary, r) for r in readers))
    name = pick_text(itinerary.delegation.name, "ko")
    body = f"\n\n{RULE}\n\n".join(_block(itinerary, url, r) for r in readers)
    return Notice(_one_line(f"{subject} — {name}")[:500], body + "\n")


def _readers(itinerary: Itinerary) -> tuple[str, ...]:
    theirs = labels.normalise_tag(itinerary.delegation.language)
    return ("ko",) if labels.label_language(theirs) == "ko" else ("ko", theirs)


def _subject(itinerary: Itinerary, reader: str) -> str:
    lab = labels.label_language(reader)
    number = labels.format_count(itinerary.version or 1, lab)
    return labels.labels(lab)["mail_subject"].format(number=number)


def _block(itinerary: Itinerary, url: str, reader: str) -> str:
    lab = labels.label_language(reader)
    words = labels.labels(lab)
    if shows_changes(itinerary):
        intro, heading = words["mail_updated"], changes_title(itinerary, reader)
        lines = change_lines(itinerary, reader)
    else:
        intro, heading = words["mail_ready"], words["schedule"]
        lines = _schedule_lines(itinerary, reader)
    first = live_stops(itinerary)[0].start if live_stops(itinerary) else None
    zone = (words["timezone_note"].format(zone=labels.zone_name(
        first.astimezone(itinerary.timezone), lab)) if first else "")
    parts = [intro, url, "", heading, *(f"- {line}" for line in lines)]
    return "\n".join([*parts, "", zone] if zone else parts)


def _schedule_lines(itinerary: Itinerary, reader: str) -> tuple[str, ...]:
    lab = labels.label_language(reader)
    out = []
    for stop in live_stops(itinerary):
        start = stop.start.astimezone(itinerary.timezone)
        end = stop.end.astimezone(itinerary.timezone)
        day = labels.format_short_day(start.date(), lab)
        span = labels.format_time_range(start, end, lab)
        out.append(f"{day} {span} {pick_text(stop.place.name, reader)}")
    return tuple(out)


def _one_line(text: str) -> str:
    return " ".join(text.split())
