"""Memory of the worst event plan the bounds allow (issue 11.1), over HTTP.

Run from the repository root: `python bench/event_plan_memory.py [runs] [time_limit_s]`
(defaults 3 and 120, the most the contract allows). Prints figures only.

Each run starts uvicorn on a fresh SQLite demo database (bench/_server.py), arranges the
largest event `candidate_stops` still lets through (120 delegations, the contract's most,
each wishing all 12 facilities, on one day, 4 hosts at every facility, lunch), measures the
idle RSS of the server and its children, then sends `POST /api/events/plan` and samples
the RSS of the server and every descendant (the solver process) every 0.1 s until the
answer. The figures are the medians over the runs. Before issue 11.1 a request with days
centuries apart grew the server to 14.7 GB.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._server import demo_server  # noqa: E402
from visits.demo.data import USERS  # noqa: E402
from visits.domain import korean_public_holidays  # noqa: E402
from visits.domain.eventplan.bounds import MAX_EVENT_CANDIDATES  # noqa: E402

PAGE = 4096


def event_day(after_days: int = 60) -> date:
    """A weekday at least `after_days` ahead that is no Korean public holiday."""
    day = date.today() + timedelta(days=after_days)
    closed = korean_public_holidays([day.year, day.year + 1])
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day


def sign_in(client: httpx.Client) -> None:
    officer = next(u for u in USERS if u.role == "officer")
    response = client.post("/api/auth/token",
                           json={"email": officer.email, "password": officer.password})
    response.raise_for_status()
    client.headers["Authorization"] = f"Bearer {response.json()['token']}"


def _created(client: httpx.Client, path: str, body: dict[str, Any]) -> int:
    response = client.post(path, json=body)
    if response.status_code != 201:
        raise RuntimeError(f"POST {path}: {response.status_code} {response.text}")
    return int(response.json()["id"])


def arrange_event(client: httpx.Client, *, delegations: int, facilities: int = 12,
                  hosts: int = 4, time_limit_s: float = 120) -> dict[str, Any]:
    """Facilities (room for one 12-person group at a time), `hosts` hosts at every one of
    them, `delegations` delegations of 12 each wishing every facility on one day: the
    body of an event plan request."""
    rooms = [
        _created(client, "/api/facilities", {
            "code": f"bench-room-{k}", "kind": "other", "capacity": 20, "duration_min": 60,
            "buffer_min": 15, "name": {"ko": f"회의실 {k}", "en": f"Room {k}"},
            "address": {"ko": "서울 구로구", "en": "Guro-gu, Seoul"},
            "lat": 37.49 + k / 1000, "lon": 126.88})
        for k in range(facilities)
    ]
    weekly = [{"weekday": d, "start": "09:00", "end": "18:00"} for d in range(5)]
    for k in range(hosts):
        _created(client, "/api/hosts", {
            "name": {"ko": f"담당자 {k}", "en": f"Host {k}"}, "email": f"bench{k}@example.kr",
            "facility_ids": rooms, "languages": ["ko", "en"], "weekly": weekly})
    wishes = [
        {"delegation_id": _created(client, "/api/delegations", {
            "name": {"ko": f"대표단 {k}", "en": f"Delegation {k}"}, "country": "JP",
            "city": "Shizuoka", "language": "ja", "size": 12,
            "contact": {"name": "Sato", "email": "sato@city.example.jp"}, "members": []}),
         "wishes": rooms}
        for k in range(delegations)
    ]
    return {"days": [event_day().isoformat()], "delegations": wishes,
            "lunch": {"start": "11:30", "end": "13:30", "duration_min": 60},
            "time_limit_s": time_limit_s}


def descendants(pid: int) -> list[int]:
    """`pid` and every process under it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * PAGE / 2**20


class PeakSampler(threading.Thread):
    """The highest RSS of a process tree, sampled every 0.1 s until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, rss_mb(descendants(self.pid)))
            self.done.wait(0.1)


def one_run(time_limit_s: float) -> tuple[float, float, float, dict[str, Any]]:
    """(idle MB, peak MB, seconds, answer) of one server and one worst request."""
    with demo_server(extra_env={"RENDER_PREWARM": "0"}) as server, \
            httpx.Client(base_url=server.url, timeout=time_limit_s + 60) as client:
        sign_in(client)
        body = arrange_event(client, delegations=120, time_limit_s=time_limit_s)
        time.sleep(1)
        idle = rss_mb(descendants(server.process.pid))
        sampler = PeakSampler(server.process.pid)
        sampler.start()
        began = time.monotonic()
        response = client.post("/api/events/plan", json=body)
        took = time.monotonic() - began
        sampler.done.set()
        sampler.join()
        answer = response.json()
        answer["http_status"] = response.status_code
        return idle, sampler.peak, took, answer


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    time_limit_s = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    figures = []
    for k in range(runs):
        idle, peak, took, answer = one_run(time_limit_s)
        status = answer.get("status") or answer.get("error", {}).get("code")
        if "wall_seconds" in answer:
            status += f" (solver process {answer['wall_seconds']:.1f} s, " \
                      f"{len(answer['stops'])} stops)"
        print(f"run {k + 1}: HTTP {answer['http_status']} {status}, {took:.1f} s, "
              f"idle {idle:.0f} MB, peak {peak:.0f} MB (server and children)", flush=True)
        figures.append((idle, peak, took))
    idle, peak, took = (statistics.median(f[i] for f in figures) for i in range(3))
    print(f"worst event plan allowed (120 delegations x 12 wishes x 4 hosts, 1 day, lunch, "
          f"time_limit_s {time_limit_s:g}; at most {MAX_EVENT_CANDIDATES:,} candidate stops)")
    print(f"median of {runs} runs: idle RSS {idle:.0f} MB, peak RSS {peak:.0f} MB, "
          f"answer in {took:.1f} s")


if __name__ == "__main__":
    main()
