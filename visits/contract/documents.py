"""Downloads, share links and feeds: the query and answers of the documents part."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from visits.contract.base import Model
from visits.contract.fields import LangTag


class LangQuery(Model):
    lang: LangTag | None = None


class ShareOut(BaseModel):
    url: str
    expires_at: datetime


class RevokeOut(BaseModel):
    revoked: int


class FeedOut(BaseModel):
    url: str
