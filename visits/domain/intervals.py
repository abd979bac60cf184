"""Half-open interval algebra on integer time.

A `Spans` list is sorted, and its spans are non-empty and neither overlap nor touch, so
`[(0, 5), (5, 9)]` is spelled `[(0, 9)]`. Every rule of the scheduler reduces to these few
operations on such lists, which keeps them linear and easy to test on their own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

Span = tuple[int, int]
Spans = list[Span]


def normalize_spans(spans: Iterable[Span]) -> Spans:
    """Sort, drop empty spans and merge overlapping or touching ones."""
    return merge_sorted(sorted(spans))


def merge_sorted(spans: Iterable[Span], shift: int = 0) -> Spans:
    """Merge spans sorted by start, each first widened `shift` to the left.

    One loop serves both normalizing and `starts_avoiding`; it keeps the open span in
    locals because this runs over every booking of every host in a slot search.
    """
    out: Spans = []
    low = high = 0
    started = False
    for start, end in spans:
        if end <= start:
            continue
        start -= shift
        if started and start <= high:
            if end > high:
                high = end
        else:
            if started:
                out.append((low, high))
            low, high, started = start, end, True
    if started:
        out.append((low, high))
    return out


def union_spans(a: Spans, b: Spans) -> Spans:
    """Every point in `a` or in `b`."""
    return normalize_spans([*a, *b])


def intersect_spans(a: Spans, b: Spans) -> Spans:
    """Every point in both `a` and `b`, by a single sweep over both lists."""
    out: Spans = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract_spans(a: Spans, b: Spans) -> Spans:
    """Every point in `a` and not in `b`.

    Walks `a` and jumps through `b` by binary search, so a few candidate spans against
    hundreds of bookings cost a few look-ups, not a pass over every booking.
    """
    out: Spans = []
    j, count = 0, len(b)
    for start, end in a:
        j = bisect_left(b, (start + 1,), j)  # first block starting after `start`...
        if j and b[j - 1][1] > start:  # ...unless the one before still covers it
            j -= 1
        while j < count and b[j][0] < end:
            if b[j][0] > start:
                out.append((start, b[j][0]))
            start = max(start, b[j][1])
            j += 1
        if start < end:
            out.append((start, end))
        if j:
            j -= 1  # the last block may reach into the next span of `a`
    return out


def clip_spans(spans: Spans, lo: int, hi: int) -> Spans:
    """The part of `spans` inside [lo, hi)."""
    return intersect_spans(spans, [(lo, hi)]) if lo < hi else []


def contains_point(spans: Spans, point: int) -> bool:
    """Whether `point` lies in one of the spans (binary search)."""
    i = bisect_left(spans, (point + 1,)) - 1  # last span starting at or before point
    return i >= 0 and point < spans[i][1]


def starts_avoiding(blocks: Spans, length: int) -> Spans:
    """Starts s for which [s, s + length) meets some block (the starts to forbid).

    [s, s + length) meets [b0, b1) iff b0 - length < s < b1; on integers that is the
    half-open [b0 - length + 1, b1). `blocks` must be sorted by start but may overlap
    (a host's bookings with their buffers); the result is normalized.
    """
    return merge_sorted(blocks, length - 1)


def starts_within(windows: Spans, length: int) -> Spans:
    """Starts s for which [s, s + length) lies inside one window: [w0, w1 - length]."""
    return [(w0, w1 - length + 1) for w0, w1 in windows if w1 - w0 >= length]
