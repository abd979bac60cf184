"""Labels, catalogues and locale formatting of the itinerary (itineraries.labels)."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_interval
from babel.messages.pofile import read_po

from itineraries import labels
from tests import cldr

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
    assert same == (["date", "version"] if lang == "fr" else [])  # French words too


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


# The clock each language's time range is written in: CLDR's own, except Korean and
# Traditional Chinese in 24-hour time (labels.HOUR_CYCLE_24). The text itself is what the
# locked Babel formats for that locale and skeleton (tests/cldr.py).
@pytest.mark.parametrize(
    ("lang", "skeleton"),
    [
        ("ko", "Hm"),
        ("en", "hm"),
        ("ja", "Hm"),
        ("zh-Hans", "Hm"),
        ("zh-Hant", "Hm"),
        ("id", "Hm"),
        ("th", "Hm"),
        ("ru", "Hm"),
        ("ar", "hm"),
    ],
)
def test_time_range_follows_locale(lang: str, skeleton: str) -> None:
    start, end = at(10, 0), at(10, 30)
    assert labels.format_time_range(start, end, lang) == cldr.time_range(start, end, lang, skeleton)


def test_time_range_in_korean_uses_the_24_hour_clock() -> None:
    """CLDR writes Korean times with 오전/오후 (or a Latin AM); Korean schedules don't."""
    text = labels.format_time_range(at(13, 0), at(14, 30), "ko")
    assert "13" in text and "14" in text and "30" in text
    assert not any(mark in text for mark in ("오전", "오후", "AM", "PM"))
    assert text != cldr.time_range(at(13, 0), at(14, 30), "ko", "hm")


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


@pytest.mark.parametrize("lang", ["ko", "en", "ja", "zh-Hans", "fr", "th", "ru", "ar"])
def test_day_follows_locale(lang: str) -> None:
    assert labels.format_day(date(2027, 3, 9), lang) == cldr.full_date(date(2027, 3, 9), lang)


def test_day_of_unlabelled_language_is_english() -> None:
    assert labels.format_day(date(2027, 3, 9), labels.label_language("sw")) == (
        cldr.full_date(date(2027, 3, 9), "en")
    )


@pytest.mark.parametrize("lang", ["en", "ko", "ja", "ar", "ru"])
def test_zone_name_is_localised_and_keeps_iana_name(lang: str) -> None:
    name = cldr.zone_name(at(10, 0), lang)
    assert labels.zone_name(at(10, 0), lang) == f"{name} (Asia/Seoul)"
    # A name, not the GMT-offset fallback; and in the reader's language, not English.
    assert "GMT" not in name and "+9" not in name and "Asia/Seoul" not in name
    assert lang == "en" or name != cldr.zone_name(at(10, 0), "en")


def test_language_and_country_names_are_localised() -> None:
    assert labels.language_name("ja", "ja") == cldr.language_name("ja", "ja")
    assert labels.language_name("ko", "ko") == cldr.language_name("ko", "ko")
    assert labels.language_name("ja", "ja") != cldr.language_name("ja", "en")
    assert labels.country_name("om", "ar") == cldr.country_name("OM", "ar")
    assert labels.country_name("om", "ar") != cldr.country_name("OM", "en")
    assert labels.country_name("XX", "en") == "XX"
