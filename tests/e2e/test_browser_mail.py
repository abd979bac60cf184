"""Mail that did not reach its host, as the office meets it in a real Chromium: listed on
the dashboard under "아직 전달되지 않은 메일", sent once the server is back by clicking
"지금 다시 보내기" (issue 11, point 12)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.e2e.browser import (
    DEMO_OFFICER,
    DESKTOP,
    PageFactory,
    api_client,
    book_demo_visit,
    login,
    screenshot,
)
from tests.e2e.servers import Inbox, MailServer, Server
from tests.integration.builders import until
from visits.models import OutboxMessage

pytest_plugins = ("tests.e2e.browser",)
pytestmark = pytest.mark.slow


@pytest.fixture
def mail_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[MailServer]:
    """The app's mail server, down until the test starts it; the sender's next try an hour
    after a failure, so only the button sends."""
    server = MailServer(Inbox())
    monkeypatch.setenv("SMTP_URL", server.url())
    monkeypatch.setenv("MAIL_RETRY_FIRST_SECONDS", "3600")
    yield server
    server.stop()


async def _tried_once() -> bool:
    return await OutboxMessage.filter(sent_at=None, attempts__gte=1).exists()


async def test_officer_sends_undelivered_mail_again_from_the_dashboard(
    mail_down: MailServer, page_at: PageFactory, live_app: Server
) -> None:
    async with api_client(live_app, *DEMO_OFFICER) as api:
        await book_demo_visit(api)
    await until(_tried_once, "the sender tries while the mail server is down")
    mail_down.start()
    page = await page_at(DESKTOP)
    await login(page, *DEMO_OFFICER)
    section = page.get_by_role("region", name=re.compile("아직 전달되지 않은 메일"))
    listed = await section.get_by_role("heading").inner_text()
    await screenshot(page, "dashboard-undelivered-mail")

    async with page.expect_navigation():
        await section.get_by_role("button", name=re.compile("지금 다시 보내기")).click()

    assert listed == "아직 전달되지 않은 메일 (1)"
    assert "메일을 전달했습니다" in await page.get_by_role("status").first.inner_text()
    assert await section.get_by_role("heading").inner_text() == "아직 전달되지 않은 메일 (0)"
    assert len(mail_down.inbox.messages) == 1
