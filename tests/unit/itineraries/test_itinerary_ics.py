"""Calendar files (SPEC §4): structure, identity across changes, time zones, hostile text,
and what a real client parser (Mozilla's ical.js, through node) makes of them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar, Component

from itineraries.ics import StopNotFound, host_feed, stop_invite, visit_calendar
from itineraries.model import (
    Itinerary,
    Person,
    StopInfo,
    stop_uid,
    visit_uid,
)
from tests import cldr
from tests.unit.itineraries.samples import (
    BANGKOK,
    DELEGATIONS,
    GURO_STOPS,
    JEONJU,
    KIM,
    KITAKYUSHU,
    MAYOR,
    SHARE_URL,
    STAMP,
    UID_DOMAIN,
    at,
    sample_itinerary,
    stop,
    with_stop,
)

ROOT = Path(__file__).resolve().parents[3]
ICALJS_SCRIPT = Path(__file__).with_name("icaljs_check.mjs")
# What clients must show, written out: Korean first, then the delegation's language.
SUMMARIES = {
    "ja": ["구청장 예방 / 区長表敬訪問", "통합관제센터 / 統合管制センター",
           "무인민원발급기 / 無人証明書発行機"],
    "th": ["구청장 예방 / เข้าเยี่ยมคารวะนายกเขต",
           "통합관제센터 / ศูนย์ควบคุมกล้องวงจรปิดแบบบูรณาการ",
           "무인민원발급기 / ตู้ออกเอกสารราชการอัตโนมัติ"],
    "ar": ["구청장 예방 / زيارة مجاملة لرئيس البلدية", "통합관제센터 / مركز المراقبة المتكامل",
           "무인민원발급기 / أكشاك إصدار الوثائق الآلية"],
}
LOCATIONS = [
    "서울특별시 구로구 가마산로 245 / 245 Gamasan-ro, Guro-gu, Seoul",
    "서울특별시 구로구 가마산로 245 별관 3층 / Annex 3F, 245 Gamasan-ro",
    "구로구청 민원실 1층 / Civil Affairs Hall 1F, Guro-gu Office",
]
KOREAN_NAMES = {"ja": "기타큐슈시 방문단", "th": "방콕시 대표단", "ar": "두바이시 대표단"}
# 10:00 in Seoul (UTC+9, no DST since 1988) is 01:00Z.
LIVE_UTC = [("2027-03-09T01:00:00Z", "2027-03-09T01:30:00Z"),
            ("2027-03-09T01:45:00Z", "2027-03-09T02:45:00Z"),
            ("2027-03-09T04:30:00Z", "2027-03-09T05:00:00Z")]


# ---------------------------------------------------------------- helpers

def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def events(data: bytes) -> list[Component]:
    return parse(data).walk("VEVENT")


def property_counts(data: bytes) -> list[tuple[str, Counter[str]]]:
    return [(c.name, Counter(name for name, _ in c.property_items(recursive=False)))
            for c in parse(data).walk()]


def unescape_text(raw: str) -> str:
    """RFC 5545 TEXT unescaping, for X- properties that icalendar 7.3 reads back raw
    (vUnknown; its vText.from_ical does not unescape either)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def unfolded_names(data: bytes) -> list[str]:
    """The property name of every content line, as a naive line-based reader sees it."""
    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    return [line.split(":", 1)[0].split(";", 1)[0] for line in text.split("\r\n") if line]


def icaljs(data: bytes, tmp_path: Path, name: str = "calendar.ics") -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: ical.js checks need Node.js (>= 20)", pytrace=False)
    if not (ROOT / "node_modules" / "ical.js" / "package.json").is_file():
        pytest.fail("node_modules/ical.js is missing: run `npm install` at the repository root",
                    pytrace=False)
    path = tmp_path / name
    path.write_bytes(data)
    # A zone far from Seoul: a time read as floating (local) would land on the wrong instant.
    result = subprocess.run([node, str(ICALJS_SCRIPT), str(path)], capture_output=True,
                            cwd=ROOT, timeout=60, env={**os.environ, "TZ": "America/Lima"})
    assert result.returncode == 0, result.stderr.decode()
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


# ---------------------------------------------------------------- visit calendar

