"""Words of the visitors' survey after the visit (SPEC §7.6), for the `visitor` domain:
14 languages, Korean (and English) beside."""

from __future__ import annotations

from visits.wording.visitor_text import V_

TITLE = V_("How was your visit?")
INTRO = V_("Three short questions for the protocol office. You can change your answers "
           "for a week.")
OVERALL = V_("Overall, how satisfied are you with the visit?")
LOWEST = V_("1 = not satisfied")
HIGHEST = V_("5 = very satisfied")
USEFUL = V_("Which part of the visit was most useful to you?")
NO_ANSWER = V_("No answer")
COMMENT = V_("Any comment for the protocol office?")
SEND = V_("Send my answers")
SAVED = V_("Thank you! Your answers are saved.")
EDIT_UNTIL = V_("You can change your answers until %(day)s.")
CLOSED = V_("Your answers can no longer be changed.")
NOT_YET = V_("The survey opens on the day of the visit.")
CHOOSE_SCORE = V_("Please choose a score from 1 to 5.")
TOO_LONG = V_("Please shorten your comment to %(max_length)s characters.")
BAD_TEXT = V_("Your comment contains characters that cannot be sent. Please remove them.")
BACK = V_("Back to the itinerary")
EXPIRED = V_("The form expired. Please send your answers again.")
