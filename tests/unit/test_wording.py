"""Every refusal can be said in Korean and in English, naming things by name (SPEC §7.1).

The examples below hold one violation of every rule of SPEC §3, every reason the day
planner gives and every malformed interval; the tests walk all of them in both languages.
"""

from __future__ import annotations

import ast
import re
import string
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import get_args
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel, ValidationError
from pydantic_core.core_schema import ErrorType

from visits.contract.booking import SlotsQuery, StopPatch, VisitCreate
from visits.contract.catalog import DelegationCreate, FacilityCreate, HostCreate
from visits.contract.planning import DayPlanRequest
from visits.domain.companions import (
    CompanionBusy,
    CompanionTimeOff,
    CompanionUnavailable,
    LanguageMismatch,
    VehicleTooSmall,
)
from visits.domain.dayplan.reasons import Infeasible, InfeasibleReason
from visits.domain.rules import (
    CapacityExceeded,
    FacilityClosed,
    Holiday,
    HostBusyElsewhere,
    HostNotLinked,
    HostTimeOff,
    HostUnavailable,
    IntervalProblem,
    InvalidInterval,
    InvalidPartySize,
    ItemOverlapsStop,
    ItemTravelTime,
    NotEnoughTravelTime,
    OutsideHours,
    PartyTooLarge,
    QuotaExceeded,
    RuleViolation,
    SlotTaken,
    StopsOverlap,
    TooLate,
)
from visits.edge.errors import validation_error
from visits.errors import NotFound
from visits.services import NOT_FOUND, UNKNOWN
from visits.wording import Names, messages, planner, reader_language, rules, say, validation
from visits.wording.speech import josa, length, listing

ROOT = Path(__file__).resolve().parents[2]
SEOUL = ZoneInfo("Asia/Seoul")
NAMES = Names(
    tz=SEOUL,
    facilities={1: {"ko": "통합관제센터", "en": "Integrated Control Center"},
                2: {"ko": "정보화교실", "en": "IT Classroom"}},
    hosts={7: {"ko": "김민준", "en": "Kim Min-jun"}, 8: "박서연"},
    visits={10: {"ko": "시즈오카시 대표단", "en": "Shizuoka City delegation"}},
    companions={3: {"ko": "이수진", "en": "Lee Su-jin"}, 4: {"ko": "45인승 버스",
                                                              "en": "45-seat bus"}},
)
KOREAN_NAMES = ("통합관제센터", "정보화교실", "김민준", "시즈오카시 대표단")
ENGLISH_NAMES = ("Integrated Control Center", "IT Classroom", "Kim Min-jun",
                 "Shizuoka City delegation")


def at(clock: str, day: int = 9) -> datetime:
    return datetime.combine(date(2027, 3, day), time.fromisoformat(clock), SEOUL)


