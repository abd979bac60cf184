"""What /stats and /stats.csv cost at a long history (SPEC §7.9, issue 15): the year's
figures computed afresh (after a change) and served from the change-counter cache, at
500, 5,000 and 20,000 visits over ten years (2,000 delegations, 3 stops a visit).

Run from the repository root: `python bench/stats.py [visits …]`; SQLite in a temporary
file, or PostgreSQL when BENCH_DATABASE_URL names an empty database (analysed after the
load, as autovacuum would soon do). Prints figures only: the median and p95 of 20 runs, in
milliseconds, of the figures afresh (what the first /stats after a booking pays), the
annual report's data afresh (figures and the list of the year's visits: what the first
PDF or workbook after a change pays before rendering) and the figures from the cache.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tortoise import Tortoise  # noqa: E402

from visits.cli import run_migrations  # noqa: E402
from visits.models import ChangeCounter, Delegation, Facility, Host, Stop, Visit  # noqa: E402
from visits.services.annual_report import annual_report  # noqa: E402
from visits.services.stats import FiguresCache, year_figures  # noqa: E402
from visits.settings import Settings, load_settings  # noqa: E402

COUNTRIES = ("JP", "CN", "VN", "TH", "MY", "ID", "FR", "CO", "CG", "KH", "US", "MN")
FIRST_YEAR, YEARS = 2017, 10


async def _load(visits: int) -> None:
    rng = random.Random(visits)
    facilities = [await Facility.create(code=f"f{i}", kind="kiosk", name={"ko": f"시설{i}"},
                                        address={"ko": "구로구"}, capacity=100,
                                        duration_min=60, open_hours=[]) for i in range(10)]
    hosts = [await Host.create(name={"ko": f"담당{i}"}, email=f"h{i}@example.kr")
             for i in range(60)]
    await Delegation.bulk_create([Delegation(
        name={"ko": f"대표단 {i}"}, country=COUNTRIES[i % len(COUNTRIES)], city="City",
        language="en", size=rng.randint(3, 40), contact_name="C", contact_email="c@x.org")
        for i in range(2000)], batch_size=500)
    delegation_ids = await Delegation.all().values_list("id", flat=True)
    await Visit.bulk_create([Visit(delegation_id=rng.choice(delegation_ids))
                             for _ in range(visits)], batch_size=1000)
    visit_ids = await Visit.all().values_list("id", flat=True)
    stops = []
    for n, visit_id in enumerate(visit_ids):
        day = datetime(FIRST_YEAR, 1, 2, 1, tzinfo=UTC) + timedelta(days=n * 365 * YEARS // visits)
        for k in range(3):
            start = day + timedelta(hours=2 * k)
            stops.append(Stop(visit_id=visit_id, position=k,
                              facility_id=facilities[k].id, host_id=hosts[(n + k) % 60].id,
                              start=start, end=start + timedelta(hours=1),
                              occupied_until=start + timedelta(hours=1), party_size=10,
                              status="accepted"))
    await Stop.bulk_create(stops, batch_size=1000)
    await ChangeCounter.filter(id=1).update(value=1)


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"


async def _time(make: object, runs: int = 20) -> list[float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        await make()  # type: ignore[operator]
        samples.append(time.perf_counter() - began)
    return samples


async def _measure(settings: Settings, visits: int) -> None:
    await run_migrations(settings)
    await Tortoise.init(config=settings.tortoise_config())
    try:
        await _load(visits)
        if settings.database_url.startswith("postgres"):
            await Tortoise.get_connection("default").execute_script("ANALYZE")
        year = FIRST_YEAR + YEARS - 1
        cache = FiguresCache()
        fresh = await _time(lambda: year_figures(settings, year))

        async def report() -> None:
            await annual_report(settings, await year_figures(settings, year))

        reported = await _time(report)
        cached = await _time(lambda: cache.figures(settings, year))
        print(f"{visits:>6} visits  afresh: {_ms(fresh)}   report afresh: {_ms(reported)}"
              f"   cached: {_ms(cached)}", flush=True)
    finally:
        await Tortoise.close_connections()


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [500, 5000, 20000]
    url = os.environ.get("BENCH_DATABASE_URL", "")
    for visits in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            database = url or f"sqlite://{tmp}/bench.sqlite3"
            settings = load_settings({"DATABASE_URL": database, "DATA_DIR": tmp,
                                      "SECRET_KEY": "bench"})
            asyncio.run(_measure(settings, visits))
        if url:
            break  # one size per empty PostgreSQL database


if __name__ == "__main__":
    main()
