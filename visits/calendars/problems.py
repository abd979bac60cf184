"""Why reading a calendar failed, as a code `visits.wording` turns into words."""

from __future__ import annotations


class CalendarProblem(Exception):
    """A calendar could not be read; `code` is stored and shown to the host in Korean."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code if not detail else f"{code}:{detail}")
        self.code = code
        self.detail = detail

    def __reduce__(self) -> tuple[type[CalendarProblem], tuple[str, str]]:
        return CalendarProblem, (self.code, self.detail)  # raised in the parser process

    @property
    def stored(self) -> str:
        """`code`, or `code:detail` (an HTTP status, a host name)."""
        return str(self)


class UrlRefused(CalendarProblem):
    """The URL's scheme or address may not be fetched (it never receives a request)."""

    def __init__(self, detail: str) -> None:
        super().__init__("url_refused", detail)
