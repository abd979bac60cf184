"""Refused input said in Korean: pydantic's error types and ours (`contract.fields.refuse`).

Korean is written here per error type from the error's context, so `{ge}` is the same
number pydantic compared with; English too where pydantic's own is written for programmers.
A form field has kinder words for a few patterns (an e-mail, a phone number, a time).
"""

from __future__ import annotations

from visits.errors import InvalidInput

KOREAN: dict[str, str] = {
    # pydantic's own
    "missing": "꼭 입력해야 합니다.",
    "extra_forbidden": "알 수 없는 항목입니다.",
    "string_type": "글자로 입력해 주세요.",
    "string_too_short": "{min_length}자 이상 입력해 주세요.",
    "string_too_long": "{max_length}자 이하로 입력해 주세요.",
    "string_pattern_mismatch": "형식이 올바르지 않습니다.",
    "string_unicode": "올바른 유니코드 글자가 아닙니다.",
    "int_type": "정수를 입력해 주세요.",
    "int_parsing": "정수를 입력해 주세요.",
    "int_parsing_size": "너무 큰 수입니다.",
    "int_from_float": "소수점 없는 정수를 입력해 주세요.",
    "float_type": "숫자를 입력해 주세요.",
    "float_parsing": "숫자를 입력해 주세요.",
    "finite_number": "유한한 숫자를 입력해 주세요.",
    "bool_type": "true 또는 false여야 합니다.",
    "bool_parsing": "true 또는 false여야 합니다.",
    "greater_than": "{gt}보다 커야 합니다.",
    "greater_than_equal": "{ge} 이상이어야 합니다.",
    "less_than": "{lt}보다 작아야 합니다.",
    "less_than_equal": "{le} 이하여야 합니다.",
    "multiple_of": "{multiple_of}의 배수여야 합니다.",
    "too_short": "{min_length}개 이상이어야 합니다.",
    "too_long": "{max_length}개 이하여야 합니다.",
    "list_type": "목록(JSON 배열)이어야 합니다.",
    "tuple_type": "목록(JSON 배열)이어야 합니다.",
    "set_type": "목록(JSON 배열)이어야 합니다.",
    "dict_type": "JSON 객체여야 합니다.",
    "model_type": "JSON 객체여야 합니다.",
    "model_attributes_type": "JSON 객체여야 합니다.",
    "date_type": "2027-03-09처럼 날짜를 입력해 주세요.",
    "date_parsing": "2027-03-09처럼 날짜를 입력해 주세요.",
    "date_from_datetime_parsing": "2027-03-09처럼 날짜를 입력해 주세요.",
    "date_from_datetime_inexact": "시각 없이 날짜만 입력해 주세요.",
    "datetime_type": "2027-03-09T10:00:00+09:00처럼 날짜와 시각을 입력해 주세요.",
    "datetime_parsing": "2027-03-09T10:00:00+09:00처럼 날짜와 시각을 입력해 주세요.",
    "datetime_from_date_parsing": "2027-03-09T10:00:00+09:00처럼 날짜와 시각을 입력해 주세요.",
    "datetime_object_invalid": "2027-03-09T10:00:00+09:00처럼 날짜와 시각을 입력해 주세요.",
    "timezone_aware": "+09:00처럼 UTC와의 시차를 붙여 주세요.",
    "timezone_naive": "시차 없이 입력해 주세요.",
    "time_type": "09:00처럼 시각을 입력해 주세요.",
    "time_parsing": "09:00처럼 시각을 입력해 주세요.",
    "literal_error": "다음 중 하나여야 합니다: {expected}",
    "enum": "다음 중 하나여야 합니다: {expected}",
    "json_invalid": "올바른 JSON이 아닙니다.",
    "json_type": "올바른 JSON이 아닙니다.",
    "union_tag_invalid": "형식이 올바르지 않습니다.",
    "union_tag_not_found": "형식이 올바르지 않습니다.",
    "none_required": "비워 두어야 합니다.",
    "value_error": "받을 수 없는 값입니다.",
    "assertion_error": "받을 수 없는 값입니다.",
    # ours (visits.contract)
    "language_tag": "ja, zh-Hans 같은 언어 태그가 아닙니다: “{tag}”",
    "unknown_language": "알 수 없는 언어 태그입니다: “{tag}”",
    "country": "두 글자 국가 코드(ISO 3166-1)가 아닙니다: “{code}”",
    "line_break": "줄을 바꾸지 말고 한 줄로 입력해 주세요.",
    "control_character": "제어 문자는 쓸 수 없습니다.",
    "bidi_control": "글자 방향을 바꾸는 제어 문자는 쓸 수 없습니다.",
    "forbidden_character": "쓸 수 없는 문자(U+{point})가 들어 있습니다.",
    "blank": "내용을 입력해 주세요.",
    "no_language": "한 가지 이상의 언어로 입력해 주세요.",
    "too_many_languages": "언어가 너무 많습니다.",
    "date_range": "날짜는 {first}부터 {last}까지만 입력할 수 있습니다.",
    "end_before_start": "끝나는 시각이 시작 시각보다 늦어야 합니다.",
    "period_reversed": "끝나는 날짜가 시작 날짜보다 앞설 수 없습니다.",
    "period_too_long": "한 번에 {days}일까지만 조회할 수 있습니다.",
    "calendar_url_scheme": "https://, http:// 또는 webcal://로 시작하는 주소를 입력해 주세요.",
    "nothing_to_change": "새 시작 시각이나 새 담당자를 입력해 주세요.",
    "same_facility": "같은 시설 안에서는 이동 시간이 늘 0분입니다.",
    "name_languages": "이름은 한국어와 영어로 모두 입력해야 합니다.",
    "seats_required": "차량은 좌석 수를 적어야 합니다.",
    "one_head": "단장은 한 명만 지정할 수 있습니다.",
    "members_over_size": "명단의 인원이 일행 인원보다 많습니다.",
    "member_name": "성과 이름(또는 표시 이름)을 입력해 주세요.",
    "member_head_role": "단장 여부(head)와 역할(role)이 서로 맞지 않습니다.",
    "duplicate_date": "{day}을(를) 두 번 적었습니다. 희망 날짜는 서로 달라야 합니다.",
    "duplicate_stop": "일정 {id}번의 참석 인원을 두 번 적었습니다.",
    "lunch_reversed": "점심시간 범위는 끝이 시작보다 늦어야 합니다.",
    "day_reversed": "하루 일정은 끝나는 시각이 시작 시각보다 늦어야 합니다.",
    "day_plan_limit": "하루 일정에는 시설을 {limit}곳까지 넣을 수 있습니다.",
    "coordinates_pair": "위도와 경도는 함께 입력하거나 함께 비워 두어야 합니다.",
    "nothing_to_change_item": "바꿀 내용(시각, 제목, 장소 등)을 하나 이상 입력해 주세요.",
}
UNKNOWN_KIND = "받을 수 없는 값입니다."

