"""The API's throughput and latency against a real server, measured with wrk (issue 16).

Run from the repository root: `python bench/api_http.py [seconds-per-measure]` (default 5).
wrk (Debian package `wrk`, installed by `make bench`) is a compiled load generator that
outruns the server, so the figures are the server's, not the client's (the Python client of
the former bench/slots_http.py managed only ~380 req/s on /healthz, a tenth of the server).

It loads bench/slots.py's scenario (one facility, 10 hosts, 2,000 live stops over 30 days)
into a fresh SQLite database with an officer, plus 40 facilities with one host each for
bookings, starts uvicorn (one worker, as the Procfile does) on 127.0.0.1 and measures in
one run, `wrk -t2 -c16` for each:

- `GET /healthz`: the baseline, the cheapest request the app serves (no database);
- `GET /api/facilities/1/slots` for the 30 days, signed in (the cached answer: every call
  still authenticates and reads the change counter);
- `GET /api/facilities`, signed in: a small authenticated read;

twice over, interleaved, so that the machine's drift falls on all alike; each endpoint's
requests/s is shown beside /healthz's (the mean of its runs) as a ratio, with p50 and p99
latency. Last, bookings: `POST /api/visits` with two stops (an hour at one facility, then,
half an hour later, an hour at another), each request a different visit that breaks no rule
(a Lua table of prepared bodies, taken in turn by wrk's thread; none overlaps another), one
connection so p50 is a booking's own latency, not time queued behind other bookings. Any
answer but 2xx is counted and printed (the booking bench expects none).

Prints figures only; nothing is asserted about time.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._server import demo_env, run_cli, start_server, stop_server  # noqa: E402
from bench._wrk import WrkResult, lua_string, run_wrk, wrk_path  # noqa: E402
from bench.slots import BUFFERS, build_scenario  # noqa: E402
from visits.domain import korean_public_holidays  # noqa: E402
from visits.settings import load_settings  # noqa: E402

OFFICER = ("bench@example.kr", "bench-password-1")
SEOUL = ZoneInfo("Asia/Seoul")
LANE_PAIRS = 20  # facility pairs (A, B) for bookings, one host each
FIRST_LANE_ID = 101
BOOKINGS_PER_PAIR_PER_DAY = 7  # A at 09:00+j h, B at 10:30+j h, j = 0..6 (B ends 17:30)
BOOKING_BODIES = 4000
FIRST_BOOKING_DAY = date(2027, 4, 5)  # after the slots scenario's March


async def load_database(env: dict[str, str]) -> int:
    """The slots scenario, the booking lanes and the officer; the delegation's id."""
    from tortoise import Tortoise

    from visits.models import Delegation, Facility, Host, Stop, Visit
    from visits.services.accounts import create_user

    await Tortoise.init(config=load_settings(env).tortoise_config())
    try:
        scenario = build_scenario()
        hours = [{"weekday": d, "start": "09:00", "end": "18:00"} for d in range(5)]
        lanes = range(FIRST_LANE_ID, FIRST_LANE_ID + 2 * LANE_PAIRS)
        for facility_id, buffer in [*BUFFERS.items(), *((f, 0) for f in lanes)]:
            await Facility.create(
                id=facility_id, code=f"F{facility_id}", kind="other",
                name={"ko": f"시설 {facility_id}", "en": f"Facility {facility_id}"},
                address={"ko": "구로구"}, capacity=30, duration_min=60, buffer_min=buffer,
                open_hours=hours,
            )
        lane_hosts = [(f, ("ko",), hours, frozenset({f})) for f in lanes]
        scenario_hosts = [
            (h.id, h.languages,
             [{"weekday": w.weekday, "start": f"{w.start:%H:%M}", "end": f"{w.end:%H:%M}"}
              for w in h.weekly], h.facility_ids)
            for h in scenario.hosts
        ]
        for host_id, languages, weekly, facility_ids in [*scenario_hosts, *lane_hosts]:
            record = await Host.create(
                id=host_id, name={"en": f"Host {host_id}"}, email=f"h{host_id}@example.kr",
                languages=list(languages), weekly=weekly,
            )
            await record.facilities.add(*await Facility.filter(id__in=list(facility_ids)))
        delegation = await Delegation.create(
            name={"en": "Bench"}, country="JP", city="Tokyo", language="ja", size=10,
            contact_name="x", contact_email="x@example.jp",
        )
        visit_ids = sorted({b.visit_id for b in scenario.bookings})
        await Visit.bulk_create([Visit(id=v, delegation=delegation) for v in visit_ids])
        await Stop.bulk_create([
            Stop(id=b.stop_id, visit_id=b.visit_id, position=0, facility_id=b.facility_id,
                 host_id=b.host_id, start=b.start, end=b.end,
                 occupied_until=b.end + b.buffer, party_size=b.party_size, status="requested")
            for b in scenario.bookings
        ], batch_size=500)
        await create_user(OFFICER[0], "officer", OFFICER[1])
        return int(delegation.id)
    finally:
        await Tortoise.close_connections()


