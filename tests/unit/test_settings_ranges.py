"""Settings are checked at start-up: a whole number outside its range (a typo such as
MIN_NOTICE_MINUTES=-5400000) stops the start with a message in Korean and English naming
the setting, what it allows and what it got; the app never starts on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from visits.app import create_app
from visits.cli import main
from visits.settings import INT_RANGES, SettingsError, load_settings


def env(tmp_path: Path, **values: str) -> dict[str, str]:
    return {"DATA_DIR": str(tmp_path), "SECRET_KEY": "k" * 32, **values}


@pytest.mark.parametrize(("name", "value"), [
    ("MIN_NOTICE_MINUTES", "-5400000"), ("MIN_NOTICE_MINUTES", "10000000"),
    ("PORT", "0"), ("PORT", "70000"), ("RETENTION_DAYS", "0"), ("RENDER_WORKERS", "-1"),
    ("MAX_BODY_BYTES", "12"), ("TOKEN_TTL_HOURS", "twelve"), ("SOLVER_GRACE_SECONDS", "-5"),
    ("DOCUMENT_STORE_MAX_MB", "0"), ("DOCUMENT_STORE_MAX_MB", "-3"),
])
def test_a_setting_out_of_range_is_refused_in_korean_and_english(
        tmp_path: Path, name: str, value: str) -> None:
    low, high = INT_RANGES[name]
    with pytest.raises(SettingsError) as refused:
        load_settings(env(tmp_path, **{name: value}))

    said = str(refused.value)
    assert said.startswith(f"{name}: {low}에서 {high}까지의 정수여야 합니다.")
    assert f"must be a whole number from {low} to {high}, got {value!r}" in said


@pytest.mark.parametrize("name", sorted(INT_RANGES))
def test_each_bound_itself_is_accepted(tmp_path: Path, name: str) -> None:
    low, high = INT_RANGES[name]
    for value in (low, high):
        load_settings(env(tmp_path, **{name: str(value)}))


def test_the_minimum_notice_is_kept_as_given(tmp_path: Path) -> None:
    settings = load_settings(env(tmp_path, MIN_NOTICE_MINUTES=" 120 "))

    assert settings.min_notice.total_seconds() == 120 * 60


def test_the_document_store_and_background_renders_are_set_as_given(tmp_path: Path) -> None:
    settings = load_settings(env(tmp_path, DOCUMENT_STORE_MAX_MB="3", PRERENDER="0",
                                 PRERENDER_POLL_SECONDS="0.25"))
    default = load_settings(env(tmp_path))

    assert settings.document_store_max_bytes == 3 * 1024 * 1024
    assert (settings.prerender, settings.prerender_poll) == (False, 0.25)
    assert (default.prerender, default.prerender_poll) == (True, 0.5)
    with pytest.raises(SettingsError, match="PRERENDER_POLL_SECONDS"):
        load_settings(env(tmp_path, PRERENDER_POLL_SECONDS="0"))


def test_the_app_and_the_cli_do_not_start_on_a_bad_setting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for key, value in env(tmp_path, MIN_NOTICE_MINUTES="-5400000").items():
        monkeypatch.setenv(key, value)

    with pytest.raises(SystemExit) as stopped:
        create_app()
    code = main(["migrate"])

    assert "설정 오류 (settings error): MIN_NOTICE_MINUTES" in str(stopped.value.code)
    assert code == 2
    assert "MIN_NOTICE_MINUTES must be a whole number from 0" in capsys.readouterr().err
