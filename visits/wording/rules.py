"""The rules of SPEC §3 said in words: one function per violation, Korean and English.

Each function reads only the violation's facts and the reader's names; none parses text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from babel import Locale

from itineraries.model import pick_text
from visits.domain.companions import (
    CompanionBusy,
    CompanionTimeOff,
    CompanionUnavailable,
    LanguageMismatch,
    VehicleTooSmall,
)
from visits.domain.holidays import korean_public_holidays
from visits.domain.rules import (
    CapacityExceeded,
    FacilityClosed,
    Holiday,
    HostBusyElsewhere,
    HostNotLinked,
    HostTimeOff,
    HostUnavailable,
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
from visits.wording.speech import (
    Lang,
    Names,
    clock,
    day,
    josa,
    length,
    listing,
    moment,
    period,
    weekday,
    windows,
)

Say = Callable[[Any, Names, Lang], str]


def _on(start: datetime, end: datetime, names: Names, lang: Lang) -> str:
    """When something happens: "… 10:50–12:00에" or "…부터 …까지" in Korean; "on …" or
    "from … to …" in English."""
    same_day = start.astimezone(names.tz).date() == end.astimezone(names.tz).date()
    said = period(start, end, names, lang)
    if lang == "ko":
        return said + ("에" if same_day else "")
    return ("on " if same_day else "from ") + said


def closed_day_name(when: date, given: str, lang: Lang) -> str:
    """A public holiday's name in the reader's language; an organisation's own closure
    keeps the reason it was given."""
    english = korean_public_holidays([when.year]).get(when)
    if given and given == english and lang == "ko":
        return korean_public_holidays([when.year], "ko").get(when, given)
    return given


def holiday(v: Holiday, names: Names, lang: Lang) -> str:
    place = names.of("facility", v.facility_id, lang)
    name = closed_day_name(v.day, v.day_name, lang)
    if lang == "ko":
        why = josa(name or "휴무일", "이라")
        return f"{josa(day(v.day, lang), '은')} {why} {place} 방문을 잡을 수 없습니다."
    why = f" ({name})" if name else ""
    return f"{place} is closed on {day(v.day, lang)}{why}."


def closure(v: FacilityClosed, names: Names, lang: Lang) -> str:
    place = names.of("facility", v.facility_id, lang)
    if lang == "ko":
        return f"{josa(place, '은')} {_on(v.start, v.end, names, lang)} 운영하지 않습니다."
    return f"{place} is closed {_on(v.start, v.end, names, lang)}."


# Who keeps weekly hours, said per language: (the subject, the verb when open, the verb
# when not, what cannot be done with the asked time).
WEEKLY_WORDS = {
    "facility": {"ko": ("{who:은}", "운영하", "잡을 수 없습니다", "은"),
                 "en": ("{who}", "is open", "is closed", "")},
    "host": {"ko": ("{who} 님은", "근무하", "맡을 수 없습니다", "을"),
             "en": ("{who}", "works", "does not work", "")},
    "companion": {"ko": ("{who}", "활동하", "함께할 수 없습니다", "에"),
                  "en": ("{who}", "works", "does not work", "")},
}


def _weekly_misfit(kind: str, who: str,
                   v: OutsideHours | HostUnavailable | CompanionUnavailable, names: Names,
                   lang: Lang) -> str:
    """"X is open on Tuesdays 09:00–18:00 only; … does not fit", for facilities and hosts."""
    subject, does, doesnt, particle = WEEKLY_WORDS[kind][lang]
    subject = subject.replace("{who:은}", josa(who, "은")).replace("{who}", who)
    asked = period(v.asked_start, v.asked_end, names, lang)
    days = weekday(v.weekday, lang)
    if lang == "ko":
        when = f"{days} {windows(v.windows)}에만 {does}므로" if v.windows else (
            f"{days}에 {does}지 않아")
        return f"{subject} {when} {asked} 일정{particle} {doesnt}."
    when = f"{does} on {days}s {windows(v.windows)} only" if v.windows else (
        f"{doesnt} on {days}s")
    return f"{subject} {when}; {asked} does not fit."


def outside_hours(v: OutsideHours, names: Names, lang: Lang) -> str:
    return _weekly_misfit("facility", names.of("facility", v.facility_id, lang), v, names, lang)


def not_linked(v: HostNotLinked, names: Names, lang: Lang) -> str:
    place = names.of("facility", v.facility_id, lang)
    if v.host_id is None:
        if lang == "ko":
            return f"{place}에는 방문객을 맞을 담당자가 지정되어 있지 않습니다."
        return f"No host receives visitors at {place}."
    host = names.of("host", v.host_id, lang)
    if lang == "ko":
        return f"{host} 님은 {place} 담당이 아닙니다."
    return f"{host} does not receive visitors at {place}."


def host_hours(v: HostUnavailable, names: Names, lang: Lang) -> str:
    return _weekly_misfit("host", names.of("host", v.host_id, lang), v, names, lang)


def time_off(v: HostTimeOff, names: Names, lang: Lang) -> str:
    host = names.of("host", v.host_id, lang)
    if lang == "ko":
        return f"{host} 님은 {_on(v.start, v.end, names, lang)} 부재 중입니다(휴가·출장 등)."
    return f"{host} is away {_on(v.start, v.end, names, lang)}."


def busy_elsewhere(v: HostBusyElsewhere, names: Names, lang: Lang) -> str:
    host = names.of("host", v.host_id, lang)
    when = _on(v.start, v.end, names, lang)
    if lang == "ko":
        what = f"‘{v.title}’ 일정이 있습니다" if v.title else "다른 일정이 있습니다"
        return f"{host} 님은 {when} 본인 캘린더에 {what}."
    what = f"busy with “{v.title}”" if v.title else "busy"
    return f"{host}'s own calendar shows them {what} {when}."


def _free_again(v: SlotTaken, names: Names, lang: Lang) -> str:
    same_day = v.free_at.astimezone(names.tz).date() == v.other_end.astimezone(names.tz).date()
    return clock(v.free_at.astimezone(names.tz)) if same_day else moment(v.free_at, names, lang)


def busy(v: SlotTaken, names: Names, lang: Lang) -> str:
    host = names.of("host", v.host_id, lang)
    place = names.of("facility", v.other_facility_id, lang)
    visit = names.of("visit", v.other_visit_id, lang)
    other = period(v.other_start, v.other_end, names, lang)
    held = period(v.held_start, v.held_end, names, lang)
    free = _free_again(v, names, lang)
    if lang == "ko":
        return (f"{host} 님은 {other}에 {place}에서 {visit} 방문을 맡고 있어 {free} 이후에 "
                f"시간이 납니다. 이 일정에는 정리 시간까지 {held} 동안 담당자가 필요합니다.")
    other, held = _on(v.other_start, v.other_end, names, lang), _on(
        v.held_start, v.held_end, names, lang)
    return (f"{host} is busy with the visit of {visit} at {place} {other} (free again at "
            f"{free}); this stop would need them {held}, clearing-up time included.")


def party_too_large(v: PartyTooLarge, names: Names, lang: Lang) -> str:
    return too_many(names.of("facility", v.facility_id, lang), v.capacity, v.party_size, lang)


def too_many(place: str, capacity: int, party: int, lang: Lang) -> str:
    """The room is too small for the party even when empty (also said by the planner)."""
    if lang == "ko":
        return (f"{josa(place, '은')} 한 번에 {capacity}명까지 받을 수 있어 "
                f"{party}명 일행은 들어갈 수 없습니다.")
    return f"{place} takes at most {capacity} visitors at once; a party of {party} does not fit."


def capacity(v: CapacityExceeded, names: Names, lang: Lang) -> str:
    place = names.of("facility", v.facility_id, lang)
    when = moment(v.moment, names, lang)
    if lang == "ko":
        return (f"{josa(place, '은')} {when}에 정원 {v.capacity}명 중 {v.taken}명이 이미 차 있어 "
                f"{v.party_size}명 일행을 더 받을 수 없습니다.")
    return (f"{place} already has {v.taken} of its {v.capacity} places taken at {when}; "
            f"a party of {v.party_size} does not fit.")


def week(monday: date, lang: Lang) -> str:
    """"2027년 3월 8일 (월)–2027년 3월 14일 (일) 주" / "the week of Mon, Mar 8, 2027"."""
    if lang == "ko":
        return f"{day(monday, lang)}–{day(monday + timedelta(days=6), lang)} 주"
    return f"the week of {day(monday, lang)}"


def quota(v: QuotaExceeded, names: Names, lang: Lang) -> str:
    place = names.of("facility", v.facility_id, lang)
    when = week(v.week_start, lang)
    if lang == "ko":
        return (f"{josa(place, '은')} 한 주에 방문을 {v.quota}건까지만 받습니다. "
                f"{when}에는 이미 {v.booked}건이 잡혀 있어 더 받을 수 없습니다.")
    visits = "visit" if v.booked == 1 else "visits"
    return (f"{place} takes at most {v.quota} visits a week, and {when} already has "
            f"{v.booked} {visits}.")


def overlap(v: StopsOverlap, names: Names, lang: Lang) -> str:
    place = names.of("facility", v.facility_id, lang)
    other = names.of("facility", v.other_facility_id, lang)
    start, end = clock(v.start.astimezone(names.tz)), clock(v.other_end.astimezone(names.tz))
    if lang == "ko":
        return (f"{v.stop}번째 일정({place}, {start} 시작)이 {v.other}번째 일정({other}, "
                f"{end} 종료)과 겹칩니다.")
    return f"Stop {v.stop} ({place}, from {start}) overlaps stop {v.other} ({other}, until {end})."


def travel(v: NotEnoughTravelTime, names: Names, lang: Lang) -> str:
    place = names.of("facility", v.facility_id, lang)
    other = names.of("facility", v.other_facility_id, lang)
    needed, gap = length(v.needed, lang), length(v.gap, lang)
    if lang == "ko":
        after = "끝나자마자" if v.gap <= timedelta(0) else f"끝나고 {gap} 뒤에"
        return (f"{other}에서 {place}까지 이동에 {josa(needed, '이')} 걸리는데, {v.stop}번째 "
                f"일정은 {v.other}번째 일정이 {after} 시작합니다.")
    after = "right" if v.gap <= timedelta(0) else gap
    return (f"Travelling from {other} to {place} takes {needed}, but stop {v.stop} starts "
            f"{after} after stop {v.other} ends.")


def _item(title: object, lang: Lang) -> str:
    """An item's title as its reader reads it, quoted."""
    fallback = ("ko", "en") if lang == "ko" else ("en", "ko")
    said = pick_text(title, lang, fallback=fallback) if isinstance(title, (str, dict)) else ""
    return f"‘{said}’" if lang == "ko" else f"“{said}”"


