"""The statistics bar chart (inline SVG) and the CSV cells, as pure functions."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from itineraries.tables import csv_bytes, neutralise
from visits.pages.stats import Bar, bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 -- our own output, parsed to check it is XML


def _chart(*bars: Bar) -> ET.Element:
    return _parse(str(bar_chart_svg("c", "Visits <2027>", "Japan 2 & China 1", bars)))


def test_chart_is_an_accessible_image_named_by_title_and_desc() -> None:
    svg = _chart(Bar("Japan", 2, "2"))

    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-title c-desc"
    assert svg.find(f"{SVG}title").text == "Visits <2027>"  # type: ignore[union-attr]
    assert svg.find(f"{SVG}title").get("id") == "c-title"  # type: ignore[union-attr]
    assert svg.find(f"{SVG}desc").text == "Japan 2 & China 1"  # type: ignore[union-attr]


def test_chart_bars_are_proportional_to_their_values() -> None:
    svg = _chart(Bar("Japan", 4, "4"), Bar("China", 2, "2"), Bar("Peru", 0, "0"))

    widths = [float(r.get("width", "").rstrip("%")) for r in svg.iter(f"{SVG}rect")]

    assert widths[0] == pytest.approx(2 * widths[1], abs=0.02) and widths[2] == 0
    assert 80 < widths[0] < 100  # the rest of the line holds the caption "4"


def test_chart_keeps_room_for_long_captions() -> None:
    svg = _chart(Bar("Japan", 4, "4 · 1,234 visitors"), Bar("China", 2, "2 · 5 visitors"))

    longest = float(next(svg.iter(f"{SVG}rect")).get("width", "").rstrip("%"))

    assert 50 <= longest < 60


def test_chart_escapes_labels_and_captions() -> None:
    markup = str(bar_chart_svg('x"y', "<t>", "<d>", [Bar('<b>"Hall"</b> & co', 1, "<1>")]))
    svg = _parse(markup)

    texts = [t.text for t in svg.iter(f"{SVG}text")]

    assert texts == ['<b>"Hall"</b> & co', "<1>"]
    assert "<b>" not in markup and svg.get("id") == 'x"y'


def test_chart_shortens_a_label_too_long_for_its_line() -> None:
    svg = _chart(Bar("통합관제센터 " * 20, 1, "1"))

    label = next(svg.iter(f"{SVG}text")).text or ""

    assert label.endswith("…") and len(label) < 25


def test_chart_without_bars_is_still_valid_svg() -> None:
    svg = _chart()

    assert list(svg.iter(f"{SVG}rect")) == []


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Japan = 1", "Japan = 1"),
        ("", ""),
        (3, 3),
    ],
)
def test_neutralise_defuses_formula_cells(cell: object, written: object) -> None:
    assert neutralise(cell) == written


def test_csv_starts_with_a_bom_and_reads_back() -> None:
    data = csv_bytes([["이름", "n"], ["=1+1", 2]])

    assert data.startswith("\ufeff".encode())
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [
        ["이름", "n"], ["'=1+1", "2"]]
