"""The visitors' survey after the visit (SPEC §7.6): overall satisfaction 1–5, the most
useful stop, a comment. From the visit's day on; one answer per share link and device
(the device's random cookie, kept only as its SHA-256), which that device may change for
a week after first answering."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count

from visits import store
from visits.audit import bump_change_counter
from visits.contract.after import SurveyIn
from visits.errors import Conflict
from visits.models import LIVE_STOP_STATUSES, Facility, ShareLink, Stop, SurveyAnswer, Visit
from visits.services import unknown
from visits.services.closing import first_day
from visits.settings import Settings

EDITABLE_FOR = timedelta(days=7)


def device_hash(device: str) -> str:
    return hashlib.sha256(device.encode()).hexdigest()


async def is_open(settings: Settings, visit: Visit) -> bool:
    """From the visit's first day on, for a visit that was not cancelled."""
    if visit.cancelled:
        return False
    day = await first_day(settings, visit)
    return day is not None and day <= datetime.now(settings.timezone).date()


async def answer_of(link: ShareLink, device: str | None) -> SurveyAnswer | None:
    if not device:
        return None
    return await SurveyAnswer.get_or_none(share_link_id=link.id, device_hash=device_hash(device))


def still_editable(answer: SurveyAnswer | None, now: datetime | None = None) -> bool:
    return answer is None or (now or datetime.now(UTC)) < answer.created_at + EDITABLE_FOR


async def useful_stops(visit_id: int) -> list[Stop]:
    return await Stop.filter(visit_id=visit_id, status__in=LIVE_STOP_STATUSES).order_by(
        "start").select_related("facility")


async def save_answer(settings: Settings, link: ShareLink, device: str, body: SurveyIn,
                      lang: str) -> SurveyAnswer:
    """A new answer, or this device's earlier one changed (within the week)."""
    visit = link.visit
    if not await is_open(settings, visit):
        raise Conflict("The survey opens on the day of the visit.", code="survey_not_open")
    if body.useful_stop_id is not None and body.useful_stop_id not in {
            s.id for s in await useful_stops(visit.id)}:
        raise unknown("stop", body.useful_stop_id, "useful_stop_id")
    values: dict[str, Any] = {"overall": body.overall, "useful_stop_id": body.useful_stop_id,
                              "comment": body.comment, "language": lang}
    digest = device_hash(device)
    for _attempt in range(2):  # a racing first answer of the same device: update it
        existing = await SurveyAnswer.get_or_none(share_link_id=link.id, device_hash=digest)
        if existing is not None:
            if not still_editable(existing):
                raise Conflict("Answers can be changed for a week only: this one can no "
                               "longer be changed.", code="survey_closed")
            async with store.transaction():
                await SurveyAnswer.filter(id=existing.id).update(
                    **values, updated_at=datetime.now(UTC))
                await bump_change_counter()  # the statistics count answers
            await existing.refresh_from_db()
            return existing
        try:
            async with store.transaction():
                created = await SurveyAnswer.create(visit_id=visit.id, share_link_id=link.id,
                                                    device_hash=digest, **values)
                await bump_change_counter()
            return created
        except IntegrityError:
            continue
    raise Conflict("Answers can be changed for a week only: this one can no longer be "
                   "changed.", code="survey_closed")


@dataclass(frozen=True)
class SurveySummary:
    answers: int = 0
    average: float | None = None
    by_score: dict[int, int] = field(default_factory=dict)  # 1..5 → answers
    useful: list[tuple[Any, int]] = field(default_factory=list)  # (facility name, answers)
    comments: list[tuple[int, str, str]] = field(default_factory=list)  # (score, lang, text)


async def summary(visit_id: int) -> SurveySummary:
    scores = dict(await SurveyAnswer.filter(visit_id=visit_id).annotate(n=Count("id"))
                  .group_by("overall").values_list("overall", "n"))
    if not scores:
        return SurveySummary()
    answers = sum(int(n) for n in scores.values())
    average = sum(int(s) * int(n) for s, n in scores.items()) / answers
    useful = await (SurveyAnswer.filter(visit_id=visit_id, useful_stop_id__isnull=False)
                    .annotate(n=Count("id")).group_by("useful_stop__facility_id")
                    .values_list("useful_stop__facility_id", "n"))
    names = dict(await Facility.filter(id__in=[f for f, _ in useful]).values_list("id", "name"))
    comments = await (SurveyAnswer.filter(visit_id=visit_id).exclude(comment="")
                      .order_by("id").limit(50).values_list("overall", "language", "comment"))
    return SurveySummary(
        answers=answers, average=round(average, 2),
        by_score={s: int(scores.get(s, 0)) for s in range(1, 6)},
        useful=sorted(((names.get(f), int(n)) for f, n in useful), key=lambda p: -p[1]),
        comments=[(int(o), str(lang), str(c)) for o, lang, c in comments])
