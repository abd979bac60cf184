"""Loads the demo's history (visits.demo.history) through the same services as the API.

Each visit is booked as it was on the day it was booked (`store.booked_as_of`), so the rules
that keep bookings sane — hours, notice, no double booking — judge it as they would have
then; its hosts answer as hosts do; some visits are cancelled. What the services stamp
with the clock (created and answered times, the history's entries) is then set to those
days, so pages read a past that makes sense. The mail these steps queue is dropped: the
demo's guests and hosts are fictitious and must never be written to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from visits import store
from visits.auth import Principal
from visits.contract.after import GiftCreate, SurveyIn, VisitClose
from visits.contract.booking import VisitCreate
from visits.contract.companions import AssignmentIn
from visits.contract.programme import ItemCreate
from visits.contract.requests import RequestCreate
from visits.demo.data import FACILITIES, DemoMember
from visits.demo.history import (
    HISTORY,
    PROGRAMME,
    REQUESTS,
    ROUTES,
    DemoItem,
    DemoRequest,
    DemoVisit,
)
from visits.domain import korean_public_holidays
from visits.models import (
    AuditEvent,
    Companion,
    Delegation,
    Facility,
    Host,
    OutboxMessage,
    ShareLink,
    Stop,
    SurveyAnswer,
    Visit,
    VisitRequest,
)
from visits.services import closing, companions, counters, gifts, programme, surveys, versions
from visits.services.requests import submit_request
from visits.services.visits import answer_stop, cancel_visit, create_visit
from visits.settings import Settings

CAPACITY = {f.code: f.capacity for f in FACILITIES}


@dataclass(frozen=True)
class Loaded:
    visits: int
    requests: int


def working_day_from(today: date, offset: int, taken: set[date]) -> date:
    """`today + offset`, moved to the nearest working day that no other demo visit has:
    back for a day in the past (it stays past), on for one to come."""
    day = today + timedelta(days=offset)
    step = timedelta(days=-1 if offset < 0 else 1)
    holidays = korean_public_holidays(range(day.year - 1, day.year + 2))
    while day.weekday() >= 5 or day in holidays or day in taken:
        day += step
    taken.add(day)
    return day


def member_record(m: DemoMember, rank: int) -> dict[str, object]:
    """The protocol record: the name in its own script beside its romanized form."""
    names = {"name": m.romanized, "native_name": m.name} if m.romanized else {"name": m.name}
    return {**names, "title": m.title, "role": "head" if m.head else m.role, "rank": rank,
            "languages": list(m.languages), "diet": m.diet, "access": m.access}


async def load_history(settings: Settings, officer: Principal) -> Loaded:
    first_mail = await _last_outbox_id()
    now = datetime.now(UTC)
    today = now.astimezone(settings.timezone).date()
    delegations = {d.name["en"]: d for d in await Delegation.all()}
    facilities: dict[str, int] = dict(await Facility.all().values_list("code", "id"))
    hosts = {h.id: h for h in await Host.all()}
    taken: set[date] = set()
    for planned in HISTORY:
        day = working_day_from(today, planned.day, taken)
        visit = await _book(settings, officer, planned, day,
                            delegations[planned.delegation], facilities, hosts, now)
        if planned.fate == "done" and planned.day < -14:
            await _close(settings, officer, visit, delegations[planned.delegation], len(taken))
        items = PROGRAMME.get((planned.delegation, planned.day), ())
        if items:
            await _prepare(settings, officer, visit, day, items,
                           delegations[planned.delegation])
    for offset, wanted in enumerate(REQUESTS):
        await _request(settings, wanted, today, now - timedelta(hours=30 + 20 * offset))
    await OutboxMessage.filter(id__gt=first_mail).delete()
    return Loaded(len(HISTORY), len(REQUESTS))


async def _last_outbox_id() -> int:
    last = await OutboxMessage.all().order_by("-id").first()
    return last.id if last else 0


async def _book(settings: Settings, officer: Principal, planned: DemoVisit, day: date,
                delegation: Delegation, facilities: dict[str, int], hosts: dict[int, Host],
                now: datetime) -> Visit:
    zone = settings.timezone
    route = ROUTES[planned.route]
    starts = [datetime.combine(day, time.fromisoformat(hhmm), zone) for _, hhmm in route]
    # Booked three weeks ahead; what still waits for its hosts was asked four days ago.
    booked = min(starts[0] - timedelta(days=21), now - timedelta(days=4))
    body = VisitCreate.model_validate({
        "delegation_id": delegation.id,
        "stops": [{"facility_id": facilities[code], "start": start.isoformat(),
                   "party_size": min(delegation.size, CAPACITY[code])}
                  for (code, _), start in zip(route, starts, strict=True)],
    })
    with store.booked_as_of(booked):
        visit = await create_visit(officer, settings, body)
    stops = await Stop.filter(visit=visit).order_by("position")
    answered = booked + timedelta(hours=26)
    for index, stop in enumerate(stops):
        if planned.fate in ("waiting", "countered") and index > 0:
            if planned.fate == "countered" and index == planned.declined:
                counter = datetime.combine(day, time.fromisoformat(planned.counter), zone)
                await counters.counter_stop(_host(hosts[stop.host_id]), settings,  # type: ignore[attr-defined]
                                            stop.id, counter, planned.reason)
            continue  # the first host answered; the others have not yet
        declined = planned.fate == "declined" and index == planned.declined
        await answer_stop(_host(hosts[stop.host_id]), stop.id,  # type: ignore[attr-defined]
                          accept=not declined, reason=planned.reason if declined else "")
    cancelled = None
    if planned.fate == "cancelled":
        cancelled = starts[0] - timedelta(days=6)
        await cancel_visit(officer, settings, visit.id)
    await _stamp(visit, booked, answered, cancelled)
    return visit


async def _close(settings: Settings, officer: Principal, visit: Visit,
                 delegation: Delegation, n: int) -> None:
    """Closed after the day: who came, the gifts exchanged, what the visitors said."""
    stops = await Stop.filter(visit=visit).order_by("position")
    await closing.close_visit(officer, settings, visit.id, VisitClose.model_validate({
        "attendance": [{"stop_id": s.id, "count": max(1, s.party_size - (n + i) % 3)}
                       for i, s in enumerate(stops)],
        "notes": "예정대로 진행. 질의응답이 길어져 일정 간 이동을 서둘렀음." if n % 2 else
                 "예정대로 진행. 방문단이 자료 영문본을 추가로 요청함.",
    }))
    head = "방문단 대표"
    if n % 3 == 0:
        await gifts.add_gift(officer, settings, visit.id, GiftCreate.model_validate({
            "direction": "received", "description": "도자기 화병" if n % 2 else "전통 공예 액자",
            "giver": head, "recipient": "구로구청장", "value_krw": 150_000 if n % 2 else 60_000}))
        await gifts.add_gift(officer, settings, visit.id, GiftCreate.model_validate({
            "direction": "given", "description": "구로구 기념 자개 명함함",
            "giver": "구로구청장", "recipient": head, "value_krw": 45_000}))
    if n % 2 == 0:
        await _survey(settings, officer, visit, stops, n)
    closed = min(s.end for s in stops) + timedelta(days=2)
    await Visit.filter(id=visit.id).update(closed_at=closed, updated_at=closed)
    await AuditEvent.filter(visit_id=visit.id, action="close").update(at=closed)


async def _survey(settings: Settings, officer: Principal, visit: Visit, stops: list[Stop],
                  n: int) -> None:
    """The share link the delegation had, and the answers of two or three of its members."""
    token, _ = await versions.share_visit(officer, settings, visit.id,
                                          base_url=settings.public_url)
    link = await ShareLink.filter(visit_id=visit.id).order_by("-id").select_related(
        "visit").first()
    assert link is not None, token
    delegation = await Delegation.get(id=visit.delegation_id)  # type: ignore[attr-defined]
    for k in range(2 + n % 2):
        await surveys.save_answer(settings, link, f"demo-device-{visit.id}-{k}", SurveyIn(
            overall=5 - (n + k) % 3 // 2, useful_stop_id=stops[(n + k) % len(stops)].id,
            comment=""), delegation.language)
    answered = min(s.end for s in stops) + timedelta(hours=6)
    await SurveyAnswer.filter(visit_id=visit.id).update(created_at=answered,
                                                        updated_at=answered)


async def _prepare(settings: Settings, officer: Principal, visit: Visit, day: date,
                   items: tuple[DemoItem, ...], delegation: Delegation) -> None:
    """The day's programme beyond the stops, an interpreter of the delegation's language
    and a vehicle with a seat for everyone, for the day's span."""
    zone = settings.timezone
    for item in items:
        await programme.add_item(officer, visit.id, ItemCreate.model_validate({
            "kind": item.kind, "title": item.title,
            "start": datetime.combine(day, time.fromisoformat(item.start), zone).isoformat(),
            "end": datetime.combine(day, time.fromisoformat(item.end), zone).isoformat(),
            "place": {"ko": item.place} if item.place else None,
            "lat": item.lat, "lon": item.lon}))
    start = datetime.combine(day, time.fromisoformat(items[0].start), zone)
    end = datetime.combine(day, time.fromisoformat(items[-1].end), zone)
    chosen: list[Companion] = []
    for c in sorted(await Companion.all(), key=lambda c: (c.seats or 0, c.id)):  # small first
        speaks = delegation.language in c.languages
        fits = c.kind == "vehicle" and (c.seats or 0) >= delegation.size
        if (c.kind == "interpreter" and speaks) or fits:
            if all(o.kind != c.kind for o in chosen):
                chosen.append(c)
    await companions.set_visit_companions(officer, settings, visit.id, [
        AssignmentIn(companion_id=c.id, start=start, end=end) for c in chosen])


