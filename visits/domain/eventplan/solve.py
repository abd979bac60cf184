"""Running CP-SAT on an event model: time limit, threads, and when solutions arrived.

Whoever waits for a plan can watch it: `on_progress` is called with a `Progress` on each
improving solution and on each improvement of the bound (once a solution exists), from
CP-SAT's own threads (keep it short; it must not raise). Setting `cancel` stops the
search at once and keeps the best plan found so far (status FEASIBLE).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from visits.domain.eventplan.model import EventModel
from visits.domain.eventplan.schedule import Schedule


@dataclass(frozen=True)
class Progress:
    """The best plan so far while the solver runs."""

    elapsed_s: float
    """Seconds since the planning started (candidate search and model building included)."""
    objective: float
    bound: float
    """Nothing scores more than this (never below `objective`)."""
    gap: float
    """(bound − objective) / bound, 0 when the bound is 0: 0.01 is "within 1 % of the best"."""
    placed: int
    """Delegations with at least one wish met."""
    wishes_met: int


ProgressCallback = Callable[[Progress], None]


def relative_gap(objective: float, bound: float) -> float:
    """How far the objective may be from the best, as the API reports it."""
    return (bound - objective) / bound if bound > 0 else 0.0


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


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Notes when each improving solution arrives (the first one is the figure of merit)
    and tells `on_progress` about it and about each better bound."""

    def __init__(
        self,
        event_model: EventModel,
        started: float,
        on_progress: ProgressCallback | None,
        ceiling: int | None,
        own_bound: bool,
        first_only: bool,
        incumbent: int | None,
    ) -> None:
        super().__init__()
        self.event_model = event_model
        self.started = started
        self.on_progress = on_progress
        self.own_bound = own_bound
        self.first_only = first_only
        self.found: list[tuple[float, int]] = []
        self._lock = threading.Lock()
        self._bound = math.inf if ceiling is None else float(ceiling)
        self._best: tuple[int, int, int] | None = None  # objective, placed, wishes met
        self._incumbent = -math.inf if incumbent is None else incumbent

    def on_solution_callback(self) -> None:
        objective = round(self.objective_value)
        self.found.append((time.perf_counter() - self.started, objective))
        if self.first_only:
            self.stop_search()
        if self.on_progress is None or objective <= self._incumbent:
            return  # a plan no better than one already reported before this search
        met = [key for key, literal in self.event_model.met.items() if self.boolean_value(literal)]
        with self._lock:
            self._best = objective, len({d for d, _ in met}), len(met)
            if self.own_bound:
                self._bound = min(self._bound, self.best_objective_bound)
        self._report()

    def on_bound(self, bound: float) -> None:
        if not self.own_bound:
            return
        with self._lock:
            if bound >= self._bound:
                return
            self._bound = bound
        if self._best is not None:
            self._report()

    def _report(self) -> None:
        assert self.on_progress is not None
        with self._lock:
            if self._best is None:
                return
            objective, placed, wishes_met = self._best
            bound = max(float(objective), math.floor(self._bound + 1e-6)
                        if math.isfinite(self._bound) else float(objective))
            progress = Progress(
                elapsed_s=time.perf_counter() - self.started,
                objective=float(objective),
                bound=bound,
                gap=relative_gap(objective, bound),
                placed=placed,
                wishes_met=wishes_met,
            )
        self.on_progress(progress)


STATUS_NAMES = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}


def solve_model(
    event_model: EventModel,
    time_limit: float,
    workers: int = 2,
    started: float | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    *,
    ceiling: int | None = None,
    own_bound: bool = True,
    first_only: bool = False,
    incumbent: int | None = None,
) -> SolveOutcome:
    """Maximise for at most `time_limit` seconds; times are counted from `started`.

    `on_progress` hears of each better plan or bound; setting `cancel` ends the search
    early with the best plan so far. `ceiling` is a bound proven elsewhere (`relax`); with
    `own_bound` False the model is a restricted one whose own bound proves nothing about
    the event, so only `ceiling` is reported. `first_only` stops at the first solution.
    Plans no better than `incumbent` (the objective of one already reported) are not."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    # Probing in presolve took 2-3 s of the bench's 30 (before the hinted plan is even
    # seen) and, over a few runs, bought no better plan or bound.
    solver.parameters.cp_model_probing_level = 0
    watcher = _Watcher(
        event_model, time.perf_counter() if started is None else started, on_progress,
        ceiling, own_bound, first_only, incumbent,
    )
    if on_progress is not None:
        solver.best_bound_callback = watcher.on_bound
    done = threading.Event()
    if cancel is not None:
        threading.Thread(target=_stop_when, args=(cancel, done, solver), daemon=True).start()
    try:
        status = STATUS_NAMES[solver.solve(event_model.model, watcher)]
    finally:
        done.set()
    if status == "MODEL_INVALID":  # a bug of ours, never the caller's input
        raise RuntimeError(f"Invalid event model: {event_model.model.validate()}")
    if status not in ("OPTIMAL", "FEASIBLE"):
        # without a solution CP-SAT reports a bound of 0, which bounds nothing
        return SolveOutcome(status, None, None, None, tuple(watcher.found))
    objective = round(solver.objective_value)
    bound = _finite_bound(solver) if own_bound else None
    if ceiling is not None:
        bound = ceiling if bound is None else min(bound, ceiling)
    if bound is not None and bound <= objective:
        status, bound = "OPTIMAL", objective
    elif status == "OPTIMAL":  # optimal in a restricted model only
        status = "FEASIBLE"
    return SolveOutcome(
        status,
        event_model.read(solver),
        objective,
        bound,
        tuple(watcher.found),
    )


def _stop_when(cancel: threading.Event, done: threading.Event, solver: cp_model.CpSolver) -> None:
    """Stops the search once `cancel` is set (a stop asked before the search began is
    repeated until it is heard)."""
    while not done.is_set():
        if cancel.wait(0.05):
            solver.stop_search()


def _finite_bound(solver: cp_model.CpSolver) -> int | None:
    bound = solver.best_objective_bound
    return math.floor(bound + 1e-6) if math.isfinite(bound) else None
