"""The service and edge errors in Korean: each English template of `visits.errors`
raised anywhere, beside the Korean a protocol officer would write.

Placeholders are the error's facts; `{count:이}` puts a Korean particle after a fact
(see `speech.josa`). `tests/unit/test_wording.py` finds every template raised in the code
and fails on one missing here.
"""

from __future__ import annotations

KOREAN: dict[str, str] = {
    # the programme's items
    "There is no programme item with id {id}.": "ID {id}번 일정 항목이 없습니다.",
    "Give a date, a start time and an end time.": "날짜, 시작 시각, 끝나는 시각을 입력해 주세요.",
    "The visit is cancelled: its programme can no longer change.":
        "취소된 방문이라 일정 항목을 더 바꿀 수 없습니다.",
    # the body and the request
    "A JSON body is required.": "JSON 본문이 필요합니다.",
    "The body must be a JSON object.": "본문은 JSON 객체여야 합니다.",
    "The body must be a JSON array.": "본문은 JSON 배열이어야 합니다.",
    "Give both start and end, or neither.": "시작과 끝을 함께 주거나 둘 다 비워 주세요.",
    "The end must come after the start.": "끝나는 시각이 시작 시각보다 늦어야 합니다.",
    "The body is not valid JSON (line {line}, column {column}).":
        "본문이 올바른 JSON이 아닙니다({line}번째 줄, {column}번째 글자).",
    "The body is not UTF-8 text.": "본문이 UTF-8 텍스트가 아닙니다.",
    "The body starts with a byte order mark: send UTF-8 without one.":
        "본문이 바이트 순서 표시(BOM)로 시작합니다. BOM 없는 UTF-8로 보내 주세요.",
    "The body is nested more than {limit} levels deep.": "본문의 중첩이 {limit}단계를 넘습니다.",
    "A number in the body has more than {limit} digits.":
        "본문에 {limit}자리가 넘는 숫자가 있습니다.",
    "A number in the body is too large.": "본문에 너무 큰 숫자가 있습니다.",
    "The body contains {name}, which JSON does not allow.":
        "본문에 JSON에서 쓸 수 없는 값({name})이 있습니다.",
    "Send the body as JSON in UTF-8, with Content-Type: application/json.":
        "본문은 UTF-8 JSON으로 보내고 Content-Type: application/json 헤더를 붙여 주세요.",
    "The request body is over {limit} bytes.": "요청 본문이 {limit}바이트를 넘습니다.",
    "There is nothing at {path}.": "{path} 주소에는 아무것도 없습니다.",
    "The address contains a control character.": "주소에 제어 문자가 들어 있습니다.",
    "{method} is not allowed here.": "이 주소에서는 {method} 요청을 받지 않습니다.",
    "This server does not answer for the address in the Host header.":
        "이 서버는 요청한 주소(Host 헤더)로는 응답하지 않습니다.",
    "The request could not be handled: {detail}.": "요청을 처리할 수 없습니다.",
    "Something went wrong on our side: please try again shortly.":
        "서버에서 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.",
    # signing in and roles
    "Wrong email or password.": "이메일 또는 비밀번호가 올바르지 않습니다.",
    "Too many sign-in attempts: try again in {seconds} seconds.":
        "로그인 시도가 너무 많습니다. {seconds}초 뒤에 다시 시도해 주세요.",
    "Send Authorization: Bearer TOKEN (from POST /api/auth/token).":
        "Authorization: Bearer 토큰 헤더를 보내 주세요(토큰은 POST /api/auth/token에서 받습니다).",
    "The token is unknown, expired or revoked.": "토큰을 알 수 없거나 만료되었거나 폐기되었습니다.",
    "Your role may not do this.": "현재 역할로는 할 수 없는 작업입니다.",
    "This page is not for your role.": "현재 역할로는 볼 수 없는 화면입니다.",
    "The form expired or did not come from this site: reload the page and try again.":
        "양식이 만료되었거나 이 사이트에서 보낸 것이 아닙니다. 새로 고친 뒤 다시 시도해 주세요.",
    "Hosts see only their own record.": "시설 담당자는 자신의 정보만 볼 수 있습니다.",
    "Hosts may change only their own availability.":
        "시설 담당자는 자신의 근무 시간만 바꿀 수 있습니다.",
    "Hosts may link only their own calendars.":
        "시설 담당자는 자신의 캘린더만 연결할 수 있습니다.",
    "The calendar address {host} is not public and may not be read.":
        "캘린더 주소 {host}는 공개 인터넷 주소가 아니어서 읽을 수 없습니다.",
    "Hosts may see only their own calendar feed.":
        "시설 담당자는 자신의 캘린더 구독 주소만 볼 수 있습니다.",
    "Only the stop's own host may read its briefing.":
        "이 일정의 담당자만 사전 안내를 볼 수 있습니다.",
    "Only the stop's own host may answer it.": "이 일정의 담당자만 수락하거나 거절할 수 있습니다.",
    "Only the stop's own host may propose another time.":
        "이 일정의 담당자만 다른 시간을 제안할 수 있습니다.",
    "That is the time already asked for: accept it, or propose another.":
        "이미 요청된 시간입니다. 수락하시거나 다른 시간을 제안해 주세요.",
    "The request changed since this answer was prepared: look at it again.":
        "답을 준비하시는 사이에 요청이 바뀌었습니다. 바뀐 요청을 다시 확인해 주세요.",
    "The stop has no proposal from its host to take (it is {status}).":
        "담당자가 제안한 시간이 없어 받아들일 수 없습니다(현재 {status}).",
    "The facility or its host is no longer in use: book another stop.":
        "시설이나 담당자가 더 이상 운영되지 않습니다. 다른 일정을 잡아 주세요.",
    "Only the stop's own host may fetch its invite.":
        "이 일정의 담당자만 초대장을 받을 수 있습니다.",
    "Your account is not linked to a host: ask the protocol office.":
        "계정이 시설 담당자와 연결되어 있지 않습니다. 의전 담당 부서에 문의해 주세요.",
    # things that do not exist
    "There is no visit with id {id}.": "ID {id}번 방문이 없습니다.",
    "There is no stop with id {id}.": "ID {id}번 일정이 없습니다.",
    "There is no facility with id {id}.": "ID {id}번 시설이 없습니다.",
    "There is no host with id {id}.": "ID {id}번 담당자가 없습니다.",
    "There is no delegation with id {id}.": "ID {id}번 대표단이 없습니다.",
    "There is no mail with id {id}.": "ID {id}번 메일이 없습니다.",
    "Visit {id} has no version {number}.": "ID {id}번 방문에는 {number}번째 버전이 없습니다.",
    "There is no visit request with id {id}.": "ID {id}번 견학 요청이 없습니다.",
    "There is no companion with id {id}.": "ID {id}번 수행 인력이 없습니다.",
    "{name} was assigned to another visit at that time just now.":
        "{name} 님은 방금 같은 시간의 다른 방문에 배정되었습니다.",
    "The companion still goes with visits: remove them from those visits first.":
        "이 수행 인력은 아직 배정된 방문이 있습니다. 먼저 그 방문에서 빼 주세요.",
    "The visit is cancelled: companions can no longer be assigned to it.":
        "취소된 방문에는 수행 인력을 배정할 수 없습니다.",
    "This link is not valid.": "올바른 링크가 아닙니다.",
    "This link has expired or was withdrawn.": "링크가 만료되었거나 회수되었습니다.",
    "This calendar feed is not valid.": "올바른 캘린더 구독 주소가 아닙니다.",
    # the catalogue
    "Another facility already has the code “{value}”.": "코드가 “{value}”인 시설이 이미 있습니다.",
    "The facility has {count} requested or accepted stop(s): cancel or move them first.":
        "이 시설에는 요청 중이거나 수락된 일정이 {count}건 있습니다. 먼저 취소하거나 옮겨 주세요.",
    "Another host already has this email address.": "이 이메일을 쓰는 담당자가 이미 있습니다.",
    "More members are listed than the party size.": "명단의 인원이 일행 인원보다 많습니다.",
    # booking
    "A party of {party_size} exceeds the facility's capacity of {capacity}.":
        "{party_size}명 일행은 이 시설의 정원 {capacity}명을 넘습니다.",
    "Stop {later} does not start after stop {earlier}: list the stops in time order.":
        "{later}번째 일정이 {earlier}번째 일정보다 늦게 시작하지 않습니다. "
        "일정을 시간 순서대로 적어 주세요.",
    "Someone else booked the host at that time just now: choose another time.":
        "방금 다른 사람이 그 시간에 이 담당자를 예약했습니다. 다른 시간을 골라 주세요.",
    "Nothing has changed since version {number}: there is nothing to publish.":
        "버전 {number} 이후 바뀐 내용이 없어 게시할 것이 없습니다.",
    "The stop is cancelled: book a new visit instead.":
        "취소된 일정입니다. 새 방문을 예약해 주세요.",
    "The stop is {status}: it can no longer be {wanted}.":
        "이 일정은 이미 ‘{status}’ 상태라 ‘{wanted}’(으)로 바꿀 수 없습니다.",
    "Each delegation may appear only once.": "대표단은 한 번씩만 넣을 수 있습니다.",
    # event planning: bounded before anything is built
    "The event days span {span} days: keep the first and the last within {limit} days.":
        "행사 날짜가 {span}일에 걸쳐 있습니다. 첫날부터 마지막 날까지 {limit}일 이내로 "
        "잡아 주세요.",
    "The event is too large to plan in one go ({count} possible stops, at most {limit}): "
    "plan fewer delegations, wishes or days, or a shorter day, in several goes.":
        "한 번에 계획하기에는 행사가 너무 큽니다(가능한 일정 {count}개, 최대 {limit}개). "
        "대표단·희망 시설·날짜를 줄이거나 하루 일정을 짧게 잡아 여러 번에 나누어 계획해 주세요.",
    "Every planner is busy: try again in {seconds} seconds.":
        "모든 일정 계획기가 사용 중입니다. {seconds}초 뒤에 다시 시도해 주세요.",
    "The plan took longer than its time limit and was stopped: try again with fewer "
    "delegations or a longer time limit.":
        "계획이 제한 시간을 넘겨 중단되었습니다. 대표단 수를 줄이거나 제한 시간을 늘려 "
        "다시 시도해 주세요.",
    "The planner stopped without a plan (out of memory or another failure): plan fewer "
    "delegations or days at once.":
        "일정 계획기가 계획을 끝내지 못하고 멈췄습니다(메모리 부족 등). 한 번에 계획하는 "
        "대표단이나 날짜를 줄여 주세요.",
    "The server is restarting: try again in a moment.":
        "서버가 다시 시작하는 중입니다. 잠시 후 다시 시도해 주세요.",
    # event plans as jobs (SPEC 7.8)
    "There is no event plan job {id}.": "{id} 행사 계획 작업이 없습니다.",
    "The app process planning this event stopped before it finished: plan the event again.":
        "이 행사를 계획하던 앱 프로세스가 끝나기 전에 멈췄습니다. 행사 일정을 다시 계획해 주세요.",
    "The planner refused this request: check the days, the delegations and the largest "
    "group, and plan again.":
        "일정 계획기가 이 요청을 받지 않았습니다. 날짜, 대표단, 가장 큰 그룹 인원을 확인하고 "
        "다시 계획해 주세요.",
    # documents and pages
    "The document took too long to make: try again in a moment.":
        "문서를 만드는 데 시간이 너무 오래 걸렸습니다. 잠시 후 다시 시도해 주세요.",
    "Documents cannot be made right now: try again in a moment.":
        "지금은 문서를 만들 수 없습니다. 잠시 후 다시 시도해 주세요.",
    "The year must be between 2000 and 2100.": "연도는 2000년부터 2100년 사이여야 합니다.",
    # outages: the database busy or away, the server full
    "The database is busy: please try again in a few seconds.":
        "데이터베이스가 다른 작업으로 바쁩니다. 몇 초 뒤에 다시 시도해 주세요.",
    "The database cannot be reached just now: please try again shortly.":
        "지금은 데이터베이스에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
    "The database's disk is full: nothing can be saved until space is freed.":
        "데이터베이스 디스크가 가득 찼습니다. 공간을 확보할 때까지 아무것도 저장할 수 없습니다.",
    "The server is handling too many requests: please try again in a moment.":
        "서버가 처리 중인 요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.",
    "The kind must be one of {kinds}.": "종류는 다음 중 하나여야 합니다: {kinds}",
    # mail to hosts, requests repeated or abandoned
    "Mail {id} was already delivered.": "ID {id}번 메일은 이미 전달되었습니다.",
    "No mail server is set up (SMTP_URL): the mail stays in the outbox.":
        "메일 서버가 설정되어 있지 않아(SMTP_URL) 메일을 보낼 수 없습니다. 메일은 그대로 남아 "
        "있습니다.",
    "A sender is delivering mail {id} right now: look again in a moment.":
        "ID {id}번 메일을 지금 보내는 중입니다. 잠시 후 다시 확인해 주세요.",
    "The Idempotency-Key header must be 1 to 255 visible ASCII characters.":
        "Idempotency-Key 헤더는 눈에 보이는 ASCII 문자 1~255자여야 합니다.",
    "This Idempotency-Key was already used for a different request: use a new key.":
        "이 Idempotency-Key는 이미 다른 요청에 쓰였습니다. 새 키를 쓰세요.",
    "A request with this Idempotency-Key is still being handled: try again in a moment.":
        "이 Idempotency-Key로 보낸 요청을 아직 처리하고 있습니다. 잠시 후 다시 시도해 주세요.",
    "The connection closed before the change was saved: nothing was changed.":
        "변경 내용을 저장하기 전에 연결이 끊겨 아무것도 바뀌지 않았습니다.",
    # visit requests from delegations
    "Too many requests from your address: try again in {seconds} seconds.":
        "이 주소에서 보낸 요청이 너무 많습니다. {seconds}초 뒤에 다시 시도해 주세요.",
    "The request looks automated and was not recorded.":
        "자동으로 보낸 요청으로 보여 접수하지 않았습니다.",
    "{day} is not in the future: wish for dates after today.":
        "{day}은(는) 지난 날짜이거나 오늘입니다. 내일 이후의 날짜를 골라 주세요.",
    "There is no kind of facility or facility code “{value}”.":
        "“{value}”라는 시설 종류나 시설 코드가 없습니다.",
    "The request is {status}: it can no longer be {wanted}.":
        "이 견학 요청은 이미 ‘{status}’ 상태라 ‘{wanted}’(으)로 바꿀 수 없습니다.",
    "A delegation was already made from this request: {name} (id {id}).":
        "이 견학 요청으로 이미 대표단을 만들었습니다: {name}(ID {id}).",
    "The visit has not taken place yet: it can be closed from {day} on.":
        "아직 방문일이 되지 않았습니다. {day}부터 방문을 마무리할 수 있습니다.",
    "The visit has no stops: give the gift's date.":
        "일정이 없는 방문입니다. 선물을 주고받은 날짜를 적어 주세요.",
    "The year must be between {first} and {last}.":
        "연도는 {first}년부터 {last}년 사이로 입력해 주세요.",
    "The survey opens on the day of the visit.": "설문은 방문 당일부터 열립니다.",
    "Answers can be changed for a week only: this one can no longer be changed.":
        "설문 응답은 1주일 동안만 고칠 수 있습니다. 이 응답은 더 이상 고칠 수 없습니다.",
    "The visit was cancelled: there is nothing to close.":
        "취소된 방문이라 마무리할 내용이 없습니다.",
    "Visit {id} is cancelled: there is nothing to propose.":
        "ID {id}번 방문은 취소되어 제안할 일정이 없습니다.",
    "This visit's delegation was not made from a visit request: there is no contact to "
    "propose it to.":
        "이 방문의 대표단은 견학 요청으로 만든 것이 아니어서 일정을 제안할 연락 담당자가 없습니다.",
    "Version {version} is no longer the latest: version {latest} of the programme was "
    "published since. Nothing was changed.":
        "버전 {version}은(는) 최신이 아닙니다. 그 뒤에 일정 버전 {latest}이(가) 게시되었습니다. "
        "아무것도 바뀌지 않았습니다.",
    "Visit {id} has no stop still to come to move.":
        "ID {id}번 방문에는 아직 남은 일정이 없어 늦출 수 없습니다.",
    "This cursor was not given by this list: start again without it.":
        "이 목록에서 받은 커서가 아닙니다. 커서 없이 처음부터 다시 조회해 주세요.",
}

# Facts that are statuses are said in words too.
STATUS_WORDS: dict[str, dict[str, str]] = {
    "ko": {"requested": "요청됨", "accepted": "수락됨", "declined": "거절됨",
           "cancelled": "취소됨", "confirmed": "확정", "needs_attention": "확인 필요",
           "countered": "다른 시간 제안됨", "completed": "완료",
           "new": "새 요청", "in_review": "검토 중", "proposed": "제안함",
           "changes_requested": "변경 요청됨", "withdrawn": "철회됨"},
    "en": {"requested": "requested", "accepted": "accepted", "declined": "declined",
           "cancelled": "cancelled", "confirmed": "confirmed", "countered": "another time proposed",
           "needs_attention": "needs attention", "completed": "completed", "new": "new",
           "in_review": "in review",
           "proposed": "proposed", "changes_requested": "changes requested",
           "withdrawn": "withdrawn"},
}
