"""Pages and lists over a long history (issue 15 point 6): does each cost what it shows?

Run from the repository root:

    python bench/history_scale.py                      # 500, 5,000 and 20,000 visits
    python bench/history_scale.py --sizes 500,5000     # a quicker run
    python bench/history_scale.py --databases sqlite   # SQLite only
    python bench/history_scale.py --databases sqlite --keep /tmp/history  # load once, reuse

With `--keep DIR` the SQLite database stays in DIR with what was loaded (DIR/loaded.json);
the next run with the same DIR measures it again without loading (migrating it first, so a
new migration is measured too), and loads only up to sizes it had not reached.

For each database (a fresh SQLite file; PostgreSQL at --pg-url, emptied first) it starts
uvicorn (one worker) on 127.0.0.1 and loads, through the API as an integration would, 20
facilities with 60 hosts, 2,000 delegations (three members each) and 100 visit requests,
then visits (two stops each, at two facilities, on working days from tomorrow) up to each
size in turn. At each size it asks every page and list `--repeat` times (20) one after the
other on one keep-alive connection, and prints the median and 95th percentile of the time
from sending the request to having read the whole answer, beside `/healthz` (the cheapest
request the app serves) in the same run. "empty week" is the dashboard of a week without
visits, ten years ahead. On PostgreSQL each size is measured after `ANALYZE`, as
autovacuum would have run on a database in use. Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._server import demo_env, run_cli, start_server, stop_server  # noqa: E402
from visits.domain.holidays import korean_public_holidays  # noqa: E402

OFFICER = ("bench.officer@example.kr", "bench-officer-password-1")
HOST = ("host0.0@example.kr", "bench-host-password-1")  # 담당자 0-0, of the first facility
FACILITIES, HOSTS_EACH, DELEGATIONS, REQUESTS = 20, 3, 2_000, 100
# Two stops a visit: facility f at SLOTS[s], then facility f + 1 at SLOTS[s + 1]; with s in
# (0, 2) every facility's first four slots are taken once a day: 40 visits a working day.
SLOTS = ("09:00", "10:30", "13:00", "14:30")
VISITS_A_DAY = FACILITIES * 2
COUNTRIES = ("JP", "CN", "VN", "TH", "MY", "ID", "KH", "MN", "FR", "CO", "CG", "US")
LANGUAGES = {"JP": "ja", "CN": "zh", "VN": "vi", "TH": "th", "MY": "ms", "ID": "id",
             "KH": "km", "MN": "mn", "FR": "fr", "CO": "es", "CG": "fr", "US": "en"}
CONCURRENCY = 4


def working_days(first: date) -> list[date]:
    """Enough Korean working days from `first` for 20,000 visits and more."""
    closed = korean_public_holidays(range(first.year, first.year + 4))
    days, day = [], first
    while len(days) < 30_000 // VISITS_A_DAY + 10:
        if day.weekday() < 5 and day not in closed:
            days.append(day)
        day += timedelta(days=1)
    return days


class Loader:
    """Loads the history through the API, as an integration would."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.facilities: list[int] = []
        self.delegations: list[int] = []
        self.visits = 0
        self.refused = 0
        self.days = working_days(date.today() + timedelta(days=1))

    def state(self) -> dict[str, Any]:
        return {"facilities": self.facilities, "delegations": self.delegations,
                "visits": self.visits, "refused": self.refused,
                "first_day": self.days[0].isoformat()}

    def resume(self, state: dict[str, Any]) -> None:
        self.facilities, self.delegations = state["facilities"], state["delegations"]
        self.visits, self.refused = state["visits"], state["refused"]
        self.days = working_days(date.fromisoformat(state["first_day"]))

    async def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        for _ in range(5):
            response = await self.client.post(path, json=body)
            if response.status_code != 503:
                return response
            await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
        return response

    async def created(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self.post(path, body)
        if response.status_code != 201:
            raise RuntimeError(f"POST {path}: {response.status_code} {response.text}")
        return response.json()  # type: ignore[no-any-return]

    async def catalogue(self) -> None:
        hours = [{"weekday": d, "start": "09:00", "end": "18:00"} for d in range(5)]
        for i in range(FACILITIES):
            facility = await self.created("/api/facilities", {
                "code": f"F{i:02d}", "kind": "other",
                "name": {"ko": f"시설 {i}", "en": f"Facility {i}"},
                "address": {"ko": "서울 구로구"}, "capacity": 40, "duration_min": 60,
                "buffer_min": 10, "open_hours": hours})
            self.facilities.append(facility["id"])
            for j in range(HOSTS_EACH):
                await self.created("/api/hosts", {
                    "name": {"ko": f"담당자 {i}-{j}", "en": f"Host {i}-{j}"},
                    "email": f"host{i}.{j}@example.kr", "facility_ids": [facility["id"]],
                    "languages": ["ko", "en"], "weekly": hours})
        await self._in_parallel(DELEGATIONS, self._delegation)
        await self._in_parallel(REQUESTS, self._request)

    async def _delegation(self, i: int) -> None:
        country = COUNTRIES[i % len(COUNTRIES)]
        made = await self.created("/api/delegations", {
            "name": {"ko": f"대표단 {i}", "en": f"Delegation {i}"}, "country": country,
            "city": f"City {i}", "language": LANGUAGES[country], "size": 12,
            "contact": {"name": f"Contact {i}", "email": f"contact{i}@example.org"},
            "members": [{"name": f"Member {i}-{k}", "title": "Officer", "head": k == 0}
                        for k in range(3)]})
        self.delegations.append(made["id"])

    async def _request(self, i: int) -> None:
        day = self.days[-1 - i % 5].isoformat()
        await self.created("/api/requests", {
            "organisation": {"en": f"Organisation {i}"}, "country": "JP", "city": "Chiba",
            "language": "ja", "size": 10, "contact": {"name": "Sato", "email": "s@example.jp"},
            "members": [{"name": "Sato Ichiro", "title": "Mayor", "head": True}],
            "dates": [day], "interests": ["other"], "interpreter_needed": False})

    async def visits_up_to(self, total: int) -> float:
        """Book visits until `total` are booked; the bookings per second."""
        started, before = time.perf_counter(), self.visits
        await self._in_parallel(max(0, total - self.visits), lambda _: self._visit())
        return (self.visits - before) / (time.perf_counter() - started)

    async def _visit(self) -> None:
        n = self.visits + self.refused
        self.visits += 1  # claimed now: the parallel bookers take the following ones
        day, rest = divmod(n, VISITS_A_DAY)
        pair, f = divmod(rest, FACILITIES)
        when = self.days[day].isoformat()
        stops = [{"facility_id": self.facilities[f], "start": f"{when}T{SLOTS[2 * pair]}:00+09:00"},
                 {"facility_id": self.facilities[(f + 1) % FACILITIES],
                  "start": f"{when}T{SLOTS[2 * pair + 1]}:00+09:00"}]
        delegation = self.delegations[n % len(self.delegations)]
        response = await self.post("/api/visits", {"delegation_id": delegation, "stops": stops})
        if response.status_code != 201:
            self.visits -= 1
            self.refused += 1
            if self.refused > 50:
                raise RuntimeError(f"booking refused: {response.status_code} {response.text}")
            await self._visit()

    async def _in_parallel(self, count: int, job: Callable[[int], Any]) -> None:
        queue = iter(range(count))

        async def worker() -> None:
            for i in queue:
                await job(i)

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


async def sign_in(client: httpx.AsyncClient) -> None:
    token = await client.post("/api/auth/token", json={"email": OFFICER[0],
                                                       "password": OFFICER[1]})
    client.headers["Authorization"] = f"Bearer {token.json()['token']}"


async def sign_in_pages(client: httpx.AsyncClient, who: tuple[str, str] = OFFICER) -> None:
    page = await client.get("/login")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found
    await client.post("/login", data={"email": who[0], "password": who[1],
                                      "csrf_token": found.group(1)})


def targets(loader: Loader) -> list[tuple[str, str]]:
    far = date.today() + timedelta(days=3650)
    return [
        ("/healthz", "/healthz"),
        ("/dashboard", "/dashboard"),
        ("/dashboard (empty week)", f"/dashboard?week={far.isoformat()}"),
        ("/visits (list page)", "/visits"),
        ("/visits?country=VN&q=1", "/visits?country=VN&q=1"),
        ("/delegations", "/delegations"),
        ("/delegations?q=Member 19", "/delegations?q=Member%2019"),
        ("/visits/new", "/visits/new"),
        ("/delegations/search?q=17", "/delegations/search?q=17"),
        ("GET /api/visits", "/api/visits"),
        ("GET /api/visits?status=requested&facility_id", "/api/visits?status=requested"
         f"&facility_id={loader.facilities[3]}"),
        ("GET /api/visits?from&to (a month)", "/api/visits?from="
         f"{loader.days[len(loader.days) // 2]}&to={loader.days[len(loader.days) // 2 + 20]}"),
        ("GET /api/delegations", "/api/delegations"),
        ("GET /api/requests", "/api/requests"),
        ("/requests (the inbox of requests)", "/requests"),
        ("GET /api/facilities", "/api/facilities"),
        ("/events", "/events"),
        ("/inbox (a host's requested stops)", "/inbox"),
    ]


async def measure(client: httpx.AsyncClient, path: str, repeat: int
                  ) -> tuple[float, float, int]:
    await client.get(path)  # warm
    times, status = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = await client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], status


