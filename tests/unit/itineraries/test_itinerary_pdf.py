"""The itinerary PDF, checked with real tools: pdftotext, pdffonts, pdftoppm + zbarimg,
pypdf + fontTools. Each language renders once per run (`rendered`)."""

from __future__ import annotations

import html
import io
import logging
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape
from pypdf import PdfReader

from itineraries import fonts, labels
from itineraries.fetcher import ResourceRefused, StaticFileFetcher, static_path
from itineraries.model import DelegationInfo, Itinerary, Member, Person, Place, StopInfo
from itineraries.pdf import (
    Run,
    itinerary_context,
    map_links,
    render_itinerary_html,
    render_itinerary_pdf,
    static_stylesheet,
    warm_up,
)
from tests import cldr
from tests.unit.itineraries.pdf_tools import (
    RecordingFetcher,
    decode_qr,
    fonts_drawing,
    pdffonts,
    pdftotext,
    squeeze,
    uncovered_characters,
    word_boxes,
)

SEOUL = ZoneInfo("Asia/Seoul")
SHARE_URL = "https://gyeonhak.guro.example.kr/v/7/Xk3vQ9-pL2mZ8tR4wY6nB1cD5fG7hJ0k"


# ---------------------------------------------------------------- sample itinerary


def at(hour: int, minute: int) -> datetime:
    return datetime(2027, 3, 9, hour, minute, tzinfo=SEOUL)


GURO_ADDRESS = {"ko": "서울특별시 구로구 가마산로 245", "en": "245 Gamasan-ro, Guro-gu, Seoul"}

STOPS = (
    # id, status, start, end, ko, en, ja, zh-Hans, host ko, host en, lat, lon
    (
        1,
        "accepted",
        at(10, 0),
        at(10, 30),
        "구청장 예방",
        "Courtesy call on the District Mayor",
        "区長表敬訪問",
        "拜会区长",
        "김민준",
        "Kim Min-jun",
        37.495403,
        126.887369,
    ),
    (
        2,
        "accepted",
        at(10, 45),
        at(11, 45),
        "통합관제센터",
        "Integrated CCTV Control Center",
        "統合管制センター",
        "综合监控中心",
        "이서연",
        "Lee Seo-yeon",
        37.500533,
        126.882610,
    ),
    (
        5,
        "declined",
        at(12, 0),
        at(13, 0),
        "인터넷방송국",
        "Internet broadcasting station",
        "インターネット放送局",
        "网络广播站",
        "최동욱",
        "Choi Dong-wook",
        37.4954,
        126.8874,
    ),
    (
        6,
        "cancelled",
        at(12, 0),
        at(13, 0),
        "사랑의 PC",
        "Refurbished-PC donation programme",
        "愛のPC",
        "爱心电脑",
        "한지민",
        "Han Ji-min",
        37.4954,
        126.8874,
    ),
    (
        3,
        "requested",
        at(13, 30),
        at(14, 0),
        "무인민원발급기",
        "Unmanned civil-document kiosks",
        "無人証明書発行機",
        "自助证明打印机",
        "박지훈",
        "Park Ji-hoon",
        37.495403,
        126.887369,
    ),
    (
        4,
        "accepted",
        at(14, 15),
        at(15, 15),
        "정보화교실",
        "IT education classroom",
        "情報化教室",
        "信息化教室",
        "정하은",
        "Jung Ha-eun",
        37.494720,
        126.886450,
    ),
)
DEAD_PLACES = ("인터넷방송국", "사랑의 PC", "Internet broadcasting", "Refurbished-PC")


def _stop(row: tuple) -> StopInfo:  # type: ignore[type-arg]
    sid, status, start, end, ko, en, ja, zh, host_ko, host_en, lat, lon = row
    return StopInfo(
        stop_id=sid,
        status=status,
        sequence=1,
        start=start,
        end=end,
        party_size=6,
        place=Place(sid, {"ko": ko, "en": en, "ja": ja, "zh-Hans": zh}, GURO_ADDRESS, lat, lon),
        host=Person(
            sid, {"ko": host_ko, "en": host_en}, f"host{sid}@guro.go.kr", f"02-860-{2100 + sid}"
        ),
    )


@dataclass(frozen=True)
class Party:
    name: str  # in the delegation's language
    ko_name: str
    city: str
    country: str
    members: tuple[Member, ...]


