"""Korean public holidays, the default closed days (SPEC §2).

Lunar dates (Seollal, Chuseok, Buddha's Birthday) and substitute holidays come from the
`holidays` package; the caller merges them with the organisation's own closures into
`Policy.closed_dates`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import holidays as holiday_tables


def korean_public_holidays(years: Iterable[int], language: str = "en_US") -> dict[date, str]:
    """Public holidays of Korea in `years`, date → name (`language`: en_US, ko or th)."""
    found: dict[date, str] = {}
    for year in sorted(set(years)):
        found.update(_holidays_of(year, language))
    return found


@lru_cache(maxsize=64)
def _holidays_of(year: int, language: str) -> tuple[tuple[date, str], ...]:
    """One year's table, computed once: building it costs milliseconds."""
    table = holiday_tables.country_holidays("KR", years=year, language=language)
    return tuple(sorted(table.items()))