# English for a person where pydantic's own is written for programmers; the rest is
# pydantic's (or our `refuse`'s) English as it stands.
ENGLISH: dict[str, str] = {
    "missing": "Fill this in.",
    "blank": "Fill this in.",
    "int_type": "Enter a whole number.",
    "int_parsing": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "float_type": "Enter a number.",
    "float_parsing": "Enter a number.",
    "greater_than": "Enter more than {gt}.",
    "greater_than_equal": "Enter {ge} or more.",
    "less_than": "Enter less than {lt}.",
    "less_than_equal": "Enter {le} or less.",
    "string_too_long": "Enter at most {max_length} characters.",
    "datetime_type": "Enter a date and time such as 2027-03-09T10:00:00+09:00.",
    "datetime_parsing": "Enter a date and time such as 2027-03-09T10:00:00+09:00.",
    "datetime_from_date_parsing": "Enter a date and time such as 2027-03-09T10:00:00+09:00.",
    "timezone_aware": "Add the offset from UTC, such as +09:00.",
    "date_type": "Enter a date such as 2027-03-09.",
    "date_parsing": "Enter a date such as 2027-03-09.",
    "end_before_start": "The end must come after the start.",
    "calendar_url_scheme": "Give an address starting with https://, http:// or webcal://.",
    "one_head": "Only one member can head the delegation.",
    "coordinates_pair": "Give both latitude and longitude, or neither.",
    "members_over_size": "More members are listed than the party size.",
    "member_name": "Give the member's family and given name (or a name).",
    "member_head_role": "head must be true exactly when the role is head.",
    "duplicate_date": "{day} is wished twice: give different dates.",
    "duplicate_stop": "The attendance of stop {id} is given twice.",
    "name_languages": "Give the name at least in Korean and English.",
    "seats_required": "A vehicle needs its number of seats.",
    "language_tag": "“{tag}” is not a language tag such as ja or zh-Hans.",
    "unknown_language": "“{tag}” is not a language tag such as ja or zh-Hans.",
    "no_language": "Fill this in, in at least one language.",
    "country": "“{code}” is not a two-letter country code (ISO 3166-1).",
    "line_break": "Keep this on one line.",
    "control_character": "This text contains a character that is not allowed.",
    "bidi_control": "This text contains a character that is not allowed.",
    "forbidden_character": "This text contains a character that is not allowed (U+{point}).",
}
EMPTY_TAG = {"ko": "모든 글에 언어 태그를 붙여 주세요.",
             "en": "Give a language tag for every text."}

FORM_PATTERNS: dict[str, dict[str, str]] = {  # the last part of a field → kinder words
    "code": {"ko": "영문, 숫자와 “.”, “_”, “-”만 쓸 수 있습니다.",
             "en": "Use letters, digits, “.”, “_” and “-” only."},
    "email": {"ko": "name@example.org 같은 이메일 주소를 입력해 주세요.",
              "en": "Enter an email address such as name@example.org."},
    "phone": {"ko": "숫자, 빈칸과 + ( ) - . 만 쓸 수 있습니다.",
              "en": "Use digits, spaces and + ( ) - . only."},
    "start": {"ko": "09:00처럼 시각을 입력해 주세요.", "en": "Enter a time such as 09:00."},
    "end": {"ko": "18:00처럼 시각을 입력해 주세요.", "en": "Enter a time such as 18:00."},
}


def invalid_input(error: InvalidInput, lang: str) -> str:
    """What is wrong with the value, without saying where (the caller knows the field)."""
    if error.kind == "string_pattern_mismatch" and error.field:
        kinder = FORM_PATTERNS.get(error.field.rsplit(".", 1)[-1])
        if kinder:
            return kinder[lang]
    if error.kind == "language_tag" and not error.context.get("tag"):
        return EMPTY_TAG[lang]
    if error.kind == "too_short" and error.context.get("min_length") == 1 and lang == "en":
        return "Choose at least one."
    table, fallback = (KOREAN, UNKNOWN_KIND) if lang == "ko" else (
        ENGLISH, str(error.facts["detail"]))
    try:
        return table[error.kind].format(**error.context) if error.kind in table else fallback
    except (KeyError, IndexError, ValueError):
        return fallback