async def run_database(name: str, env: dict[str, str], data_dir: Path, sizes: list[int],
                       repeat: int) -> None:
    saved = data_dir / "loaded.json"
    state = json.loads(saved.read_text()) if saved.exists() else None
    run_cli(env, "migrate")
    if state is None:
        run_cli(env, "create-user", OFFICER[0], "--role", "officer", "--password", OFFICER[1])
    server = start_server(env, data_dir / "uvicorn.log")
    try:
        limits = httpx.Limits(max_connections=CONCURRENCY + 2)
        async with httpx.AsyncClient(base_url=server.url, timeout=120, limits=limits) as api, \
                httpx.AsyncClient(base_url=server.url, timeout=120) as pages, \
                httpx.AsyncClient(base_url=server.url, timeout=120) as host:
            await sign_in(api)
            await sign_in_pages(pages)
            loader = Loader(api)
            started = time.perf_counter()
            if state is None:
                await loader.catalogue()
            else:
                loader.resume(state)
            print(f"\n## {name}: {FACILITIES} facilities, {FACILITIES * HOSTS_EACH} hosts, "
                  f"{DELEGATIONS} delegations, {REQUESTS} requests "
                  + (f"loaded in {time.perf_counter() - started:.0f} s" if state is None
                     else f"and {loader.visits:,} visits reused from {data_dir}"), flush=True)
            # The hosts exist now: a host user (create-user links it by e-mail) for /inbox.
            run_cli(env, "create-user", HOST[0], "--role", "host", "--password", HOST[1])
            await sign_in_pages(host, HOST)
            for size in sizes:
                if loader.visits > size:
                    print(f"\n(not {size:,}: the kept history holds {loader.visits:,} visits)")
                    continue
                rate = await loader.visits_up_to(size)
                if name == "sqlite":
                    saved.write_text(json.dumps(loader.state()))
                if env["DATABASE_URL"].startswith("postgres"):
                    await analyze(env["DATABASE_URL"])
                booked = f" (booked at {rate:.0f} visits/s)" if rate else ""
                print(f"\n### {name}, {size:,} visits{booked}\n")
                print(f"| {'page or list':<45} | median ms | p95 ms | status |")
                print(f"|{'-' * 47}|----------:|-------:|-------:|")
                for label, path in targets(loader):
                    client = api if path.startswith("/api/") else host if \
                        path == "/inbox" else pages
                    median, p95, status = await measure(client, path, repeat)
                    print(f"| {label:<45} | {median:9.1f} | {p95:6.1f} | {status:6d} |",
                          flush=True)
    except BaseException:
        print("\n".join(server.output().splitlines()[-30:]), file=sys.stderr)
        raise
    finally:
        stop_server(server)


