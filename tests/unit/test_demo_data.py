"""Sanity checks on the demo catalogue that the seeding relies on."""

from __future__ import annotations

import ast
import dataclasses
import math
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from visits.demo import data as demo_data
from visits.demo.data import DELEGATIONS, FACILITIES, HOSTS, USERS, Hours
from visits.demo.history import HISTORY_DELEGATIONS

ALL_DELEGATIONS = (*DELEGATIONS, *HISTORY_DELEGATIONS)

KINDS = {
    "control_center",
    "kiosk",
    "volunteer_program",
    "classroom",
    "portal_demo",
    "broadcast",
    "courtesy_call",
    "other",
}
REQUIRED_LANGS = ("ko", "en", "ja", "zh-Hans")
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-\d{3})?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
EMAIL = re.compile(r"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")

# Rough bounding box of Guro-gu, Seoul.
GURO_LAT = (37.47, 37.52)
GURO_LON = (126.81, 126.91)

# Unicode ranges (inclusive) per script.
HANGUL = ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F))
HAN = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x3005, 0x3005))
KANA = ((0x3040, 0x309F), (0x30A0, 0x30FF))
THAI = ((0x0E00, 0x0E7F),)
ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
# Traditional forms whose simplified counterparts appear in the data: none may slip in.
TRADITIONAL_ONLY = set("國區張劉陳曉偉廳團務體電腦視訊網監會議節機證")
MON_FRI_9_TO_6 = {(d, "09:00", "18:00") for d in range(5)}


def _in(ch: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in ranges)


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _written_in(text: str, ranges: tuple[tuple[int, int], ...], extra: str = "") -> bool:
    """Every character is in the script (or a space / allowed extra), and at least one is."""
    letters = [c for c in text if not c.isspace() and c not in extra]
    return bool(letters) and all(_in(c, ranges) for c in letters)


def _check_hours(hours: Hours) -> None:
    assert hours, "hours must not be empty"
    by_day: dict[int, list[tuple[int, int]]] = {}
    for entry in hours:
        assert len(entry) == 3, entry
        day, start, end = entry
        assert isinstance(day, int) and 0 <= day <= 6, entry
        assert HHMM.match(start) and HHMM.match(end), entry
        assert _minutes(start) < _minutes(end), entry
        by_day.setdefault(day, []).append((_minutes(start), _minutes(end)))
    for day, spans in by_day.items():
        spans.sort()
        for (_, end1), (start2, _) in zip(spans, spans[1:], strict=False):
            assert end1 <= start2, f"overlapping spans on weekday {day}: {spans}"


def _haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


# --- module shape ---------------------------------------------------------------------


def test_module_is_pure_data() -> None:
    source = Path(demo_data.__file__).read_text(encoding="utf-8")
    allowed = set(sys.stdlib_module_names) | {"__future__"}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports"
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name.split(".")[0] in allowed, f"non-stdlib import {name}"


@pytest.mark.parametrize(
    "obj",
    [FACILITIES[0], HOSTS[0], DELEGATIONS[0], DELEGATIONS[0].members[0], USERS[0]],
    ids=lambda o: type(o).__name__,
)
def test_records_are_frozen_dataclasses(obj: object) -> None:
    assert dataclasses.is_dataclass(obj)
    field = dataclasses.fields(obj)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, field, None)


def test_collections_are_tuples() -> None:
    for coll in (FACILITIES, HOSTS, DELEGATIONS, USERS):
        assert isinstance(coll, tuple) and coll
    for f in FACILITIES:
        assert isinstance(f.open_hours, tuple)
    for h in HOSTS:
        assert isinstance(h.facility_codes, tuple)
        assert isinstance(h.languages, tuple)
        assert isinstance(h.weekly, tuple)
    for d in DELEGATIONS:
        assert isinstance(d.members, tuple)


# --- facilities -----------------------------------------------------------------------


def test_every_kind_is_present_and_no_other() -> None:
    kinds = {f.kind for f in FACILITIES}
    assert kinds == KINDS


def test_facility_codes_unique() -> None:
    codes = [f.code for f in FACILITIES]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"[A-Z0-9][A-Z0-9-]{1,31}", code), code