PARTIES: dict[str, Party] = {
    "ko": Party(
        "군포시 정보통신과 벤치마킹단",
        "군포시 정보통신과 벤치마킹단",
        "군포시",
        "KR",
        (Member("홍길동", "정보통신과장", True), Member("성춘향", "스마트도시팀 주무관")),
    ),
    "en": Party(
        "WeGO Steering Committee 🙂",
        "WeGO 운영위원회",
        "Seoul",
        "KR",
        (
            Member("Jane Whitfield", "Secretary General", True),
            Member("Tomás O’Neill", "Programme Officer"),
        ),
    ),
    "ja": Party(
        "北九州市視察団",
        "기타큐슈시 시찰단",
        "北九州市",
        "JP",
        (
            Member("山田 太郎", "北九州市長", True),
            Member("佐藤 花子", "企画調整局 情報政策課長"),
            Member("鈴木 一郎", "総務局 係長"),
            Member("髙橋 直樹", "デジタル市役所推進室 主査"),
        ),
    ),
    "zh-Hans": Party(
        "北京市通州区政府考察团",
        "베이징시 퉁저우구 방문단",
        "北京",
        "CN",
        (
            Member("王建国", "通州区副区长", True),
            Member("李静", "区政务服务管理局局长"),
            Member("张伟", "信息化科科长"),
        ),
    ),
    "zh-Hant": Party(
        "臺北市政府資訊局參訪團",
        "타이베이시 정보국 방문단",
        "臺北",
        "TW",
        (Member("陳志明", "資訊局局長", True), Member("林淑芬", "資訊局科長")),
    ),
    "ru": Party(
        "Делегация администрации г. Владивостока",
        "블라디보스토크시 방문단",
        "Владивосток",
        "RU",
        (
            Member("Иван Сергеевич Петров", "заместитель главы города", True),
            Member("Ольга Викторовна Смирнова", "начальник управления цифровизации"),
        ),
    ),
    "es": Party(
        "Delegación de la Alcaldía de Mosquera",
        "모스케라시 방문단",
        "Mosquera",
        "CO",
        (
            Member("María Fernanda Gómez", "Alcaldesa", True),
            Member("Andrés Felipe Muñoz", "Secretario de TIC"),
        ),
    ),
    "fr": Party(
        "Délégation de la Ville de Lyon",
        "리옹시 방문단",
        "Lyon",
        "FR",
        (
            Member("Jean-Baptiste Lefèvre", "Adjoint au maire chargé du numérique", True),
            Member("Hélène Dubœuf", "Cheffe de projet « ville intelligente »"),
        ),
    ),
    "id": Party(
        "Delegasi Pemerintah Kota Surabaya",
        "수라바야시 방문단",
        "Surabaya",
        "ID",
        (
            Member("Budi Santoso", "Kepala Dinas Komunikasi dan Informatika", True),
            Member("Siti Rahayu", "Analis Sistem Informasi"),
        ),
    ),
    "ms": Party(
        "Delegasi Suruhanjaya Komunikasi dan Multimedia Malaysia",
        "말레이시아 통신멀티미디어위원회 방문단",
        "Cyberjaya",
        "MY",
        (
            Member("Ahmad Faizal bin Rahman", "Pengarah Kanan", True),
            Member("Nurul Huda binti Ismail", "Penolong Pengarah"),
        ),
    ),
    "th": Party(
        "คณะผู้แทนจุฬาลงกรณ์มหาวิทยาลัย",
        "쭐랄롱꼰대학교 방문단",
        "กรุงเทพมหานคร",
        "TH",
        (
            Member("ศาสตราจารย์ ดร. สมชาย ใจดี", "คณบดีคณะรัฐศาสตร์", True),
            Member("รองศาสตราจารย์ ดร. วิภาวรรณ สุขสำราญ", "อาจารย์ประจำภาควิชาการปกครอง"),
            Member("นางสาวน้ำทิพย์ คำแก้ว", "นักวิจัย"),
        ),
    ),
    "vi": Party(
        "Đoàn đại biểu UBND thành phố Đà Nẵng",
        "다낭시 인민위원회 방문단",
        "Đà Nẵng",
        "VN",
        (
            Member("Nguyễn Văn Thắng", "Phó Chủ tịch UBND thành phố", True),
            Member("Trần Thị Hương", "Giám đốc Sở Thông tin và Truyền thông"),
        ),
    ),
    "ar": Party(
        "وفد بلدية مسقط",
        "무스카트시 방문단",
        "مسقط",
        "OM",
        (
            Member("سعادة أحمد بن سعيد البلوشي", "رئيس بلدية مسقط", True),
            Member("م. فاطمة بنت علي الحارثية", "مديرة التحول الرقمي"),
            Member("خالد بن ناصر الرواحي", "أخصائي نظم المعلومات"),
        ),
    ),
    "tr": Party(
        "Ankara Büyükşehir Belediyesi Heyeti",
        "앙카라시 방문단",
        "Ankara",
        "TR",
        (
            Member("Ayşe Yılmaz", "Bilgi İşlem Dairesi Başkanı", True),
            Member("Mehmet Öztürk", "Şube Müdürü"),
        ),
    ),
    # Languages without labels: English labels, their own script for their own text.
    "sw": Party(
        "Ujumbe wa Halmashauri ya Jiji la Dar es Salaam",
        "다르에스살람시 방문단",
        "Dar es Salaam",
        "TZ",
        (
            Member("Juma Mwakyembe", "Mkurugenzi wa TEHAMA 🌍", True),
            Member("Neema Kisanga", "Afisa Mipango"),
        ),
    ),
    "km": Party(
        "គណៈប្រតិភូរដ្ឋបាលរាជធានីភ្នំពេញ",
        "프놈펜시 방문단",
        "ភ្នំពេញ",
        "KH",
        (
            Member("ឯកឧត្តម សុខ វណ្ណា", "អភិបាលរងរាជធានី", True),
            Member("លោក ចាន់ ដារ៉ា", "ប្រធានការិយាល័យព័ត៌មានវិទ្យា"),
        ),
    ),
    "hi": Party(
        "नई दिल्ली नगर निगम प्रतिनिधिमंडल",
        "뉴델리시 방문단",
        "नई दिल्ली",
        "IN",
        (Member("श्री राजेश कुमार", "आयुक्त", True), Member("सुश्री प्रिया शर्मा", "सूचना प्रौद्योगिकी निदेशक")),
    ),
    "he": Party(
        "משלחת עיריית תל אביב-יפו",
        "텔아비브시 방문단",
        "תל אביב-יפו",
        "IL",
        (Member("דוד כהן", "ראש אגף מערכות מידע", True), Member("מיכל לוי", "מנהלת פרויקטים")),
    ),
}
LABELLED = tuple(labels.LABEL_LANGUAGES)
OTHER_SCRIPTS = ("sw", "km", "hi", "he")
ALL_LANGS = LABELLED + OTHER_SCRIPTS


