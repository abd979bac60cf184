"""Downloads, share links and feeds: the query and answers of the documents part."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from visits.contract.base import Model
from visits.contract.fields import LangTag


class LangQuery(Model):
    lang: LangTag | None = None


# Query strings arrive as text: the lax twin of the body's strict Id.
VersionNumber = Annotated[int, Field(ge=1, le=2**31 - 1)]


class VersionQuery(Model):
    version: VersionNumber | None = Field(
        default=None, description="a published version instead of the live visit")


class DocumentQuery(LangQuery, VersionQuery):
    pass


class ShareOut(BaseModel):
    url: str
    expires_at: datetime


class RevokeOut(BaseModel):
    revoked: int


class FeedOut(BaseModel):
    url: str