@pytest.mark.parametrize("facility", FACILITIES, ids=lambda f: f.code)
def test_facility_texts(facility: demo_data.DemoFacility) -> None:
    for lang in REQUIRED_LANGS:
        assert facility.name.get(lang, "").strip(), (facility.code, "name", lang)
        assert facility.description.get(lang, "").strip(), (facility.code, "description", lang)
    for lang in ("ko", "en"):
        assert facility.address.get(lang, "").strip(), (facility.code, "address", lang)
    for text in (*facility.name.values(), *facility.description.values()):
        assert text == text.strip() and "  " not in text, repr(text)
    for mapping in (facility.name, facility.description, facility.address):
        for tag in mapping:
            assert BCP47.match(tag), tag
    # Each language in its own script.
    assert any(_in(c, HANGUL) for c in facility.name["ko"])
    assert any(_in(c, HANGUL) for c in facility.address["ko"])
    assert not any(_in(c, HANGUL) for c in facility.name["en"] + facility.address["en"])
    for field in (facility.name, facility.description):
        assert any(_in(c, HAN) or _in(c, KANA) for c in field["ja"])
        assert not any(_in(c, HANGUL) for c in field["ja"])
        assert any(_in(c, HAN) for c in field["zh-Hans"])
        assert not any(_in(c, KANA) or _in(c, HANGUL) for c in field["zh-Hans"])
        assert not TRADITIONAL_ONLY & set(field["zh-Hans"]), field["zh-Hans"]
    if "th" in facility.name:
        assert any(_in(c, THAI) for c in facility.name["th"])
    if "ar" in facility.name:
        assert any(_in(c, ARABIC) for c in facility.name["ar"])
    assert "Guro-gu, Seoul" in facility.address["en"]
    assert "구로구" in facility.address["ko"]


def test_facility_names_cover_every_delegation_language() -> None:
    for d in ALL_DELEGATIONS:
        for f in FACILITIES:
            assert f.name.get(d.language, "").strip(), (f.code, d.language)


@pytest.mark.parametrize("facility", FACILITIES, ids=lambda f: f.code)
def test_facility_numbers(facility: demo_data.DemoFacility) -> None:
    assert isinstance(facility.capacity, int) and 1 <= facility.capacity <= 100
    assert 30 <= facility.duration_min <= 90
    assert 0 <= facility.buffer_min <= 20
    assert GURO_LAT[0] < facility.lat < GURO_LAT[1]
    assert GURO_LON[0] < facility.lon < GURO_LON[1]
    _check_hours(facility.open_hours)
    # The shortest opening span can hold at least one visit of the default duration.
    shortest = min(_minutes(e) - _minutes(s) for _, s, e in facility.open_hours)
    assert shortest >= facility.duration_min


def test_facility_coordinates_distinct_and_spread() -> None:
    points = [(f.lat, f.lon) for f in FACILITIES]
    assert len(points) == len(set(points))
    distances = [_haversine_m(*a, *b) for i, a in enumerate(points) for b in points[i + 1 :]]
    assert max(distances) > 1_000  # some facilities are a real trip apart
    assert max(distances) < 10_000  # all inside one district


def test_opening_hours_shapes() -> None:
    by_kind = {f.kind: f for f in FACILITIES}
    courtesy = by_kind["courtesy_call"]
    assert set(courtesy.open_hours) == {
        (d, s, e) for d in range(5) for s, e in (("10:00", "12:00"), ("14:00", "16:00"))
    }
    with_gap = [
        f
        for f in FACILITIES
        if f.kind != "courtesy_call" and Counter(d for d, _, _ in f.open_hours)[0] > 1
    ]
    assert with_gap, "one facility should close for lunch"
    standard = [f for f in FACILITIES if set(f.open_hours) == MON_FRI_9_TO_6]
    assert len(standard) >= len(FACILITIES) // 2


def test_named_capacities() -> None:
    by_kind = {f.kind: f for f in FACILITIES}
    assert by_kind["courtesy_call"].capacity == 15
    assert by_kind["control_center"].capacity == 20
    assert by_kind["classroom"].capacity == 30
    assert by_kind["kiosk"].capacity == 40


