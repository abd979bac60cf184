"""Days the whole organisation is closed: public holidays plus the days it adds itself."""

from __future__ import annotations

from datetime import date

from visits import store
from visits.audit import record_change
from visits.auth import Principal
from visits.contract.booking import OrgClosureOut, OrgClosures
from visits.models import OrgClosure
from visits.settings import Settings
from visits.store import transaction


async def closed_days(settings: Settings, year: int) -> list[OrgClosureOut]:
    policy = await store.load_policy(settings, date(year, 1, 1), date(year, 12, 31))
    own = set(await OrgClosure.filter(day__in=list(policy.closed_dates)).values_list(
        "day", flat=True))
    return [
        OrgClosureOut(day=day, reason=policy.closed_reasons.get(day, ""),
                      kind="organisation" if day in own else "public_holiday")
        for day in sorted(policy.closed_dates)
    ]


async def set_closures(actor: Principal, body: OrgClosures) -> None:
    """Replace the organisation's own closed days (public holidays are not stored)."""
    async with transaction():
        before = [{"day": c.day.isoformat(), "reason": c.reason}
                  for c in await OrgClosure.all().order_by("day")]
        await OrgClosure.all().delete()
        unique = {entry.day: entry.reason for entry in body.days}
        await OrgClosure.bulk_create([OrgClosure(day=d, reason=r) for d, r in unique.items()])
        await record_change(actor, "org_closure", 0, "set", before=before,
                            after=body.model_dump(mode="json")["days"])
