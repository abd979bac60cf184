"""Why the day planner found no plan, said in Korean and in English (one function per
reason of `visits.domain.dayplan.reasons`)."""

from __future__ import annotations

from collections.abc import Callable

from visits.domain.companions import InterpreterNeed
from visits.domain.dayplan.reasons import Infeasible
from visits.wording.rules import closed_day_name, language_name, too_many
from visits.wording.speech import Lang, Names, clock, day, josa, length, listing, moment


def _places(v: Infeasible, names: Names, lang: Lang) -> list[str]:
    return [names.of("facility", i, lang) for i in v.facility_ids]


def _window(v: Infeasible, lang: Lang) -> str:
    """"2027년 3월 10일 (수) 09:00–18:00" / "on Wed, Mar 10, 2027 between 09:00 and 18:00"."""
    assert v.day is not None and v.day_start is not None and v.day_end is not None
    if lang == "ko":
        return f"{day(v.day, lang)} {clock(v.day_start)}–{clock(v.day_end)}"
    return f"on {day(v.day, lang)} between {clock(v.day_start)} and {clock(v.day_end)}"


def _lunch(v: Infeasible, lang: Lang) -> str:
    """"점심시간 1시간(12:00–13:30 사이)" / "the 1 h lunch break between 12:00 and 13:30"."""
    assert v.lunch_start and v.lunch_end and v.lunch_length
    span = (clock(v.lunch_start), clock(v.lunch_end))
    if lang == "ko":
        return f"점심시간 {length(v.lunch_length, lang)}({span[0]}–{span[1]} 사이)"
    return f"the {length(v.lunch_length, lang)} lunch break between {span[0]} and {span[1]}"


def _free(v: Infeasible, names: Names, lang: Lang) -> str:
    assert v.free_from is not None and v.free_to is not None
    a, b = (clock(t.astimezone(names.tz)) for t in (v.free_from, v.free_to))
    return f"{a}–{b}" if lang == "ko" else f"between {a} and {b}"


def _length(v: Infeasible, lang: Lang) -> str:
    assert v.length is not None, "every reason that says a visit's length has one"
    return length(v.length, lang)


def too_many_facilities(v: Infeasible, names: Names, lang: Lang) -> str:
    if lang == "ko":
        return f"하루 일정에는 시설을 {v.limit}곳까지 넣을 수 있는데 {v.asked}곳을 고르셨습니다."
    return f"A day plan takes at most {v.limit} facilities; {v.asked} were asked."


def closed_day(v: Infeasible, names: Names, lang: Lang) -> str:
    assert v.day is not None
    name = closed_day_name(v.day, v.day_name, lang)
    if lang == "ko":
        why = josa(name or "휴무일", "이라")
        return f"{josa(day(v.day, lang), '은')} {why} 어느 시설도 방문할 수 없습니다."
    why = f" ({name})" if name else ""
    return f"{day(v.day, lang)} is a closed day{why}: no facility can be visited."


def lunch_no_room(v: Infeasible, names: Names, lang: Lang) -> str:
    if lang == "ko":
        return f"{_lunch(v, lang)}이 하루 일정({_window(v, lang)}) 안에 들어가지 않습니다."
    return f"{_lunch(v, lang).capitalize()} does not fit in the day, {_window(v, lang)}."


def party_too_large(v: Infeasible, names: Names, lang: Lang) -> str:
    assert v.capacity is not None and v.party_size is not None
    return too_many(_places(v, names, lang)[0], v.capacity, v.party_size, lang)


def no_host(v: Infeasible, names: Names, lang: Lang) -> str:
    place = _places(v, names, lang)[0]
    if lang == "ko":
        return f"{place}에는 방문객을 맞을 담당자가 지정되어 있지 않습니다."
    return f"No host receives visitors at {place}."


def not_open(v: Infeasible, names: Names, lang: Lang) -> str:
    place, minutes = _places(v, names, lang)[0], _length(v, lang)
    if lang == "ko":
        return (f"{josa(place, '은')} {_window(v, lang)} 사이에 {minutes} 방문을 받을 만큼 "
                f"운영하지 않습니다.")
    return f"{place} is not open for {minutes} {_window(v, lang)}."


def hosts_not_working(v: Infeasible, names: Names, lang: Lang) -> str:
    place, minutes = _places(v, names, lang)[0], _length(v, lang)
    if lang == "ko":
        return (f"{place} 담당자 중 {_window(v, lang)} 사이에 {minutes} 방문을 맡을 만큼 근무하는 "
                f"사람이 없습니다(근무 시간, 부재 또는 시설 휴관).")
    return (f"No host of {place} works {_window(v, lang)} long enough for a {minutes} visit "
            f"(weekly hours, time off or a closure of the facility).")


def min_notice(v: Infeasible, names: Names, lang: Lang) -> str:
    assert v.earliest is not None
    place, earliest = _places(v, names, lang)[0], moment(v.earliest, names, lang)
    if lang == "ko":
        return (f"최소 사전 요청 기간 때문에 가장 이른 시작 시각이 {earliest}이어서 "
                f"{josa(place, '은')} {_window(v, lang)} 사이에 방문할 수 없습니다.")
    return (f"{place} cannot be visited {_window(v, lang)}: the minimum notice puts the "
            f"earliest start at {earliest}.")


