"""The day planner: one delegation's best tour of one day (see `plan` for the definitions).

`plan` is the entry point; `problem` turns the request into integers, `search` and `steps`
find the best plan exactly, `moves` are their shared steps, `reasons` says why nothing fits.
"""

from visits.domain.dayplan.plan import (
    MAX_FACILITIES,
    DayPlan,
    Infeasible,
    Lunch,
    PlannedStop,
    plan_day,
)

__all__ = ["MAX_FACILITIES", "DayPlan", "Infeasible", "Lunch", "PlannedStop", "plan_day"]