HOURS = ((time(9), time(12)), (time(13), time(18)))
RULE_EXAMPLES: list[RuleViolation] = [
    Holiday(facility_id=1, day=date(2027, 3, 1), day_name="Independence Movement Day"),
    Holiday(facility_id=1, day=date(2027, 3, 2), day_name="구청 개청 기념일"),
    Holiday(facility_id=1, day=date(2027, 3, 2)),
    FacilityClosed(facility_id=1, start=at("09:00"), end=at("13:00")),
    FacilityClosed(facility_id=1, start=at("09:00"), end=at("18:00", 11)),
    OutsideHours(facility_id=1, weekday=1, windows=HOURS, asked_start=at("12:00"),
                 asked_end=at("13:00")),
    OutsideHours(facility_id=1, weekday=6, windows=(), asked_start=at("10:00", 14),
                 asked_end=at("11:00", 14)),
    HostNotLinked(facility_id=1, host_id=7),
    HostNotLinked(facility_id=2),
    HostUnavailable(host_id=7, weekday=1, windows=((time(13), time(18)),),
                    asked_start=at("10:00"), asked_end=at("11:00")),
    HostUnavailable(host_id=7, weekday=6, windows=(), asked_start=at("10:00", 14),
                    asked_end=at("11:00", 14)),
    HostTimeOff(host_id=7, start=at("10:50"), end=at("12:00")),
    HostBusyElsewhere(host_id=7, start=at("10:00"), end=at("11:00")),
    SlotTaken(host_id=7, other_visit_id=10, other_facility_id=2, other_start=at("09:00"),
              other_end=at("10:00"), free_at=at("10:15"), held_start=at("10:00"),
              held_end=at("11:15")),
    PartyTooLarge(facility_id=1, party_size=31, capacity=30),
    CapacityExceeded(facility_id=1, party_size=5, capacity=30, taken=26, moment=at("10:30")),
    QuotaExceeded(facility_id=1, week_start=date(2027, 3, 8), quota=3, booked=3),
    StopsOverlap(stop=2, other=1, facility_id=2, other_facility_id=1, start=at("10:30"),
                 other_end=at("11:00"), field="stops[1]"),
    NotEnoughTravelTime(stop=2, other=1, facility_id=2, other_facility_id=1,
                        gap=timedelta(minutes=15), needed=timedelta(minutes=25)),
    NotEnoughTravelTime(stop=2, other=1, facility_id=2, other_facility_id=1,
                        gap=timedelta(0), needed=timedelta(hours=1, minutes=5)),
    ItemOverlapsStop(item_title={"ko": "오찬", "en": "Lunch"}, facility_id=2,
                     item_start=at("12:00"), item_end=at("13:00"), stop_start=at("12:30"),
                     stop_end=at("13:30"), field="items[0]"),
    ItemTravelTime(item_title={"ko": "오찬", "en": "Lunch"}, facility_id=1, item_first=True,
                   gap=timedelta(minutes=5), needed=timedelta(minutes=18)),
    ItemTravelTime(item_title={"ko": "환영 인사", "en": "Welcome"}, facility_id=2,
                   item_first=False, gap=timedelta(0), needed=timedelta(minutes=10)),
    TooLate(earliest=at("10:30"), notice=timedelta(0)),
    TooLate(earliest=at("10:30"), notice=timedelta(days=2)),
    InvalidPartySize(party_size=0),
    LanguageMismatch(companion_id=3, missing=("th",)),
    LanguageMismatch(companion_id=3, missing=("ko", "ar")),
    VehicleTooSmall(companion_id=4, seats=12, party_size=20),
    CompanionUnavailable(companion_id=3, weekday=1, windows=((time(13), time(18)),),
                         asked_start=at("09:00"), asked_end=at("18:00")),
    CompanionUnavailable(companion_id=4, kind="vehicle", weekday=6, windows=(),
                         asked_start=at("10:00", 14), asked_end=at("11:00", 14)),
    CompanionTimeOff(companion_id=3, start=at("09:00"), end=at("18:00")),
    CompanionTimeOff(companion_id=4, kind="vehicle", start=at("09:00"), end=at("18:00")),
    CompanionBusy(companion_id=3, other_visit_id=10, other_start=at("09:00"),
                  other_end=at("18:00")),
    *(InvalidInterval(problem=problem, start=at("11:00"), end=at("10:00"), weekday=2,
                      length=timedelta(minutes=90))
      for problem in get_args(IntervalProblem)),
]
LUNCH = {"lunch_start": time(12), "lunch_end": time(13, 30), "lunch_length": timedelta(hours=1)}
WINDOW = {"day": date(2027, 3, 10), "day_start": time(9), "day_end": time(18)}
PLANNER_EXAMPLES: list[Infeasible] = [
    Infeasible(reason="too_many_facilities", limit=10, asked=13),
    Infeasible(reason="closed_day", day=date(2027, 9, 15), day_name="Chuseok"),
    Infeasible(reason="lunch_no_room", **WINDOW, **LUNCH),  # type: ignore[arg-type]
    *(Infeasible(reason=reason, facility_ids=(1,), length=timedelta(hours=1), party_size=40,
                 capacity=30, earliest=at("18:00", 10), **WINDOW)  # type: ignore[arg-type]
      for reason in ("party_too_large", "no_host", "not_open", "hosts_not_working",
                     "min_notice", "fully_booked")),
    Infeasible(reason="no_room_for_lunch", facility_ids=(1,), free_from=at("11:30", 10),
               free_to=at("13:30", 10), **LUNCH),  # type: ignore[arg-type]
    Infeasible(reason="pair", facility_ids=(1, 2), free_from=at("09:00", 10),
               free_to=at("09:55", 10), travel=timedelta(minutes=10)),
    Infeasible(reason="pair", facility_ids=(1, 2), free_from=at("09:00", 10),
               free_to=at("10:30", 10), travel=timedelta(minutes=5), host_id=7,
               buffer=timedelta(hours=1)),
    Infeasible(reason="pair_with_lunch", facility_ids=(1, 2), free_from=at("09:00", 10),
               free_to=at("13:00", 10), **LUNCH),  # type: ignore[arg-type]
    Infeasible(reason="only_without_lunch", facility_ids=(1, 2), **LUNCH),  # type: ignore[arg-type]
    Infeasible(reason="all", facility_ids=(1, 2), **WINDOW),  # type: ignore[arg-type]
]
EXAMPLES = [*RULE_EXAMPLES, *PLANNER_EXAMPLES]
HANGUL = re.compile(r"[가-힣]")
# Latin words a Korean sentence may keep: formats and standards, not prose.
LATIN_ALLOWED = {"UTC", "ISO", "JSON", "UTF", "ID", "Authorization", "Bearer", "POST", "api",
                 "auth", "token", "ja", "zh", "Hans", "T10"}


