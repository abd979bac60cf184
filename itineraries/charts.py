"""Bar charts as SVG, drawn on the server from plain numbers: inline on the statistics page
(no script, no library) and as vectors in the annual report's PDF. A screen reader reads
each chart's title and description; the same numbers stand in a table beside it."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

# Chart geometry in CSS pixels. The chart takes its box's width and bars are laid out in
# percent of it, so the text keeps its size from a 390-px phone to a desktop.
ROW_HEIGHT = 44
LABEL_SIZE = 14
CAPTION_SIZE = 13
NARROWEST = 310  # the chart's width on a 390-px phone, inside the page's card
BAR_COLOUR = "#0f5a78"
INK = "#1d2329"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    caption: str  # written after the bar, e.g. "12" or "12 · 340명"


def _text_width(value: str, size: float = LABEL_SIZE) -> float:
    """Rough width of text: wide (CJK, Hangul) characters take a full em, others ~0.55 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.55 for c in value)


def _fit(value: str, width: float) -> str:
    if _text_width(value) <= width:
        return value
    while value and _text_width(value + "…") > width:
        value = value[:-1]
    return value.rstrip() + "…"


def bar_chart_svg(ident: str, title: str, description: str, bars: Sequence[Bar],
                  width: float | None = None, font_family: str = "") -> Markup:
    """A horizontal bar chart: each bar under its label, the caption after the bar.

    Without `width` the chart takes its box's width (bars in percent: the page); with it,
    a chart of that many CSS pixels (the PDF, where it stays a vector drawing, its text in
    `font_family`: an SVG does not inherit the document's fonts). Labels too
    long for a phone are shortened with "…": the table beside the chart, and the
    description a screen reader reads, carry them in full.
    """
    ident = escape(ident)
    room = width or NARROWEST
    caption_px = max((_text_width(b.caption, CAPTION_SIZE) for b in bars), default=0) + 8
    span = 100 - min(50.0, 100 * caption_px / room)  # percent left for the longest bar
    biggest = max((b.value for b in bars), default=0) or 1
    height = ROW_HEIGHT * len(bars) + 4
    unit, scale = ("%", 1.0) if width is None else ("", width / 100)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ident}" role="img" '
        f'width="{"100%" if width is None else width}" height="{height}" '
        f'aria-labelledby="{ident}-title {ident}-desc"'
        + (f' font-family="{escape(font_family)}">' if font_family else ">"),
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for row, bar in enumerate(bars):
        top = row * ROW_HEIGHT
        length = round(span * max(bar.value, 0) / biggest * scale, 2)
        parts += [
            f'<text x="0" y="{top + 15}" font-size="{LABEL_SIZE}" fill="{INK}">'
            f"{escape(_fit(bar.label, room))}</text>",
            f'<rect x="0" y="{top + 21}" width="{length}{unit}" height="16" '
            f'fill="{BAR_COLOUR}"/>',
            f'<text x="{length}{unit}" dx="6" y="{top + 34}" font-size="{CAPTION_SIZE}" '
            f'fill="{INK}">{escape(bar.caption)}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 -- every piece of text is escaped above
