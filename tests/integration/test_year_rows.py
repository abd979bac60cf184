"""The year's reads (visits.services.year_rows) on the database in use: a list of ids is
one parameter, however long (PostgreSQL refuses a statement of more than 32,767)."""

from __future__ import annotations

from tests.integration.builders import World
from visits.services import year_rows


async def test_delegations_by_forty_thousand_ids_in_one_parameter(world: World) -> None:
    made = await world.delegation(size=7, country="JP")
    ids = list(range(made["id"] - 20_000, made["id"] + 20_000))

    found = await year_rows.delegations(ids)

    assert [(row[0], row[2], row[3]) for row in found] == [(made["id"], "JP", 7)]


async def test_heads_and_survey_of_no_ids_are_empty(world: World) -> None:
    await world.delegation(size=3)

    assert await year_rows.heads([]) == []
    assert await year_rows.survey_scores([]) == []