def example_id(error: RuleViolation) -> str:
    return f"{error.code}-{getattr(error, 'reason', getattr(error, 'problem', ''))}"


def test_the_examples_cover_every_rule_reason_and_interval_problem() -> None:
    assert {type(e) for e in RULE_EXAMPLES} == set(rules.RULES)
    assert {e.reason for e in PLANNER_EXAMPLES} == set(get_args(InfeasibleReason))
    assert set(planner.REASONS) == set(get_args(InfeasibleReason))
    assert set(rules.INTERVALS) == set(get_args(IntervalProblem))


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text)) - LATIN_ALLOWED


@pytest.mark.parametrize("error", EXAMPLES, ids=example_id)
def test_every_refusal_reads_as_korean_and_names_what_it_concerns(error: RuleViolation) -> None:
    korean = say(error, "ko", NAMES)

    assert HANGUL.search(korean) and korean.endswith((".", ")", "요."))
    assert latin_words(korean) == set(), korean
    assert "{" not in korean and "None" not in korean
    refs = error.references()
    for facility in refs["facility"]:
        assert NAMES.of("facility", facility, "ko") in korean
    for host in refs["host"]:
        assert NAMES.of("host", host, "ko") in korean
    for companion in refs["companion"]:
        assert NAMES.of("companion", companion, "ko") in korean


@pytest.mark.parametrize("error", EXAMPLES, ids=example_id)
def test_every_refusal_reads_as_english_and_names_what_it_concerns(error: RuleViolation) -> None:
    english = say(error, "en", NAMES)
    user_text = getattr(error, "day_name", "")  # an organisation's closure, as it was typed

    assert not HANGUL.search(english.replace(user_text, "")) and english.endswith((".", ")"))
    assert "{" not in english and "None" not in english
    refs = error.references()
    for facility in refs["facility"]:
        assert NAMES.of("facility", facility, "en") in english
    for host in refs["host"]:
        assert NAMES.of("host", host, "en") in english
    for visit in refs["visit"]:
        assert NAMES.of("visit", visit, "en") in english
    for companion in refs["companion"]:
        assert NAMES.of("companion", companion, "en") in english


