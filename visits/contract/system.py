"""Accounts, health, errors and the outbox: the contract's system part."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from visits.contract.base import Model
from visits.contract.fields import LoginEmail, Password


class TokenRequest(Model):
    email: LoginEmail
    password: Password


class TokenOut(Model):
    token: str
    role: Literal["officer", "host"]
    expires_at: datetime


class Health(Model):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "busy", "unavailable"]


MAX_MESSAGE = 1000
MAX_FIELD = 200


class ErrorDetail(Model):
    code: str
    message: Annotated[str, Field(max_length=MAX_MESSAGE)]
    field: Annotated[str, Field(max_length=MAX_FIELD)] | None = None


class ErrorBody(Model):
    error: ErrorDetail


class OutboxQuery(Model):
    status: Literal["pending", "failing", "sent"] | None = None
    visit_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    limit: Annotated[int, Field(ge=1, le=500)] = 100


class OutboxEntry(BaseModel):
    id: int
    created_at: datetime
    to: str
    subject: str
    body: str
    ics_method: str
    ics: str
    visit_id: int | None
    stop_id: int | None
    attempts: int
    sent_at: datetime | None
    last_error: str
    status: Literal["pending", "failing", "sent"]
    next_attempt_at: datetime | None
