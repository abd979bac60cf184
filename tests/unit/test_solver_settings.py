"""The solver's settings: read from the environment once, with safe floors."""

from __future__ import annotations

import os
from pathlib import Path

from tests.environment import make_settings


def test_solver_settings_default_to_one_solve_per_core(tmp_path: Path) -> None:
    settings = make_settings("sqlite://:memory:", tmp_path)

    assert settings.solver_processes == (os.cpu_count() or 1)
    assert settings.solver_memory_mb == 2048
    assert settings.solver_grace == 10.0


def test_solver_settings_are_read_and_floored(tmp_path: Path) -> None:
    settings = make_settings("sqlite://:memory:", tmp_path, SOLVER_PROCESSES="0",
                             SOLVER_MEMORY_MB="64", SOLVER_GRACE_SECONDS="3")

    assert settings.solver_processes == 1
    assert settings.solver_memory_mb == 256
    assert settings.solver_grace == 3.0