def sample_itinerary(lang: str, party: Party | None = None, **changes: object) -> Itinerary:
    """Guro-gu Office, 9 March 2027: four live stops (one still requested), a declined and
    a cancelled one, for a delegation whose own text is in `lang`."""
    party = party or PARTIES[lang]
    itinerary = Itinerary(
        visit_id=7,
        status="requested",
        organisation={
            "ko": "구로구청",
            "en": "Guro-gu Office",
            "ja": "九老区庁",
            "zh-Hans": "九老区政府",
            "zh-Hant": "九老區廳",
        },
        organizer_email="protocol@guro.go.kr",
        uid_domain="gyeonhak.guro.example.kr",
        timezone=SEOUL,
        delegation=DelegationInfo(
            name={lang: party.name, "ko": party.ko_name},
            country=party.country,
            city=party.city,
            language=lang,
            size=len(party.members) + 4,
            contact_name=party.members[-1].name,
            contact_email="contact@delegation.example",
            members=party.members,
        ),
        stops=tuple(_stop(row) for row in STOPS),
        share_url=SHARE_URL,
        contact_phone="02-860-2000",
    )
    return replace(itinerary, **changes)  # type: ignore[arg-type]


# ---------------------------------------------------------------- rendering, once each


class LogRecorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    text: str  # pdftotext (reading order), squeezed
    raw: str  # pdftotext -raw (drawing order), squeezed
    log: list[str]  # WeasyPrint warnings and errors
    warned: list[str]  # Python warnings
    asked: list[str]  # URLs the document asked for
    refused: list[str] = field(default_factory=list)


def render(itinerary: Itinerary, lang: str) -> Rendered:
    fetcher = RecordingFetcher()
    recorder = LogRecorder()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(recorder)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            pdf = render_itinerary_pdf(itinerary, lang, url_fetcher=fetcher)
    finally:
        logger.removeHandler(recorder)
    return Rendered(
        pdf,
        squeeze(pdftotext(pdf)),
        squeeze(pdftotext(pdf, "-raw")),
        recorder.messages,
        [str(w.message) for w in caught],
        fetcher.asked,
        fetcher.refused,
    )


