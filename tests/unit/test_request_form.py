"""The public request form's fields ↔ the API's RequestCreate body (visits.pages.request_form)."""

from __future__ import annotations

from typing import Any

import pytest

from visits.pages.request_form import input_of, language_tags, member_rows, request_data


@pytest.mark.parametrize(("values", "adding", "rows"), [
    ({}, False, 3),
    ({"size": "2"}, False, 2),
    ({"size": "40"}, False, 3),
    ({"member_rows": "3"}, True, 4),
    ({"member_rows": "3", "members[5].given_name": "Ken"}, False, 6),
    ({"member_rows": "3", "members[1].role": "head"}, False, 3),
    ({"member_rows": "200"}, True, 200),
    ({"member_rows": "0", "size": "1"}, False, 1),
])
def test_member_rows_shown(values: dict[str, Any], adding: bool, rows: int) -> None:
    assert member_rows(values, adding=adding) == rows


@pytest.mark.parametrize(("typed", "lang", "tags"), [
    ("日本語、英語", "ja", ["ja", "en"]),
    ("Japanese, English", "fr", ["ja", "en"]),
    ("일본어, 영어", "th", ["ja", "en"]),
    ("ja; zh-Hant", "en", ["ja", "zh-Hant"]),
    ("العربية، الفرنسية", "ar", ["ar", "fr"]),
    ("Martian", "en", ["Martian"]),
    (" , ", "en", []),
])
def test_languages_typed_as_names_or_tags(typed: str, lang: str, tags: list[str]) -> None:
    assert language_tags(typed, lang) == tags


def test_empty_rows_and_dates_are_left_out_and_mapped_back() -> None:
    values = {"members[0].role": "member", "members[1].family_name": "Sato",
              "members[1].rank": "2", "members[2].role": "member",
              "dates[0]": "", "dates[1]": "2027-03-09", "dates[2]": "2027-03-10",
              "size": "twelve", "interests": ["kiosk", "kiosk"], "website": ""}

    draft = request_data(values, "en")

    assert draft.data["members"] == [{"family_name": "Sato", "rank": 2, "role": "member"}]
    assert draft.data["dates"] == ["2027-03-09", "2027-03-10"]
    assert draft.data["size"] == "twelve" and draft.data["interests"] == ["kiosk"]
    assert "organisation" not in draft.data and draft.data["contact"] == {}
    assert input_of("members[0].rank", draft) == "members[1].rank"
    assert input_of("dates[1]", draft) == "dates[2]"
    assert input_of("members[0].languages[2]", draft) == "members[1].languages"
    assert input_of("interests[1]", draft) == "interests"
