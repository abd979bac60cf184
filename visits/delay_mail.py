"""The short mail a host gets when the delegation runs late (SPEC §7.5), in Korean, with the
updated invite (same UID, higher SEQUENCE) attached; queued in the delay's transaction."""

from __future__ import annotations

from datetime import datetime

from itineraries import ics
from itineraries.model import Itinerary, pick_text
from visits.mail import SUBJECTS
from visits.models import OutboxMessage


def _clock(moment: datetime, itinerary: Itinerary) -> str:
    return f"{moment.astimezone(itinerary.timezone):%H:%M}"


async def queue_delay_mail(itinerary: Itinerary, stop_id: int, minutes: int,
                           was: datetime) -> None:
    """Mail kind `delay`: the stop's host learns the new time of their stop."""
    stop = next(s for s in itinerary.stops if s.stop_id == stop_id)
    data, method = ics.stop_invite(itinerary, stop_id)
    delegation = pick_text(itinerary.delegation.name, "ko")
    place = pick_text(stop.place.name, "ko")
    day = stop.start.astimezone(itinerary.timezone)
    new = f"{_clock(stop.start, itinerary)}–{_clock(stop.end, itinerary)}"
    ko, _ = SUBJECTS["delay"]
    subject = f"[{ko}] {place} · {delegation} · {day:%Y-%m-%d} {new}"
    body = "\n".join([
        f"{delegation} 일행이 {minutes}분 늦어지고 있습니다.",
        "",
        f"{place} 방문 시간이 {day:%Y-%m-%d} {_clock(was, itinerary)} 시작에서 {new}(으)로 "
        "바뀌었습니다.",
        "첨부한 초대 파일을 열면 캘린더의 일정이 새 시간으로 바뀝니다.",
    ])
    await OutboxMessage.create(
        to_email=stop.host.email, subject=subject[:500], body=body, ics=data.decode(),
        ics_method=method, stop_id=stop_id, visit_id=itinerary.visit_id,
    )
