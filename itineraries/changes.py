"""What changed since the previous published version, said in a reader's language: the
box on the visitor page and the PDF ("Moved: Integrated Control Center 10:00 → 14:00"),
and the lines of the mail to the delegation's contact.

Times are in the organisation's zone, on the same clock as the schedule; a day is added
when a change crosses days or the visit spans several."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from itineraries import labels
from itineraries.model import ChangeNote, Itinerary, StopVersion, pick_text


@dataclass(frozen=True)
class ChangeBox:
    """ "Changed since version N" in one column's language."""

    lang: str
    dir: str
    title: str
    lines: tuple[str, ...]


def change_boxes(itinerary: Itinerary, readers: tuple[str, ...]) -> tuple[ChangeBox, ...]:
    """One box per column (Korean first), none when there is nothing to say."""
    if not shows_changes(itinerary):
        return ()
    return tuple(
        ChangeBox(labels.label_language(r), labels.direction(labels.label_language(r)),
                  changes_title(itinerary, r), change_lines(itinerary, r))
        for r in readers)


def shows_changes(itinerary: Itinerary) -> bool:
    """Version 1 is all new: only later versions say what changed."""
    return itinerary.version is not None and itinerary.version > 1 and bool(itinerary.changes)


def changes_title(itinerary: Itinerary, reader: str) -> str:
    words = labels.labels(labels.label_language(reader))
    previous = labels.format_count((itinerary.version or 1) - 1,
                                   labels.label_language(reader))
    return words["changes_since"].format(number=previous)


def change_lines(itinerary: Itinerary, reader: str) -> tuple[str, ...]:
    with_day = _spans_days(itinerary)
    return tuple(change_line(note, itinerary, reader, with_day=with_day)
                 for note in itinerary.changes)


def change_line(note: ChangeNote, itinerary: Itinerary, reader: str, *,
                with_day: bool = False) -> str:
    lab = labels.label_language(reader)
    template = labels.labels(lab)[f"change_{note.kind}"]
    place = pick_text(note.place, reader)
    before, after = note.before, note.after
    if note.kind == "moved" and before and after:
        day = with_day or _day(before, itinerary) != _day(after, itinerary)
        return template.format(place=place, before=_when(before, itinerary, lab, day),
                               after=_when(after, itinerary, lab, day))
    if note.kind == "host_changed" and before and after:
        return template.format(place=place, before=pick_text(before.host, reader),
                               after=pick_text(after.host, reader))
    if note.kind == "added" and after:
        return template.format(place=place, time=_when(after, itinerary, lab, with_day))
    return template.format(place=place)


def _local(moment: datetime, itinerary: Itinerary) -> datetime:
    return moment.astimezone(itinerary.timezone)


def _day(side: StopVersion, itinerary: Itinerary) -> object:
    return _local(side.start, itinerary).date()


def _when(side: StopVersion, itinerary: Itinerary, lab: str, with_day: bool) -> str:
    start = _local(side.start, itinerary)
    clock = labels.format_clock(start, lab)
    return f"{labels.format_short_day(start.date(), lab)} {clock}" if with_day else clock


def _spans_days(itinerary: Itinerary) -> bool:
    days = {_local(s.start, itinerary).date() for s in itinerary.stops
            if s.status in ("requested", "accepted")}
    return len(days) > 1
