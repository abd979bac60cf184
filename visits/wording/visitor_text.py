"""Text for visitors, marked where it is written and translated where it is shown.

Visitors read the `visitor` gettext domain (visits/locale/<lang>/LC_MESSAGES/visitor.po, the
14 label languages of the itinerary), not the officers' Korean and English. English is the
msgid. `V_` marks a plain message, `VP_` one that needs a context to tell it apart (a
refusal keyed per field and code); both return a `VisitorText` that the page says in the
visitor's language and in Korean (`visits.pages.visitor_i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class VisitorText:
    """A message of the visitor domain: its context (or ""), the English msgid, and the
    values its `%(name)s` placeholders take."""

    message: str
    context: str = ""
    values: dict[str, Any] = field(default_factory=dict)

    def filled(self, **values: Any) -> VisitorText:
        return VisitorText(self.message, self.context, {**self.values, **values})


def V_(message: str) -> VisitorText:  # noqa: N802 -- the extractor's keyword
    return VisitorText(message)


def VP_(context: str, message: str) -> VisitorText:  # noqa: N802 -- the extractor's keyword
    return VisitorText(message, context)