def item_overlap(v: ItemOverlapsStop, names: Names, lang: Lang) -> str:
    place = names.of("facility", v.facility_id, lang)
    item = _item(v.item_title, lang)
    mine = period(v.item_start, v.item_end, names, lang)
    stop = period(v.stop_start, v.stop_end, names, lang)
    if lang == "ko":
        return (f"{item} 일정({mine})이 {place} 방문({stop})과 겹칩니다. 시간을 서로 "
                f"겹치지 않게 조정해 주세요.")
    return f"{item} ({mine}) overlaps the stop at {place} ({stop})."


def item_travel(v: ItemTravelTime, names: Names, lang: Lang) -> str:
    place = names.of("facility", v.facility_id, lang)
    item = _item(v.item_title, lang)
    needed, gap = length(v.needed, lang), length(v.gap, lang)
    if lang == "ko":
        after = "바로" if v.gap <= timedelta(0) else f"{gap} 뒤에"
        if v.item_first:
            return (f"{item} 장소에서 {place}까지 이동에 {josa(needed, '이')} 걸리는데, "
                    f"{place} 방문이 {item} 일정이 끝나고 {after} 시작합니다.")
        return (f"{place}에서 {item} 장소까지 이동에 {josa(needed, '이')} 걸리는데, "
                f"{item} 일정이 {place} 방문이 끝나고 {after} 시작합니다.")
    after = "right" if v.gap <= timedelta(0) else gap
    if v.item_first:
        return (f"Travelling from the place of {item} to {place} takes {needed}, but the "
                f"stop starts {after} after {item} ends.")
    return (f"Travelling from {place} to the place of {item} takes {needed}, but {item} "
            f"starts {after} after the stop ends.")


