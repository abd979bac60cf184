"""Pydantic models of event plans run as jobs (SPEC §7.8)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from visits.contract.base import Model
from visits.contract.planning import EventPlanOut

JobStatus = Literal["queued", "running", "done", "stopped", "failed"]


class EventJobCreated(Model):
    id: str
    url: str = Field(description="where to follow the job: GET it")


class EventJobBest(Model):
    """The best plan found so far, in figures."""

    objective: int
    bound: int = Field(description="no plan scores more")
    gap: float = Field(description="(bound − objective) / bound: 0.01 is within 1 % of the best")
    placed: int = Field(description="delegations with at least one wish met")
    wishes_met: int


class EventJobError(Model):
    code: str
    message: str


class EventJobOut(Model):
    id: str
    status: JobStatus
    elapsed_s: float = Field(description="seconds spent planning (0 while queued)")
    time_limit_s: float
    best: EventJobBest | None = Field(description="null until the first plan is found")
    plan: EventPlanOut | None = Field(
        default=None, description="the answer of POST /api/events/plan, once the job is "
                                  "done or stopped")
    error: EventJobError | None = Field(default=None, description="why it failed")
