"""A visit's status is derived from its stops (SPEC §2), never stored apart from them.

A stop whose host proposed another time (`countered`, SPEC §7.5) needs the officer as a
decline does."""

from __future__ import annotations

from collections.abc import Iterable


def visit_status(cancelled: bool, stop_statuses: Iterable[str]) -> str:
    live = [s for s in stop_statuses if s != "cancelled"]
    if cancelled or not live:
        return "cancelled"
    if "declined" in live or "countered" in live:
        return "needs_attention"
    if "requested" in live:
        return "requested"
    return "confirmed"
