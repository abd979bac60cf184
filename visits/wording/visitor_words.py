"""Words a visitor reads on the request's own page (the tracking page) and in its mails:
the request's statuses and the contact's answers. Marked here for the `visitor` domain, so
that every one of the 14 languages has them before a page shows them."""

from __future__ import annotations

from visits.wording.visitor_text import V_, VisitorText

REQUEST_STATUS_WORDS: dict[str, VisitorText] = {
    "new": V_("Received"),
    "in_review": V_("Being reviewed"),
    "proposed": V_("Programme proposed"),
    "confirmed": V_("Confirmed"),
    "changes_requested": V_("Changes asked for"),
    "declined": V_("Declined"),
    "withdrawn": V_("Withdrawn"),
}
STATUS = V_("Status")
CONFIRM = V_("Confirm")
ASK_FOR_CHANGES = V_("Ask for changes")
YOUR_MESSAGE = V_("Your message")
SEND = V_("Send")
