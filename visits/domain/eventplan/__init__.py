"""The event planner: many delegations over an event's days with OR-Tools CP-SAT.

`planner` is the entry point (see it for the model); `inputs` what it is asked and answers,
`instance` the candidate stops, `greedy` a first schedule, `model` and `solve` CP-SAT,
`schedule` scoring and lunches.
"""
