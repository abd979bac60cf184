"""What changed between two versions of a visit (visits.domain.versions): table-driven
cases, and random pairs of versions checked against a plain reference — applying the
listed changes to what a visitor saw before gives exactly what they see now."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from visits.domain.versions import (
    KINDS,
    LIVE,
    Change,
    ItemState,
    StopState,
    diff_items,
    diff_stops,
    stop_sequences,
)

SEOUL = ZoneInfo("Asia/Seoul")
STATUSES = ("requested", "accepted", "declined", "cancelled")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, 9, hour, minute, tzinfo=SEOUL)


def stop(stop_id: int, hour: int, host_id: int = 1, status: str = "requested",
         minutes: int = 60) -> StopState:
    start = at(hour)
    return StopState(stop_id, 100 + stop_id, {"ko": f"시설 {stop_id}"}, start,
                     start + timedelta(minutes=minutes), host_id, f"담당 {host_id}", status)


def kinds(changes: tuple[Change, ...]) -> list[tuple[str, int]]:
    return [(c.kind, c.stop.stop_id) for c in changes]


# ---------------------------------------------------------------- one kind at a time

@pytest.mark.parametrize(("old", "new", "expected"), [
    ([], [stop(1, 10)], [("added", 1)]),
    ([stop(1, 10)], [stop(1, 10)], []),
    ([stop(1, 10)], [stop(1, 14)], [("moved", 1)]),
    ([stop(1, 10)], [stop(1, 10, minutes=90)], [("moved", 1)]),
    ([stop(1, 10)], [stop(1, 10, host_id=2)], [("host_changed", 1)]),
    ([stop(1, 10)], [stop(1, 14, host_id=2)], [("moved", 1), ("host_changed", 1)]),
    ([stop(1, 10)], [stop(1, 10, status="cancelled")], [("cancelled", 1)]),
    ([stop(1, 10)], [stop(1, 10, status="declined")], [("removed", 1)]),
    ([stop(1, 10)], [], [("removed", 1)]),
    ([stop(1, 10)], [stop(1, 10, status="accepted")], []),  # confirmed: nothing moved
    ([stop(1, 10, status="declined")], [stop(1, 14)], [("added", 1)]),  # asked again
    ([stop(1, 10, status="declined")], [stop(1, 10, status="cancelled")], []),  # never seen
    ([stop(1, 10, status="cancelled")], [stop(1, 10, status="cancelled")], []),
], ids=["new-stop", "same", "later", "longer", "other-host", "both", "cancelled", "declined",
        "gone", "accepted", "declined-then-asked-again", "declined-then-cancelled",
        "still-cancelled"])
def test_each_kind_of_change(old: list[StopState], new: list[StopState],
                             expected: list[tuple[str, int]]) -> None:
    assert kinds(diff_stops(old, new)) == expected


def test_version_1_is_every_shown_stop_added_in_time_order() -> None:
    new = [stop(2, 14), stop(1, 10), stop(3, 11, status="declined")]

    assert kinds(diff_stops(None, new)) == [("added", 1), ("added", 2)]


def test_a_cancelled_visit_cancels_every_stop_shown_before() -> None:
    old = [stop(1, 10), stop(2, 14, status="accepted"), stop(3, 16, status="declined")]

    changes = diff_stops(old, old, visit_cancelled=True)

    assert kinds(changes) == [("cancelled", 1), ("cancelled", 2)]
    assert {c.after.status for c in changes if c.after} == {"cancelled"}


def test_changes_keep_both_sides() -> None:
    [moved] = diff_stops([stop(1, 10)], [stop(1, 14)])

    assert (moved.before, moved.after) == (stop(1, 10), stop(1, 14))
    assert moved.stop == stop(1, 14)


# ---------------------------------------------------------------- calendar SEQUENCE

def test_only_changed_stops_raise_their_sequence() -> None:
    assert stop_sequences({1: 0, 2: 3}, {2}, [1, 2, 5]) == {1: 0, 2: 4, 5: 0}


def test_the_first_version_starts_every_sequence_at_zero() -> None:
    assert stop_sequences(None, {1, 2}, [1, 2]) == {1: 0, 2: 0}


# ---------------------------------------------------------------- random versions

stop_ids = st.integers(1, 6)
hosts = st.integers(1, 3)
hours = st.integers(9, 16)


@st.composite
def versions(draw: st.DrawFn) -> list[StopState]:
    ids = draw(st.lists(stop_ids, unique=True, max_size=6))
    return [stop(i, draw(hours), draw(hosts), draw(st.sampled_from(STATUSES)),
                 draw(st.sampled_from([30, 60]))) for i in ids]


@st.composite
def next_versions(draw: st.DrawFn, old: list[StopState]) -> list[StopState]:
    """Each stop kept, changed in some ways, or dropped; and some new stops."""
    kept = []
    for s in old:
        if draw(st.integers(0, 4)) == 0:
            continue
        kept.append(replace(
            s, status=draw(st.sampled_from([s.status, *STATUSES])),
            host_id=draw(st.sampled_from([s.host_id, draw(hosts)])),
            start=draw(st.sampled_from([s.start, at(draw(hours))]))))
    fresh = [i for i in draw(st.lists(stop_ids, unique=True, max_size=3))
             if i not in {s.stop_id for s in old}]
    return kept + [stop(i, draw(hours), draw(hosts), draw(st.sampled_from(STATUSES)))
                   for i in fresh]


Seen = dict[int, tuple[datetime, datetime, int, str]]


def seen_after_changes(old: list[StopState] | None, changes: tuple[Change, ...]) -> Seen:
    """The reference: what the visitor knew, with each listed change applied by hand."""
    known: Seen = {s.stop_id: (s.start, s.end, s.host_id, "shown")
                   for s in old or [] if s.status in LIVE}
    for change in changes:
        sid, after = change.stop.stop_id, change.after
        if change.kind == "added":
            assert after is not None and sid not in known
            known[sid] = (after.start, after.end, after.host_id, "shown")
        elif change.kind == "removed":
            del known[sid]
        elif change.kind == "cancelled":
            assert after is not None
            known[sid] = (after.start, after.end, after.host_id, "cancelled")
        elif change.kind == "moved":
            assert after is not None
            known[sid] = (after.start, after.end, known[sid][2], "shown")
        else:
            assert change.kind == "host_changed" and after is not None
            known[sid] = (*known[sid][:2], after.host_id, "shown")
    return known


def seen_now(old: list[StopState] | None, new: list[StopState], cancelled: bool) -> Seen:
    """The reference: every stop shown now, and every stop shown before that is
    cancelled now, as the new version has it."""
    shown_before = {s.stop_id for s in old or [] if s.status in LIVE}
    out: Seen = {}
    for s in new:
        status = "cancelled" if cancelled else s.status
        if status in LIVE:
            out[s.stop_id] = (s.start, s.end, s.host_id, "shown")
        elif status == "cancelled" and s.stop_id in shown_before:
            out[s.stop_id] = (s.start, s.end, s.host_id, "cancelled")
    return out


@settings(max_examples=400, deadline=None)
@given(data=st.data(), first=st.booleans(), cancelled=st.booleans())
def test_applying_the_changes_gives_what_visitors_see_now(
    data: st.DataObject, first: bool, cancelled: bool
) -> None:
    old = None if first else data.draw(versions())
    new = data.draw(next_versions(old or []))

    changes = diff_stops(old, new, visit_cancelled=cancelled)

    assert seen_after_changes(old, changes) == seen_now(old, new, cancelled)
    assert all(c.kind in KINDS for c in changes)
    assert len({(c.kind, c.stop.stop_id) for c in changes}) == len(changes)
    assert [c.stop.start for c in changes] == sorted(c.stop.start for c in changes)
    if old is None:
        assert {c.kind for c in changes} <= {"added"}


@settings(max_examples=200, deadline=None)
@given(version=versions(), cancelled=st.booleans())
def test_a_version_against_itself_lists_nothing(version: list[StopState],
                                                cancelled: bool) -> None:
    already = [replace(s, status="cancelled") for s in version] if cancelled else version

    assert diff_stops(already, version, visit_cancelled=cancelled) == ()


def test_items_are_added_moved_removed_and_cancelled_with_the_visit() -> None:
    def lunch(item_id: int, hour: int) -> ItemState:
        return ItemState(item_id, {"ko": "오찬"}, datetime(2027, 3, 9, hour, tzinfo=SEOUL),
                         datetime(2027, 3, 9, hour + 1, tzinfo=SEOUL))

    first = [lunch(1, 3), lunch(2, 5)]
    second = [lunch(1, 4), lunch(3, 6)]

    assert [(c.kind, c.item.item_id) for c in diff_items(None, first)] == [
        ("added", 1), ("added", 2)]
    assert [(c.kind, c.item.item_id) for c in diff_items(first, second)] == [
        ("moved", 1), ("removed", 2), ("added", 3)]
    assert diff_items(first, first) == ()
    assert [c.kind for c in diff_items(first, first, visit_cancelled=True)] == [
        "cancelled", "cancelled"]
