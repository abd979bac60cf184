"""ORM records → response models. One place, so the API and the pages show the same."""

from __future__ import annotations

from datetime import tzinfo

from visits.contract.base import Closure, Period, WeeklyWindow
from visits.contract.catalog import ContactOut, DelegationOut, FacilityOut, HostOut, MemberOut
from visits.contract.companions import AssignmentOut, CompanionOut
from visits.contract.fields import as_given
from visits.models import Companion, CompanionAssignment, Delegation, Facility, Host
from visits.services.delegations import in_precedence, member_fields


def facility_out(facility: Facility) -> FacilityOut:
    return FacilityOut(
        id=facility.id,
        code=facility.code,
        kind=facility.kind,
        name=facility.name,
        description=as_given(facility.description),
        address=as_given(facility.address),
        lat=facility.lat,
        lon=facility.lon,
        capacity=facility.capacity,
        duration_min=facility.duration_min,
        buffer_min=facility.buffer_min,
        max_visits_per_week=facility.max_visits_per_week,
        open_hours=[WeeklyWindow(**w) for w in facility.open_hours],
        closures=[
            Closure(start=c.start, end=c.end, reason=c.reason)
            for c in sorted(facility.closures, key=lambda c: c.start)
        ],
        host_ids=sorted(h.id for h in facility.hosts),
    )


def host_out(host: Host) -> HostOut:
    return HostOut(
        id=host.id,
        name=as_given(host.name),
        email=host.email,
        phone=host.phone,
        facility_ids=sorted(f.id for f in host.facilities if f.is_active),
        languages=host.languages,
        weekly=[WeeklyWindow(**w) for w in host.weekly],
        time_off=[
            Period(start=t.start, end=t.end) for t in sorted(host.time_off, key=lambda t: t.start)
        ],
    )


def delegation_out(delegation: Delegation) -> DelegationOut:
    return DelegationOut(
        id=delegation.id,
        name=as_given(delegation.name),
        country=delegation.country,
        city=delegation.city,
        language=delegation.language,
        size=delegation.size,
        contact=ContactOut(name=delegation.contact_name, email=delegation.contact_email),
        members=[MemberOut(**member_fields(m)) for m in in_precedence(delegation.members)],
        notes=delegation.notes,
        created_at=delegation.created_at,
    )


def companion_out(c: Companion) -> CompanionOut:
    return CompanionOut(
        id=c.id, name=as_given(c.name), kind=c.kind,
        email=c.email, phone=c.phone, languages=c.languages, seats=c.seats,
        weekly=[WeeklyWindow(**w) for w in c.weekly],
        time_off=[Period(start=t.start, end=t.end)
                  for t in sorted(c.time_off, key=lambda t: t.start)],
    )


def assignment_out(a: CompanionAssignment, tz: tzinfo) -> AssignmentOut:
    c = a.companion
    return AssignmentOut(id=a.id, companion_id=c.id, kind=c.kind, start=a.start.astimezone(tz),
                         end=a.end.astimezone(tz), name=as_given(c.name))