# --- hosts ----------------------------------------------------------------------------


def test_hosts_count_and_unique_emails() -> None:
    assert len(HOSTS) >= 8
    emails = [h.email.lower() for h in HOSTS]
    assert len(emails) == len(set(emails))
    phones = [h.phone for h in HOSTS]
    assert len(phones) == len(set(phones))


@pytest.mark.parametrize("host", HOSTS, ids=lambda h: h.email)
def test_host_fields(host: demo_data.DemoHost) -> None:
    codes = {f.code for f in FACILITIES}
    assert host.name.get("ko") and all(_in(c, HANGUL) for c in host.name["ko"])
    assert host.name.get("en") and host.name["en"].isascii()
    assert EMAIL.match(host.email) and host.email.endswith(".example.kr")
    assert re.fullmatch(r"02-860-\d{4}", host.phone), host.phone
    assert 1 <= len(host.facility_codes) <= 3
    assert len(set(host.facility_codes)) == len(host.facility_codes)
    assert set(host.facility_codes) <= codes, host.facility_codes
    assert "ko" in host.languages
    assert len(set(host.languages)) == len(host.languages)
    for tag in host.languages:
        assert BCP47.match(tag), tag
    _check_hours(host.weekly)


def test_every_facility_has_a_host() -> None:
    hosted = Counter(code for h in HOSTS for code in h.facility_codes)
    for f in FACILITIES:
        assert hosted[f.code] >= 1, f.code
        if f.kind == "control_center":
            assert hosted[f.code] >= 2, f.code


def test_host_variety() -> None:
    languages = {tag for h in HOSTS for tag in h.languages}
    assert {"ko", "en", "ja", "zh-Hans"} <= languages
    assert languages & {"ru", "es"}
    full_week = MON_FRI_9_TO_6
    weeklies = [set(h.weekly) for h in HOSTS]
    assert sum(w == full_week for w in weeklies) > len(HOSTS) // 2
    assert any({d for d, _, _ in w} == {0, 1, 3, 4} for w in weeklies), "Wednesday off"
    assert any(
        sum(_minutes(e) - _minutes(s) for _, s, e in w) < 5 * 9 * 60 * 0.6 for w in weeklies
    ), "a part-timer"


def test_every_host_can_work_at_their_facilities() -> None:
    """Each host/facility pair shares at least one 30-minute window in the week."""
    by_code = {f.code: f for f in FACILITIES}
    for h in HOSTS:
        for code in h.facility_codes:
            f = by_code[code]
            ok = any(
                hd == fd and min(_minutes(he), _minutes(fe)) - max(_minutes(hs), _minutes(fs)) >= 30
                for hd, hs, he in h.weekly
                for fd, fs, fe in f.open_hours
            )
            assert ok, (h.email, code)


# --- delegations ----------------------------------------------------------------------


def test_delegations_count_and_languages() -> None:
    assert len(DELEGATIONS) >= 6
    languages = {d.language for d in DELEGATIONS}
    assert {"ja", "zh-Hans", "th", "ms", "ar"} <= languages
    assert languages & {"fr", "es"}


@pytest.mark.parametrize("delegation", ALL_DELEGATIONS, ids=lambda d: d.name["en"])
def test_delegation_fields(delegation: demo_data.DemoDelegation) -> None:
    d = delegation
    assert re.fullmatch(r"[A-Z]{2}", d.country), d.country
    assert d.country != "KR"
    assert BCP47.match(d.language), d.language
    for lang in ("ko", "en", d.language):
        assert d.name.get(lang, "").strip(), lang
    assert any(_in(c, HANGUL) for c in d.name["ko"])
    assert d.city.strip()
    assert 5 <= d.size <= 40  # up to a WeGO committee's fifteen cities
    assert 3 <= len(d.members) <= 6
    assert len(d.members) <= d.size
    assert sum(m.head for m in d.members) == 1
    assert all(isinstance(m.head, bool) for m in d.members)
    assert all(m.name.strip() and m.title.strip() for m in d.members)
    assert len({m.name for m in d.members}) == len(d.members)
    assert d.contact_name.strip()
    assert EMAIL.match(d.contact_email) and d.contact_email.endswith(".example")
    assert d.notes.strip()


