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
from visits.contract.booking import VisitCreate
from visits.contract.requests import RequestCreate
from visits.demo.data import FACILITIES, DemoMember
from visits.demo.history import HISTORY, REQUESTS, ROUTES, DemoRequest, DemoVisit
from visits.domain import korean_public_holidays
from visits.models import (
    AuditEvent,
    Delegation,
    Facility,
    Host,
    OutboxMessage,
    Stop,
    Visit,
    VisitRequest,
)
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
        await _book(settings, officer, planned, day, delegations[planned.delegation],
                    facilities, hosts, now)
    for offset, wanted in enumerate(REQUESTS):
        await _request(settings, wanted, today, now - timedelta(hours=30 + 20 * offset))
    await OutboxMessage.filter(id__gt=first_mail).delete()
    return Loaded(len(HISTORY), len(REQUESTS))


async def _last_outbox_id() -> int:
    last = await OutboxMessage.all().order_by("-id").first()
    return last.id if last else 0


async def _book(settings: Settings, officer: Principal, planned: DemoVisit, day: date,
                delegation: Delegation, facilities: dict[str, int], hosts: dict[int, Host],
                now: datetime) -> None:
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
        if planned.fate == "waiting" and index > 0:
            continue  # the first host answered; the others have not yet
        declined = planned.fate == "declined" and index == planned.declined
        await answer_stop(_host(hosts[stop.host_id]), stop.id,  # type: ignore[attr-defined]
                          accept=not declined, reason=planned.reason if declined else "")
    cancelled = None
    if planned.fate == "cancelled":
        cancelled = starts[0] - timedelta(days=6)
        await cancel_visit(officer, settings, visit.id)
    await _stamp(visit, booked, answered, cancelled)


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
    await AuditEvent.filter(visit_id=visit.id, action="create").update(at=booked)
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
