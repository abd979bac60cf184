"""How large an event plan may be, checked before anything is loaded or built.

The candidate search asks the availability engine for every grid start from the first
event day to the last, so its work (and the solver's domains) grow with the days between
them, not with how many days there are: days centuries apart once took 14 GB. An event
is a week or two; a month is the most an office plans in one go.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

MAX_EVENT_SPAN_DAYS = 31
"""The first and the last event day lie at most this many days apart (both counted)."""


def event_span_days(days: Sequence[date]) -> int:
    """Calendar days from the first event day to the last, both counted."""
    return (max(days) - min(days)).days + 1
