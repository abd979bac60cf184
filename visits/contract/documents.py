"""Downloads, share links and feeds: the query and answers of the documents part."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from visits.contract.base import Model
from visits.contract.fields import normalise_lang_tag


class LangQuery(Model):
    lang: Annotated[str, Field(max_length=35), AfterValidator(normalise_lang_tag)] | None = None


class ShareOut(BaseModel):
    url: str
    expires_at: datetime


class RevokeOut(BaseModel):
    revoked: int


class FeedOut(BaseModel):
    url: str