@pytest.mark.parametrize(("error", "korean", "english"), [
    (HostNotLinked(facility_id=1, host_id=7),
     "김민준 님은 통합관제센터 담당이 아닙니다.",
     "Kim Min-jun does not receive visitors at Integrated Control Center."),
    (PartyTooLarge(facility_id=2, party_size=31, capacity=30),
     "정보화교실은 한 번에 30명까지 받을 수 있어 31명 일행은 들어갈 수 없습니다.",
     "IT Classroom takes at most 30 visitors at once; a party of 31 does not fit."),
    (NotEnoughTravelTime(stop=2, other=1, facility_id=2, other_facility_id=1,
                         gap=timedelta(minutes=15), needed=timedelta(minutes=25)),
     "통합관제센터에서 정보화교실까지 이동에 25분이 걸리는데, 2번째 일정은 1번째 일정이 "
     "끝나고 15분 뒤에 시작합니다.",
     "Travelling from Integrated Control Center to IT Classroom takes 25 min, but stop 2 "
     "starts 15 min after stop 1 ends."),
    (ItemTravelTime(item_title={"ko": "오찬", "en": "Lunch"}, facility_id=2, item_first=True,
                    gap=timedelta(minutes=5), needed=timedelta(minutes=18)),
     "‘오찬’ 장소에서 정보화교실까지 이동에 18분이 걸리는데, 정보화교실 방문이 ‘오찬’ 일정이 "
     "끝나고 5분 뒤에 시작합니다.",
     "Travelling from the place of “Lunch” to IT Classroom takes 18 min, but the stop starts "
     "5 min after “Lunch” ends."),
    (QuotaExceeded(facility_id=1, week_start=date(2027, 3, 8), quota=3, booked=3),
     "통합관제센터는 한 주에 방문을 3건까지만 받습니다. 2027년 3월 8일 (월)–2027년 3월 14일 (일) "
     "주에는 이미 3건이 잡혀 있어 더 받을 수 없습니다.",
     "Integrated Control Center takes at most 3 visits a week, and the week of Mon, Mar 8, "
     "2027 already has 3 visits."),
    (Infeasible(reason="pair", facility_ids=(1, 2), free_from=at("09:00", 10),
                free_to=at("09:55", 10), travel=timedelta(minutes=10)),
     "통합관제센터와 정보화교실은 두 곳 사이 이동 10분을 고려하면 09:00–09:55 사이에 함께 "
     "넣을 수 없습니다.",
     "Integrated Control Center and IT Classroom cannot both fit between 09:00 and 09:55 "
     "with the 10 min of travel between them."),
])
def test_refusals_read_as_an_officer_writes_them(error: RuleViolation, korean: str,
                                                 english: str) -> None:
    assert say(error, "ko", NAMES) == korean
    assert say(error, "en", NAMES) == english


def test_a_public_holiday_is_named_in_the_readers_language() -> None:
    chuseok = Holiday(facility_id=1, day=date(2027, 9, 15), day_name="Chuseok")

    assert "추석이라 통합관제센터 방문을 잡을 수 없습니다." in say(chuseok, "ko", NAMES)
    assert "(Chuseok)" in say(chuseok, "en", NAMES)


def test_a_busy_interpreter_is_named_with_the_other_visit() -> None:
    busy = CompanionBusy(companion_id=3, other_visit_id=10, other_start=at("09:00"),
                         other_end=at("18:00"))
    assert say(busy, "ko", NAMES) == (
        "이수진 님은 2027년 3월 9일 (화) 09:00–18:00에 시즈오카시 대표단 방문에 배정되어 있어 "
        "같은 시간에 함께할 수 없습니다.")


def test_an_organisations_own_closure_keeps_its_reason() -> None:
    own = Holiday(facility_id=1, day=date(2027, 3, 2), day_name="구청 개청 기념일")

    assert "구청 개청 기념일이라" in say(own, "ko", NAMES)


