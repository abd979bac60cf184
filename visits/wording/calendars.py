"""Why a host's calendar could not be read, in the words the host and the officer read."""

from __future__ import annotations

from visits.wording.speech import Lang

REASONS: dict[str, dict[str, str]] = {
    "url_refused": {
        "ko": "{detail} 주소는 공개 인터넷 주소가 아니어서 읽지 않습니다. 캘린더 서비스가 "
              "알려 준 공개 구독 주소를 넣어 주세요.",
        "en": "{detail} is not a public Internet address, so it is not read. Use the public "
              "subscription address your calendar service gives."},
    "url_refused_scheme": {
        "ko": "https://, http:// 또는 webcal://로 시작하는 주소만 읽을 수 있습니다.",
        "en": "Only addresses starting with https://, http:// or webcal:// can be read."},
    "unresolvable": {
        "ko": "{detail} 주소를 찾을 수 없습니다. 주소에 오타가 없는지 확인해 주세요.",
        "en": "{detail} could not be found: check the address for typing errors."},
    "unreachable": {
        "ko": "캘린더 서버에 연결할 수 없습니다. 잠시 뒤 다시 읽겠습니다.",
        "en": "The calendar server could not be reached; it will be tried again shortly."},
    "too_slow": {
        "ko": "캘린더 서버가 제한 시간 안에 답하지 않았습니다. 잠시 뒤 다시 읽겠습니다.",
        "en": "The calendar server did not answer in time; it will be tried again shortly."},
    "too_large": {
        "ko": "캘린더 파일이 5MB를 넘어 읽지 않았습니다. 지난 일정을 정리하거나 다른 캘린더를 "
              "연결해 주세요.",
        "en": "The calendar is over 5 MB and was not read: tidy past events or link another."},
    "too_many_events": {
        "ko": "일정이 너무 많아(반복 일정 포함) 읽지 않았습니다.",
        "en": "The calendar holds too many events (repeats included) and was not read."},
    "http_status": {
        "ko": "캘린더 서버가 오류로 답했습니다(HTTP {detail}). 주소가 맞는지 확인해 주세요.",
        "en": "The calendar server answered with an error (HTTP {detail}): check the address."},
    "unauthorised": {
        "ko": "사용자 이름이나 앱 비밀번호가 맞지 않습니다. 다시 입력해 주세요.",
        "en": "The user name or app password was refused: enter them again."},
    "malformed": {
        "ko": "받은 내용이 올바른 캘린더(iCalendar) 형식이 아닙니다.",
        "en": "What came back is not a valid calendar (iCalendar)."},
    "unknown_timezone": {
        "ko": "캘린더에 알 수 없는 시간대({detail})가 쓰였습니다.",
        "en": "The calendar uses an unknown time zone ({detail})."},
    "too_many_redirects": {
        "ko": "캘린더 주소가 다른 주소로 너무 여러 번 넘겨졌습니다.",
        "en": "The calendar address redirected too many times."},
    "reader_failed": {
        "ko": "캘린더를 읽다가 문제가 생겼습니다. 잠시 뒤 다시 읽겠습니다.",
        "en": "Reading the calendar went wrong; it will be tried again shortly."},
}
STALE = {
    "ko": "{hours}시간 넘게 새로 읽지 못해, 마지막으로 읽은 일정으로 가능 시간을 계산하고 "
          "있습니다.",
    "en": "Not read for over {hours} hours: availability uses the last busy times read.",
}


def calendar_problem(stored: str, lang: Lang) -> str:
    """A stored problem (`code` or `code:detail`) as a sentence."""
    code, _, detail = stored.partition(":")
    if code == "url_refused" and detail == "scheme":
        code = "url_refused_scheme"
    reason = REASONS.get(code, REASONS["reader_failed"])
    return reason[lang].format(detail=detail or "?")


def stale_calendar(hours: int, lang: Lang) -> str:
    return STALE[lang].format(hours=hours)