@cache
def rendered(lang: str) -> Rendered:
    return render(sample_itinerary(lang), lang)


def expected_korean() -> list[str]:
    return [
        "구로구청",
        "방문 일정표",
        "세부 일정",
        "구청장 예방",
        "통합관제센터",
        "무인민원발급기",
        "정보화교실",
        "김민준",
        "박지훈",
        "서울특별시 구로구 가마산로 245",
        "단장",
        "확정 대기",
    ]


def expected_foreign(lang: str) -> list[str]:
    party = PARTIES[lang]
    words = labels.labels(labels.label_language(lang))
    texts = [
        party.name,
        *(m.name for m in party.members),
        *(m.title for m in party.members),
        words["title"],
        words["schedule"],
        words["host"],
        words["address"],
    ]
    return [fonts.extractable_thai(t) for t in texts]


def contains(result: Rendered, needle: str, rtl: bool) -> bool:
    """Left to right: a whitespace-free substring of either extraction (reading order, or
    drawing order, where a Thai mark drawn raised or lowered stays with its letter).
    Right to left: word by word in reading order, punctuation aside (pdftotext may put
    neutral characters such as "،" or "-" where the visual order has them)."""
    if not rtl:
        return squeeze(needle) in result.text or squeeze(needle) in result.raw
    return all(word in result.text for word in re.findall(r"\w+", needle))


# ---------------------------------------------------------------- (a) text


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_pdftotext_returns_korean_text_for_every_language(lang: str) -> None:
    text = rendered(lang).text
    missing = [t for t in expected_korean() if squeeze(t) not in text]
    assert not missing


# WeasyPrint (70) writes one ToUnicode text per glyph id, first come first served, and
# gives the whole text of a multi-glyph cluster to one of its glyphs (WeasyPrint issue
# #2841). Khmer split vowels and coeng forms, and Devanagari's reordered i-matra, share
# glyphs with plain letters, so their copied text is wrong although the page is right.
EXTRACTION_BROKEN = {
    "km": "Khmer clusters share glyphs; WeasyPrint maps a glyph to one text (#2841)",
    "hi": "Devanagari i-matra clusters lose a letter in ToUnicode (WeasyPrint #2841)",
}


@pytest.mark.parametrize(
    "lang",
    [
        pytest.param(lang, marks=pytest.mark.xfail(reason=EXTRACTION_BROKEN[lang], strict=True))
        if lang in EXTRACTION_BROKEN
        else lang
        for lang in ALL_LANGS
    ],
)
def test_pdftotext_returns_foreign_text_in_its_script(lang: str) -> None:
    result = rendered(lang)
    rtl = labels.is_rtl(lang)
    missing = [t for t in expected_foreign(lang) if not contains(result, t, rtl)]
    assert not missing


def test_pdftotext_keeps_thai_sara_aa_and_sara_am_apart() -> None:
    text = rendered("th").raw
    # ำ comes out as its two parts (NFKC-equal), never as า, and า never as ำ.
    assert squeeze(fonts.extractable_thai("สุขสำราญ")) in text
    assert squeeze(fonts.extractable_thai("น้ำทิพย์คำแก้ว")) in text
    assert "จุฬาลงกรณ์มหาวิทยาลัย" in text
    assert "\u0e33" not in text


def test_pdf_shows_only_live_stops() -> None:
    text = rendered("en").text
    assert squeeze("Unmanned civil-document kiosks") in text
    assert not [p for p in DEAD_PLACES if squeeze(p) in text]


@pytest.mark.parametrize(("lang", "native", "romanized"), [
    ("ja", "田中一郎", "Ichiro Tanaka"), ("ru", "Иван Петров", "Ivan Petrov"),
    ("th", "สมชาย ใจดี", "Somchai Jaidee"), ("ar", "محمد أحمد", "Mohammed Ahmed"),
])
def test_members_show_their_own_script_with_the_romanized_name_beside(
    lang: str, native: str, romanized: str
) -> None:
    party = replace(PARTIES[lang], members=(
        Member(romanized, "Mayor", head=True, native_name=native),
        Member("José García", "Director", native_name="José García")))
    itinerary = sample_itinerary(lang, party)
    result = render(itinerary, lang)
    context = itinerary_context(itinerary, lang)

    head, latin = context.members
    assert head.name.text == native and head.romanized == Run(romanized, "und-Latn", "ltr")
    assert latin.romanized is None  # a Latin name needs no second spelling
    assert contains(result, fonts.extractable_thai(native), labels.direction(lang) == "rtl")
    assert squeeze(romanized) in result.text