def test_visit_calendar_has_one_event_per_live_stop() -> None:
    itinerary = sample_itinerary()

    calendar = parse(visit_calendar(itinerary, stamp=STAMP))

    live = [s for s in itinerary.stops if s.status in ("requested", "accepted")]
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["PRODID"]).startswith("-//Gyeonhak//")
    assert str(calendar["X-WR-CALNAME"]) == "구로구청 / 九老区庁 — 北九州市訪問団"
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [
        visit_uid(itinerary, s) for s in live]


def test_visit_calendar_has_no_organizer_or_attendee() -> None:
    data = visit_calendar(sample_itinerary(), stamp=STAMP)

    assert b"ORGANIZER" not in data
    assert b"ATTENDEE" not in data


def test_visit_calendar_status_follows_stop_status() -> None:
    data = visit_calendar(sample_itinerary(), stamp=STAMP)

    assert [str(e["STATUS"]) for e in events(data)] == ["CONFIRMED", "TENTATIVE", "CONFIRMED"]
    assert [e["SEQUENCE"] for e in events(data)] == [2, 0, 1]


@pytest.mark.parametrize("lang", ["ja", "th", "ar"])
def test_visit_calendar_summary_is_korean_then_delegation_language(lang: str) -> None:
    data = visit_calendar(sample_itinerary(DELEGATIONS[lang]), stamp=STAMP)

    assert [str(e["SUMMARY"]) for e in events(data)] == SUMMARIES[lang]
    assert [str(e["LOCATION"]) for e in events(data)] == LOCATIONS


def test_visit_calendar_summary_is_korean_alone_for_korean_party() -> None:
    data = visit_calendar(sample_itinerary(JEONJU), stamp=STAMP)

    assert [str(e["SUMMARY"]) for e in events(data)] == ["구청장 예방", "통합관제센터",
                                                           "무인민원발급기"]
    assert str(events(data)[0]["LOCATION"]) == "서울특별시 구로구 가마산로 245"


def test_visit_calendar_description_has_host_phone_address_and_link() -> None:
    data = visit_calendar(sample_itinerary(), stamp=STAMP)

    description = str(events(data)[0]["DESCRIPTION"])
    assert "김민지 / Kim Min-ji" in description
    assert "02-860-2114" in description
    assert "서울특별시 구로구 가마산로 245" in description
    assert SHARE_URL in description
    assert str(events(data)[0]["URL"]) == SHARE_URL


def test_visit_calendar_without_share_url_has_no_link() -> None:
    data = visit_calendar(sample_itinerary(share_url=None), stamp=STAMP)

    assert "Visitor page" not in str(events(data)[0]["DESCRIPTION"])
    assert "URL" not in events(data)[0]


def test_visit_calendar_geo_only_when_coordinates_exist() -> None:
    data = visit_calendar(sample_itinerary(), stamp=STAMP)

    geo = events(data)[0]["GEO"]
    assert (geo.latitude, geo.longitude) == (37.4954, 126.8874)
    assert "GEO" not in events(data)[2]


def test_visit_calendar_times_carry_tzid_with_vtimezone() -> None:
    data = visit_calendar(sample_itinerary(), stamp=STAMP)

    calendar = parse(data)
    assert b"DTSTART;TZID=Asia/Seoul:20270309T100000\r\n" in data
    assert b"DTEND;TZID=Asia/Seoul:20270309T103000\r\n" in data
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    assert calendar.get_missing_tzids() == set()
    assert events(data)[0].start == at(10, 0)
    assert events(data)[0]["DTSTAMP"].dt == STAMP


def test_visit_calendar_converts_times_to_organisation_zone() -> None:
    utc_stop = replace(GURO_STOPS[0], start=datetime(2027, 3, 9, 1, 0, tzinfo=UTC),
                       end=datetime(2027, 3, 9, 1, 30, tzinfo=UTC))
    itinerary = sample_itinerary(stops=(utc_stop,))

    data = visit_calendar(itinerary, stamp=STAMP)

    assert b"DTSTART;TZID=Asia/Seoul:20270309T100000\r\n" in data


def test_visit_calendar_naive_time_is_refused() -> None:
    naive = replace(GURO_STOPS[0], start=datetime(2027, 3, 9, 10, 0))
    itinerary = sample_itinerary(stops=(naive,))

    with pytest.raises(ValueError, match="naive"):
        visit_calendar(itinerary, stamp=STAMP)


