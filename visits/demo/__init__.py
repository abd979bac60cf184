"""Loads the Guro-gu demo (visits.demo.data) through the same services as the API,
so the demo is validated exactly like user input."""

from __future__ import annotations

from visits.contract.catalog import DelegationCreate, FacilityCreate, HostCreate
from visits.contract.companions import CompanionCreate
from visits.demo.data import (
    COMPANIONS,
    DELEGATIONS,
    FACILITIES,
    HOSTS,
    USERS,
    DemoMember,
    Hours,
)
from visits.models import Facility
from visits.services.accounts import create_user
from visits.services.companions import create_companion
from visits.services.delegations import create_delegation
from visits.services.facilities import create_facility
from visits.services.hosts import create_host


def _hours(hours: Hours) -> list[dict[str, object]]:
    return [{"weekday": d, "start": start, "end": end} for d, start, end in hours]


async def _seed_catalogue() -> None:
    ids: dict[str, int] = {}
    for f in FACILITIES:
        created = await create_facility(None, FacilityCreate.model_validate({
            "code": f.code, "kind": f.kind, "name": f.name, "description": f.description,
            "address": f.address, "lat": f.lat, "lon": f.lon, "capacity": f.capacity,
            "duration_min": f.duration_min, "buffer_min": f.buffer_min,
            "open_hours": _hours(f.open_hours),
        }))
        ids[f.code] = created.id
    for h in HOSTS:
        await create_host(None, HostCreate.model_validate({
            "name": h.name, "email": h.email, "phone": h.phone,
            "facility_ids": [ids[c] for c in h.facility_codes],
            "languages": list(h.languages), "weekly": _hours(h.weekly),
        }))
    for c in COMPANIONS:
        await create_companion(None, CompanionCreate.model_validate({
            "name": c.name, "kind": c.kind, "email": c.email, "phone": c.phone,
            "languages": list(c.languages), "seats": c.seats, "weekly": _hours(c.weekly),
        }))
    for d in DELEGATIONS:
        await create_delegation(None, DelegationCreate.model_validate({
            "name": d.name, "country": d.country, "city": d.city, "language": d.language,
            "size": d.size, "contact": {"name": d.contact_name, "email": d.contact_email},
            "members": [_member(m, rank) for rank, m in enumerate(d.members, 1)],
            "notes": d.notes,
        }))


def _member(m: DemoMember, rank: int) -> dict[str, object]:
    """The protocol record: the name in its own script beside its romanized form."""
    names = {"name": m.romanized, "native_name": m.name} if m.romanized else {"name": m.name}
    return {**names, "title": m.title, "role": "head" if m.head else m.role, "rank": rank,
            "languages": list(m.languages), "diet": m.diet, "access": m.access}


async def seed_demo(*, only_if_empty: bool = False) -> list[str]:
    """Load the demo; returns lines to print, ending with the demo logins."""
    lines: list[str] = []
    if only_if_empty and await Facility.exists():
        lines.append("Database already has data: demo not loaded again.")
    else:
        await _seed_catalogue()
        lines.append(
            f"Loaded demo: {len(FACILITIES)} facilities, {len(HOSTS)} hosts, "
            f"{len(COMPANIONS)} companions, {len(DELEGATIONS)} delegations."
        )
    for user in USERS:
        await create_user(user.email, user.role, user.password, user.name or None)
    lines.append("Demo logins (sign in at /login, or POST /api/auth/token):")
    lines.extend(f"  {u.role:<8} {u.email}  password: {u.password}" for u in USERS)
    return lines
