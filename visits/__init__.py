"""Gyeonhak (견학): scheduler for foreign benchmarking delegations."""
