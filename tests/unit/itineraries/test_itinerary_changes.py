""""Changed since version N" on the visitor page and the PDF, and the mail to the
delegation's contact (itineraries.changes, itineraries.notice): each change said in the
reader's language beside Korean, checked in the HTML and with pdftotext."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from functools import cache

import pytest

from itineraries import fonts, labels
from itineraries.changes import change_boxes, change_line
from itineraries.model import ChangeNote, Itinerary, StopVersion
from itineraries.notice import version_notice
from itineraries.page import render_visitor_page
from itineraries.pdf import render_itinerary_html, render_itinerary_pdf
from tests.unit.itineraries.pdf_tools import pdftotext, squeeze, uncovered_characters
from tests.unit.itineraries.samples import (
    CCTV,
    DUBAI,
    JEONJU,
    KIM,
    KIOSKS,
    KITAKYUSHU,
    LEE,
    LIBRARY,
    MAYOR,
    PARK,
    SHARE_URL,
    at,
    sample_itinerary,
)

MOVED = ChangeNote("moved", KIOSKS.name, StopVersion(at(11, 15), at(11, 45), LEE.name),
                   StopVersion(at(13, 30), at(14, 0), LEE.name))
ADDED = ChangeNote("added", MAYOR.name, None, StopVersion(at(10, 0), at(10, 30), KIM.name))
HOST = ChangeNote("host_changed", CCTV.name, StopVersion(at(10, 45), at(11, 45), KIM.name),
                  StopVersion(at(10, 45), at(11, 45), PARK.name))
REMOVED = ChangeNote("removed", LIBRARY.name, StopVersion(at(14, 15), at(14, 45), LEE.name))
CANCELLED = ChangeNote("cancelled", LIBRARY.name, StopVersion(at(14, 15), at(14, 45), LEE.name),
                       StopVersion(at(14, 15), at(14, 45), LEE.name))
ALL_KINDS = (ADDED, HOST, MOVED, REMOVED)


def version_2(party: object = KITAKYUSHU, language: str | None = None,
              changes: tuple[ChangeNote, ...] = ALL_KINDS) -> Itinerary:
    itinerary = sample_itinerary(party)  # type: ignore[arg-type]
    if language is not None:
        itinerary = replace(itinerary, delegation=replace(itinerary.delegation,
                                                          language=language))
    return replace(itinerary, version=2, changes=changes)


@pytest.mark.parametrize(("note", "lang", "expected"), [
    (MOVED, "ko", "시간 변경: 무인민원발급기 11:15 → 13:30"),
    (MOVED, "ja", "時間変更：無人証明書発行機 11:15 → 13:30"),
    (MOVED, "en", "Moved: Unmanned civil-document kiosks 11:15 AM → 1:30 PM"),
    (MOVED, "ar", "تغيّر الموعد: أكشاك إصدار الوثائق الآلية 11:15 ص ← 1:30 م"),
    (ADDED, "ko", "추가: 구청장 예방, 10:00"),
    (ADDED, "ja", "追加：区長表敬訪問、10:00"),
    (HOST, "ko", "담당자 변경: 통합관제센터, 김민지 → 박준호"),
    (HOST, "en", "Host changed: Integrated CCTV Control Center, Kim Min-ji → 박준호"),
    (REMOVED, "ja", "削除：Smart library"),
    (CANCELLED, "ko", "취소: 스마트도서관"),
    (CANCELLED, "ar", "أُلغي: Smart library"),
])
def test_each_change_is_said_in_the_readers_words(note: ChangeNote, lang: str,
                                                  expected: str) -> None:
    assert change_line(note, version_2(), lang) == expected


def test_a_move_to_another_day_names_both_days() -> None:
    note = ChangeNote("moved", KIOSKS.name, StopVersion(at(11, 15), at(11, 45), LEE.name),
                      StopVersion(at(9, 30, day=10), at(10, 0, day=10), LEE.name))

    assert change_line(note, version_2(), "ko") == (
        "시간 변경: 무인민원발급기 3월 9일 11:15 → 3월 10일 09:30")


def test_the_box_names_the_previous_version_in_each_column() -> None:
    boxes = change_boxes(replace(version_2(), version=3), ("ko", "ja"))

    assert [(b.lang, b.title) for b in boxes] == [("ko", "버전 2 이후 변경 사항"),
                                                   ("ja", "バージョン2からの変更点")]
    assert boxes[1].lines[2] == "時間変更：無人証明書発行機 11:15 → 13:30"


@pytest.mark.parametrize("itinerary", [
    replace(version_2(), version=1),  # the first version is all new
    replace(version_2(), changes=()),  # a version that only confirmed stops
    replace(version_2(), version=None),  # the live visit
], ids=["version-1", "no-changes", "live"])
def test_no_box_when_there_is_nothing_to_say(itinerary: Itinerary) -> None:
    page = render_itinerary_html(itinerary, "ja")

    assert change_boxes(itinerary, ("ko", "ja")) == ()
    assert 'class="changes"' not in page


def test_the_visitor_page_shows_the_box_beside_korean_right_to_left_for_arabic() -> None:
    page = render_visitor_page(version_2(DUBAI), "ar", pdf_url="/p", ics_url="/i")

    box = page[page.index('<section class="changes">'):page.index("</section>")]
    assert '<div class="change-box" lang="ko" dir="ltr">' in box
    assert '<div class="change-box" lang="ar" dir="rtl">' in box
    assert html.escape("التغييرات منذ الإصدار 1") in box
    assert html.escape("تغيّر الموعد: أكشاك إصدار الوثائق الآلية 11:15 ص ← 1:30 م") in box
    assert "시간 변경: 무인민원발급기 11:15 → 13:30" in box


def test_the_version_number_is_on_the_cover() -> None:
    page = render_itinerary_html(version_2(), "ja")

    assert re.search(r"<dt>バージョン</dt>\s*<dd>2</dd>", page)
    assert re.search(r"<dt>버전</dt>\s*<dd>2</dd>", page)


def test_place_names_in_changes_are_escaped() -> None:
    hostile = ChangeNote("removed", {"ko": "<script>alert(1)</script>"},
                         StopVersion(at(10, 0), at(11, 0), "x"))

    page = render_itinerary_html(version_2(changes=(hostile,)), "ko")

    assert "<script>alert(1)</script>" not in page
    assert "제외: &lt;script&gt;alert(1)&lt;/script&gt;" in page


@cache
def pdf_text(lang: str) -> tuple[bytes, str]:
    """The PDF, and its text in reading order and in drawing order (where a Thai mark
    drawn raised or lowered stays with its letter), squeezed."""
    pdf = render_itinerary_pdf(version_2(language=lang), lang)
    return pdf, squeeze(pdftotext(pdf)) + "\n" + squeeze(pdftotext(pdf, "-raw"))


@pytest.mark.parametrize("lang", [lang for lang in labels.LABEL_LANGUAGES if lang != "ko"])
def test_the_pdf_says_what_changed_in_korean_and_the_readers_language(lang: str) -> None:
    pdf, text = pdf_text(lang)
    itinerary = version_2(language=lang)
    lines = [change_line(n, itinerary, r) for r in ("ko", lang) for n in itinerary.changes]
    title = labels.labels(lang)["changes_since"].format(number=labels.format_count(1, lang))

    shown = fonts.extractable_thai("".join([title, *lines]))
    assert uncovered_characters(pdf, shown) == set()
    if labels.is_rtl(lang):
        # pdftotext puts neutral characters where it sees them, and may detach a hamza
        # from its alef in a place name: the labels' own words, word by word.
        words = labels.labels(lang)
        said = [re.sub(r"\{\w+\}", " ", words[f"change_{n.kind}"]) for n in itinerary.changes]
        assert [w for w in re.findall(r"\w+", " ".join([title, *said])) if w not in text] == []
    else:
        expected = [fonts.extractable_thai(line) for line in [title, *lines]]
        assert [line for line in expected if squeeze(line) not in text] == []
    assert squeeze("시간 변경: 무인민원발급기 11:15 → 13:30") in text


def test_a_korean_partys_pdf_has_one_box() -> None:
    pdf = render_itinerary_pdf(version_2(JEONJU), "ko")

    text = squeeze(pdftotext(pdf))
    assert text.count(squeeze("버전 1 이후 변경 사항")) == 1


# ---------------------------------------------------------------- the contact's mail

def test_the_mail_of_a_later_version_lists_the_changes_in_both_languages() -> None:
    notice = version_notice(version_2(), SHARE_URL)

    assert notice.subject == (
        "방문 일정표 (버전 2) / 視察日程表（バージョン2） — 기타큐슈시 방문단")
    korean, japanese = notice.body.split("—" * 24)
    assert "방문 일정표가 변경되었습니다." in korean and SHARE_URL in korean
    assert "- 시간 변경: 무인민원발급기 11:15 → 13:30" in korean
    assert "視察日程表が更新されました。" in japanese and SHARE_URL in japanese
    assert "- 時間変更：無人証明書発行機 11:15 → 13:30" in japanese
    assert "バージョン1からの変更点" in japanese


def test_the_first_versions_mail_gives_the_schedule() -> None:
    notice = version_notice(replace(version_2(), version=1), SHARE_URL)

    assert "방문 일정표가 준비되었습니다." in notice.body
    assert "- 3月9日 10時00分～10時30分 区長表敬訪問" in notice.body
    assert "변경" not in notice.body


def test_a_korean_partys_mail_is_korean_only() -> None:
    notice = version_notice(version_2(JEONJU), SHARE_URL)

    assert notice.subject == "방문 일정표 (버전 2) — 전주시 견학단"
    assert "—" * 24 not in notice.body


def test_the_subject_stays_one_line_whatever_the_name() -> None:
    party = replace(KITAKYUSHU, name={"ko": "방문단\r\nBcc: x@example.org"})

    notice = version_notice(version_2(party), SHARE_URL)

    assert "\n" not in notice.subject and "\r" not in notice.subject
