"""The solver's settings: read from the environment once; out of range, refused at start."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.environment import make_settings
from visits.settings import SettingsError


def test_solver_settings_default_to_one_solve_per_core(tmp_path: Path) -> None:
    settings = make_settings("sqlite://:memory:", tmp_path)

    assert settings.solver_processes == (os.cpu_count() or 1)
    assert settings.solver_memory_mb == 2048
    assert settings.solver_grace == 10.0


def test_solver_settings_are_read_and_refused_out_of_range(tmp_path: Path) -> None:
    settings = make_settings("sqlite://:memory:", tmp_path, SOLVER_PROCESSES="1",
                             SOLVER_MEMORY_MB="256", SOLVER_GRACE_SECONDS="3")

    assert settings.solver_processes == 1
    assert settings.solver_memory_mb == 256
    assert settings.solver_grace == 3.0
    for name, value in (("SOLVER_PROCESSES", "0"), ("SOLVER_MEMORY_MB", "64")):
        with pytest.raises(SettingsError, match=f"^{name}: "):
            make_settings("sqlite://:memory:", tmp_path, **{name: value})
