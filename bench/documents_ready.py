"""The first itinerary PDF after a change, asked of a second app process (issue 16, point 3).

Run from the repository root: `python bench/documents_ready.py [changes] [wait-seconds]`
(defaults 20 and 4).

Two uvicorn processes, A and B, serve one database (a SQLite file with the Guro-gu demo,
PUBLIC_URL set as a deployment behind one address sets it). For each change, the officer
renames a programme item of an upcoming demo visit through the API on A (a new title each
time, so each change asks for a document never made before), waits `wait-seconds`, then
downloads the visit's itinerary PDF (the delegation's language) from B, and the time to the
last byte of that first download is taken.

Measured twice in one run, on fresh processes each time:

- baseline, PRERENDER=0: nothing is made before the download, so B renders it in the
  request (the render pool's time limit and process isolation as ever);
- PRERENDER=1: after the change, a process renders the visit's PDFs in the background into
  the shared document store, and B's download is a lookup.

Prints p50 and p90 of each, the ratio (prerendered ÷ baseline) and the target (first
download ≤ 50 ms p50). Nothing is asserted about time.
"""

from __future__ import annotations

import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._server import (  # noqa: E402
    Server,
    demo_env,
    run_cli,
    start_server,
    stop_server,
)

OFFICER = ("officer@guro.example.kr", "demo-officer-2026")
PUBLIC_URL = "http://gyeonhak.test"
TARGET_MS = 50.0


def sign_in(server: Server) -> dict[str, str]:
    answer = httpx.post(f"{server.url}/api/auth/token",
                        json={"email": OFFICER[0], "password": OFFICER[1]}, timeout=30)
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def upcoming_visit(server: Server, auth: dict[str, str]) -> dict[str, Any]:
    """An upcoming demo visit of a delegation that reads neither Korean nor English, so its
    PDF is bilingual (the usual case, and the larger document)."""
    now = datetime.now().astimezone()
    tomorrow = (now + timedelta(days=1)).date().isoformat()
    page = httpx.get(f"{server.url}/api/visits", params={"limit": 100, "from": tomorrow},
                     headers=auth, timeout=30)
    page.raise_for_status()
    for visit in page.json()["items"]:
        stops = [s for s in visit["stops"] if s["status"] not in ("cancelled", "declined")]
        if visit["status"] == "cancelled" or not stops:
            continue
        if datetime.fromisoformat(stops[0]["start"]) < now + timedelta(days=1):
            continue
        delegation = httpx.get(f"{server.url}/api/delegations/{visit['delegation_id']}",
                               headers=auth, timeout=30).json()
        if delegation["language"] not in ("ko", "en"):
            return visit
    raise RuntimeError("the demo has no upcoming visit of a foreign-language delegation")


def add_item(server: Server, auth: dict[str, str], visit: dict[str, Any]) -> int:
    """A programme item an hour and a half before the first stop (no place: no travel)."""
    first = min(datetime.fromisoformat(s["start"]) for s in visit["stops"])
    body = {"kind": "welcome", "title": {"ko": "환영 인사", "en": "Welcome"},
            "start": (first - timedelta(minutes=90)).isoformat(),
            "end": (first - timedelta(minutes=60)).isoformat()}
    answer = httpx.post(f"{server.url}/api/visits/{visit['id']}/items", json=body,
                        headers=auth, timeout=30)
    if answer.status_code != 201:
        raise RuntimeError(f"programme item refused: {answer.status_code} {answer.text}")
    return int(answer.json()["id"])


def first_downloads(a: Server, b: Server, visit_id: int, item_id: int, label: str,
                    changes: int, wait_s: float) -> list[float]:
    auth_a, auth_b = sign_in(a), sign_in(b)
    pdf = f"{b.url}/api/visits/{visit_id}/itinerary.pdf"
    timings = []
    with httpx.Client(timeout=120) as client:
        client.get(pdf, headers=auth_b).raise_for_status()  # B's connection and pool warm
        for n in range(changes):
            title = {"ko": f"환영 인사 {label} {n}", "en": f"Welcome {label} {n}"}
            answer = client.patch(f"{a.url}/api/visits/{visit_id}/items/{item_id}",
                                  json={"title": title}, headers=auth_a)
            answer.raise_for_status()
            time.sleep(wait_s)
            started = time.perf_counter()
            response = client.get(pdf, headers=auth_b)
            elapsed = time.perf_counter() - started
            if response.status_code != 200 or response.content[:5] != b"%PDF-":
                raise RuntimeError(f"download answered {response.status_code}: "
                                   f"{response.text[:200]}")
            timings.append(elapsed * 1000)
    return timings


def run_pair(env: dict[str, str], data_dir: Path, prerender: bool, label: str,
             visit_id: int, item_id: int, changes: int, wait_s: float) -> list[float]:
    extra = {**env, "PRERENDER": "1" if prerender else "0"}
    a = start_server(extra, data_dir / f"{label}-a.log")
    try:
        b = start_server(extra, data_dir / f"{label}-b.log")
        try:
            return first_downloads(a, b, visit_id, item_id, label, changes, wait_s)
        finally:
            stop_server(b)
    finally:
        stop_server(a)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    changes = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    wait_s = float(sys.argv[2]) if len(sys.argv) > 2 else 4.0
    with tempfile.TemporaryDirectory(prefix="gyeonhak-documents-") as tmp:
        data_dir = Path(tmp)
        env = demo_env(data_dir, {"PUBLIC_URL": PUBLIC_URL})
        run_cli(env, "migrate")
        run_cli(env, "seed-demo")
        setup = start_server({**env, "PRERENDER": "0", "RENDER_PREWARM": "0"},
                             data_dir / "setup.log")
        try:
            auth = sign_in(setup)
            visit = upcoming_visit(setup, auth)
            item_id = add_item(setup, auth, visit)
        finally:
            stop_server(setup)
        print(f"python {platform.python_version()}, two uvicorn processes on one SQLite "
              f"database; visit {visit['id']} ({len(visit['stops'])} stops); {changes} "
              f"changes on A, {wait_s:g} s wait, first PDF download from B")
        baseline = run_pair(env, data_dir, False, "baseline", visit["id"], item_id,
                            changes, wait_s)
        ready = run_pair(env, data_dir, True, "prerendered", visit["id"], item_id,
                         changes, wait_s)
        with sqlite3.connect(data_dir / "gyeonhak.sqlite3") as db:
            stored, size = db.execute("SELECT COUNT(*), COALESCE(SUM(size), 0) "
                                      "FROM document").fetchone()

    base50, ready50 = statistics.median(baseline), statistics.median(ready)
    print(f"{'first PDF after a change':<40} {'p50 ms':>8} {'p90 ms':>8}")
    print(f"{'  rendered in the request (PRERENDER=0)':<40} {base50:8.1f} "
          f"{percentile(baseline, 0.9):8.1f}")
    print(f"{'  prerendered, from the store':<40} {ready50:8.1f} "
          f"{percentile(ready, 0.9):8.1f}")
    print(f"ratio prerendered ÷ in-request: {ready50 / base50:.3f}")
    print(f"target first PDF ≤ {TARGET_MS:g} ms p50: "
          f"{'met' if ready50 <= TARGET_MS else 'NOT met'} ({ready50:.1f} ms)")
    print(f"document store at the end: {stored} documents, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
