"""Slot search speed (SPEC §6): 30 days, 10 hosts, 2,000 live stops, in-process.

Run from the repository root: `python bench/slots.py [repetitions]`. Prints figures only.

The baseline, measured in the same run, is sorting the 2,000 bookings (shuffled) by start
time: simple, stable and of the size of the input, so the ratio says how many "sorts of
the input" a search costs, which varies less between machines than milliseconds do.

The bookings come ordered by start, as the store should query them (ORDER BY start); the
search accepts any order, and a shuffled copy is timed too.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time as clock
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from visits.domain import (  # noqa: E402
    Booking,
    Facility,
    Host,
    Policy,
    Slot,
    WeeklyWindow,
    free_slots,
    korean_public_holidays,
)

SEOUL = ZoneInfo("Asia/Seoul")
FIRST_DAY = date(2027, 3, 1)
DAYS = 30
FACILITY_ID = 1
OTHER_FACILITY_IDS = (2, 3, 4, 5)
BUFFERS = {1: 15, 2: 10, 3: 0, 4: 15, 5: 5}


@dataclass(frozen=True)
class Scenario:
    """Everything `free_slots` is given, plus the arguments of the timed call."""

    facility: Facility
    hosts: tuple[Host, ...]
    bookings: tuple[Booking, ...]
    policy: Policy
    day_from: date
    day_to: date
    duration: timedelta
    party_size: int


def build_hosts(rng: random.Random) -> tuple[Host, ...]:
    """Ten hosts of the facility, some also elsewhere, with office or part-time hours."""
    shapes = [(time(9), time(18)), (time(8, 30), time(17, 30)), (time(10), time(19))]
    hosts = []
    for host_id in range(1, 11):
        start, end = rng.choice(shapes)
        days = range(5) if host_id % 4 else (0, 2, 4)
        weekly = tuple(WeeklyWindow(day, start, end) for day in days)
        elsewhere = frozenset(rng.sample(OTHER_FACILITY_IDS, 2))
        hosts.append(Host(host_id, frozenset({FACILITY_ID}) | elsewhere, weekly, (), ("ko",)))
    return tuple(hosts)


def build_bookings(rng: random.Random, count: int = 2000) -> tuple[Booking, ...]:
    """Live stops of those hosts, 40 % at the facility, between 07:00 and 21:00."""
    bookings = []
    for stop_id in range(1, count + 1):
        facility_id = FACILITY_ID if rng.random() < 0.4 else rng.choice(OTHER_FACILITY_IDS)
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        start = datetime.combine(day, time(7), SEOUL) + timedelta(minutes=15 * rng.randrange(52))
        end = start + timedelta(minutes=rng.choice((20, 30, 45, 60)))
        bookings.append(
            Booking(
                stop_id=stop_id,
                visit_id=1 + stop_id // 3,
                facility_id=facility_id,
                host_id=rng.randint(1, 10),
                start=start,
                end=end,
                party_size=rng.randint(1, 6),
                buffer=timedelta(minutes=BUFFERS[facility_id]),
            )
        )
    # As the store returns them (ORDER BY start); `main` also times a shuffled copy.
    return tuple(sorted(bookings, key=lambda booking: (booking.start, booking.stop_id)))


def build_scenario(seed: int = 2027) -> Scenario:
    """A seeded, plausible month at one facility (Mon-Fri 09:00-18:00, 30 seats)."""
    rng = random.Random(seed)
    facility = Facility(FACILITY_ID, capacity=30, buffer=timedelta(minutes=15))
    holidays = korean_public_holidays([2027])
    policy = Policy(
        tz=SEOUL,
        closed_dates=frozenset(holidays),
        min_notice=timedelta(hours=24),
        now=datetime.combine(FIRST_DAY - timedelta(days=1), time(12), SEOUL),
        closed_reasons=holidays,
    )
    return Scenario(
        facility=facility,
        hosts=build_hosts(rng),
        bookings=build_bookings(rng),
        policy=policy,
        day_from=FIRST_DAY,
        day_to=FIRST_DAY + timedelta(days=DAYS - 1),
        duration=timedelta(minutes=60),
        party_size=10,
    )


def search(scenario: Scenario) -> list[Slot]:
    """The timed call."""
    return free_slots(
        scenario.facility,
        scenario.hosts,
        scenario.bookings,
        scenario.policy,
        scenario.day_from,
        scenario.day_to,
        scenario.duration,
        scenario.party_size,
    )


def rebuild_and_search(scenario: Scenario) -> list[Slot]:
    """As a request pays it: the 2,000 bookings built (and converted) again, then searched."""
    fresh = tuple(
        Booking(
            b.stop_id, b.visit_id, b.facility_id, b.host_id, b.start, b.end, b.party_size, b.buffer
        )
        for b in scenario.bookings
    )
    return search(replace(scenario, bookings=fresh))


def measure(action: Callable[[], object], repetitions: int) -> list[float]:
    """Wall times in milliseconds, after one warm-up call."""
    action()
    times = []
    for _ in range(repetitions):
        began = clock.perf_counter()
        action()
        times.append((clock.perf_counter() - began) * 1000)
    return times


def describe(label: str, times: list[float], baseline: float) -> str:
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    return (
        f"{label:<46} median {median:7.3f} ms   p90 {p90:7.3f} ms   "
        f"x{median / baseline:5.1f} baseline"
    )


def main() -> None:
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    scenario = build_scenario()
    shuffled = list(scenario.bookings)
    random.Random(1).shuffle(shuffled)
    slots = search(scenario)
    baseline = statistics.median(
        measure(lambda: sorted(shuffled, key=attrgetter("start")), repetitions)
    )
    print(
        f"python {platform.python_version()} on {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}, {repetitions} repetitions"
    )
    print(
        f"scenario: {len(scenario.hosts)} hosts, {len(scenario.bookings)} bookings, "
        f"{scenario.day_from}..{scenario.day_to}, 60 min, party 10 -> {len(slots)} slots, "
        f"{sum(len(slot.host_ids) for slot in slots)} host offers"
    )
    print(f"{'baseline: sort the 2,000 bookings by start':<46} median {baseline:7.3f} ms")
    runs = {
        "free_slots, bookings in store order": lambda: search(scenario),
        "free_slots, bookings shuffled": lambda: search(replace(scenario, bookings=shuffled)),
        "build 2,000 Booking objects + free_slots": lambda: rebuild_and_search(scenario),
    }
    for label, action in runs.items():
        print(describe(label, measure(action, repetitions), baseline))


if __name__ == "__main__":
    main()
