"""Companions on the documents (SPEC §7.4): listed on the itinerary PDF in both languages
(read back with pdftotext), and each with an invite of their own that a real client
(ical.js) reads, turning into a CANCEL once the assignment is removed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from icalendar import Calendar

from itineraries import fonts
from itineraries.companion_ics import companion_invite
from itineraries.model import CompanionInfo
from itineraries.pdf import itinerary_context, render_itinerary_pdf
from tests.unit.itineraries.pdf_tools import pdftotext, squeeze, uncovered_characters
from tests.unit.itineraries.samples import BANGKOK, DUBAI, KITAKYUSHU, at, sample_itinerary
from tests.unit.itineraries.test_itinerary_ics import icaljs

SUJIN = CompanionInfo(7, 3, "interpreter", {"ko": "이수진", "en": "Lee Su-jin"}, at(9, 30),
                      at(15, 0), email="sujin@interp.example.kr", phone="010-1234-5678",
                      languages=("ko", "th"), sequence=0)
BUS = CompanionInfo(8, 4, "vehicle", {"ko": "45인승 버스"}, at(9, 0), at(16, 0), seats=45)
WORDS = {"ja": ("同行スタッフ", "通訳", "車両"), "th": ("ผู้ติดตาม", "ล่าม", "ยานพาหนะ"),
         "ar": ("المرافقون", "مترجم", "مركبة")}
PARTIES = {"ja": KITAKYUSHU, "th": BANGKOK, "ar": DUBAI}


@pytest.mark.parametrize("lang", ["ja", "th", "ar"])
def test_the_pdf_lists_the_companions_in_korean_and_the_delegations_language(
        lang: str) -> None:
    itinerary = replace(sample_itinerary(PARTIES[lang]), companions=(BUS, SUJIN))

    pdf = render_itinerary_pdf(itinerary, lang)
    text = squeeze(pdftotext(pdf))

    shown = [v for c in itinerary_context(itinerary, lang).columns
             for k, v in c.labels.items()
             if k in ("companions", "kind_interpreter", "kind_vehicle")]
    assert uncovered_characters(pdf, fonts.extractable_thai("".join(shown))) == set()
    for word in ("동행 인력", "통역사", "차량", "이수진", "45인승 버스", "010-1234-5678",
                 *WORDS[lang]):
        assert squeeze(word) in text, word


def test_a_visit_without_companions_prints_no_section() -> None:
    text = squeeze(pdftotext(render_itinerary_pdf(sample_itinerary(), "ja")))
    assert squeeze("동행 인력") not in text


def test_the_companions_invite_is_a_request_and_its_removal_a_cancel(tmp_path: Path) -> None:
    itinerary = replace(sample_itinerary(BANGKOK), companions=(SUJIN,))

    invite, method = companion_invite(itinerary, SUJIN)
    cancel, cancel_method = companion_invite(itinerary, replace(SUJIN, live=False, sequence=1))

    assert (method, cancel_method) == ("REQUEST", "CANCEL")
    event = Calendar.from_ical(invite).walk("VEVENT")[0]
    gone = Calendar.from_ical(cancel).walk("VEVENT")[0]
    assert event["UID"] == gone["UID"] and int(gone["SEQUENCE"]) == 1
    assert "sujin@interp.example.kr" in str(event["ATTENDEE"])
    assert str(gone["STATUS"]) == "CANCELLED"
    parsed = icaljs(invite, tmp_path)
    assert parsed["events"][0]["start"].startswith("2027-03-09T00:30:00")
