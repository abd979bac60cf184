"""Running CP-SAT on an event model: time limit, threads, and when solutions arrived."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from visits.domain.eventplan.model import EventModel
from visits.domain.eventplan.schedule import Schedule


@dataclass(frozen=True)
class SolveOutcome:
    """What the solver found: `schedule` is None only when it found nothing in time."""

    status: str
    schedule: Schedule | None
    objective: int | None
    bound: int | None
    """The solver's proof that nothing scores more; None when it found no solution."""
    solutions: tuple[tuple[float, int], ...]
    """(seconds since `started`, objective) of each improving solution, in order."""


class _Progress(cp_model.CpSolverSolutionCallback):
    """Notes when each improving solution arrives (the first one is the figure of merit)."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.found: list[tuple[float, int]] = []

    def on_solution_callback(self) -> None:
        self.found.append((time.perf_counter() - self.started, round(self.objective_value)))


STATUS_NAMES = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}


def solve_model(
    event_model: EventModel, time_limit: float, workers: int = 2, started: float | None = None
) -> SolveOutcome:
    """Maximise for at most `time_limit` seconds; times are counted from `started`."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    # Probing in presolve took 2-3 s of the bench's 30 (before the hinted plan is even
    # seen) and, over a few runs, bought no better plan or bound.
    solver.parameters.cp_model_probing_level = 0
    progress = _Progress(time.perf_counter() if started is None else started)
    status = STATUS_NAMES[solver.solve(event_model.model, progress)]
    if status == "MODEL_INVALID":  # a bug of ours, never the caller's input
        raise RuntimeError(f"Invalid event model: {event_model.model.validate()}")
    if status not in ("OPTIMAL", "FEASIBLE"):
        # without a solution CP-SAT reports a bound of 0, which bounds nothing
        return SolveOutcome(status, None, None, None, tuple(progress.found))
    objective = round(solver.objective_value)
    bound = _finite_bound(solver)
    return SolveOutcome(
        status,
        event_model.read(solver),
        objective,
        objective if bound is None else max(objective, bound),
        tuple(progress.found),
    )


def _finite_bound(solver: cp_model.CpSolver) -> int | None:
    bound = solver.best_objective_bound
    return math.floor(bound + 1e-6) if math.isfinite(bound) else None