def test_delegation_contact_emails_unique() -> None:
    emails = [d.contact_email.lower() for d in ALL_DELEGATIONS]
    assert len(emails) == len(set(emails))


SCRIPTS = {
    "ja": (HAN + KANA, ""),
    "zh-Hans": (HAN, ""),
    "th": (THAI, ""),
    "ar": (ARABIC, ""),
}


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_member_names_in_their_script(lang: str) -> None:
    ranges, extra = SCRIPTS[lang]
    delegations = [d for d in ALL_DELEGATIONS if d.language == lang]
    assert delegations, lang
    for d in delegations:
        assert _written_in(d.name[lang], ranges, extra=" ()・-"), d.name[lang]
        for m in d.members:
            assert _written_in(m.name, ranges, extra=extra), (lang, m.name)
            # Titles may mix in Latin acronyms (e.g. "DX"), but are in the script.
            assert any(_in(c, ranges) for c in m.title), (lang, m.title)
        if lang == "zh-Hans":
            for m in d.members:
                assert not TRADITIONAL_ONLY & set(m.name + m.title), m


@pytest.mark.parametrize("lang", ["es", "fr", "ms"])
def test_latin_script_member_names(lang: str) -> None:
    for d in ALL_DELEGATIONS:
        if d.language != lang:
            continue
        for m in d.members:
            assert all(c.isalpha() or c in " '-./" for c in m.name), m.name
            assert all(ord(c) < 0x250 or c.isspace() for c in m.name), m.name


# --- users ----------------------------------------------------------------------------


def test_users() -> None:
    emails = [u.email.lower() for u in USERS]
    assert len(emails) == len(set(emails))
    roles = Counter(u.role for u in USERS)
    assert set(roles) <= {"officer", "host"}
    assert roles["officer"] >= 1 and roles["host"] >= 1
    assert any(u.role == "officer" and u.email == "officer@guro.example.kr" for u in USERS)
    for u in USERS:
        assert EMAIL.match(u.email)
        assert len(u.password) >= 12 and u.password.strip() == u.password


def test_host_users_match_a_host() -> None:
    host_emails = {h.email for h in HOSTS}
    for u in USERS:
        if u.role == "host":
            assert u.email in host_emails, u.email
        else:
            assert u.email not in host_emails, u.email


# --- history (issue 15: a demo that has lived) ----------------------------------------


def test_history_names_known_delegations_and_routes() -> None:
    from visits.demo.history import HISTORY, HISTORY_DELEGATIONS, ROUTES

    names = {d.name["en"] for d in (*DELEGATIONS, *HISTORY_DELEGATIONS)}
    assert {v.delegation for v in HISTORY} <= names
    assert {v.route for v in HISTORY} <= set(ROUTES)
    codes = {f.code for f in FACILITIES}
    assert all(code in codes for route in ROUTES.values() for code, _ in route)


def test_history_spans_three_years_and_the_coming_months() -> None:
    from visits.demo.history import HISTORY

    days = [v.day for v in HISTORY]
    assert min(days) <= -3 * 365 + 30 and max(days) >= 60
    assert len(set(days)) == len(days)
    fates = Counter(v.fate for v in HISTORY)
    assert fates["cancelled"] >= 2 and fates["declined"] >= 2 and fates["waiting"] >= 2
    assert all(v.reason for v in HISTORY if v.fate == "declined")
    assert all(v.day > 0 for v in HISTORY if v.fate == "waiting")


def test_working_days_stay_on_their_side_of_today() -> None:
    from datetime import date

    from visits.demo.loading_history import working_day_from

    today = date(2026, 12, 7)  # a Monday
    taken: set[date] = set()
    past = working_day_from(today, -1, taken)  # Sunday: back to Friday
    soon = working_day_from(today, 5, taken)  # Saturday: on to Monday
    again = working_day_from(today, 5, taken)  # Monday taken: Tuesday
    assert (past, soon, again) == (date(2026, 12, 4), date(2026, 12, 14), date(2026, 12, 15))
    christmas = working_day_from(today, 18, set())  # 25 December, a public holiday
    assert christmas == date(2026, 12, 28)
