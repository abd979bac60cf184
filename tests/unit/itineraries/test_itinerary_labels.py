"""Labels, catalogues and locale formatting of the itinerary (itineraries.labels)."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_interval
from babel.messages.pofile import read_po

from itineraries import labels

SEOUL = ZoneInfo("Asia/Seoul")
TRANSLATED = [lang for lang in labels.LABEL_LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def at(hour: int, minute: int) -> datetime:
    return datetime(2027, 3, 9, hour, minute, tzinfo=SEOUL)


def po_path(lang: str) -> str:
    return str(labels.LOCALE_DIR / lang.replace("-", "_") / "LC_MESSAGES" / "itinerary.po")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_translates_every_label_once(lang: str) -> None:
    with open(po_path(lang), "rb") as handle:
        catalogue = read_po(handle, abort_invalid=True)
    ids = [str(m.id) for m in catalogue if m.id]
    assert sorted(ids) == sorted(labels.MESSAGES.values())
    assert not [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_keeps_placeholders(lang: str) -> None:
    words = labels.labels(lang)
    for key, msgid in labels.MESSAGES.items():
        assert PLACEHOLDER.findall(words[key]) == PLACEHOLDER.findall(msgid), key


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_is_not_english(lang: str) -> None:
    words = labels.labels(lang)
    same = [k for k, msgid in labels.MESSAGES.items() if words[k] == msgid]
    assert same == (["date"] if lang == "fr" else [])  # "Date" is French too


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ja", "ja"),
        ("ja-JP", "ja"),
        ("zh", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh_Hans", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-hant", "zh-Hant"),
        ("zh-Hans-HK", "zh-Hans"),
        ("AR", "ar"),
        ("ko-KR", "ko"),
        ("sw", "en"),
        ("km", "en"),
        ("pt-BR", "en"),
        ("", "en"),
        ('"><script>', "en"),
    ],
)
def test_label_language_picks_catalogue(tag: str, expected: str) -> None:
    assert labels.label_language(tag) == expected


def test_labels_of_unknown_language_are_english() -> None:
    assert dict(labels.labels("en")) == dict(labels.MESSAGES)
    assert labels.labels(labels.label_language("sw"))["title"] == "Visit itinerary"


def test_normalise_tag_uses_canonical_case() -> None:
    assert labels.normalise_tag("ZH_hant_tw") == "zh-Hant-TW"
    assert labels.normalise_tag("es-419") == "es-419"
    assert labels.normalise_tag("en US") == "en"


@pytest.mark.parametrize(
    ("tag", "rtl"),
    [("ar", True), ("he", True), ("fa-IR", True), ("ur", True), ("ja", False), ("en", False)],
)
def test_direction_follows_script(tag: str, rtl: bool) -> None:
    assert labels.is_rtl(tag) is rtl
    assert labels.direction(tag) == ("rtl" if rtl else "ltr")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ko", "10:00 ~ 10:30"),
        ("en", "10:00\u2009–\u200910:30\u202fAM"),
        ("ja", "10時00分～10時30分"),
        ("zh-Hans", "10:00–10:30"),
        ("zh-Hant", "10:00 – 10:30"),
        ("id", "10.00–10.30"),
        ("th", "10:00 น. – 10:30 น."),
        ("ar", "10:00–10:30 ص"),
    ],
)
def test_time_range_follows_locale(lang: str, expected: str) -> None:
    assert labels.format_time_range(at(10, 0), at(10, 30), lang) == expected


# Readers of these catalogues see a 12-hour clock; every other one a 24-hour clock (Korean
# and Traditional Chinese by choice, see labels.HOUR_CYCLE_24).
TWELVE_HOUR = frozenset({"en", "ms", "ar"})


@pytest.mark.parametrize("lang", labels.LABEL_LANGUAGES)
def test_time_range_across_noon_shows_both_ends_in_order(lang: str) -> None:
    start, end = at(11, 45), at(13, 0)
    locale = labels.babel_locale(lang)

    text = labels.format_time_range(start, end, lang)

    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if lang in TWELVE_HOUR:
        assert numbers == [11, 45, 1, 0], text
        periods = locale.day_periods["format"]["abbreviated"]
        assert periods["am"] in text and periods["pm"] in text, text
        assert text.index(periods["am"]) < text.rindex(periods["pm"]), text
    else:
        assert numbers == [11, 45, 13, 0], text
    skeleton = "hm" if lang in TWELVE_HOUR else "Hm"
    assert text == format_interval(start, end, skeleton, tzinfo=SEOUL, locale=locale)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ko", "2027년 3월 9일 화요일"),
        ("ja", "2027年3月9日火曜日"),
        ("zh-Hans", "2027年3月9日星期二"),
        ("fr", "mardi 9 mars 2027"),
        ("th", "วันอังคารที่ 9 มีนาคม ค.ศ. 2027"),
    ],
)
def test_day_follows_locale(lang: str, expected: str) -> None:
    assert labels.format_day(date(2027, 3, 9), lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Korean Standard Time (Asia/Seoul)"),
        ("ko", "대한민국 표준시 (Asia/Seoul)"),
        ("ja", "韓国標準時 (Asia/Seoul)"),
    ],
)
def test_zone_name_is_localised_and_keeps_iana_name(lang: str, expected: str) -> None:
    assert labels.zone_name(at(10, 0), lang) == expected


def test_language_and_country_names_are_localised() -> None:
    assert labels.language_name("ja", "ja") == "日本語"
    assert labels.language_name("ko", "ko") == "한국어"
    assert labels.country_name("om", "ar") == "عُمان"
    assert labels.country_name("XX", "en") == "XX"
