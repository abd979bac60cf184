"""Korean public holidays, including lunar and substitute ones, as closed days."""

from __future__ import annotations

from datetime import date

from visits.domain import korean_public_holidays


def test_korean_public_holidays_2027_seollal_with_its_substitute_day() -> None:
    holidays = korean_public_holidays([2027])

    # Seollal 2027 falls on Sun 7 Feb; the Sunday in the period gives Tue 9 Feb off.
    assert {day for day in holidays if day.month == 2} == {
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
        date(2027, 2, 9),
    }
    assert holidays[date(2027, 2, 9)] == "Alternative holiday for Korean New Year"


def test_korean_public_holidays_2027_chuseok_and_substitutes() -> None:
    holidays = korean_public_holidays([2027])

    assert holidays[date(2027, 9, 15)] == "Chuseok"
    assert date(2027, 9, 14) in holidays and date(2027, 9, 16) in holidays
    assert holidays[date(2027, 10, 4)] == "Alternative holiday for National Foundation Day"
    assert holidays[date(2027, 10, 11)] == "Alternative holiday for Hangul Day"


def test_korean_public_holidays_ordinary_weekday_is_open() -> None:
    assert date(2027, 3, 2) not in korean_public_holidays([2027])


def test_korean_public_holidays_several_years_and_languages() -> None:
    both = korean_public_holidays(range(2026, 2028))
    korean = korean_public_holidays([2027], language="ko")

    assert date(2026, 9, 25) in both and date(2027, 9, 15) in both
    assert korean[date(2027, 9, 15)] == "추석"


def test_korean_public_holidays_returns_a_fresh_dict_each_time() -> None:
    first = korean_public_holidays([2027])
    first.clear()

    assert korean_public_holidays([2027])
