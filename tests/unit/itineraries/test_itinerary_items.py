"""Programme items (SPEC §7.4) in the documents: arrival, a lunch at a named restaurant, the
bus and departure, in time order with the stops, in the PDF (pdftotext), on the visitor
page and in the visit calendar (ical.js reads every event)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from itineraries import fonts, labels
from itineraries.ics import visit_calendar
from itineraries.model import ItemInfo, Itinerary, item_uid, visit_uid
from itineraries.page import render_visitor_page
from itineraries.pdf import render_itinerary_pdf
from tests.unit.itineraries.pdf_tools import pdftotext, squeeze, uncovered_characters
from tests.unit.itineraries.samples import (
    BANGKOK,
    DUBAI,
    GURO_STOPS,
    KITAKYUSHU,
    STAMP,
    at,
    sample_itinerary,
)
from tests.unit.itineraries.test_itinerary_ics import icaljs

RESTAURANT = {"ko": "한식당 고향집", "en": "Gohyangjip Korean restaurant",
              "ja": "韓食堂コヒャンジプ"}


def item(item_id: int, kind: str, title: dict[str, str], start: tuple[int, int], minutes: int,
         **more: object) -> ItemInfo:
    begins = at(*start)
    return ItemInfo(item_id, kind, title, begins, begins + timedelta(minutes=minutes),
                    **more)  # type: ignore[arg-type]


# The sample's live stops: 10:00-10:30, 10:45-11:45, 13:30-14:00 (14:15 is cancelled).
ITEMS = (
    item(1, "arrival", {"ko": "구청 도착", "en": "Arrival at the office", "ja": "区庁到着"},
         (9, 30), 15),
    item(2, "welcome", {"ko": "환영 인사", "en": "Welcome words", "ja": "歓迎の挨拶"}, (9, 45), 10),
    item(3, "meal", {"ko": "오찬", "en": "Lunch", "ja": "昼食"}, (12, 0), 75, sequence=2,
         place=RESTAURANT, address={"ko": "서울 구로구 디지털로 300", "en": "300 Digital-ro"},
         lat=37.4853, lon=126.9014),
    item(4, "transfer", {"ko": "버스 이동", "en": "Bus", "ja": "バス移動"}, (14, 0), 20),
    item(5, "departure", {"ko": "출발", "en": "Departure", "ja": "出発"}, (15, 0), 10),
)


def with_items(itinerary: Itinerary) -> Itinerary:
    return replace(itinerary, items=ITEMS)


def test_pdf_lists_items_and_stops_in_time_order() -> None:
    pdf = render_itinerary_pdf(with_items(sample_itinerary()), "ja")

    text = squeeze(pdftotext(pdf))

    order = ["구청 도착", "환영 인사", "구청장 예방", "통합관제센터", "오찬", "무인민원발급기",
             "버스 이동", "출발"]
    places = [text.index(squeeze(t)) for t in order]
    assert places == sorted(places), list(zip(order, places, strict=True))
    assert "한식당고향집" in text and "韓食堂コヒャンジプ" in text and "昼食" in text
    assert labels.labels("ja")["item_meal"] in text and labels.labels("ko")["item_meal"] in text
    assert "9時30分~9時45分" in text  # each column's own clock


@pytest.mark.parametrize("party", [KITAKYUSHU, BANGKOK, DUBAI], ids=lambda p: p.language)
def test_every_item_label_has_a_real_glyph(party: object) -> None:
    itinerary = with_items(sample_itinerary(party))  # type: ignore[arg-type]
    every_kind = tuple(replace(ITEMS[0], item_id=n, kind=kind, start=at(8, n), end=at(8, n + 1))
                       for n, kind in enumerate(("briefing", "free", "other"), 10))
    itinerary = replace(itinerary, items=ITEMS + every_kind)
    lang = itinerary.delegation.language

    pdf = render_itinerary_pdf(itinerary, lang)

    words = [labels.labels(lab)[k] for lab in ("ko", labels.label_language(lang))
             for k in labels.MESSAGES if k.startswith("item_") or k == "place"]
    assert uncovered_characters(pdf, fonts.extractable_thai("".join(words))) == set()


def test_a_cancelled_visit_shows_no_items() -> None:
    itinerary = replace(with_items(sample_itinerary()), status="cancelled")

    page = render_visitor_page(itinerary, "ja", pdf_url="p", ics_url="i")

    assert "오찬" not in page
    assert b"item" not in visit_calendar(itinerary, stamp=STAMP)


def test_visitor_page_shows_items_between_the_stops() -> None:
    page = render_visitor_page(with_items(sample_itinerary()), "ja", pdf_url="p", ics_url="i")

    assert page.index("구청 도착") < page.index("구청장 예방") < page.index("오찬") < page.index(
        "무인민원발급기") < page.index("출발")
    assert 'class="item item-meal"' in page
    assert "https://map.kakao.com/link/map/" in page  # the restaurant's map link


def test_hostile_item_text_is_escaped_on_the_page() -> None:
    hostile = replace(ITEMS[2], title="<script>alert(1)</script>", place="<b>x</b>")
    itinerary = replace(sample_itinerary(), items=(hostile,))

    page = render_visitor_page(itinerary, "ja", pdf_url="p", ics_url="i")

    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_icaljs_reads_every_stop_and_item_event(tmp_path: Path) -> None:
    itinerary = with_items(sample_itinerary())

    parsed = icaljs(visit_calendar(itinerary, stamp=STAMP), tmp_path)

    events = parsed["events"]
    live = [s for s in GURO_STOPS if s.status in ("requested", "accepted")]
    assert len(events) == len(live) + len(ITEMS)
    assert [e["start"] for e in events] == sorted(e["start"] for e in events)
    by_uid = {e["uid"]: e for e in events}
    assert set(by_uid) == ({visit_uid(itinerary, s) for s in live}
                           | {item_uid(itinerary, i) for i in ITEMS})
    lunch = by_uid[f"visit-42-item-3@{itinerary.uid_domain}"]
    assert lunch["summary"] == "오찬 / 昼食" and lunch["sequence"] == 2
    assert lunch["location"] == ("한식당 고향집 / 韓食堂コヒャンジプ, 서울 구로구 디지털로 300 / "
                                 "300 Digital-ro")
    assert (lunch["start"], lunch["end"]) == ("2027-03-09T03:00:00Z", "2027-03-09T04:15:00Z")
    assert lunch["tzid"] == "Asia/Seoul" and "geo" in lunch["properties"]
    bus = by_uid[f"visit-42-item-4@{itinerary.uid_domain}"]
    assert bus["location"] is None and "geo" not in bus["properties"]