def _host(host: Host) -> Principal:
    """A host answering from the request mail: known by the address, no user account."""
    return Principal(user_id=None, email=host.email, role="host",  # type: ignore[arg-type]
                     host_id=host.id)


async def _stamp(visit: Visit, booked: datetime, answered: datetime,
                 cancelled: datetime | None) -> None:
    """Dates the services stamped with today's clock, set to the days they happened."""
    last = cancelled or answered
    await Visit.filter(id=visit.id).update(created_at=booked, updated_at=last)
    await Stop.filter(visit_id=visit.id).update(created_at=booked, updated_at=last)
    await AuditEvent.filter(visit_id=visit.id, entity="visit", action="create").update(at=booked)
    await AuditEvent.filter(visit_id=visit.id, action__in=("accepted", "declined")).update(
        at=answered)
    if cancelled is not None:
        await AuditEvent.filter(visit_id=visit.id, action="cancel").update(at=cancelled)


async def _request(settings: Settings, wanted: DemoRequest, today: date,
                   sent: datetime) -> None:
    data = RequestCreate.model_validate({
        "organisation": wanted.organisation, "country": wanted.country, "city": wanted.city,
        "language": wanted.language, "size": wanted.size,
        "contact": {"name": wanted.contact_name, "email": wanted.contact_email},
        "members": [member_record(m, rank) for rank, m in enumerate(wanted.members, 1)],
        "dates": [(today + timedelta(days=d)).isoformat() for d in wanted.days],
        "interests": list(wanted.interests), "interpreter_needed": wanted.interpreter_needed,
        "notes": wanted.notes,
    })
    request, _ = await submit_request(settings, settings.public_url, data,
                                      client_address="demo", form_language=wanted.language)
    await VisitRequest.filter(id=request.id).update(created_at=sent, updated_at=sent)
    await AuditEvent.filter(entity="request", entity_id=request.id).update(at=sent)
