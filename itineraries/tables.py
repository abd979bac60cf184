"""Tables as files: CSV a spreadsheet opens safely. Cells that a spreadsheet would run as
a formula (user text starting with "=", "+", "-", "@", a tab or a return) get a leading
apostrophe, in every export."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark: Excel (Korean Windows too) then reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