def fully_booked(v: Infeasible, names: Names, lang: Lang) -> str:
    place, minutes = _places(v, names, lang)[0], _length(v, lang)
    if lang == "ko":
        return (f"{josa(place, '은')} {_window(v, lang)} 사이에 {v.party_size}명 일행의 {minutes} "
                f"방문을 받을 담당자나 자리가 남아 있지 않습니다(기존 예약으로 찼습니다).")
    return (f"No host of {place} is free {_window(v, lang)} for a {minutes} visit of "
            f"{v.party_size}: existing bookings take the hosts or fill the room.")


def no_room_for_lunch(v: Infeasible, names: Names, lang: Lang) -> str:
    place = _places(v, names, lang)[0]
    if lang == "ko":
        return (f"{josa(place, '은')} {_free(v, names, lang)} 사이에만 방문할 수 있어 "
                f"{_lunch(v, lang)}을 넣을 자리가 없습니다.")
    return (f"{place} is free only {_free(v, names, lang)}, which leaves no room for "
            f"{_lunch(v, lang)}.")


def pair(v: Infeasible, names: Names, lang: Lang) -> str:
    both = listing(_places(v, names, lang), lang)
    travel = length(v.travel, lang) if v.travel else ""
    shared = ""
    if v.host_id is not None and v.buffer is not None:
        host, buffer = names.of("host", v.host_id, lang), length(v.buffer, lang)
        shared = (f" {host} 님이 두 곳을 모두 맡고 있어 방문마다 최대 {buffer}의 정리 시간이 "
                  f"필요합니다." if lang == "ko" else
                  f" ({host} receives at both and needs up to {buffer} after each visit)")
    if lang == "ko":
        return (f"{josa(both, '은')} 두 곳 사이 이동 {travel}을 고려하면 {_free(v, names, lang)} "
                f"사이에 함께 넣을 수 없습니다.{shared}")
    return (f"{both} cannot both fit {_free(v, names, lang)} with the {travel} of travel "
            f"between them{shared}.")


def pair_with_lunch(v: Infeasible, names: Names, lang: Lang) -> str:
    both = listing(_places(v, names, lang), lang)
    if lang == "ko":
        return (f"{both}, {_lunch(v, lang)}을 이동 시간까지 고려해 {_free(v, names, lang)} 사이에 "
                f"모두 넣을 수 없습니다.")
    return (f"{both} and {_lunch(v, lang)} cannot all fit {_free(v, names, lang)} with travel "
            f"between them.")


def only_without_lunch(v: Infeasible, names: Names, lang: Lang) -> str:
    every = listing(_places(v, names, lang), lang)
    if lang == "ko":
        return f"필수 시설 {josa(every, '은')} {_lunch(v, lang)}을 빼야만 모두 들어갑니다."
    return f"The required facilities ({every}) fit together only without {_lunch(v, lang)}."


def everything(v: Infeasible, names: Names, lang: Lang) -> str:
    every = listing(_places(v, names, lang), lang)
    if lang == "ko":
        return (f"필수 시설 {josa(every, '을')} {_window(v, lang)} 사이에 이동 시간까지 고려해 "
                f"모두 넣을 수 없습니다.")
    return (f"The required facilities ({every}) do not all fit {_window(v, lang)} with travel "
            f"between them.")


REASONS: dict[str, Callable[[Infeasible, Names, Lang], str]] = {
    "too_many_facilities": too_many_facilities, "closed_day": closed_day,
    "lunch_no_room": lunch_no_room, "party_too_large": party_too_large, "no_host": no_host,
    "not_open": not_open, "hosts_not_working": hosts_not_working, "min_notice": min_notice,
    "fully_booked": fully_booked, "no_room_for_lunch": no_room_for_lunch, "pair": pair,
    "pair_with_lunch": pair_with_lunch, "only_without_lunch": only_without_lunch,
    "all": everything,
}


def infeasible(v: Infeasible, names: Names, lang: Lang) -> str:
    return REASONS[v.reason](v, names, lang)


def interpreter_need(need: InterpreterNeed, names: Names, lang: Lang) -> str:
    """Why the plan needs an interpreter, and whom it proposes (SPEC §7.4)."""
    language = language_name(need.language, lang)
    places = listing([names.of("facility", i, lang) for i in need.facility_ids], lang)
    who = names.of("companion", need.companion_id, lang) if need.companion_id else None
    if lang == "ko":
        why = (f"일정의 담당자 중 {josa(language, '을')} 하는 사람이 없어" if need.every_stop
               else f"{places}의 담당자가 {josa(language, '을')} 하지 않아")
        offer = (f" 그 시간에 비어 있는 통역사 {who} 님을 제안합니다." if who else
                 f" 그 시간에 비어 있는 {language} 통역사가 없습니다. 동행 인력을 확인해 주세요.")
        return f"{why} 통역이 필요합니다.{offer}"
    why = (f"No host of this plan speaks {language}" if need.every_stop
           else f"The hosts at {places} do not speak {language}")
    offer = (f" {who}, a free interpreter, is proposed." if who else
             f" No {language} interpreter is free then: check the companions.")
    return f"{why}: an interpreter is needed.{offer}"