# ---------------------------------------------------------------- invites

def test_stop_invite_requests_with_organizer_and_attendee() -> None:
    itinerary = sample_itinerary()

    data, method = stop_invite(itinerary, 101, stamp=STAMP)

    calendar = parse(data)
    (event,) = calendar.walk("VEVENT")
    assert method == "REQUEST" == str(calendar["METHOD"])
    assert str(event["UID"]) == stop_uid(itinerary, GURO_STOPS[0]) == f"stop-101@{UID_DOMAIN}"
    assert event["SEQUENCE"] == 2
    assert str(event["ORGANIZER"]) == "mailto:protocol@guro.example.kr"
    assert event["ORGANIZER"].params["CN"] == "구로구청"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:minji.kim@guro.example.kr"
    assert dict(attendee.params) == {"CN": "김민지", "CUTYPE": "INDIVIDUAL",
                                     "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED",
                                     "RSVP": "TRUE"}
    assert str(event["SUMMARY"]) == "구청장 예방 / 区長表敬訪問 — 기타큐슈시 방문단"


def test_stop_invite_requested_stop_needs_action() -> None:
    data, method = stop_invite(sample_itinerary(), 102, stamp=STAMP)

    (event,) = events(data)
    assert method == "REQUEST"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert str(event["STATUS"]) == "TENTATIVE"


def test_stop_invite_describes_the_delegation_for_the_host() -> None:
    data, _ = stop_invite(sample_itinerary(), 101, stamp=STAMP)

    description = str(events(data)[0]["DESCRIPTION"])
    assert "北九州市訪問団" in description
    # The country and language in Korean, as the locked Babel's CLDR names them.
    assert f"{cldr.country_name('JP', 'ko')} (JP), Kitakyushu" in description
    assert f"{cldr.language_name('ja', 'ko')} (ja)" in description
    assert "visit-ja@example.org" in description


def test_stop_invite_uid_stable_across_reschedule() -> None:
    before = sample_itinerary()
    after = with_stop(before, 101, start=at(15, 0), end=at(15, 30), sequence=3)

    first, _ = stop_invite(before, 101, stamp=STAMP)
    second, method = stop_invite(after, 101, stamp=STAMP + timedelta(days=1))

    old, new = events(first)[0], events(second)[0]
    assert method == "REQUEST"
    assert str(new["UID"]) == str(old["UID"])
    assert new["SEQUENCE"] > old["SEQUENCE"]
    assert new.start == at(15, 0)


@pytest.mark.parametrize("status", ["cancelled", "declined"])
def test_stop_invite_cancel_keeps_uid_and_raises_sequence(status: str) -> None:
    before = sample_itinerary()
    after = with_stop(before, 101, status=status, sequence=3)

    request, _ = stop_invite(before, 101, stamp=STAMP)
    cancel, method = stop_invite(after, 101, stamp=STAMP + timedelta(hours=1))

    calendar = parse(cancel)
    (event,) = calendar.walk("VEVENT")
    assert method == "CANCEL" == str(calendar["METHOD"])
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(events(request)[0]["UID"])
    assert event["SEQUENCE"] > events(request)[0]["SEQUENCE"]
    assert str(event["ORGANIZER"]) == "mailto:protocol@guro.example.kr"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"


def test_stop_invite_unknown_stop_raises() -> None:
    with pytest.raises(StopNotFound):
        stop_invite(sample_itinerary(), 999, stamp=STAMP)


def test_stop_invite_uid_differs_from_visit_calendar_uid() -> None:
    itinerary = sample_itinerary()

    invite, _ = stop_invite(itinerary, 101, stamp=STAMP)
    download = visit_calendar(itinerary, stamp=STAMP)

    assert str(events(invite)[0]["UID"]) != str(events(download)[0]["UID"])


# ---------------------------------------------------------------- host feed

def kim_feed_entries() -> list[tuple[Itinerary, StopInfo]]:
    japan = sample_itinerary()
    thai_stop = stop(201, MAYOR, KIM, at(10, 0, day=10), 30)
    thai = sample_itinerary(BANGKOK, visit_id=43, stops=(thai_stop,))
    gone = replace(GURO_STOPS[0], stop_id=105, status="cancelled", sequence=4,
                   start=at(16, 0), end=at(16, 30))
    return [(japan, japan.stops[0]), (thai, thai_stop), (japan, gone)]


