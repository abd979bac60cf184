"""What changed between two published versions of a visit, as its visitors see it.

Visitors see the live stops (requested or accepted). From one version to the next a stop is
`added` (shown now, not before), `removed` (shown before, gone now or declined),
`cancelled` (shown before, cancelled now — by itself or with the whole visit), `moved`
(its start or end changed) or `host_changed`; a stop both moved and handed to another
host is listed twice. Version 1 is all `added`.

The visitors' calendar keeps one UID per stop across versions; its SEQUENCE counts the
versions that changed that stop after the first one it appeared in (`stop_sequences`), so
a calendar app replaces exactly the events that changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import datetime

LIVE = frozenset({"requested", "accepted"})
KINDS = ("added", "removed", "moved", "host_changed", "cancelled")

Text = Mapping[str, str] | str


@dataclass(frozen=True)
class StopState:
    """One stop as a version shows it."""

    stop_id: int
    facility_id: int
    facility_name: Text
    start: datetime
    end: datetime
    host_id: int
    host_name: Text
    status: str

    @property
    def shown(self) -> bool:
        return self.status in LIVE


@dataclass(frozen=True)
class Change:
    """`before` is missing for `added`; `after` for a stop that left the visit entirely."""

    kind: str
    before: StopState | None
    after: StopState | None

    @property
    def stop(self) -> StopState:
        """The stop as last seen: what names it (its facility) in the change list."""
        found = self.after or self.before
        assert found is not None
        return found


def diff_stops(old: Iterable[StopState] | None, new: Iterable[StopState], *,
               visit_cancelled: bool = False) -> tuple[Change, ...]:
    """The changes from version `old` (None: there is none yet) to `new`, in time order.
    With `visit_cancelled` every stop shown before counts as cancelled."""
    shown_before = {s.stop_id: s for s in old or () if s.shown}
    now = {s.stop_id: s for s in new}
    if visit_cancelled:
        now = {i: _cancelled(s) for i, s in now.items()}
    shown_now = {i for i, s in now.items() if s.shown}
    changes = [change for stop_id in shown_before.keys() | shown_now
               for change in _stop_changes(shown_before.get(stop_id), now.get(stop_id))]
    return tuple(sorted(changes, key=_in_time_order))


def _cancelled(stop: StopState) -> StopState:
    if stop.status == "cancelled":
        return stop
    return StopState(stop.stop_id, stop.facility_id, stop.facility_name, stop.start, stop.end,
                     stop.host_id, stop.host_name, "cancelled")


def _stop_changes(was: StopState | None, now: StopState | None) -> list[Change]:
    if was is None:
        return [Change("added", None, now)]
    if now is None or not now.shown:
        gone = "cancelled" if now is not None and now.status == "cancelled" else "removed"
        return [Change(gone, was, now)]
    found = []
    if (was.start, was.end) != (now.start, now.end):
        found.append(Change("moved", was, now))
    if was.host_id != now.host_id:
        found.append(Change("host_changed", was, now))
    return found


def _in_time_order(change: Change) -> tuple[datetime, int, int]:
    return change.stop.start, change.stop.stop_id, KINDS.index(change.kind)


def stop_sequences(previous: Mapping[int, int] | None, changed: Set[int],
                   stop_ids: Iterable[int]) -> dict[int, int]:
    """The SEQUENCE of each stop's event in a new version's calendar: the previous
    version's, one higher for a stop `changed` since; 0 for a stop published first now."""
    before = previous or {}
    return {stop_id: before[stop_id] + (stop_id in changed) if stop_id in before else 0
            for stop_id in stop_ids}


# ---------------------------------------------------------------- the programme's items

@dataclass(frozen=True)
class ItemState:
    """A programme item (SPEC §7.4) as a version shows it: items have no host or status;
    they are shown while the visit is."""

    item_id: int
    title: Text
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ItemChange:
    """`added`, `removed` (gone from the programme), `moved`, or `cancelled` with the
    whole visit; `before` is missing for added, `after` for removed and cancelled."""

    kind: str
    before: ItemState | None
    after: ItemState | None

    @property
    def item(self) -> ItemState:
        found = self.after or self.before
        assert found is not None
        return found


def diff_items(old: Iterable[ItemState] | None, new: Iterable[ItemState], *,
               visit_cancelled: bool = False) -> tuple[ItemChange, ...]:
    """The changes to the programme's items from version `old` to `new`, in time order."""
    before = {i.item_id: i for i in old or ()}
    now = {} if visit_cancelled else {i.item_id: i for i in new}
    gone = "cancelled" if visit_cancelled else "removed"
    changes = []
    for item_id in before.keys() | now.keys():
        was, is_now = before.get(item_id), now.get(item_id)
        if was is None:
            changes.append(ItemChange("added", None, is_now))
        elif is_now is None:
            changes.append(ItemChange(gone, was, None))
        elif (was.start, was.end) != (is_now.start, is_now.end):
            changes.append(ItemChange("moved", was, is_now))
    return tuple(sorted(changes, key=lambda c: (c.item.start, c.item.item_id)))