def booking_days(count: int) -> list[date]:
    closed = korean_public_holidays([FIRST_BOOKING_DAY.year, FIRST_BOOKING_DAY.year + 1])
    days: list[date] = []
    day = FIRST_BOOKING_DAY
    while len(days) < count:
        if day.weekday() < 5 and day not in closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def booking_bodies(delegation_id: int, count: int = BOOKING_BODIES) -> list[str]:
    """`count` two-stop visits, no two sharing a host or facility at the same time."""
    per_day = LANE_PAIRS * BOOKINGS_PER_PAIR_PER_DAY
    bodies = []
    for day in booking_days(-(-count // per_day)):
        for j in range(BOOKINGS_PER_PAIR_PER_DAY):
            for pair in range(LANE_PAIRS):
                a = FIRST_LANE_ID + 2 * pair
                first = datetime.combine(day, time(9 + j), SEOUL)
                second = first + timedelta(minutes=90)
                bodies.append(json.dumps({"delegation_id": delegation_id, "stops": [
                    {"facility_id": a, "start": first.isoformat(), "duration_min": 60},
                    {"facility_id": a + 1, "start": second.isoformat(), "duration_min": 60},
                ]}))
    return bodies[:count]


def booking_lua(bodies: list[str]) -> str:
    """wrk's request(): thread t sends bodies t, t + THREADS, t + 2·THREADS, …"""
    table = ",\n".join(lua_string(b) for b in bodies)
    return f"""
local bodies = {{
{table}
}}
local sent = 0
function request()
  local i = THREAD + sent * THREADS
  sent = sent + 1
  return wrk.format("POST", "/api/visits", nil, bodies[(i % #bodies) + 1])
end
"""


@dataclass
class Row:
    label: str
    runs: list[WrkResult]

    @property
    def rps(self) -> float:
        return sum(r.rps for r in self.runs) / len(self.runs)

    @property
    def failed(self) -> int:
        return sum(r.failed for r in self.runs)

    def percentile(self, name: str) -> float:
        return statistics.median(float(getattr(r, name)) for r in self.runs)


def sign_in(url: str) -> str:
    answer = httpx.post(f"{url}/api/auth/token",
                        json={"email": OFFICER[0], "password": OFFICER[1]}, timeout=30)
    answer.raise_for_status()
    return str(answer.json()["token"])


def measure(url: str, token: str, delegation_id: int, seconds: float,
            rounds: int = 2) -> tuple[list[Row], Row]:
    scenario = build_scenario()
    auth = {"Authorization": f"Bearer {token}"}
    slots = (f"{url}/api/facilities/1/slots?from={scenario.day_from}&to={scenario.day_to}"
             "&duration=60&party_size=10")
    found = httpx.get(slots, headers=auth, timeout=30)
    found.raise_for_status()
    print(f"scenario: 30 days, 10 hosts, {len(scenario.bookings)} live stops; "
          f"{len(found.json()['slots'])} slots in each answer")
    endpoints = [("GET /healthz", f"{url}/healthz", {}),
                 ("GET /api/facilities/1/slots", slots, auth),
                 ("GET /api/facilities", f"{url}/api/facilities", auth)]
    for _, target, headers in endpoints:  # warm both paths (and the slots cache)
        run_wrk(target, seconds=1, headers=headers)
    rows = [Row(label, []) for label, _, _ in endpoints]
    for _ in range(rounds):
        for row, (_, target, headers) in zip(rows, endpoints, strict=True):
            row.runs.append(run_wrk(target, seconds=seconds, headers=headers))
    bodies = booking_bodies(delegation_id)
    booking = run_wrk(f"{url}/api/visits", seconds=seconds, threads=1, connections=1,
                      headers={**auth, "Content-Type": "application/json"},
                      requests_lua=booking_lua(bodies))
    if booking.requests > len(bodies):
        print(f"note: {booking.requests} bookings asked for, only {len(bodies)} distinct ones")
    return rows, Row("POST /api/visits (2 stops), 1 conn", [booking])


def report(rows: list[Row], booking: Row) -> None:
    baseline = rows[0].rps
    print(f"{'':36} {'req/s':>8} {'÷ healthz':>10} {'p50 ms':>8} {'p99 ms':>8}  failed")
    for row in [*rows, booking]:
        ratio = f"{row.rps / baseline:10.2f}" if row is not booking else f"{'':10}"
        print(f"{row.label:36} {row.rps:8.0f} {ratio} {row.percentile('p50_ms'):8.2f} "
              f"{row.percentile('p99_ms'):8.2f}  {row.failed}")
    slots = rows[1].rps / baseline
    print(f"ratio slots / healthz: {slots:.2f} (goal >= 0.5); "
          f"booking p50 {booking.percentile('p50_ms'):.1f} ms")


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    wrk_path()
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f}; uvicorn, 1 worker, SQLite; wrk -t2 -c16, {seconds:g} s "
          "a run, each GET twice, interleaved")
    with tempfile.TemporaryDirectory(prefix="gyeonhak-bench-") as tmp:
        data_dir = Path(tmp)
        env = demo_env(data_dir, {"SECRET_KEY": "bench", "MIN_NOTICE_MINUTES": "0",
                                        "RENDER_PREWARM": "0"})
        run_cli(env, "migrate")
        delegation_id = asyncio.run(load_database(env))
        server = start_server(env, data_dir / "uvicorn.log", wait_s=120)
        try:
            rows, booking = measure(server.url, sign_in(server.url), delegation_id, seconds)
        finally:
            stop_server(server)
    report(rows, booking)


if __name__ == "__main__":
    main()