def test_pdf_labels_fall_back_to_english_for_unlabelled_language() -> None:
    text = rendered("sw").text
    assert squeeze("Visit itinerary") in text
    assert squeeze(f"All times are in {cldr.zone_name(at(10, 0), 'en')} (Asia/Seoul).") in text
    assert squeeze(PARTIES["sw"].name) in text


# The date and the first stop's time range as the locked Babel formats them for the reader's
# locale (tests/cldr.py), never a string copied from one CLDR release; the skeleton is the
# clock we mean: the locale's own (12-hour in English and Arabic), 24-hour in Korean.
@pytest.mark.parametrize(("lang", "skeleton"), [("ja", "Hm"), ("ar", "hm"), ("ru", "Hm"),
                                                ("en", "hm")])
def test_pdf_dates_and_times_follow_locale(lang: str, skeleton: str) -> None:
    day = cldr.full_date(date(2027, 3, 9), lang)
    time = cldr.time_range(at(10, 0), at(10, 30), lang, skeleton)
    result = rendered(lang)
    text = result.text
    assert contains(result, day, labels.is_rtl(lang))
    assert contains(result, time, labels.is_rtl(lang))
    assert squeeze(cldr.full_date(date(2027, 3, 9), "ko")) in text
    assert squeeze(cldr.time_range(at(10, 0), at(10, 30), "ko", "Hm")) in text
    # Each column in its own language: the reader's date is not the Korean one.
    assert squeeze(day) != squeeze(cldr.full_date(date(2027, 3, 9), "ko"))


def test_pdf_in_korean_has_one_column() -> None:
    context = itinerary_context(sample_itinerary("ko"), "ko")
    assert [c.lang for c in context.columns] == ["ko"]
    assert "Visit itinerary" not in rendered("ko").text


# ---------------------------------------------------------------- (b) (c) (d) fonts


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_pdffonts_shows_every_font_embedded(lang: str) -> None:
    rows = pdffonts(rendered(lang).pdf)
    assert rows
    assert [r.name for r in rows if not (r.embedded and r.unicode)] == []


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_every_character_has_a_real_glyph(lang: str) -> None:
    itinerary = sample_itinerary(lang)
    context = itinerary_context(itinerary, lang)
    shown = [*expected_korean(), *expected_foreign(lang), PARTIES[lang].city]
    # Not on this page, a pattern, or the visitor page's own labels.
    # What changed since a version, and the contact's mail: test_itinerary_changes.py.
    hidden = {"cancelled", "no_stops", "timezone_note", "download_pdf", "download_ics",
              "add_to_calendar", "language", "survey", "version", "changes_since", "change_added",
              "change_removed", "change_moved", "change_host_changed", "change_cancelled",
              "mail_subject", "mail_ready", "mail_updated",
              # The programme's items, in test_itinerary_items.py.
              *(k for k in labels.MESSAGES if k.startswith("item_")), "place",
              # Only with companions: test_companion_documents.py checks their glyphs.
              "companions", "kind_interpreter", "kind_escort", "kind_driver", "kind_vehicle"}
    shown += [v for c in context.columns for k, v in c.labels.items() if k not in hidden]
    shown += [c.date + c.timezone_note for c in context.columns]
    result = rendered(lang)
    assert uncovered_characters(result.pdf, fonts.extractable_thai("".join(shown))) == set()
    assert not [m for m in result.log if ".notdef" in m]


def test_uncovered_character_is_detected() -> None:
    """The check above can fail: a character no installed font has is caught."""
    party = replace(PARTIES["en"], name="Delegation \U0010fffd")
    result = render(sample_itinerary("en", party), "en")
    assert uncovered_characters(result.pdf, "Delegation \U0010fffd") == {"\U0010fffd"}
    assert [m for m in result.log if ".notdef" in m]