def notice(v: TooLate, names: Names, lang: Lang) -> str:
    earliest = moment(v.earliest, names, lang)
    if lang == "ko":
        if v.notice <= timedelta(0):
            return f"지난 시각에는 일정을 잡을 수 없습니다. 가장 이른 시작 시각은 {earliest}입니다."
        return (f"일정은 시작 {length(v.notice, lang)} 전까지 요청해야 합니다. "
                f"가장 이른 시작 시각은 {earliest}입니다.")
    if v.notice <= timedelta(0):
        return f"Stops cannot start in the past; the earliest start is {earliest}."
    return f"Stops need {length(v.notice, lang)} of notice; the earliest start is {earliest}."


def _point(value: datetime | time | None, names: Names, lang: Lang) -> str:
    if isinstance(value, datetime):
        return moment(value, names, lang) if value.tzinfo else value.isoformat()
    return clock(value) if value is not None else ""


INTERVALS: dict[str, tuple[str, str]] = {  # problem → (Korean, English), facts as {names}
    "end_not_after_start": ("끝나는 시각({end})이 시작 시각({start})보다 늦어야 합니다.",
                            "The end ({end}) must come after the start ({start})."),
    "no_offset": ("{start}에 UTC와의 시차가 없습니다. 2027-03-09T10:00:00+09:00처럼 적어 주세요.",
                  "{start} has no time zone offset: write it like 2027-03-09T10:00:00+09:00."),
    "zone_without_offset": ("기관 시간대에서 UTC와의 시차를 알 수 없습니다.",
                            "The organisation's time zone gives no offset."),
    "weekday_out_of_range": ("요일은 0(월요일)부터 6(일요일)까지의 숫자여야 합니다"
                             "(받은 값: {weekday}).",
                             "Weekday {weekday} is not between 0 (Monday) and 6 (Sunday)."),
    "wall_clock_with_zone": ("근무·운영 시간과 점심시간은 시간대 없이 시:분으로 적습니다.",
                             "Weekly hours and lunch times are wall-clock times without a "
                             "time zone."),
    "not_positive": ("길이와 간격은 0보다 커야 합니다.",
                     "Durations and steps must be longer than zero."),
    "lunch_does_not_fit": ("{length} 점심시간은 {start}–{end} 사이에 들어가지 않습니다.",
                           "A lunch break of {length} does not fit between {start} and {end}."),
    "lunch_not_whole_minutes": ("점심시간 범위가 점심시간을 분 단위로 담지 못합니다.",
                                "The lunch window must hold the lunch in whole minutes."),
    "no_days": ("행사 날짜를 하루 이상 정해 주세요.", "An event needs at least one day."),
}


