"""Slots throughput with and without hosts' own calendars (SPEC §7.7, issue 17 point 4).

Run from the repository root: `python bench/calendar_slots.py [seconds-per-measure]`
(needs wrk: `make setup-bench` installs Debian's). It loads bench/slots.py's scenario
(one facility, 10 hosts, 2,000 live stops over 30 days) into a fresh SQLite database and
starts uvicorn (one worker) on 127.0.0.1. In that one run, wrk measures the slots
endpoint over the 30 days three times: without calendars, with each of the ten hosts
linked to a 500-event ICS calendar (served on 127.0.0.1, read through the app's own
refresh endpoint), and without them again. Each request asks for another duration, party
size and step (a Lua script), so the slots cache keyed by them serves few answers and the
figures measure the availability search itself. Prints figures and the ratio.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._server import run_cli, start_server, stop_server  # noqa: E402
from bench.api_http import OFFICER, load_database  # noqa: E402
from bench.slots import build_scenario  # noqa: E402

EVENTS_PER_CALENDAR = 500
SEOUL = ZoneInfo("Asia/Seoul")
WRK_SCRIPT = """
math.randomseed(os.time())
request = function()
  local duration = 30 + 5 * math.random(0, 42)
  local party = math.random(1, 20)
  local step = ({5, 10, 15})[math.random(1, 3)]
  local path = string.format("%s&duration=%d&party_size=%d&step=%d", base, duration,
                             party, step)
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end
"""


def calendar_text(host_id: int, first: datetime, days: int) -> bytes:
    """500 opaque 20-minute events spread over the scenario's days, 07:00-21:00."""
    rng = random.Random(host_id)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Gyeonhak//Bench//EN"]
    for n in range(EVENTS_PER_CALENDAR):
        start = first + timedelta(days=rng.randrange(days), minutes=rng.randrange(7 * 60,
                                                                                  21 * 60, 5))
        end = start + timedelta(minutes=20)
        lines += ["BEGIN:VEVENT", f"UID:bench-{host_id}-{n}@example.org",
                  "DTSTAMP:20270101T000000Z",
                  f"DTSTART;TZID=Asia/Seoul:{start.astimezone(SEOUL):%Y%m%dT%H%M%S}",
                  f"DTEND;TZID=Asia/Seoul:{end.astimezone(SEOUL):%Y%m%dT%H%M%S}",
                  f"SUMMARY:Meeting {n}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def serve_calendars(files: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
            body = files.get(self.path, b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def wrk(base_url: str, path: str, token: str, seconds: float, script_dir: Path) -> float:
    """Requests per second wrk measured (2 threads, 4 connections)."""
    script = script_dir / "slots.lua"
    script.write_text(f'base = "{path}"\ntoken = "{token}"\n' + WRK_SCRIPT)
    done = subprocess.run(["wrk", "-t2", "-c4", f"-d{int(seconds)}s", "-s", str(script),
                           base_url], capture_output=True, text=True, check=True, timeout=600)
    if "Non-2xx" in done.stdout:
        raise RuntimeError(f"wrk saw errors:\n{done.stdout}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    if found is None:
        raise RuntimeError(f"no figure in wrk's output:\n{done.stdout}{done.stderr}")
    return float(found.group(1))


async def link_calendars(base: str, token: str, calendars_url: str, host_ids: list[int],
                         linked: bool) -> int:
    """Link (or unlink) each host's calendar and read it now; the busy times stored."""
    busy = 0
    async with httpx.AsyncClient(base_url=base, timeout=120,
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        for host_id in host_ids:
            body = [{"kind": "ics", "url": f"{calendars_url}/{host_id}.ics"}] if linked else []
            answer = await client.put(f"/api/hosts/{host_id}/calendars", json=body)
            answer.raise_for_status()
            if linked:
                read = await client.post(f"/api/hosts/{host_id}/calendars/refresh")
                read.raise_for_status()
                [calendar] = read.json()
                if calendar["status"] != "ok":
                    raise RuntimeError(f"calendar of host {host_id}: {calendar}")
                busy += calendar["busy_count"]
    return busy


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    scenario = build_scenario()
    first = datetime.combine(scenario.day_from, datetime.min.time(), SEOUL)
    days = (scenario.day_to - scenario.day_from).days + 1
    host_ids = [host.id for host in scenario.hosts]
    files = {f"/{h}.ics": calendar_text(h, first, days) for h in host_ids}
    calendars = serve_calendars(files)
    calendars_url = f"http://127.0.0.1:{calendars.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite://{tmp}/bench.sqlite3", "DATA_DIR": tmp,
               "SECRET_KEY": "bench", "MIN_NOTICE_MINUTES": "0",
               "CALENDAR_ALLOWED_HOSTS": "127.0.0.1", "CALENDAR_HORIZON_DAYS": "400",
               "CALENDAR_READER": "0"}
        run_cli(env, "migrate")
        asyncio.run(load_database(env))
        server = start_server(env, Path(tmp) / "uvicorn.log")
        base = server.url
        try:
            token = httpx.post(base + "/api/auth/token", json={
                "email": OFFICER[0], "password": OFFICER[1]}).json()["token"]
            path = f"/api/facilities/1/slots?from={scenario.day_from}&to={scenario.day_to}"
            wrk(base, path, token, 2, Path(tmp))  # warm up
            without = wrk(base, path, token, seconds, Path(tmp))
            busy = asyncio.run(link_calendars(base, token, calendars_url, host_ids, True))
            wrk(base, path, token, 2, Path(tmp))
            with_calendars = wrk(base, path, token, seconds, Path(tmp))
            asyncio.run(link_calendars(base, token, calendars_url, host_ids, False))
            without_again = wrk(base, path, token, seconds, Path(tmp))
        finally:
            stop_server(server)
            calendars.shutdown()
    baseline = (without + without_again) / 2
    print(f"scenario: 30 days, 10 hosts, {len(scenario.bookings)} live stops; "
          f"{len(host_ids)} calendars of {EVENTS_PER_CALENDAR} events ({busy} busy times "
          "stored)")
    print(f"slots without calendars  {without:8.1f} req/s, again after unlinking "
          f"{without_again:8.1f} req/s")
    print(f"slots with calendars     {with_calendars:8.1f} req/s")
    print(f"ratio with / without: {with_calendars / baseline:.3f}  (goal >= 0.90)")


if __name__ == "__main__":
    main()