@pytest.mark.parametrize(
    ("lang", "face", "others"),
    [
        ("ja", "Noto-Sans-CJK-JP", ("SC", "TC", "HK")),
        ("zh-Hans", "Noto-Sans-CJK-SC", ("JP", "TC", "HK")),
        # The facilities have Simplified names only: a Traditional reader is shown those
        # (pick_text), rightly in the SC face.
        ("zh-Hant", "Noto-Sans-CJK-TC", ("JP", "HK")),
    ],
)
def test_han_characters_take_their_languages_face(
    lang: str, face: str, others: tuple[str, ...]
) -> None:
    pdf = rendered(lang).pdf
    names = {r.name for r in pdffonts(pdf)}
    assert face in names
    assert "Noto-Sans-CJK-KR" in names  # the Korean column
    assert not [n for n in names for o in others if f"CJK-{o}" in n]
    party = PARTIES[lang]
    han = {c for c in party.name + party.members[0].title if "\u4e00" <= c <= "\u9fff"}
    assert han
    for char in han:
        assert {n.removesuffix("-Bold") for n in fonts_drawing(pdf, char)} == {face}


@pytest.mark.parametrize(
    ("lang", "face"),
    [
        ("ar", "Noto-Naskh-Arabic"),
        ("th", "Noto-Serif-Thai"),
        ("he", "Noto-Sans-Hebrew"),
        ("hi", "Noto-Sans-Devanagari"),
        ("km", "Noto-Sans-Khmer"),
    ],
)
def test_script_faces_are_the_chosen_ones(lang: str, face: str) -> None:
    names = {r.name.removesuffix("-Bold") for r in pdffonts(rendered(lang).pdf)}
    assert face in names


def test_emoji_draw_from_the_colour_emoji_font() -> None:
    pdf = rendered("en").pdf
    assert {n.removesuffix("-Bold") for n in fonts_drawing(pdf, "🙂")} == {"Noto-Color-Emoji"}
    assert "Noto-Color-Emoji" not in fonts_drawing(pdf, "0")


def test_fonts_are_subset_with_harfbuzz() -> None:
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    assert harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0)
    for lang in ("ko", "ja", "ar", "th"):
        result = rendered(lang)
        assert not [m for m in result.log if "fontTools" in m or "HarfBuzz" in m]
        assert not [w for w in result.warned if "HarfBuzz" in w]
        assert all(r.subset for r in pdffonts(result.pdf))


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_render_logs_no_warning(lang: str) -> None:
    result = rendered(lang)
    assert result.log == []
    assert result.warned == []


def test_font_configuration_is_one_per_process_and_thread() -> None:
    import threading

    first = fonts.font_configuration()
    assert fonts.font_configuration() is first
    other: list[object] = []
    thread = threading.Thread(target=lambda: other.append(fonts.font_configuration()))
    thread.start()
    thread.join()
    assert other[0] is not first


# ---------------------------------------------------------------- (e) QR code


def test_qr_code_decodes_to_share_url() -> None:
    assert decode_qr(rendered("ja").pdf) == [SHARE_URL]


def test_qr_code_is_left_out_without_share_url() -> None:
    itinerary = sample_itinerary("en", share_url=None)
    assert itinerary_context(itinerary, "en").qr_svg is None
    assert "<svg" not in render_itinerary_html(itinerary, "en")


# ---------------------------------------------------------------- layout


@pytest.mark.parametrize("lang", ["ko", "ja", "ar", "th", "vi", "ms"])
def test_typical_visit_takes_two_pages(lang: str) -> None:
    assert len(PdfReader(io.BytesIO(rendered(lang).pdf)).pages) == 2


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_right_to_left_columns_are_marked_rtl(lang: str) -> None:
    page = render_itinerary_html(sample_itinerary(lang), lang)
    assert re.search(r'<td class="stop-cell" lang="[^"]+" dir="rtl"', page) or lang == "he"
    name = html.escape(PARTIES[lang].name, quote=False)
    assert re.search(rf'lang="{lang}" dir="rtl"[^>]*>{re.escape(name)}<', page)


def test_map_links_are_plain_https_links() -> None:
    stop = sample_itinerary("en").stops[0]
    kakao, osm = map_links(stop)
    assert kakao.href == (
        "https://map.kakao.com/link/map/"
        "%EA%B5%AC%EC%B2%AD%EC%9E%A5%20%EC%98%88%EB%B0%A9,37.495403,126.887369"
    )
    assert osm.href.startswith("https://www.openstreetmap.org/?mlat=37.495403&mlon=126.887369")
    assert not [u for u in rendered("en").asked if not u.startswith("file:")]


# ---------------------------------------------------------------- (f) hostile text

