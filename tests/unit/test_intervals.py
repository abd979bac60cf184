"""Half-open interval algebra: hand examples, and every operation against sets of integers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from visits.domain.intervals import (
    Spans,
    clip_spans,
    contains_point,
    intersect_spans,
    merge_sorted,
    normalize_spans,
    starts_avoiding,
    starts_within,
    subtract_spans,
    union_spans,
)


def points(spans: Spans) -> set[int]:
    return {point for start, end in spans for point in range(start, end)}


def is_normalized(spans: Spans) -> bool:
    return all(start < end for start, end in spans) and all(
        a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False)
    )


raw_spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8)
spans_strategy = raw_spans.map(normalize_spans)


def test_normalize_spans_merges_touching_and_overlapping_and_drops_empty() -> None:
    assert normalize_spans([(5, 9), (0, 5), (12, 12), (8, 10), (20, 15)]) == [(0, 10)]


def test_intersect_spans_keeps_what_both_cover() -> None:
    assert intersect_spans([(0, 10), (20, 30)], [(5, 25)]) == [(5, 10), (20, 25)]


def test_subtract_spans_half_open_ends_leave_the_boundaries() -> None:
    assert subtract_spans([(0, 30)], [(10, 20)]) == [(0, 10), (20, 30)]
    assert subtract_spans([(0, 10)], [(10, 20)]) == [(0, 10)]


def test_subtract_spans_a_block_spanning_several_spans_removes_from_each() -> None:
    assert subtract_spans([(0, 10), (12, 20), (25, 30)], [(5, 14), (15, 27)]) == [
        (0, 5),
        (14, 15),
        (27, 30),
    ]


def test_union_and_clip_spans() -> None:
    assert union_spans([(0, 3)], [(3, 5), (8, 9)]) == [(0, 5), (8, 9)]
    assert clip_spans([(0, 5), (8, 20)], 3, 10) == [(3, 5), (8, 10)]


def test_contains_point_is_half_open() -> None:
    spans = [(0, 5), (10, 15)]

    assert [contains_point(spans, p) for p in (-1, 0, 4, 5, 9, 10, 14, 15)] == [
        False,
        True,
        True,
        False,
        False,
        True,
        True,
        False,
    ]


def test_starts_avoiding_forbids_starts_whose_stop_would_meet_a_block() -> None:
    # a stop of length 3 meets [10, 12) when it starts at 8, 9, 10 or 11
    assert starts_avoiding([(10, 12)], 3) == [(8, 12)]
    assert starts_avoiding([(0, 4), (2, 5), (9, 10)], 3) == [(-2, 5), (7, 10)]


def test_starts_within_keeps_starts_whose_stop_fits() -> None:
    # a stop of length 3 fits into [10, 15) when it starts at 10, 11 or 12
    assert starts_within([(0, 2), (10, 15)], 3) == [(10, 13)]


@settings(max_examples=300)
@given(spans=raw_spans)
def test_normalize_spans_covers_the_same_points_in_normal_form(spans: Spans) -> None:
    result = normalize_spans(spans)

    assert points(result) == points([(a, b) for a, b in spans if a < b])
    assert is_normalized(result)


@settings(max_examples=300)
@given(a=spans_strategy, b=spans_strategy)
def test_set_operations_match_sets_of_points(a: Spans, b: Spans) -> None:
    assert points(union_spans(a, b)) == points(a) | points(b)
    assert points(intersect_spans(a, b)) == points(a) & points(b)
    assert points(subtract_spans(a, b)) == points(a) - points(b)
    assert all(
        is_normalized(result)
        for result in (union_spans(a, b), intersect_spans(a, b), subtract_spans(a, b))
    )


@settings(max_examples=300)
@given(a=spans_strategy, point=st.integers(-5, 65))
def test_contains_point_matches_membership(a: Spans, point: int) -> None:
    assert contains_point(a, point) == (point in points(a))


@settings(max_examples=300)
@given(blocks=raw_spans, length=st.integers(1, 10))
def test_starts_avoiding_matches_a_check_of_every_start(blocks: Spans, length: int) -> None:
    ordered = sorted((a, b) for a, b in blocks if a < b)

    result = starts_avoiding(ordered, length)

    meets = {s for s in range(-15, 70) if any(a < s + length and s < b for a, b in ordered)}
    assert points(result) == meets
    assert is_normalized(result)


@settings(max_examples=300)
@given(windows=spans_strategy, length=st.integers(1, 10))
def test_starts_within_matches_a_check_of_every_start(windows: Spans, length: int) -> None:
    result = starts_within(windows, length)

    fits = {s for s in range(0, 70) if any(a <= s and s + length <= b for a, b in windows)}
    assert points(result) == fits


@given(spans=raw_spans, shift=st.integers(0, 5))
def test_merge_sorted_equals_normalizing_the_shifted_spans(spans: Spans, shift: int) -> None:
    ordered = sorted(spans)

    assert merge_sorted(ordered, shift) == normalize_spans(
        (a - shift, b) for a, b in ordered if a < b
    )
