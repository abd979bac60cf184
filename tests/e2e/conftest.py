"""Fixtures for end-to-end tests: the ORM in the test process, real servers to start."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.contrib.test import truncate_all_models

from tests.e2e.servers import Server, start_server, stop_server
from visits.settings import Settings


@pytest.fixture
async def orm(settings: Settings) -> AsyncIterator[None]:
    """The ORM in the test process, on an emptied database, for arranging data."""
    await Tortoise.init(config=settings.tortoise_config())
    await truncate_all_models()
    try:
        yield
    finally:
        await Tortoise.close_connections()


@pytest.fixture
def serve(settings: Settings, tmp_path: Path) -> Iterator[Callable[[int], Server]]:
    started: list[Server] = []

    def _serve(workers: int = 1) -> Server:
        server = start_server(settings, tmp_path / f"uvicorn-{len(started)}.log", workers)
        started.append(server)
        return server

    yield _serve
    for server in started:
        stop_server(server)