def test_a_busy_host_is_told_with_the_other_visits_delegation_and_place() -> None:
    busy = next(e for e in RULE_EXAMPLES if isinstance(e, SlotTaken))

    korean, english = say(busy, "ko", NAMES), say(busy, "en", NAMES)

    assert "시즈오카시 대표단 방문" in korean and "정보화교실에서" in korean
    assert "10:15 이후" in korean
    assert "visit of Shizuoka City delegation at IT Classroom" in english
    assert "free again at 10:15" in english


def test_times_are_said_in_the_organisations_zone() -> None:
    utc_start = at("10:50").astimezone(ZoneInfo("UTC"))
    away = HostTimeOff(host_id=7, start=utc_start, end=at("12:00"))

    assert "10:50–12:00" in say(away, "ko", NAMES)
    assert "10:50–12:00" in say(away, "en", NAMES)


def test_an_unknown_id_is_never_said_as_a_number() -> None:
    said = say(HostNotLinked(facility_id=99, host_id=98), "ko", NAMES)

    assert "99" not in said and "98" not in said


@pytest.mark.parametrize(("word", "particle", "expected"), [
    ("통합관제센터", "은", "통합관제센터는"), ("정보화교실", "은", "정보화교실은"),
    ("정보화교실", "과", "정보화교실과"), ("센터", "과", "센터와"),
    ("25분", "이", "25분이"), ("1시간", "을", "1시간을"), ("서울", "으로", "서울로"),
    ("부산", "으로", "부산으로"), ("2027년 3월 9일 (화)", "은", "2027년 3월 9일 (화)는"),
    ("3", "은", "3은"), ("2", "은", "2는"), ("Seoul", "은", "Seoul은(는)"),
])
def test_korean_particles_follow_the_last_syllable(word: str, particle: str,
                                                  expected: str) -> None:
    assert josa(word, particle) == expected


@pytest.mark.parametrize(("minutes", "korean", "english"), [
    (15, "15분", "15 min"), (60, "1시간", "1 h"), (90, "1시간 30분", "1 h 30 min"),
    (2880, "2일", "2 days"), (0, "0분", "0 min"),
])
def test_lengths_read_naturally(minutes: int, korean: str, english: str) -> None:
    assert length(timedelta(minutes=minutes), "ko") == korean
    assert length(timedelta(minutes=minutes), "en") == english


def test_lists_join_with_a_particle_in_korean() -> None:
    assert listing(["통합관제센터", "정보화교실", "무인민원발급기"], "ko") == (
        "통합관제센터, 정보화교실과 무인민원발급기")
    assert listing(["A", "B", "C"], "en") == "A, B and C"


@pytest.mark.parametrize(("header", "expected"), [
    ("ko", "ko"), ("ko-KR,ko;q=0.9,en;q=0.8", "ko"), ("en-US,en;q=0.9", "en"),
    ("ja, en;q=0.5", "en"), ("ja", "en"), ("", "en"), (None, "en"),
    ("en;q=0.4, ko;q=0.6", "ko"), ("ko;q=0, en", "en"), ("ko;q=oops, en", "en"),
])
def test_reader_language_follows_accept_language(header: str | None, expected: str) -> None:
    assert reader_language(header) == expected


# --- service and edge errors ---------------------------------------------------------------

ERROR_CLASSES = {"ApiError", "BadRequest", "Unauthorized", "Forbidden", "NotFound",
                 "MethodNotAllowed", "Conflict", "PayloadTooLarge", "UnsupportedMediaType",
                 "Invalid", "Unavailable", "RenderTimeout", "RenderUnavailable", "ServerError",
                 "DatabaseBusy", "DatabaseUnavailable", "Overloaded"}


