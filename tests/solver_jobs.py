"""Jobs for solver processes in tests: module-level, so a spawned child can import them."""

from __future__ import annotations

import time


def sleep(seconds: float) -> float:
    """A solve that takes `seconds` of wall clock."""
    time.sleep(seconds)
    return seconds
