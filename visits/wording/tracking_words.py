"""Words of the request's tracking page (SPEC §7.2) beyond the statuses and buttons of
`visitor_words`: what was asked, the messages, the proposal, the answers and why an answer
changed nothing. Marked for the `visitor` domain (14 languages, Korean beside)."""

from __future__ import annotations

from visits.wording.visitor_text import V_

TITLE = V_("Your visit request")
NUMBER = V_("Request no. %(id)s")
ASKED = V_("What you asked for")
WISHED_DATES = V_("Wished dates")
PARTY = V_("Number of visitors")
MESSAGES = V_("Messages")
FROM_YOU = V_("You")
FROM_OFFICE = V_("Protocol office")
PREPARING = V_("The protocol office is preparing a programme. You will receive an e-mail "
               "when it is ready.")
PROGRAMME = V_("The proposed programme (version %(version)s)")
CONFIRM_HINT = V_("If the programme suits you, please confirm it.")
CHANGES_HINT = V_("Tell the protocol office what you would like to change (at most "
                  "%(max_length)s characters).")
WITHDRAW = V_("Withdraw the request")
WITHDRAW_HINT = V_("If you no longer wish to visit, you can withdraw your request. This "
                   "cannot be undone.")
NOT_FOUND_TITLE = V_("Page not found")
NOT_FOUND = V_("This page does not exist, or its link is no longer valid.")
# After an answer (shown once, on the page it leads back to)
DONE = {
    "confirmed": V_("Thank you: you have confirmed the programme."),
    "changes": V_("Thank you: your wishes for changes have been sent to the protocol "
                  "office."),
    "withdrawn": V_("Your request has been withdrawn."),
}
# Why an answer changed nothing
STALE = V_("A newer version of the programme was published in the meantime. Nothing was "
           "changed: please look at it again below.")
NOT_ANSWERABLE = V_("This can no longer be done: the request is now “%(status)s”. Nothing "
                    "was changed.")
MESSAGE_MISSING = V_("Please write what you would like to change.")
MESSAGE_TOO_LONG = V_("Please shorten your message to %(max_length)s characters.")
MESSAGE_BAD_CHARACTERS = V_("Your message contains characters that cannot be sent. Please "
                            "remove them.")
