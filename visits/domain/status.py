"""A visit's status is derived from its stops (SPEC §2), never stored apart from them;
only closing it after the day (SPEC §7.6) makes it `completed`.

A stop whose host proposed another time (`countered`, SPEC §7.5) needs the officer as a
decline does."""

from __future__ import annotations

from collections.abc import Iterable


def visit_status(cancelled: bool, stop_statuses: Iterable[str], closed: bool = False) -> str:
    live = [s for s in stop_statuses if s != "cancelled"]
    if cancelled or not live:
        return "cancelled"
    if closed:
        return "completed"
    if "declined" in live or "countered" in live:
        return "needs_attention"
    if "requested" in live:
        return "requested"
    return "confirmed"
