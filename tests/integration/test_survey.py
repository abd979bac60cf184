"""The visitors' survey behind the share link (SPEC §7.6): from the visit's day on, one
answer per share link and device, editable for a week, in the 14 languages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.integration.after_visit import days_ago, move_visit, past_visit
from tests.integration.builders import World, csrf_of
from visits.models import SurveyAnswer
from visits.pages.visitor_i18n import VISITOR_LANGUAGES, say
from visits.wording import survey_words as w


async def _shared(world: World, days: int = 2, **delegation: Any) -> tuple[dict[str, Any], str]:
    visit = await past_visit(world, days, **delegation)
    share = await world.post(f"/api/visits/{visit['id']}/share", {}, status=200)
    return visit, urlsplit(share["url"]).path


def _device(client: httpx.AsyncClient) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=client._transport, base_url="http://testserver")


async def _answer(device: httpx.AsyncClient, path: str, **fields: Any) -> httpx.Response:
    page = await device.get(f"{path}/survey")
    return await device.post(f"{path}/survey", data={"csrf_token": csrf_of(page.text),
                                                     **fields})


async def test_visitor_page_offers_the_survey_from_the_visits_day(world: World) -> None:
    _, path = await _shared(world)
    page = await world.client.get(path)
    assert f'{path}/survey?lang=ja"' in page.text


async def test_before_the_day_there_is_no_survey_and_answers_are_refused(world: World) -> None:
    visit, path = await _shared(world)
    async with _device(world.client) as device:
        form = await device.get(f"{path}/survey?lang=en")  # a form kept open since…
        await move_visit(visit["id"], days_ago(-2))  # …the visit was moved later
        assert "/survey" not in (await world.client.get(path)).text
        page = await device.get(f"{path}/survey?lang=en")
        assert say(w.NOT_YET, "en") in page.text
        refused = await device.post(f"{path}/survey", data={
            "csrf_token": csrf_of(form.text), "overall": "5"})
    assert refused.status_code == 409
    assert await SurveyAnswer.all().count() == 0


async def test_one_answer_per_device_that_it_may_change(world: World) -> None:
    visit, path = await _shared(world)
    cctv = visit["stops"][0]["id"]
    async with _device(world.client) as phone, _device(world.client) as laptop:
        first = await _answer(phone, path, overall="4", useful=str(cctv), comment="とても良い")
        assert first.status_code == 303
        again = await _answer(phone, path, overall="5", comment="最高でした")
        assert again.status_code == 303
        other = await _answer(laptop, path, overall="2")
        assert other.status_code == 303
        shown = await phone.get(f"{path}/survey")
    answers = await SurveyAnswer.all().order_by("id")
    assert [(a.overall, a.comment) for a in answers] == [(5, "最高でした"), (2, "")]
    assert say(w.SAVED, "ja") in shown.text
    assert re.search(r'value="5" required[^>]*checked', shown.text)
    assert "最高でした" in shown.text


async def test_a_week_after_answering_the_answer_is_closed(world: World) -> None:
    _, path = await _shared(world)
    async with _device(world.client) as phone:
        assert (await _answer(phone, path, overall="3")).status_code == 303
        await SurveyAnswer.all().update(created_at=datetime.now(UTC) - timedelta(days=8))
        page = await phone.get(f"{path}/survey?lang=en")
        assert say(w.CLOSED, "en") in page.text
        refused = await phone.post(f"{path}/survey", data={
            "csrf_token": csrf_of(page.text) if "csrf_token" in page.text else "",
            "overall": "1"})
    assert refused.status_code in (403, 409)
    assert [a.overall for a in await SurveyAnswer.all()] == [3]


async def test_wrong_score_and_missing_csrf_change_nothing(world: World) -> None:
    _, path = await _shared(world)
    async with _device(world.client) as phone:
        bad = await _answer(phone, path, overall="9")
        assert bad.status_code == 422
        no_token = await phone.post(f"{path}/survey", data={"overall": "4"})
        assert no_token.status_code == 403
        assert (await phone.get("/v/not-a-token/survey")).status_code == 404
    assert await SurveyAnswer.all().count() == 0


@pytest.mark.parametrize("lang", VISITOR_LANGUAGES)
async def test_the_survey_speaks_every_label_language_beside_korean_and_english(
    world: World, lang: str
) -> None:
    _, path = await _shared(world)
    page = await world.client.get(f"{path}/survey", params={"lang": lang})
    assert page.status_code == 200
    html = page.text
    assert f'<html lang="{lang}"' in html
    for message in (w.TITLE, w.OVERALL, w.USEFUL, w.COMMENT):
        assert say(message, lang).replace("'", "&#39;") in html
        assert say(message, "ko") in html and say(message, "en") in html
    assert re.search(r'lang="ko"[^>]*>' + re.escape(say(w.OVERALL, "ko")), html)


async def test_results_show_on_the_visit_page(world: World, client: httpx.AsyncClient) -> None:
    from tests.integration.builders import OFFICER, login
    visit, path = await _shared(world)
    async with _device(world.client) as phone, _device(world.client) as laptop:
        await _answer(phone, path, overall="5", comment="Great control centre")
        await _answer(laptop, path, overall="4")
    await login(client, *OFFICER)
    page = await client.get(f"/visits/{visit['id']}")
    survey = page.text[page.text.index('id="survey"'):]
    assert "응답 2건" in survey and "평균 만족도: 4.5 / 5" in survey, survey[:1500]
    assert "Great control centre" in page.text


async def test_a_too_long_or_unsendable_comment_is_refused_in_words(world: World) -> None:
    _, path = await _shared(world)
    async with _device(world.client) as phone:
        long = await _answer(phone, path, overall="4", comment="あ" * 2001)
        assert long.status_code == 422 and "2000" in long.text
        typed = await _answer(phone, path, overall="4", comment="bad\x07text")
        assert typed.status_code == 422 and say(w.BAD_TEXT, "ko") in typed.text
    assert await SurveyAnswer.all().count() == 0