def interval(v: InvalidInterval, names: Names, lang: Lang) -> str:
    korean, english = INTERVALS[v.problem]
    facts = {
        "start": _point(v.start, names, lang), "end": _point(v.end, names, lang),
        "weekday": v.weekday, "length": length(v.length, lang) if v.length else "",
    }
    said = (korean if lang == "ko" else english).format(**facts)
    if v.problem == "end_not_after_start" and v.weekday is not None:
        return f"{weekday(v.weekday, lang)}: {said}"
    return said


def party_size(v: InvalidPartySize, names: Names, lang: Lang) -> str:
    if lang == "ko":
        return f"인원은 1명 이상이어야 합니다(받은 값: {v.party_size})."
    return f"A party needs at least one visitor (got {v.party_size})."


def language_name(tag: str, lang: Lang) -> str:
    """"일본어", "Thai": a language tag said in the reader's language (CLDR)."""
    base = tag.replace("_", "-").split("-")[0]
    return Locale(lang).languages.get(base) or tag


def language_mismatch(v: LanguageMismatch, names: Names, lang: Lang) -> str:
    who = names.of("companion", v.companion_id, lang)
    missing = listing([language_name(t, lang) for t in v.missing], lang)
    if lang == "ko":
        return (f"통역사 {who} 님은 {josa(missing, '을')} 하지 않아 이 대표단의 통역을 "
                f"맡을 수 없습니다. 통역사는 한국어와 대표단의 언어를 모두 해야 합니다.")
    return (f"{who} does not speak {missing}; an interpreter must speak Korean and the "
            f"delegation's language.")


