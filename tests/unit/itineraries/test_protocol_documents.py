"""Table tents and the host's briefing, checked with the itinerary's tools: pdftotext,
pdffonts, pypdf + fontTools (every character a real glyph), printed sizes from the PDF's
own text matrices. Delegations in Japanese, Thai, Arabic and Russian; each renders once."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from itineraries import fonts
from itineraries.briefing import render_briefing_html, render_briefing_pdf
from itineraries.fetcher import STATIC_DIR
from itineraries.model import Person, Place, StopInfo
from itineraries.name_cards import MIN_NAME_PT, name_size, render_name_cards_pdf
from itineraries.protocol import Attendee, Briefing, EarlierVisit, HostAtVisit, NameCardSet
from tests.unit.itineraries.pdf_tools import (
    RecordingFetcher,
    page_texts,
    pdffonts,
    pdftotext,
    sized_texts,
    squeeze,
    uncovered_characters,
)

SEOUL = ZoneInfo("Asia/Seoul")
LANGS = ("ja", "th", "ar", "ru")

# Members in precedence order (what the service hands over), with diet and access needs.
PARTIES: dict[str, tuple[dict[str, str], tuple[Attendee, ...]]] = {
    "ja": ({"ja": "静岡市代表団", "ko": "시즈오카시 대표단"}, (
        Attendee("Ichiro Tanaka", "田中一郎", "市長", "head", diet="豚肉なし"),
        Attendee("Hanako Sato", "佐藤花子", "情報政策課長", access="車椅子"),
        Attendee("Ken Suzuki", "鈴木健", "通訳", "interpreter"),
    )),
    "th": ({"th": "คณะผู้แทนกรุงเทพมหานคร"}, (
        Attendee("Somchai Jaidee", "สมชาย ใจดี", "ผู้ว่าราชการ", "head", diet="ฮาลาล"),
        Attendee("Suda Rakthai", "สุดา รักไทย", "ผู้อำนวยการสำนัก", access="รถเข็น"),
        Attendee("Anan Srisuk", "อนันต์ ศรีสุข", "ล่าม", "interpreter"),
    )),
    "ar": ({"ar": "وفد بلدية دبي", "ko": "두바이 시청 대표단"}, (
        Attendee("Ahmed Al Mansouri", "أحمد المنصوري", "مدير عام", "head", diet="حلال"),
        Attendee("Fatima Al Ali", "فاطمة العلي", "مهندسة", access="كرسي متحرك"),
        Attendee("Omar Haddad", "عمر حداد", "مترجم", "interpreter"),
    )),
    "ru": ({"ru": "Делегация Новосибирска"}, (
        Attendee("Ivan Petrov", "Иван Петров", "мэр", "head", diet="вегетарианец"),
        Attendee("Anna Smirnova", "Анна Смирнова", "начальник отдела", access="коляска"),
        Attendee("Oleg Volkov", "Олег Волков", "переводчик", "interpreter"),
    )),
}
COUNTRIES = {"ja": "JP", "th": "TH", "ar": "AE", "ru": "RU"}
# Sizes come back from the PDF's matrices rounded (28 pt is written as 27.99976 pt).
PRINTED_MIN_PT = MIN_NAME_PT - 0.01
LANGUAGE_KO = {"ja": "일본어", "th": "태국어", "ar": "아랍어", "ru": "러시아어"}

CCTV = Place(1, {"ko": "통합관제센터", "en": "Integrated Control Center", "ja": "統合管制センター",
                 "th": "ศูนย์ควบคุม", "ar": "مركز المراقبة", "ru": "Центр мониторинга"},
             {"ko": "서울 구로구 가마산로 245"})
KIOSK = Place(2, {"ko": "무인민원발급기", "en": "Civil-document kiosks"}, {"ko": "구로구청 1층"})
KIM = Person(11, {"ko": "김민지", "en": "Kim Min-ji"}, "minji@guro.example.kr")
PARK = Person(12, "박준호", "junho@guro.example.kr")
HOSTS = (HostAtVisit(KIM, (CCTV,)), HostAtVisit(PARK, (KIOSK,)))


def card_set(lang: str, members: tuple[Attendee, ...] | None = None) -> NameCardSet:
    name, party = PARTIES[lang]
    return NameCardSet(7, {"ko": "구로구청", "en": "Guro-gu Office"}, name, lang,
                       party if members is None else members, HOSTS)


def briefing(lang: str, **changes: object) -> Briefing:
    name, party = PARTIES[lang]
    stop = StopInfo(5, "accepted", 0, datetime(2027, 3, 9, 10, 0, tzinfo=SEOUL),
                    datetime(2027, 3, 9, 11, 0, tzinfo=SEOUL), CCTV, KIM, 12)
    earlier = EarlierVisit(date(2026, 5, 12), {lang: "前回訪問団", "ko": "이전 방문단"},
                           ({"ko": "스마트도서관"}, {"ko": "무인민원발급기"}))
    made = Briefing(stop, SEOUL, "구로구청", name, COUNTRIES[lang], "City", lang, 12, party,
                    ("ko", "en"), ("control_center",), ({"ko": "정보화교실"},), True,
                    earlier=(earlier,))
    return replace(made, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: list[str]  # pdftotext per page, squeezed: reading order ¦ drawing order
    log: list[str]
    asked: list[str]


class LogRecorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())


def render(document: NameCardSet | Briefing) -> Rendered:
    fetcher, recorder = RecordingFetcher(), LogRecorder()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(recorder)
    try:
        if isinstance(document, NameCardSet):
            pdf = render_name_cards_pdf(document, url_fetcher=fetcher)
        else:
            pdf = render_briefing_pdf(document, url_fetcher=fetcher)
    finally:
        logger.removeHandler(recorder)
    # Reading order, then drawing order, where a Thai mark drawn raised or lowered stays
    # with its letter (see test_itinerary_pdf.contains).
    pages = [f"{squeeze(read)}¦{squeeze(raw)}"
             for read, raw in zip(page_texts(pdf), page_texts(pdf, "-raw"), strict=True)]
    return Rendered(pdf, pages, recorder.messages, fetcher.asked)


@cache
def cards(lang: str) -> Rendered:
    return render(card_set(lang))


@cache
def brief(lang: str) -> Rendered:
    return render(briefing(lang))


def shows(text: str, needle: str, lang: str) -> bool:
    """`needle` in squeezed extracted text; right to left word by word (pdftotext may
    reorder neutral characters between Arabic words)."""
    if lang == "ar":
        return all(word in text for word in re.findall(r"\w+", needle))
    return squeeze(fonts.extractable_thai(needle)) in text


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def card_names(lang: str) -> list[str]:
    return [*(m.native_name for m in PARTIES[lang][1]), "김민지", "박준호"]


# ---------------------------------------------------------------- table tents


@pytest.mark.parametrize("lang", LANGS)
def test_name_cards_are_one_page_per_member_and_host(lang: str) -> None:
    assert page_count(cards(lang).pdf) == len(PARTIES[lang][1]) + len(HOSTS)


@pytest.mark.parametrize("lang", LANGS)
def test_name_cards_follow_precedence_then_hosts(lang: str) -> None:
    pages = cards(lang).pages
    for page, name in zip(pages, card_names(lang), strict=True):
        assert shows(page, name, lang), name
    first, last = pages[0], pages[-1]
    assert not shows(first, PARTIES[lang][1][1].native_name, lang)
    assert not shows(last, "김민지", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_name_on_each_card_is_printed_at_least_28_pt(lang: str) -> None:
    pieces = sized_texts(cards(lang).pdf)
    for page, name in enumerate(card_names(lang)):
        large = "".join(p.text for p in pieces if p.page == page and p.size_pt >= PRINTED_MIN_PT)
        letters = set(squeeze(fonts.extractable_thai(name)))
        assert letters <= set(squeeze(large)), (page, name)


def test_size_check_can_fail_on_small_text() -> None:
    """Titles are printed smaller: the check above would catch a name printed like one."""
    pieces = sized_texts(cards("ru").pdf)
    title = [p for p in pieces if p.page == 0 and "мэр" in p.text]
    assert title and max(p.size_pt for p in title) < MIN_NAME_PT


def test_long_names_shrink_but_never_below_28_pt() -> None:
    assert name_size("田中") == 60.0
    assert MIN_NAME_PT < name_size("Wolfgang Amadeus Mozart") < 60.0
    assert name_size("Ж" * 300) == MIN_NAME_PT


def test_very_long_name_stays_on_its_card_at_28_pt() -> None:
    long_name = "Александра " * 12
    members = (Attendee("Aleksandra", long_name.strip(), "мэр", "head"),)
    result = render(card_set("ru", members))
    assert page_count(result.pdf) == 1 + len(HOSTS)
    sizes = [p.size_pt for p in sized_texts(result.pdf)
             if p.page == 0 and "Александра" in p.text]
    assert sizes and min(sizes) >= PRINTED_MIN_PT


@pytest.mark.parametrize("lang", LANGS)
def test_card_shows_romanized_name_title_and_korean_beside_own_language(lang: str) -> None:
    head = PARTIES[lang][1][0]
    page = cards(lang).pages[0]
    assert shows(page, head.name, "en")
    assert shows(page, head.title, lang)
    assert "단장" in page
    assert shows(page, PARTIES[lang][0][lang], lang)


def test_korean_delegation_name_is_on_the_korean_line() -> None:
    assert "시즈오카시대표단" in cards("ja").pages[0]
    assert "団長" in cards("ja").pages[0]  # "head of delegation" in Japanese


def test_latin_only_name_is_not_repeated_as_romanized() -> None:
    members = (Attendee("John Smith", "", "Mayor", "head"),)
    reading = render(card_set("ru", members)).pages[0].split("¦")[0]
    assert reading.count("JohnSmith") == 2  # once per half of the card


@pytest.mark.parametrize("lang", LANGS)
def test_host_card_shows_korean_and_romanized_name_and_place(lang: str) -> None:
    page = cards(lang).pages[len(PARTIES[lang][1])]
    assert "김민지" in page and "KimMin-ji" in page
    assert "통합관제센터" in page and "구로구청" in page


@pytest.mark.parametrize("lang", LANGS)
def test_name_cards_fonts_are_embedded_with_every_glyph(lang: str) -> None:
    result = cards(lang)
    assert [r.name for r in pdffonts(result.pdf) if not (r.embedded and r.unicode)] == []
    name, party = PARTIES[lang]
    shown = "".join([*name.values(), *(m.native_name + m.name + m.title for m in party),
                     "김민지", "박준호", "통합관제센터", "단장"])
    assert uncovered_characters(result.pdf, fonts.extractable_thai(shown)) == set()
    assert result.log == []


def test_uncovered_character_on_a_card_is_detected() -> None:
    """The glyph check can fail: a character no installed font has is caught."""
    members = (Attendee("X", "名前\U0010fffd", "", "head"),)
    result = render(card_set("ja", members))
    assert uncovered_characters(result.pdf, "名前\U0010fffd") == {"\U0010fffd"}


# ---------------------------------------------------------------- briefing


@pytest.mark.parametrize("lang", LANGS)
def test_briefing_is_one_page_in_korean(lang: str) -> None:
    result = brief(lang)
    assert page_count(result.pdf) == 1
    page = result.pages[0]
    for label in ("견학사전안내", "일정과장소", "방문단", "의전서열순", "같은나라의이전방문"):
        assert label in page


@pytest.mark.parametrize("lang", LANGS)
def test_briefing_names_members_in_precedence_with_titles_and_roles(lang: str) -> None:
    page = brief(lang).pages[0]
    party = PARTIES[lang][1]
    for member in party:
        assert shows(page, member.native_name, lang) and shows(page, member.title, lang)
    positions = [page.index(squeeze(m.name)) for m in party]
    assert positions == sorted(positions)
    assert "단장" in page and "통역" in page


@pytest.mark.parametrize("lang", LANGS)
def test_briefing_gives_time_place_language_and_interpreter(lang: str) -> None:
    page = brief(lang).pages[0]
    assert "10:00" in page and "11:00" in page and "2027년3월9일" in page
    assert "통합관제센터" in page and "서울구로구가마산로245" in page and "12명" in page
    assert LANGUAGE_KO[lang] in page and "통역필요" in page
    assert "한국어,영어" in page and "방문단언어불가" in page
    assert "정보화교실" in page  # a facility named in the request's interests


@pytest.mark.parametrize("lang", LANGS)
def test_briefing_lists_diet_access_and_earlier_visits(lang: str) -> None:
    page = brief(lang).pages[0]
    party = PARTIES[lang][1]
    assert shows(page, party[0].diet, lang) and shows(page, party[1].access, lang)
    assert "이전방문단" in page and "스마트도서관,무인민원발급기" in page
    assert "2026년5월12일" in page


def test_briefing_without_needs_or_history_says_so() -> None:
    plain = tuple(replace(m, diet="", access="") for m in PARTIES["ja"][1])
    page = render(briefing("ja", members=plain, earlier=(), interpreter_needed=None)).pages[0]
    assert "식이" not in page and "접근성" not in page
    assert "이전방문기록이없습니다" in page
    assert "통역필요" not in page


def test_briefing_says_when_the_host_speaks_the_delegations_language() -> None:
    page = render(briefing("ja", host_languages=("ko", "ja"))).pages[0]
    assert "방문단언어가능" in page


@pytest.mark.parametrize("lang", LANGS)
def test_briefing_fonts_are_embedded_with_every_glyph(lang: str) -> None:
    result = brief(lang)
    assert [r.name for r in pdffonts(result.pdf) if not (r.embedded and r.unicode)] == []
    party = PARTIES[lang][1]
    shown = "".join([*(m.native_name + m.name + m.title + m.diet + m.access for m in party),
                     "견학 사전 안내", "의전 서열순", LANGUAGE_KO[lang]])
    assert uncovered_characters(result.pdf, fonts.extractable_thai(shown)) == set()
    assert result.log == []


# ---------------------------------------------------------------- hostile text

HOSTILE = {
    "markup": '<b>bold</b><img src="https://evil.example/x.png"><script>alert(1)</script>',
    "css": "x}</style><style>@import url(https://evil.example/a.css);</style>",
    "link": '<link rel=stylesheet href="file:///etc/passwd"> {{ 7*7 }}',
}


def hostile_members() -> tuple[Attendee, ...]:
    return tuple(Attendee(name=v, native_name=v, title=k, role="head", diet=v, access=v)
                 for k, v in HOSTILE.items())


@pytest.mark.parametrize("kind", ["cards", "briefing"])
def test_hostile_text_stays_text_and_fetches_nothing(kind: str) -> None:
    members = hostile_members()
    if kind == "cards":
        document: NameCardSet | Briefing = replace(card_set("ru", members),
                                                   delegation_name=HOSTILE["css"])
        sheet = "name-cards.css"
    else:
        document = briefing("ru", members=members, delegation_name=HOSTILE["css"],
                            interest_places=(HOSTILE["markup"],))
        sheet = "briefing.css"
    result = render(document)
    assert result.asked == [(STATIC_DIR / "protocol" / sheet).as_uri()]
    text = squeeze(pdftotext(result.pdf, "-raw"))
    for value in HOSTILE.values():
        assert squeeze(value) in text


def test_hostile_text_is_escaped_in_the_briefing_html() -> None:
    page = render_briefing_html(briefing("ru", members=hostile_members()))
    assert "<script" not in page and "<img" not in page and "@import" in page
    assert page.count("<style>") == 1 and page.count("<link") == 1
