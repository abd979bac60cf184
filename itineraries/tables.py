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


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[Sequence[object]]]]) -> bytes:
    """A workbook: one sheet per (name, rows), the first row bold as headers. Text cells are
    neutralised as in the CSV (openpyxl would store "=…" as a formula) and kept as text."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(title=name[:31])
        for row in rows:
            sheet.append([neutralise(cell) for cell in row])
        for cell in sheet[1] if rows else ():
            cell.font = Font(bold=True)
        for cell in (c for line in sheet.iter_rows(min_row=2) for c in line):
            if isinstance(cell.value, str):
                cell.data_type = "s"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
