"""Exports stay formula-safe (CSV and workbook), and every country has a continent."""

from __future__ import annotations

import io

import pytest
from babel import Locale
from openpyxl import load_workbook

from itineraries.tables import xlsx_bytes
from visits.domain.continents import CONTINENT_NAMES_KO, CONTINENTS, continent_of

# CLDR territories that are not countries (regions, pseudo-codes, the EU, the UN).
NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB",
                 "ZZ"}


def test_workbook_cells_never_become_formulas() -> None:
    data = xlsx_bytes([("선물", [["설명", "가액"], ["=HYPERLINK(\"x\")", 1], ["+cmd", "@A1"]])])
    sheet = load_workbook(io.BytesIO(data))["선물"]
    assert [c.data_type for c in sheet[2]] == ["s", "n"]
    assert [c.value for c in sheet[2]] == ["'=HYPERLINK(\"x\")", 1]
    assert [c.value for c in sheet[3]] == ["'+cmd", "'@A1"]
    assert sheet["A1"].font.bold


def test_every_country_of_cldr_has_a_continent() -> None:
    countries = {t for t in Locale.parse("en").territories if len(t) == 2 and t.isalpha()}
    assert {c for c in countries - NOT_COUNTRIES if continent_of(c) not in CONTINENTS} == set()


@pytest.mark.parametrize(("country", "continent"), [
    ("KR", "AS"), ("JP", "AS"), ("cn", "AS"), ("FR", "EU"), ("RU", "EU"), ("CG", "AF"),
    ("CO", "SA"), ("US", "NA"), ("MX", "NA"), ("AU", "OC"), ("XX", ""),
])
def test_continent_of(country: str, continent: str) -> None:
    assert continent_of(country) == continent
    assert CONTINENT_NAMES_KO[continent_of(country)]
