"""The one place a refusal becomes words, in Korean or English (SPEC §7.1).

Rule violations (409), the planner's reasons (422 `infeasible`), refused input (422) and
every other error arrive here as facts — ids, times, sizes, pydantic's error type — and
leave as a sentence for a person, naming facilities, hosts and visits by name. Nothing
here reads the database: the caller passes the `Names` the facts mention (see
`visits.services.refusals`). The error's `code` is the same in every language.
"""

from __future__ import annotations

import string
from typing import Any

from visits.domain.dayplan.reasons import Infeasible
from visits.domain.rules import RuleViolation
from visits.errors import ApiError, InvalidInput
from visits.wording.messages import KOREAN, STATUS_WORDS
from visits.wording.planner import infeasible
from visits.wording.rules import RULES
from visits.wording.speech import LANGUAGES, PARTICLES, Lang, Names, josa
from visits.wording.validation import invalid_input

__all__ = ["LANGUAGES", "Lang", "Names", "headline", "reader_language", "say"]


def say(error: RuleViolation | ApiError, lang: Lang, names: Names | None = None, *,
        with_field: bool = True) -> str:
    """The error as a sentence in `lang`. Refused input names its field first unless
    `with_field` is false (a form shows the message beside the field)."""
    names = names or Names()
    if isinstance(error, Infeasible):
        return infeasible(error, names, lang)
    if isinstance(error, RuleViolation):
        return RULES[type(error)](error, names, lang)
    if isinstance(error, InvalidInput):
        said = invalid_input(error, lang)
        return f"{error.field}: {said}" if with_field and error.field else said
    template = KOREAN.get(error.template, error.template) if lang == "ko" else error.template
    return fill(template, error.facts, lang)


class _Speaker(string.Formatter):
    """`{count:이}` puts the Korean particle after the value; statuses become words."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in PARTICLES:
            return josa(str(value), format_spec) if self.lang == "ko" else str(value)
        return str(super().format_field(value, format_spec))


def fill(template: str, facts: dict[str, Any], lang: Lang) -> str:
    words = STATUS_WORDS[lang]
    said = {k: words.get(v, v) if k in ("status", "wanted") and isinstance(v, str) else v
            for k, v in facts.items()}
    return _Speaker(lang).format(template, **said) if facts else template


def reader_language(accept_language: str | None) -> Lang:
    """Korean or English, whichever `Accept-Language` prefers (q-values honoured);
    English when it asks for neither (SPEC §7.1)."""
    best: tuple[float, int, Lang] | None = None
    for order, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        if base not in LANGUAGES:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        candidate = (quality, -order, base)
        if quality > 0 and (best is None or candidate > best):
            best = candidate
    return best[2] if best else "en"


HEADLINES: dict[str, dict[str, str]] = {  # a refusal's gist, above its sentence on a page
    "holiday": {"ko": "그날은 휴무일입니다.",
                "en": "The facility is closed that day (public holiday or closure)."},
    "facility_closed": {"ko": "시설이 그 시간 내내 운영하지 않습니다.",
                        "en": "The facility is not open for the whole of that time."},
    "host_not_linked": {"ko": "이 담당자는 이 시설 담당이 아닙니다.",
                        "en": "This host does not receive visitors at this facility."},
    "host_unavailable": {"ko": "담당자의 근무 시간이 아닙니다.",
                         "en": "The host does not work at that time."},
    "host_time_off": {"ko": "담당자가 그 시간에 부재 중입니다.",
                      "en": "The host is away at that time."},
    "host_busy_elsewhere": {"ko": "담당자의 캘린더에 그 시간 다른 일정이 있습니다.",
                            "en": "The host's own calendar shows them busy then."},
    "host_busy": {"ko": "담당자가 그 시간에 다른 일정이 있습니다.",
                  "en": "The host is already booked at that time."},
    "party_too_large": {"ko": "일행이 시설 정원보다 많습니다.",
                        "en": "The delegation is larger than the facility can hold."},
    "capacity_exceeded": {"ko": "그 시간에는 시설 자리가 모자랍니다.",
                          "en": "The facility is full at that time."},
    "quota_exceeded": {"ko": "이 시설은 그 주에 받을 수 있는 방문이 다 찼습니다.",
                       "en": "The facility has its quota of visits that week."},
    "stops_overlap": {"ko": "방문의 다른 일정과 시간이 겹칩니다.",
                      "en": "This stop overlaps another stop of the visit."},
    "travel_time": {"ko": "앞 일정에서 이동할 시간이 모자랍니다.",
                    "en": "Not enough travel time from the previous stop."},
    "min_notice": {"ko": "너무 촉박합니다. 최소 사전 요청 기간이 지나야 합니다.",
                   "en": "That is too soon: the minimum notice is not met."},
    "stops_out_of_order": {"ko": "두 일정이 같은 시각에 시작합니다.",
                           "en": "Two stops start at the same time."},
    "cancelled": {"ko": "취소된 일정입니다. 새 방문을 예약해 주세요.",
                  "en": "The stop is cancelled: book a new visit instead."},
    "language_mismatch": {"ko": "통역사가 한국어와 대표단의 언어를 모두 하지 않습니다.",
                          "en": "The interpreter does not speak both Korean and the "
                                "delegation's language."},
    "companion_unavailable": {"ko": "수행 인력의 활동 시간이 아닙니다.",
                              "en": "The companion does not work at that time."},
    "companion_time_off": {"ko": "수행 인력이 그 시간에 부재 중입니다.",
                           "en": "The companion is away at that time."},
    "companion_busy": {"ko": "수행 인력이 그 시간에 다른 방문에 배정되어 있습니다.",
                       "en": "The companion is already assigned at that time."},
    "infeasible": {"ko": "고르신 시설을 모두 넣은 하루 일정을 만들 수 없습니다.",
                   "en": "No day fits every facility you ticked."},
}


def headline(code: str, lang: Lang) -> str | None:
    """A short gist of a refusal code for a page, when it has one."""
    found = HEADLINES.get(code)
    return found[lang] if found else None
