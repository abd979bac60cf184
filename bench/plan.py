"""Day planner speed: 8 facilities of Guro-gu, 5 required and 3 optional, lunch, in-process.

Run from the repository root: `python bench/plan.py [repetitions]`. Prints figures only;
the goal is a median of at most 200 ms.

The baseline, measured in the same run, is the 8 `free_slots` calls the planner makes
first (one per facility, same day, same bookings): the ratio says what the search costs
on top of asking the availability engine, which varies less between machines than
milliseconds do. Two variants follow: the day starting at 11:00, so that the planner must
choose which optional facilities to leave out, and no coordinates at all, so that every
pair of facilities is 10 minutes apart and every order ties on travel (its worst case).
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.slots import describe, measure  # noqa: E402
from visits.domain import (  # noqa: E402
    Booking,
    Facility,
    Host,
    Policy,
    WeeklyWindow,
    free_slots,
    korean_public_holidays,
)
from visits.domain.dayplan.plan import DayPlan, Lunch, plan_day  # noqa: E402

SEOUL = ZoneInfo("Asia/Seoul")
DAY = date(2027, 3, 10)  # a Wednesday
GURO_OFFICE = (37.4954, 126.8874)
FACILITY_IDS = tuple(range(1, 9))
REQUIRED = (1, 2, 3, 4, 5)
OPTIONAL = (6, 7, 8)
DURATIONS = {1: 30, 2: 60, 3: 45, 4: 30, 5: 45, 6: 30, 7: 40, 8: 30}
BUFFERS = {1: 15, 2: 10, 3: 0, 4: 15, 5: 5, 6: 0, 7: 10, 8: 20}
PARTY = 12


@dataclass(frozen=True)
class Scenario:
    facilities: dict[int, Facility]
    hosts: tuple[Host, ...]
    bookings: tuple[Booking, ...]
    policy: Policy


def build_facilities(rng: random.Random, with_coordinates: bool = True) -> dict[int, Facility]:
    """Eight facilities within about 3 km of the district office, some open part of the day."""
    hours = [(time(9), time(18)), (time(9), time(17)), (time(10), time(18)), (time(9), time(16))]
    out = {}
    for facility_id in FACILITY_IDS:
        start, end = rng.choice(hours)
        lat = GURO_OFFICE[0] + rng.uniform(-0.015, 0.015)
        lon = GURO_OFFICE[1] + rng.uniform(-0.02, 0.02)
        out[facility_id] = Facility(
            id=facility_id,
            capacity=rng.choice((20, 30, 40)),
            buffer=timedelta(minutes=BUFFERS[facility_id]),
            open_hours=tuple(WeeklyWindow(day, start, end) for day in range(5)),
            lat=lat if with_coordinates else None,
            lon=lon if with_coordinates else None,
        )
    return out


def build_hosts(rng: random.Random) -> tuple[Host, ...]:
    """Two or three hosts a facility; a few also receive at a second facility."""
    hosts = []
    host_id = 0
    languages = (("ko",), ("ko", "en"), ("ko", "ja"), ("ko", "zh-Hans"))
    for facility_id in FACILITY_IDS:
        for _ in range(rng.choice((2, 3))):
            host_id += 1
            links = {facility_id}
            if rng.random() < 0.3:
                links.add(rng.choice(FACILITY_IDS))
            start = rng.choice((time(9), time(9, 30), time(10)))
            weekly = tuple(WeeklyWindow(day, start, time(18)) for day in range(5))
            hosts.append(Host(host_id, frozenset(links), weekly, (), rng.choice(languages)))
    return tuple(hosts)


def build_bookings(
    rng: random.Random, hosts: tuple[Host, ...], count: int = 300
) -> tuple[Booking, ...]:
    """Live stops of those hosts over the week around the day, a third of them on it."""
    bookings = []
    for stop_id in range(1, count + 1):
        host = rng.choice(hosts)
        facility_id = rng.choice(sorted(host.facility_ids))
        day = DAY if rng.random() < 0.33 else DAY + timedelta(days=rng.randint(-3, 3))
        start = datetime.combine(day, time(9), SEOUL) + timedelta(minutes=15 * rng.randrange(32))
        bookings.append(
            Booking(
                stop_id=stop_id,
                visit_id=1 + stop_id // 3,
                facility_id=facility_id,
                host_id=host.id,
                start=start,
                end=start + timedelta(minutes=rng.choice((30, 45, 60))),
                party_size=rng.randint(2, 10),
                buffer=timedelta(minutes=BUFFERS[facility_id]),
            )
        )
    return tuple(sorted(bookings, key=lambda b: (b.start, b.stop_id)))


def build_scenario(seed: int = 2027) -> Scenario:
    rng = random.Random(seed)
    facilities = build_facilities(rng)
    hosts = build_hosts(rng)
    holidays = korean_public_holidays([2027])
    policy = Policy(
        tz=SEOUL,
        closed_dates=frozenset(holidays),
        min_notice=timedelta(hours=24),
        now=datetime.combine(DAY - timedelta(days=7), time(12), SEOUL),
        closed_reasons=holidays,
    )
    return Scenario(facilities, hosts, build_bookings(rng, hosts), policy)


def plan(scenario: Scenario, day_start: time = time(9)) -> DayPlan:
    """The timed call."""
    return plan_day(
        facilities=scenario.facilities,
        hosts=scenario.hosts,
        bookings=scenario.bookings,
        policy=scenario.policy,
        day=DAY,
        required=REQUIRED,
        optional=OPTIONAL,
        language="ja",
        party_size=PARTY,
        durations={i: timedelta(minutes=m) for i, m in DURATIONS.items()},
        day_start=day_start,
        lunch=Lunch(time(12), time(13, 30), timedelta(minutes=60)),
    )


def slot_searches(scenario: Scenario) -> None:
    """The baseline: the availability questions the planner asks before searching."""
    for facility_id in FACILITY_IDS:
        free_slots(
            scenario.facilities[facility_id],
            scenario.hosts,
            scenario.bookings,
            scenario.policy,
            DAY,
            DAY,
            timedelta(minutes=DURATIONS[facility_id]),
            PARTY,
        )


def summary(result: DayPlan) -> str:
    stops = ", ".join(f"{s.facility_id}@{s.start:%H:%M}/h{s.host_id}" for s in result.stops)
    lunch = f"{result.lunch[0]:%H:%M}" if result.lunch else "-"
    return (
        f"  {stops}; lunch {lunch}; unscheduled {list(result.unscheduled)}; "
        f"travel {result.travel_min} min, idle {result.idle_min} min"
    )


def main() -> None:
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    scenario = build_scenario()
    no_coordinates = replace(
        scenario, facilities=build_facilities(random.Random(2027), with_coordinates=False)
    )
    baseline = statistics.median(measure(lambda: slot_searches(scenario), repetitions))
    print(
        f"python {platform.python_version()} on {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}, {repetitions} repetitions"
    )
    print(
        f"scenario: 8 facilities, {len(scenario.hosts)} hosts, {len(scenario.bookings)} "
        f"bookings, {DAY} 09:00-18:00, lunch 12:00-13:30 for 60 min, party {PARTY}, "
        "5 required + 3 optional"
    )
    print(f"{'baseline: the 8 free_slots calls':<48} median {baseline:8.2f} ms")
    runs = {
        "plan_day": (scenario, time(9)),
        "plan_day, day from 11:00 (optional ones left)": (scenario, time(11)),
        "plan_day, no coordinates (all travel ties)": (no_coordinates, time(9)),
    }
    for label, (chosen, start) in runs.items():
        times = measure(lambda chosen=chosen, start=start: plan(chosen, start), repetitions)
        print(describe(label, times, baseline))
        print(summary(plan(chosen, start)))


if __name__ == "__main__":
    main()
