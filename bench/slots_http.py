"""The slots endpoint over HTTP (SPEC §6, issue 3): its throughput as a ratio to /healthz.

Run from the repository root: `python bench/slots_http.py [seconds-per-measure]`.
It loads bench/slots.py's scenario (one facility, 10 hosts, 2,000 live stops over 30 days)
into a fresh SQLite database, starts uvicorn (one worker) on 127.0.0.1, and measures,
in the same run, requests per second of `GET /healthz` (the baseline: the cheapest
authenticated-free request the app serves) and of `GET /api/facilities/1/slots` for the
30 days, with 4 concurrent keep-alive clients. Prints figures only.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.slots import BUFFERS, build_scenario  # noqa: E402
from visits.settings import load_settings  # noqa: E402

OFFICER = ("bench@example.kr", "bench-password-1")


async def load_database(env: dict[str, str]) -> None:
    from tortoise import Tortoise

    from visits.cli import run_migrations
    from visits.models import Delegation, Facility, Host, Stop, Visit
    from visits.services.accounts import create_user

    settings = load_settings(env)
    await run_migrations(settings)
    await Tortoise.init(config=settings.tortoise_config())
    scenario = build_scenario()
    hours = [{"weekday": d, "start": "09:00", "end": "18:00"} for d in range(5)]
    for facility_id, buffer in BUFFERS.items():
        await Facility.create(
            id=facility_id, code=f"F{facility_id}", kind="other",
            name={"ko": f"시설 {facility_id}", "en": f"Facility {facility_id}"},
            address={"ko": "구로구"}, capacity=30, duration_min=60, buffer_min=buffer,
            open_hours=hours,
        )
    for host in scenario.hosts:
        record = await Host.create(
            id=host.id, name={"en": f"Host {host.id}"}, email=f"h{host.id}@example.kr",
            languages=list(host.languages),
            weekly=[{"weekday": w.weekday, "start": f"{w.start:%H:%M}",
                     "end": f"{w.end:%H:%M}"} for w in host.weekly],
        )
        await record.facilities.add(*await Facility.filter(id__in=list(host.facility_ids)))
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
    await Tortoise.close_connections()


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "--factory", "visits.app:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")


async def throughput(client: httpx.AsyncClient, url: str, seconds: float,
                     concurrency: int = 4) -> tuple[float, float]:
    """Requests per second and median latency (ms) over `seconds`, `concurrency` clients."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            response = await client.get(url)
            response.raise_for_status()
            latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    return len(latencies) / elapsed, statistics.median(latencies) * 1000


async def measure(port: int, seconds: float) -> None:
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, timeout=30,
                                 limits=httpx.Limits(max_keepalive_connections=8)) as client:
        token = (await client.post("/api/auth/token", json={
            "email": OFFICER[0], "password": OFFICER[1]})).json()["token"]
        client.headers["Authorization"] = f"Bearer {token}"
        scenario = build_scenario()
        slots_url = (f"/api/facilities/1/slots?from={scenario.day_from}&to={scenario.day_to}"
                     "&duration=60&party_size=10")
        found = (await client.get(slots_url)).json()["slots"]
        await throughput(client, "/healthz", 1.0)  # warm both paths
        await throughput(client, slots_url, 1.0)
        health_rps, health_ms = await throughput(client, "/healthz", seconds)
        slots_rps, slots_ms = await throughput(client, slots_url, seconds)
        health_rps2, _ = await throughput(client, "/healthz", seconds)
    baseline = (health_rps + health_rps2) / 2
    print(f"scenario: 30 days, 10 hosts, {len(scenario.bookings)} live stops; "
          f"{len(found)} slots returned")
    print(f"/healthz        {baseline:8.1f} req/s   median {health_ms:6.2f} ms  (baseline)")
    print(f"slots endpoint  {slots_rps:8.1f} req/s   median {slots_ms:6.2f} ms")
    print(f"ratio slots / healthz throughput: {slots_rps / baseline:.2f}  (goal >= 0.4)")


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    with tempfile.TemporaryDirectory() as tmp:
        env = {"DATABASE_URL": f"sqlite://{tmp}/bench.sqlite3", "DATA_DIR": tmp,
               "SECRET_KEY": "bench", "MIN_NOTICE_MINUTES": "0"}
        asyncio.run(load_database(env))
        port = 8700 + os.getpid() % 200
        server = start_server(env, port)
        try:
            asyncio.run(measure(port, seconds))
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