HOSTILE = {
    "markup": '<img src="file:///etc/passwd"><script>alert(1)</script>',
    "style": "</style><style>body{background:url(https://evil.example/x.png)}</style>",
    "css": "url(file:///etc/shadow) @import 'https://evil.example/a.css';",
    "crlf": "Line one\r\nLine two\r\n\r\nLine three",
    "long": "X" * 2500,
    "link": '<a href="https://evil.example/">click</a> <link rel=stylesheet href="/etc/passwd">',
    "template": "{{ 7*7 }} {% raw %}",
}


def hostile_itinerary() -> Itinerary:
    base = sample_itinerary("en")
    members = tuple(Member(v, k, head=(k == "markup")) for k, v in HOSTILE.items())
    stop = base.stops[0]
    evil_stop = replace(
        stop,
        place=replace(
            stop.place,
            name={"ko": HOSTILE["markup"], "en": HOSTILE["style"]},
            address={"ko": HOSTILE["css"], "en": HOSTILE["crlf"]},
            lat=float("nan"),
        ),
        host=replace(
            stop.host,
            name=HOSTILE["link"],
            email='"><img src=x>@evil.example',
            phone="javascript:alert(1)",
        ),
    )
    return replace(
        base,
        organisation={"ko": HOSTILE["template"], "en": HOSTILE["long"]},
        delegation=replace(
            base.delegation,
            name={"en": HOSTILE["markup"], "ko": HOSTILE["style"]},
            contact_name=HOSTILE["css"],
            members=members,
        ),
        stops=(evil_stop, *base.stops[1:]),
        share_url="javascript:alert(1)",
    )


def test_hostile_text_is_escaped_in_html() -> None:
    page = render_itinerary_html(hostile_itinerary(), "en")
    assert "<img" not in page and "<script" not in page and '<a href="https://evil' not in page
    assert page.count("<style>") == 1 and page.count("<link") == 1
    assert 'href="javascript' not in page
    assert str(escape(HOSTILE["markup"])) in page


@pytest.fixture(scope="module")
def hostile_pdf() -> Rendered:
    return render(hostile_itinerary(), "en")


def test_hostile_text_fetches_nothing_but_static_files(hostile_pdf: Rendered) -> None:
    # The stylesheet comes parsed (pdf.static_stylesheet, read through a StaticFileFetcher):
    # the document itself asks for nothing at all.
    assert hostile_pdf.asked == []
    assert hostile_pdf.refused == []


def test_hostile_text_stays_text(hostile_pdf: Rendered) -> None:
    for key in ("markup", "style", "css", "link", "template"):
        assert contains(hostile_pdf, HOSTILE[key], rtl=False), key
    assert squeeze("Line one Line two Line three") in hostile_pdf.text


def test_hostile_long_text_wraps_inside_the_page(hostile_pdf: Rendered) -> None:
    boxes = word_boxes(hostile_pdf.pdf)
    assert boxes
    assert not [b for b in boxes if b.x_max > b.page_width - 40 or b.x_min < 40]
    assert hostile_pdf.text.count("X" * 2500) >= 1


def test_hostile_language_tag_reads_english() -> None:
    page = render_itinerary_html(sample_itinerary("en"), '"><script>alert(1)</script>')
    assert "<script" not in page
    assert 'lang="en"' in page


# ---------------------------------------------------------------- fetcher


@pytest.fixture
def static_root(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "static"
    (root / "itinerary").mkdir(parents=True)
    (root / "itinerary" / "a.css").write_text("p {}")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "itinerary" / "out").symlink_to(tmp_path / "secret.txt")
    (root / "itinerary" / "in").symlink_to(root / "itinerary" / "a.css")
    yield root


def test_fetcher_serves_static_file(static_root: Path) -> None:
    response = StaticFileFetcher(static_root).fetch((static_root / "itinerary/a.css").as_uri())
    assert response.read() == b"p {}"
    assert response.content_type == "text/css"


def test_fetcher_follows_symlink_inside_static(static_root: Path) -> None:
    assert static_path((static_root / "itinerary/in").as_uri(), static_root).name == "a.css"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://{root}/../secret.txt",
        "file://{root}/itinerary/%2e%2e/%2e%2e/secret.txt",
        "file://{root}/itinerary/out",
        "file://{root}/itinerary",
        "file://{root}/itinerary/missing.css",
        "file://evil.example{root}/itinerary/a.css",
        "https://evil.example/a.css",
        "http://127.0.0.1/",
        "ftp://evil.example/a.css",
        "data:text/css,p{}",
        "itinerary/a.css",
    ],
)
def test_fetcher_refuses_anything_else(static_root: Path, url: str) -> None:
    with pytest.raises(ResourceRefused):
        StaticFileFetcher(static_root).fetch(url.replace("{root}", str(static_root)))