def test_host_feed_is_a_refreshing_publication() -> None:
    data = host_feed(KIM.name, kim_feed_entries(), "김민지 — 견학 일정", stamp=STAMP)

    calendar = parse(data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "김민지 — 견학 일정"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in data
    assert b"ORGANIZER" not in data
    assert b"ATTENDEE" not in data


def test_host_feed_keeps_cancelled_stops_as_cancelled() -> None:
    data = host_feed(KIM.name, kim_feed_entries(), "김민지", stamp=STAMP)

    assert [str(e["STATUS"]) for e in events(data)] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert str(events(data)[2]["SUMMARY"]).startswith("[취소 Cancelled] 구청장 예방")
    assert str(events(data)[1]["SUMMARY"]) == (
        "구청장 예방 / เข้าเยี่ยมคารวะนายกเขต — 방콕시 대표단")


def test_host_feed_uids_stay_apart_from_invites() -> None:
    entries = kim_feed_entries()

    data = host_feed(KIM.name, entries, "김민지", stamp=STAMP)

    invite_uids = {stop_uid(itinerary, s) for itinerary, s in entries}
    feed_uids = [str(e["UID"]) for e in events(data)]
    assert len(set(feed_uids)) == 3
    assert invite_uids.isdisjoint(feed_uids)


# ---------------------------------------------------------------- hostile text

# (given, what TEXT must read back, what a one-line parameter such as CN must read back)
HOSTILE = [
    ("김\r\nEND:VEVENT\r\nATTENDEE:mailto:evil@example.com",
     "김\nEND:VEVENT\nATTENDEE:mailto:evil@example.com",
     "김 END:VEVENT ATTENDEE:mailto:evil@example.com"),
    ("bare\rCR\nLF\r\nCRLF", "bare\nCR\nLF\nCRLF", "bare CR LF CRLF"),
    ('semi;colon,comma:colon\\back"quote^caret', 'semi;colon,comma:colon\\back"quote^caret',
     'semi;colon,comma:colon\\back"quote^caret'),
    ("x" * 90 + "구로" * 60 + "😀" * 20, "x" * 90 + "구로" * 60 + "😀" * 20,
     "x" * 90 + "구로" * 60 + "😀" * 20),
    ("👨‍👩‍👧 가족 🇰🇷🇯🇵", "👨‍👩‍👧 가족 🇰🇷🇯🇵", "👨‍👩‍👧 가족 🇰🇷🇯🇵"),
    ("وفد بلدية دبي \u200f(الإمارات)\u200f", "وفد بلدية دبي \u200f(الإمارات)\u200f",
     "وفد بلدية دبي \u200f(الإمارات)\u200f"),
    ("<script>alert(1)</script><b>&amp;</b>", "<script>alert(1)</script><b>&amp;</b>",
     "<script>alert(1)</script><b>&amp;</b>"),
    ("nul\x00bell\x07tab\tdel\x7f", "nulbelltab\tdel", "nulbelltab del"),
    ("line\u2028sep\x85nel\u2029para", "line\nsep\nnel\npara", "line sep nel para"),
]
HOSTILE_IDS = ["inject", "newlines", "delimiters", "long", "emoji", "rtl", "markup",
               "controls", "unicode-breaks"]


def hostile_itinerary(text: str) -> Itinerary:
    place = replace(MAYOR, name={"ko": f"구청장 {text}", "ja": f"区長 {text}"},
                    address={"ko": text})
    host = Person(11, {"ko": text}, "minji.kim@guro.example.kr", text)
    party = replace(KITAKYUSHU, name={"ko": text, "ja": text}, contact_name=text)
    first = replace(GURO_STOPS[0], place=place, host=host)
    return replace(sample_itinerary(party, stops=(first,), share_url=SHARE_URL),
                   organisation={"ko": text})


def all_kinds(itinerary: Itinerary) -> dict[str, bytes]:
    cancelled = with_stop(itinerary, 101, status="cancelled", sequence=9)
    entries = [(itinerary, itinerary.stops[0]), (cancelled, cancelled.stops[0])]
    return {
        "visit": visit_calendar(itinerary, stamp=STAMP),
        "invite": stop_invite(itinerary, 101, stamp=STAMP)[0],
        "cancel": stop_invite(cancelled, 101, stamp=STAMP)[0],
        "feed": host_feed(itinerary.stops[0].host.name, entries, "feed", stamp=STAMP),
    }


@pytest.mark.parametrize(("given", "text", "line"), HOSTILE, ids=HOSTILE_IDS)
def test_hostile_text_round_trips_and_adds_no_property(given: str, text: str,
                                                       line: str) -> None:
    clean = all_kinds(sample_itinerary(stops=(GURO_STOPS[0],)))

    hostile = all_kinds(hostile_itinerary(given))

    for kind, data in hostile.items():
        assert property_counts(data) == property_counts(clean[kind]), kind
        assert unfolded_names(data) == unfolded_names(clean[kind]), kind
    event = events(hostile["invite"])[0]
    assert str(event["SUMMARY"]) == f"구청장 {text} / 区長 {text} — {text}"
    assert str(event["LOCATION"]) == text
    assert event["ATTENDEE"].params["CN"] == line
    assert event["ORGANIZER"].params["CN"] == line
    assert f"Contact: {text} <" in str(event["DESCRIPTION"])
    assert f"전화 Phone: {text}\n" in str(events(hostile["visit"])[0]["DESCRIPTION"])
    calname = unescape_text(str(parse(hostile["visit"])["X-WR-CALNAME"]))
    assert calname == f"{line} — {line}"


@pytest.mark.parametrize(("given", "text", "line"), HOSTILE, ids=HOSTILE_IDS)
def test_hostile_text_reads_back_in_icaljs(given: str, text: str, line: str,
                                           tmp_path: Path) -> None:
    data, _ = stop_invite(hostile_itinerary(given), 101, stamp=STAMP)

    (event,) = icaljs(data, tmp_path)["events"]

    assert event["summary"] == f"구청장 {text} / 区長 {text} — {text}"
    assert event["location"] == text
    assert event["attendees"][0]["cn"] == line
    assert event["organizer"]["cn"] == line
    assert sorted(event["properties"]) == sorted(
        ["uid", "dtstamp", "sequence", "dtstart", "dtend", "status", "location", "geo",
         "summary", "description", "organizer", "attendee"])


@pytest.mark.parametrize("kind", ["visit", "invite", "cancel", "feed"])
def test_calendar_lines_fold_at_75_octets_on_character_boundaries(kind: str) -> None:
    data = all_kinds(hostile_itinerary(HOSTILE[3][0]))[kind]

    lines = data.split(b"\r\n")
    assert lines[-1] == b""
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        line.decode("utf-8")  # a fold inside a character would raise here
    assert b"\r" not in data.replace(b"\r\n", b"")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_hostile_email_cannot_break_the_line() -> None:
    host = replace(KIM, email="kim@guro.example.kr\r\nATTENDEE:mailto:evil@example.com")
    itinerary = with_stop(sample_itinerary(), 101, host=host)

    data, _ = stop_invite(itinerary, 101, stamp=STAMP)

    (event,) = events(data)
    assert len(event.property_items(recursive=False)) == len(
        events(stop_invite(sample_itinerary(), 101, stamp=STAMP)[0])[0].property_items(
            recursive=False))
    assert str(event["ATTENDEE"]) == (
        "mailto:kim@guro.example.kr%0D%0AATTENDEE%3Amailto%3Aevil@example.com")


# ---------------------------------------------------------------- a real client: ical.js

def kinds_for(lang: str) -> dict[str, bytes]:
    itinerary = sample_itinerary(DELEGATIONS[lang])
    cancelled = with_stop(itinerary, 101, status="cancelled", sequence=3)
    entries = [(itinerary, s) for s in itinerary.stops[:3]]
    return {
        "visit": visit_calendar(itinerary, stamp=STAMP),
        "invite": stop_invite(itinerary, 102, stamp=STAMP)[0],
        "cancel": stop_invite(cancelled, 101, stamp=STAMP)[0],
        "feed": host_feed("김민지", entries, f"feed {lang}", stamp=STAMP),
    }


@pytest.mark.parametrize("lang", ["ja", "th", "ar"])
def test_icaljs_reads_visit_calendar(lang: str, tmp_path: Path) -> None:
    itinerary = sample_itinerary(DELEGATIONS[lang])

    parsed = icaljs(kinds_for(lang)["visit"], tmp_path)

    assert parsed["method"] == "PUBLISH"
    assert parsed["timezones"] == ["Asia/Seoul"]
    got = [(e["uid"], e["sequence"], e["summary"], e["location"], e["status"],
            (e["start"], e["end"]), e["tzid"], e["organizer"], e["attendees"])
           for e in parsed["events"]]
    assert got == [
        (visit_uid(itinerary, s), s.sequence, summary, location, status, times,
         "Asia/Seoul", None, [])
        for s, summary, location, status, times in zip(
            GURO_STOPS[:3], SUMMARIES[lang], LOCATIONS,
            ["CONFIRMED", "TENTATIVE", "CONFIRMED"], LIVE_UTC, strict=True)
    ]


@pytest.mark.parametrize("lang", ["ja", "th", "ar"])
def test_icaljs_reads_invite(lang: str, tmp_path: Path) -> None:
    parsed = icaljs(kinds_for(lang)["invite"], tmp_path)

    (event,) = parsed["events"]
    assert parsed["method"] == "REQUEST"
    assert (event["uid"], event["sequence"], event["status"]) == (
        f"stop-102@{UID_DOMAIN}", 0, "TENTATIVE")
    assert (event["start"], event["end"]) == LIVE_UTC[1]
    assert event["summary"] == f"{SUMMARIES[lang][1]} — {KOREAN_NAMES[lang]}"
    assert event["location"] == LOCATIONS[1]
    assert event["organizer"] == {"value": "mailto:protocol@guro.example.kr", "cn": "구로구청"}
    assert event["attendees"] == [{"value": "mailto:junho.park@guro.example.kr",
                                   "cn": "박준호", "role": "REQ-PARTICIPANT",
                                   "partstat": "NEEDS-ACTION", "rsvp": "TRUE",
                                   "cutype": "INDIVIDUAL"}]


@pytest.mark.parametrize("lang", ["ja", "th", "ar"])
def test_icaljs_reads_cancel(lang: str, tmp_path: Path) -> None:
    parsed = icaljs(kinds_for(lang)["cancel"], tmp_path)

    (event,) = parsed["events"]
    assert parsed["method"] == "CANCEL"
    assert (event["uid"], event["sequence"], event["status"]) == (
        f"stop-101@{UID_DOMAIN}", 3, "CANCELLED")
    assert (event["start"], event["end"]) == LIVE_UTC[0]
    assert event["summary"] == f"{SUMMARIES[lang][0]} — {KOREAN_NAMES[lang]}"
    assert event["attendees"][0]["value"] == "mailto:minji.kim@guro.example.kr"


@pytest.mark.parametrize("lang", ["ja", "th", "ar"])
def test_icaljs_reads_host_feed(lang: str, tmp_path: Path) -> None:
    parsed = icaljs(kinds_for(lang)["feed"], tmp_path)

    assert parsed["method"] == "PUBLISH"
    assert parsed["calname"] == f"feed {lang}"
    got = [(e["summary"], e["location"], (e["start"], e["end"]), e["organizer"])
           for e in parsed["events"]]
    assert got == [(f"{summary} — {KOREAN_NAMES[lang]}", location, times, None)
                   for summary, location, times in zip(SUMMARIES[lang], LOCATIONS, LIVE_UTC,
                                                       strict=True)]


def test_icaljs_refuses_a_tzid_without_vtimezone(tmp_path: Path) -> None:
    data = visit_calendar(sample_itinerary(), stamp=STAMP)
    start = data.index(b"BEGIN:VTIMEZONE")
    stripped = data[:start] + data[data.index(b"END:VTIMEZONE\r\n") + 15:]
    path = tmp_path / "no-zone.ics"
    path.write_bytes(stripped)

    icaljs(data, tmp_path)  # fails the test if node or ical.js is missing
    result = subprocess.run([shutil.which("node") or "node", str(ICALJS_SCRIPT), str(path)],
                            capture_output=True, cwd=ROOT, timeout=60,
                            env={**os.environ, "TZ": "America/Lima"})

    assert result.returncode == 1
    assert b"TZID=Asia/Seoul" in result.stderr