async def analyze(url: str) -> None:
    """What autovacuum does soon after a bulk load: the planner's statistics. Without them
    PostgreSQL plans a freshly loaded table as a handful of rows (hash joins and sorts of
    every visit instead of walking the index from the cursor)."""
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def empty_postgres(url: str) -> None:
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="500,5000,20000",
                        help="visits to measure at, in increasing order (default %(default)s)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/bench_history",
                        help="an existing PostgreSQL database, EMPTIED first")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the SQLite database in DIR and reuse what it holds")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    settings = {"MIN_NOTICE_MINUTES": "0", "RENDER_PREWARM": "0",
                "PUBLIC_REQUESTS_PER_HOUR": "10000000", "PUBLIC_VIEWS_PER_MINUTE": "10000000",
                "SIGN_IN_FREE_PER_ADDRESS": "10000000", "MAX_REQUESTS_IN_FLIGHT": "1000"}
    for database in args.databases.split(","):
        with tempfile.TemporaryDirectory(prefix="gyeonhak-history-") as tmp:
            data_dir = Path(tmp)
            if database == "sqlite" and args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                data_dir = args.keep.resolve()
            env = demo_env(data_dir, settings)
            if database == "postgres":
                asyncio.run(empty_postgres(args.pg_url))
                env["DATABASE_URL"] = args.pg_url
            asyncio.run(run_database(database, env, data_dir, sizes, args.repeat))


if __name__ == "__main__":
    main()
