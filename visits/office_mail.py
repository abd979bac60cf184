"""Mail to the protocol office about a request's contact answering a proposal, in Korean
(the office's language), queued in the outbox in the answer's own transaction.

It goes to the officer who made the delegation from the request (the audit log names
them), else to the office's own address (ORG_EMAIL). The contact's message is quoted as
plain text: mail bodies are text/plain, nothing in it is markup.
"""

from __future__ import annotations

from visits.models import AuditEvent, OutboxMessage, User, VisitRequest
from visits.settings import Settings

ANSWERS_KO = {
    "confirmed": "견학 요청 {id}번: 연락 담당자가 제안한 일정(버전 {version})을 확정했습니다",
    "changes": "견학 요청 {id}번: 연락 담당자가 일정(버전 {version}) 변경을 요청했습니다",
    "withdrawn": "견학 요청 {id}번: 연락 담당자가 요청을 철회했습니다",
}


async def office_address(settings: Settings, request: VisitRequest) -> str:
    made = await AuditEvent.filter(entity="request", entity_id=request.id,
                                   action="make_delegation").order_by("-id").first()
    actor_id = made.actor_id if made is not None else None  # type: ignore[attr-defined]
    officer = await User.get_or_none(id=actor_id, is_active=True) if actor_id else None
    return officer.email if officer is not None else settings.org_email


async def queue_office_answer(settings: Settings, request: VisitRequest, answer: str, *,
                              organisation: str, version: int | None, message: str,
                              visit_url: str | None) -> None:
    subject = ANSWERS_KO[answer].format(id=request.id, version=version)
    lines = [subject + ".", "", f"기관: {organisation}",
             f"연락 담당자: {request.contact_name} <{request.contact_email}>"]
    if message:
        lines += ["", "연락 담당자의 메시지:", message]
    if visit_url:
        lines += ["", f"방문 화면: {visit_url}"]
    await OutboxMessage.create(to_email=await office_address(settings, request),
                               subject=subject[:500], body="\n".join(lines),
                               visit_id=request.visit_id)  # type: ignore[attr-defined]