def test_document_asks_for_nothing_its_stylesheet_comes_parsed() -> None:
    for lang in ("ja", "ar"):
        assert rendered(lang).asked == []
        assert rendered(lang).refused == []


def test_standalone_html_links_the_same_stylesheet() -> None:
    """render_itinerary_html (the bench's bare-WeasyPrint baseline, anyone's HTML copy)
    still links the stylesheet and embeds the font rules the PDF gets parsed."""
    page = render_itinerary_html(sample_itinerary("ja"), "ja")
    assert 'href="itinerary/itinerary.css"' in page
    assert ':lang(ja) { font-family: "Noto Sans CJK JP"' in page


def test_static_stylesheet_stays_inside_static() -> None:
    with pytest.raises(ResourceRefused):
        static_stylesheet("../pyproject.toml")


# ---------------------------------------------------------------- context and page


def test_context_shows_only_live_stops_in_time_order() -> None:
    context = itinerary_context(sample_itinerary("ja"), "ja")
    assert [row.stop_id for row in context.stops] == [1, 2, 3, 4]
    assert [row.confirmed for row in context.stops] == [True, True, False, True]
    assert [c.place.text for c in context.stops[1].cells] == ["통합관제센터", "統合管制センター"]
    assert context.stops[0].cells[1].host == Run("Kim Min-jun", "en", "ltr")


def test_context_marks_each_text_with_its_language() -> None:
    context = itinerary_context(sample_itinerary("ar"), "ar")
    korean, arabic = context.columns
    assert (korean.lang, arabic.lang, arabic.dir) == ("ko", "ar", "rtl")
    assert arabic.delegation_name == Run("وفد بلدية مسقط", "ar", "rtl")
    assert arabic.organisation == Run("Guro-gu Office", "en", "ltr")
    assert context.head is not None and context.head.name.dir == "rtl"
    zone = cldr.zone_name(at(10, 0), "ar")
    assert arabic.timezone_note == f"جميع الأوقات حسب {zone} (Asia/Seoul)."


def test_context_of_unlabelled_language_keeps_its_text_language() -> None:
    context = itinerary_context(sample_itinerary("km"), "km")
    khmer = context.columns[1]
    assert khmer.lang == "en" and khmer.labels["title"] == "Visit itinerary"
    assert khmer.delegation_name.lang == "km"
    assert khmer.language_name == cldr.language_name("km", "km")


def test_cancelled_visit_says_so_in_both_languages() -> None:
    page = render_itinerary_html(sample_itinerary("fr", status="cancelled"), "fr")
    assert "이 방문은 취소되었습니다." in page
    assert "Cette visite a été annulée." in page


def test_visit_without_live_stops_says_none_are_scheduled() -> None:
    itinerary = sample_itinerary("es")
    dead = tuple(replace(s, status="cancelled") for s in itinerary.stops)
    page = render_itinerary_html(replace(itinerary, stops=dead), "es")
    assert "예정된 일정이 없습니다." in page
    assert "Aún no hay actividades programadas." in page


def test_visit_over_two_days_dates_each_stop() -> None:
    itinerary = sample_itinerary("en")
    last = itinerary.stops[-1]
    moved = replace(last, start=last.start + timedelta(days=1), end=last.end + timedelta(days=1))
    context = itinerary_context(replace(itinerary, stops=(*itinerary.stops[:-1], moved)), "en")
    assert context.stops[-1].cells[1].time.startswith(cldr.full_date(date(2027, 3, 10), "en"))


def test_visitor_page_links_static_files_under_static_url() -> None:
    page = render_itinerary_html(sample_itinerary("ja"), "ja", static_url="/static/")
    assert '<link rel="stylesheet" href="/static/itinerary/itinerary.css">' in page


def test_itineraries_import_neither_visits_nor_weasyprint_for_context() -> None:
    code = (
        "import sys, itineraries.pdf, itineraries.labels, itineraries.fonts; "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('visits', 'weasyprint')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_warm_up_loads_fonts_without_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        warm_up()
    assert caplog.records == []
