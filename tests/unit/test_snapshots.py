"""A published version's snapshot (visits.services.snapshots), without a database: it
renders as the itinerary it was taken from, and its calendar keeps every UID while
raising SEQUENCE only for the stops that changed since the version before."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from itineraries.ics import visit_calendar
from itineraries.model import Itinerary
from tests.environment import make_settings
from tests.unit.itineraries.samples import GURO_STOPS, STAMP, at, sample_itinerary, with_stop
from tests.unit.itineraries.test_itinerary_ics import events, icaljs
from tests.unit.itineraries.test_itinerary_items import ITEMS
from visits.services.snapshots import content, itinerary_of, snapshot_of, with_sequences
from visits.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(f"sqlite://{tmp_path / 'unused.sqlite3'}", tmp_path,
                         PUBLIC_URL="https://gyeonhak.guro.example.kr",
                         ORG_NAME="구로구청", ORG_EMAIL="protocol@guro.example.kr")


def stored(snapshot: dict[str, object]) -> dict[str, object]:
    """What a JSON column gives back."""
    return json.loads(json.dumps(snapshot))  # type: ignore[no-any-return]


def version(settings: Settings, live: Itinerary, previous: dict[str, object] | None,
            number: int) -> tuple[dict[str, object], Itinerary]:
    snapshot = stored(with_sequences(snapshot_of(live), previous))
    return snapshot, itinerary_of(settings, live.visit_id, snapshot,
                                  share_url=live.share_url, version=number)


def sequences(data: bytes) -> dict[str, int]:
    return {str(e["uid"]): int(e["sequence"]) for e in events(data)}


def test_a_snapshot_renders_as_the_itinerary_it_was_taken_from(settings: Settings) -> None:
    live = sample_itinerary()

    _, published = version(settings, live, None, 1)

    office = {"organisation": "구로구청", "organizer_email": "protocol@guro.example.kr",
              "uid_domain": "gyeonhak.guro.example.kr", "timezone": settings.timezone,
              "contact_phone": settings.org_phone}
    first_sequences = [replace(s, sequence=0) for s in live.stops]
    assert published == replace(live, **office, stops=tuple(first_sequences), version=1)


def test_the_content_leaves_out_only_the_sequences() -> None:
    live = sample_itinerary()
    bumped = with_stop(live, 101, sequence=9)

    assert content(snapshot_of(live)) == content(snapshot_of(bumped))
    assert content(snapshot_of(live)) != content(snapshot_of(with_stop(live, 101,
                                                                       start=at(9, 0))))


def test_a_version_moving_one_stop_raises_only_its_sequence(
    settings: Settings, tmp_path: Path
) -> None:
    live = sample_itinerary()
    first, one = version(settings, live, None, 1)
    moved = with_stop(live, 103, start=at(15, 0), end=at(15, 30), sequence=7)
    _, two = version(settings, moved, first, 2)

    old = visit_calendar(one, stamp=STAMP)
    new = visit_calendar(two, stamp=STAMP)

    uid = "visit-42-stop-{}@gyeonhak.guro.example.kr".format
    assert sequences(old) == {uid(101): 0, uid(102): 0, uid(103): 0}
    assert sequences(new) == {uid(101): 0, uid(102): 0, uid(103): 1}
    read_old, read_new = icaljs(old, tmp_path, "v1.ics"), icaljs(new, tmp_path, "v2.ics")
    assert [e["uid"] for e in read_old["events"]] == [e["uid"] for e in read_new["events"]]
    assert [e["sequence"] for e in read_new["events"]] == [0, 0, 1]


def test_sequences_add_up_over_versions_and_start_at_zero_for_new_stops(
    settings: Settings
) -> None:
    live = sample_itinerary(stops=GURO_STOPS[:2])
    first, _ = version(settings, live, None, 1)
    moved = with_stop(live, 101, start=at(9, 30))
    second, _ = version(settings, moved, first, 2)
    grown = replace(with_stop(moved, 101, start=at(9, 0)), stops=(
        *with_stop(moved, 101, start=at(9, 0)).stops, GURO_STOPS[2]))
    third, _ = version(settings, grown, second, 3)

    assert {s["stop_id"]: s["sequence"] for s in third["stops"]} == {  # type: ignore[index,union-attr]
        101: 2, 102: 0, 103: 0}


def test_items_keep_their_uid_and_raise_sequence_only_when_they_changed(
        settings: Settings) -> None:
    live = replace(sample_itinerary(), items=ITEMS)
    first, _ = version(settings, live, None, 1)
    lunch_later = tuple(replace(i, start=at(12, 30), end=at(13, 30), sequence=7)
                        if i.item_id == 3 else replace(i, sequence=7) for i in ITEMS)
    _, second = version(settings, replace(live, items=lunch_later), first, 2)

    numbers = sequences(visit_calendar(second, stamp=STAMP))

    domain = "gyeonhak.guro.example.kr"
    assert numbers[f"visit-42-item-3@{domain}"] == 1
    assert all(numbers[f"visit-42-item-{i.item_id}@{domain}"] == 0 for i in ITEMS
               if i.item_id != 3)
    assert second.items[2].start == at(12, 30)


def test_a_version_from_before_items_reads_as_one_without_items(settings: Settings) -> None:
    old = stored(snapshot_of(sample_itinerary()))
    del old["items"]  # type: ignore[misc]

    published = itinerary_of(settings, 42, old, share_url=None)

    assert published.items == ()
    assert content(old) == content(stored(snapshot_of(sample_itinerary())))
