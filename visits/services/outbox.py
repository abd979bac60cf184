"""The outbox as the office sees it: which mails went, which wait, which keep failing, and
sending one again now."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from visits import mail
from visits.errors import Conflict
from visits.models import OutboxMessage
from visits.services import get_or_404
from visits.settings import Settings

# Not sent and never tried: "pending"; tried and refused at least once: "failing".
STATUSES = ("pending", "failing", "sent")


def delivery_status(message: OutboxMessage) -> str:
    if message.sent_at is not None:
        return "sent"
    return "failing" if message.attempts else "pending"


def _with_status(query: QuerySet[OutboxMessage], status: str) -> QuerySet[OutboxMessage]:
    if status == "sent":
        return query.filter(sent_at__isnull=False)
    if status == "failing":
        return query.filter(sent_at=None, attempts__gt=0)
    return query.filter(sent_at=None, attempts=0)


async def list_mail(status: str | None = None, visit_id: int | None = None,
                    limit: int = 100) -> list[OutboxMessage]:
    """Newest first."""
    query = OutboxMessage.all()
    if status is not None:
        query = _with_status(query, status)
    if visit_id is not None:
        query = query.filter(visit_id=visit_id)
    return await query.order_by("-id").limit(limit)


async def undelivered() -> list[OutboxMessage]:
    """What the office should know has not reached its host yet, oldest first."""
    return await OutboxMessage.filter(sent_at=None).order_by("id")


async def send_now(settings: Settings, outbox_id: int) -> OutboxMessage:
    """One attempt at once, outside the back-off; refused while a sender holds the row."""
    message = await get_or_404(OutboxMessage, outbox_id, "mail")
    if message.sent_at is not None:
        raise Conflict("Mail {id} was already delivered.", code="outbox_sent", id=outbox_id)
    if not settings.smtp_url:
        raise Conflict("No mail server is set up (SMTP_URL): the mail stays in the outbox.",
                       code="mail_not_configured")
    if not await mail.claim(message.id):
        raise Conflict("A sender is delivering mail {id} right now: look again in a moment.",
                       code="outbox_busy", id=outbox_id)
    retry = mail.RetryPolicy(settings.mail_retry_first, settings.mail_retry_cap)
    await mail.send_claimed(message, settings.smtp_url, settings.org_email, retry)
    await message.refresh_from_db()
    return message