def raised_templates() -> dict[str, str]:
    """Every English template given to an error class in visits/, with where it is."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "visits").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            first = node.args[0]
            if name in ERROR_CLASSES and isinstance(first, ast.Constant):
                found[str(first.value)] = f"{path.relative_to(ROOT)}:{node.lineno}"
            elif name in ERROR_CLASSES and isinstance(first, ast.JoinedStr):
                found[ast.unparse(first)] = f"{path.relative_to(ROOT)}:{node.lineno} (f-string)"
    return found


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_every_error_raised_has_a_korean_sentence() -> None:
    templates = {**raised_templates(), **{t: "services" for t in (*NOT_FOUND.values(),
                                                                   *UNKNOWN.values())}}
    assert len(templates) > 30

    assert [f"{where}: {t}" for t, where in templates.items() if t not in messages.KOREAN] == []


@pytest.mark.parametrize("template", sorted(messages.KOREAN))
def test_korean_error_sentences_keep_the_facts(template: str) -> None:
    korean = messages.KOREAN[template]

    assert HANGUL.search(korean)
    assert placeholders(korean) <= placeholders(template)


def test_an_error_is_said_with_its_facts_in_either_language() -> None:
    error = NotFound("There is no visit with id {id}.", id=42)

    assert say(error, "en") == "There is no visit with id 42." == error.message
    assert say(error, "ko") == "ID 42번 방문이 없습니다."


# --- refused input -------------------------------------------------------------------------


def our_refusal_kinds() -> set[str]:
    kinds = set()
    for path in sorted((ROOT / "visits" / "contract").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "refuse"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                kinds.add(str(node.args[0].value))
    return kinds


def test_every_refusal_of_ours_and_pydantics_has_korean() -> None:
    ours = our_refusal_kinds()
    pydantic = set(get_args(ErrorType))

    assert len(ours) > 15
    assert ours - set(validation.KOREAN) == set()
    assert set(validation.KOREAN) - ours - pydantic == set(), "a Korean entry for no error type"


BAD_INPUT: list[tuple[type[BaseModel], dict[str, object]]] = [
    (FacilityCreate, {}),
    (FacilityCreate, {"code": "x y", "kind": "x", "name": {"ko": "a"}, "address": "a",
                      "capacity": 0, "duration_min": 2000}),
    (FacilityCreate, {"code": "x", "kind": "kiosk", "name": {"ko": "a", "en": "b"},
                      "address": "a\nb", "capacity": "many", "duration_min": 10}),
    (HostCreate, {"name": "김", "email": "not-an-email", "facility_ids": [], "languages": [],
                  "weekly": []}),
    (HostCreate, {"name": "김", "email": "a@b.kr", "facility_ids": [], "languages": ["klingon"],
                  "weekly": [{"weekday": 1, "start": "18:00", "end": "09:00"}]}),
    (DelegationCreate, {"name": "x", "country": "XX", "city": "c", "language": "ja", "size": 1,
                        "contact": {"name": "n", "email": "a@b.kr"}}),
    (DelegationCreate, {"name": " ", "country": "JP", "city": "c", "language": "ja",
                        "size": 1, "contact": {"name": "n", "email": "a@b.kr"},
                        "members": [{"name": "a", "head": True}, {"name": "b", "head": True}]}),
    (VisitCreate, {"delegation_id": 1, "stops": [{"facility_id": 1,
                                                  "start": "2027-03-09T10:00:00"}]}),
    (VisitCreate, {"delegation_id": 1, "stops": [{"facility_id": 1,
                                                  "start": "1999-03-09T10:00:00+09:00"}]}),
    (StopPatch, {}),
    (SlotsQuery, {"from": "2027-03-09", "to": "2027-01-01"}),
    (SlotsQuery, {"from": "2027-03-09", "to": "2027-12-01"}),
    (DayPlanRequest, {"delegation_id": 1, "date": "2027-03-09", "facility_ids": [1],
                      "day_start": "18:00", "day_end": "09:00"}),
]


@pytest.mark.parametrize(("model", "data"), BAD_INPUT)
def test_refused_input_is_said_in_korean_not_with_the_fallback(
    model: type[BaseModel], data: dict[str, object]
) -> None:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(data)
    error = validation_error(refused.value)

    korean = say(error, "ko", with_field=False)

    assert HANGUL.search(korean) and korean != validation.UNKNOWN_KIND
    assert say(error, "ko").startswith(f"{error.field}: ") if error.field else True
    assert not HANGUL.search(say(error, "en"))
