"""Render time of the protocol documents beside the itinerary's, warm, in one run.

Run from the repository root: `.venv/bin/python bench/protocol_documents.py`. Prints figures
only (never asserts a timing); under a minute.

One process, `warm_up()` first and one untimed render of each document, then WARM_RUNS
rounds, each rendering the three documents one after the other (interleaved, so a noisy
neighbour on a shared machine slows all of them alike). The baseline is the itinerary PDF
of the unit tests' sample (tests/unit/itineraries/test_itinerary_pdf.py: a Japanese
delegation, four live stops, two pages, a QR code). The table
tents and the briefing are the unit tests' samples (tests/unit/itineraries/
test_protocol_documents.py): three members and two hosts, so five A4 cards; one briefing
page. Both in Japanese and in Thai.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from itineraries.briefing import render_briefing_pdf  # noqa: E402
from itineraries.name_cards import render_name_cards_pdf  # noqa: E402
from itineraries.pdf import render_itinerary_pdf, warm_up  # noqa: E402
from tests.unit.itineraries.test_itinerary_pdf import sample_itinerary  # noqa: E402
from tests.unit.itineraries.test_protocol_documents import briefing, card_set  # noqa: E402

WARM_RUNS = 15


def documents() -> dict[str, Callable[[], bytes]]:
    itinerary = sample_itinerary("ja")
    return {
        "itinerary (ja, 2 pages)": lambda: render_itinerary_pdf(itinerary, "ja"),
        "name cards (ja, 5 cards)": lambda: render_name_cards_pdf(card_set("ja")),
        "name cards (th, 5 cards)": lambda: render_name_cards_pdf(card_set("th")),
        "briefing (ja, 1 page)": lambda: render_briefing_pdf(briefing("ja")),
        "briefing (th, 1 page)": lambda: render_briefing_pdf(briefing("th")),
    }


def main() -> None:
    warm_up()
    jobs = documents()
    for job in jobs.values():
        job()
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(WARM_RUNS):
        for name, job in jobs.items():
            start = perf_counter()
            job()
            times[name].append(perf_counter() - start)
    baseline = statistics.median(next(iter(times.values())))
    print(f"warm render, median of {WARM_RUNS} (interleaved), one process:")
    for name, measured in times.items():
        median = statistics.median(measured)
        print(f"  {name:28} {median * 1000:7.0f} ms   {median / baseline:4.2f}× the itinerary")


if __name__ == "__main__":
    main()
