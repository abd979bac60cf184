"""Settings for the apps and servers the tests start."""

from __future__ import annotations

from pathlib import Path

from visits.settings import Settings, load_settings


def make_settings(database_url: str, data_dir: Path, **env: str) -> Settings:
    return load_settings(
        {
            "DATABASE_URL": database_url,
            "DATA_DIR": str(data_dir),
            "SECRET_KEY": "test-secret-key-not-for-production",
            # Hundreds of test apps: start render processes only when a test renders.
            "RENDER_PREWARM": "0",
            # Every test signs in from 127.0.0.1 (fuzzing too, with many wrong e-mails): the
            # address-wide allowance must not turn one test's failures into another's 429.
            # Tests of the throttle pass the production figure.
            "SIGN_IN_FREE_PER_ADDRESS": "100000",
            # The same for the public addresses' limits; their tests pass small figures.
            "PUBLIC_REQUESTS_PER_HOUR": "100000",
            "PUBLIC_VIEWS_PER_MINUTE": "100000",
            # Tests drive the reminder worker's rounds themselves, with a clock of their own.
            "REMINDER_EVERY_SECONDS": "86000",
            # httpx's ASGI clients here send `Host: testserver`; loopback for real servers.
            "ALLOWED_HOSTS": "127.0.0.1,localhost,[::1],testserver",
            # Calendars are read when a test asks (refresh), not by a loop racing its checks;
            # the servers tests start run on 127.0.0.1 only.
            "CALENDAR_READER": "0",
            "CALENDAR_ALLOWED_HOSTS": "127.0.0.1",
            # Background renders after every change would load every test with renders;
            # the tests of prerendering turn it on.
            "PRERENDER": "0",
            **env,
        }
    )