def vehicle_too_small(v: VehicleTooSmall, names: Names, lang: Lang) -> str:
    what = names.of("companion", v.companion_id, lang)
    if lang == "ko":
        return (f"{josa(what, '은')} {v.seats}명까지 탈 수 있어 {v.party_size}명 일행을 "
                f"태울 수 없습니다.")
    return f"{what} seats {v.seats}; a party of {v.party_size} does not fit."


def _companion(v: CompanionUnavailable | CompanionTimeOff | CompanionBusy, names: Names,
               lang: Lang) -> str:
    """A companion as the subject of a Korean sentence: "이수진 님은", "45인승 버스는"."""
    who = names.of("companion", v.companion_id, lang)
    if lang != "ko":
        return who
    return josa(who, "은") if v.kind == "vehicle" else f"{who} 님은"


def companion_hours(v: CompanionUnavailable, names: Names, lang: Lang) -> str:
    return _weekly_misfit("companion", _companion(v, names, lang), v, names, lang)


def companion_time_off(v: CompanionTimeOff, names: Names, lang: Lang) -> str:
    who, when = _companion(v, names, lang), _on(v.start, v.end, names, lang)
    if lang == "ko":
        return f"{who} {when} " + ("사용할 수 없습니다." if v.kind == "vehicle" else
                                   "부재 중입니다(휴가·출장 등).")
    return f"{who} is away {when}."


def companion_busy(v: CompanionBusy, names: Names, lang: Lang) -> str:
    who = _companion(v, names, lang)
    visit = names.of("visit", v.other_visit_id, lang)
    other = period(v.other_start, v.other_end, names, lang)
    if lang == "ko":
        return (f"{who} {other}에 {visit} 방문에 배정되어 있어 같은 시간에 "
                f"함께할 수 없습니다.")
    return (f"{who} is already assigned to the visit of {visit} "
            f"{_on(v.other_start, v.other_end, names, lang)}.")


RULES: dict[type[RuleViolation], Say] = {
    InvalidInterval: interval, InvalidPartySize: party_size, Holiday: holiday,
    FacilityClosed: closure, OutsideHours: outside_hours, HostNotLinked: not_linked,
    HostUnavailable: host_hours, HostTimeOff: time_off, SlotTaken: busy,
    HostBusyElsewhere: busy_elsewhere,
    PartyTooLarge: party_too_large, CapacityExceeded: capacity, QuotaExceeded: quota,
    StopsOverlap: overlap,
    NotEnoughTravelTime: travel, ItemOverlapsStop: item_overlap, ItemTravelTime: item_travel,
    TooLate: notice, LanguageMismatch: language_mismatch,
    VehicleTooSmall: vehicle_too_small, CompanionUnavailable: companion_hours,
    CompanionTimeOff: companion_time_off, CompanionBusy: companion_busy,
}
