"""Loads the Guro-gu demo (visits.demo.data) through the same services as the API,
so the demo is validated exactly like user input."""

from __future__ import annotations

from visits.auth import principal_of
from visits.contract.catalog import DelegationCreate, FacilityCreate, HostCreate
from visits.contract.companions import CompanionCreate
from visits.demo.data import COMPANIONS, DELEGATIONS, FACILITIES, HOSTS, USERS, Hours
from visits.demo.history import HISTORY_DELEGATIONS
from visits.demo.loading_history import load_history, member_record
from visits.models import Facility, User
from visits.services.accounts import create_user
from visits.services.companions import create_companion
from visits.services.delegations import create_delegation
from visits.services.facilities import create_facility
from visits.services.hosts import create_host
from visits.settings import Settings, load_settings


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
    for d in (*DELEGATIONS, *HISTORY_DELEGATIONS):
        await create_delegation(None, DelegationCreate.model_validate({
            "name": d.name, "country": d.country, "city": d.city, "language": d.language,
            "size": d.size, "contact": {"name": d.contact_name, "email": d.contact_email},
            "members": [member_record(m, rank) for rank, m in enumerate(d.members, 1)],
            "notes": d.notes,
        }))


async def seed_demo(settings: Settings | None = None, *, only_if_empty: bool = False,
                    ) -> list[str]:
    """Load the demo: the catalogue, three years of visits and the coming months, requests
    in the inbox. Returns lines to print, ending with the demo logins."""
    settings = settings or load_settings()
    lines: list[str] = []
    fresh = not (only_if_empty and await Facility.exists())
    if fresh:
        await _seed_catalogue()
    for user in USERS:
        await create_user(user.email, user.role, user.password, user.name or None)
    if not fresh:
        lines.append("Database already has data: demo not loaded again.")
    else:
        officer = await User.get(email=next(u.email for u in USERS if u.role == "officer"))
        loaded = await load_history(settings, principal_of(officer))
        lines.append(
            f"Loaded demo: {len(FACILITIES)} facilities, {len(HOSTS)} hosts, "
            f"{len(COMPANIONS)} companions, "
            f"{len(DELEGATIONS) + len(HISTORY_DELEGATIONS)} delegations, "
            f"{loaded.visits} visits, {loaded.requests} requests waiting."
        )
    lines.append("Demo logins (sign in at /login, or POST /api/auth/token):")
    lines.extend(f"  {u.role:<8} {u.email}  password: {u.password}" for u in USERS)
    return lines
