"""Event plans as jobs (issue 16.6, SPEC §7.8), over HTTP against a real uvicorn.

Run from the repository root: `python bench/event_jobs.py [runs] [time_limit_s]` (defaults
3 and 5). Prints figures only.

Each run starts uvicorn on a fresh SQLite demo database (bench/_server.py) and arranges
30 delegations wishing 12 one-group-at-a-time rooms on one day (2 hosts), an event the
planner cannot prove best in a minute. Measured, as medians over the runs:
- the plan's wall clock through `POST /api/events/plan` (the baseline) and through a job
  (`POST /api/events/jobs`, then `GET` every 0.1 s until `done`), same body, and their
  ratio: what watching costs;
- how soon `POST /api/events/jobs` answers 202, and how soon the job's `best` shows;
- how long `POST …/stop` takes to answer `stopped` with the best plan, on a job given a
  minute, stopped 3 s after its first plan.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._server import demo_server  # noqa: E402
from bench.event_plan_memory import arrange_event, sign_in  # noqa: E402


def _until(client: httpx.Client, url: str, wanted: Any, limit_s: float = 180) -> dict[str, Any]:
    deadline = time.monotonic() + limit_s
    while True:
        job: dict[str, Any] = client.get(url).json()
        if wanted(job):
            return job
        if time.monotonic() > deadline:
            raise RuntimeError(f"job never got there: {job}")
        time.sleep(0.1)


def one_run(time_limit_s: float) -> dict[str, float]:
    with demo_server(extra_env={"RENDER_PREWARM": "0"}) as server, \
            httpx.Client(base_url=server.url, timeout=180) as client:
        sign_in(client)
        body = arrange_event(client, delegations=30, hosts=2, time_limit_s=time_limit_s)
        began = time.perf_counter()
        client.post("/api/events/plan", json=body).raise_for_status()
        direct = time.perf_counter() - began

        began = time.perf_counter()
        started = client.post("/api/events/jobs", json=body)
        accepted = time.perf_counter() - began
        url = started.json()["url"]
        _until(client, url, lambda j: j["best"] is not None)
        first_best = time.perf_counter() - began
        done = _until(client, url, lambda j: j["status"] not in ("queued", "running"))
        as_job = time.perf_counter() - began
        assert done["status"] == "done", done

        url = client.post("/api/events/jobs", json={**body, "time_limit_s": 60}).json()["url"]
        _until(client, url, lambda j: j["best"] is not None)
        time.sleep(3)
        began = time.perf_counter()
        stopped = client.post(f"{url}/stop").json()
        stop = time.perf_counter() - began
        assert stopped["status"] == "stopped" and stopped["plan"]["stops"], stopped
    return {"direct_s": direct, "job_s": as_job, "accept_ms": accepted * 1000,
            "first_best_s": first_best, "stop_s": stop}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    time_limit_s = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    results = [one_run(time_limit_s) for _ in range(runs)]
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    print(f"event plan jobs: 30 delegations x 12 rooms x 1 day, time limit {time_limit_s:g} s, "
          f"{runs} runs (medians)")
    print(f"  POST /api/events/plan (baseline)    {median['direct_s']:.2f} s")
    print(f"  the same as a job, until done        {median['job_s']:.2f} s   "
          f"ratio {median['job_s'] / median['direct_s']:.2f}")
    print(f"  202 from POST /api/events/jobs       {median['accept_ms']:.0f} ms")
    print(f"  first best plan shown                {median['first_best_s']:.2f} s")
    print(f"  stop -> stopped with the plan        {median['stop_s']:.2f} s")


if __name__ == "__main__":
    main()
