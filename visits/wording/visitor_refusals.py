"""Why the request form refused what a visitor typed, said for the visitor (SPEC §7.1).

The one place a refusal of the request contract becomes a visitor's message: `refusal_text`
takes the field and the code — pydantic's error type (`InvalidInput.kind`) or a service's
error code — and gives the message of the `visitor` domain whose context is
"FIELD/CODE", FIELD the field without row numbers (`members.family_name`, `dates`). A pair
not listed falls back to the code's general message ("*/CODE"), then to "*/*". The page says
it in the visitor's language beside Korean; the catalogues hold all 14 languages.
"""

from __future__ import annotations

import re
from typing import Any

from visits.errors import ApiError, InvalidInput
from visits.wording.visitor_text import VP_, VisitorText

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_ROW = re.compile(r"\[\d+\]")
# Kinds that say the same thing to a visitor: the first's message stands for the others.
_SAME_AS = {
    "int_type": "int_parsing", "int_from_float": "int_parsing", "int_parsing_size": "int_parsing",
    "date_type": "date_parsing", "date_from_datetime_parsing": "date_parsing",
    "date_from_datetime_inexact": "date_parsing", "bidi_control": "forbidden_character",
    "control_character": "forbidden_character", "string_type": "forbidden_character",
    "unknown_language": "language_tag", "bool_type": "bool_parsing",
    "missing_field": "missing", "string_too_short": "missing",
    "invalid_field": "*",
}

_MESSAGES = (
    # Any field, by code.
    VP_("*/*", "This cannot be accepted as it is. Please check it."),
    VP_("*/missing", "Please fill this in."),
    VP_("*/blank", "Please fill this in."),
    VP_("*/string_too_long", "Please write at most %(max_length)s characters."),
    VP_("*/line_break", "Please keep this on one line."),
    VP_("*/forbidden_character", "This text contains a character that cannot be used."),
    VP_("*/int_parsing", "Please enter a whole number."),
    VP_("*/greater_than_equal", "Please enter %(ge)s or more."),
    VP_("*/less_than_equal", "Please enter %(le)s or less."),
    VP_("*/date_parsing", "Please enter a date, for example 2027-03-09."),
    VP_("*/date_range", "Please choose a date between %(first)s and %(last)s."),
    VP_("*/too_short", "Please choose at least one."),
    VP_("*/too_long", "Please give at most %(max_length)s."),
    VP_("*/literal_error", "Please choose one of the options."),
    VP_("*/string_pattern_mismatch", "This is not written in the expected form."),
    VP_("*/bool_parsing", "Please tick the box or leave it empty."),
    # The organisation and the delegation.
    VP_("organisation/missing", "Please give the name of your organisation."),
    VP_("organisation/no_language", "Please give the name of your organisation."),
    VP_("country/missing", "Please choose your country."),
    VP_("country/country", "Please choose a country from the list."),
    VP_("city/missing", "Please give your city."),
    VP_("language/missing", "Please choose the language of the delegation."),
    VP_("language/language_tag", "Please choose a language from the list."),
    VP_("size/missing", "Please give the number of visitors."),
    VP_("size/int_parsing", "Please give the number of visitors as a whole number."),
    VP_("size/greater_than_equal", "At least one person must come."),
    VP_("size/less_than_equal", "We can receive at most %(le)s people at once."),
    # The contact.
    VP_("contact/missing", "Please give the contact person's name and e-mail address."),
    VP_("contact.name/missing", "Please give the contact person's name."),
    VP_("contact.email/missing", "Please give an e-mail address where we can answer you."),
    VP_("contact.email/string_pattern_mismatch",
        "Please enter an e-mail address such as name@example.org."),
    VP_("contact.phone/string_pattern_mismatch",
        "Please use only digits, spaces and + ( ) - . in the phone number."),
    # The members.
    VP_("members/members_over_size", "More members are listed than the number of visitors."),
    VP_("members/one_head", "Only one member can be the head of the delegation."),
    VP_("members/too_long", "Please list at most %(max_length)s members."),
    VP_("members/member_name", "Please give this member's family name or given name."),
    VP_("members.family_name/member_name",
        "Please give this member's family name or given name."),
    VP_("members.rank/greater_than_equal", "Precedence starts at 1 for the first person."),
    VP_("members.rank/int_parsing", "Please give the precedence as a number, 1 for the first."),
    VP_("members.role/literal_error", "Please choose a role from the list."),
    VP_("members.languages/language_tag",
        "“%(tag)s” is not a language we know. Please name the languages, separated by commas."),
    VP_("members.languages/too_long", "Please name at most %(max_length)s languages."),
    # The wished dates.
    VP_("dates/missing", "Please give at least one wished date."),
    VP_("dates/too_short", "Please give at least one wished date."),
    VP_("dates/too_long", "Please give at most three wished dates."),
    VP_("dates/duplicate_date", "The same date is given twice."),
    VP_("dates/date_not_future", "Please choose a date after today."),
    # The interests.
    VP_("interests/missing", "Please choose at least one thing you would like to see."),
    VP_("interests/too_short", "Please choose at least one thing you would like to see."),
    VP_("interests/unknown_interest",
        "One of your choices is no longer offered. Please check them again."),
    VP_("interests/string_pattern_mismatch",
        "One of your choices is no longer offered. Please check them again."),
    # The notes, the robots' field, the whole form.
    VP_("notes/string_too_long", "Please shorten the notes to %(max_length)s characters."),
    VP_("website/*", "The request could not be accepted. Please send it again."),
    VP_("_/csrf", "The form had expired. Please check what you typed and send it again."),
    VP_("_/too_many_requests",
        "Too many requests have come from your network. Please try again %(wait)s."),
)
MESSAGES: dict[str, VisitorText] = {text.context: text for text in _MESSAGES}


def refusal_text(field: str | None, code: str, facts: dict[str, Any] | None = None
                 ) -> VisitorText:
    """The visitor's message for a refusal of `field` (a model path, rows and all; None for
    the whole form) with `code`, its placeholders filled from `facts`."""
    group = _ROW.sub("", field or "_")
    code = _SAME_AS.get(code, code)
    for key in (f"{group}/{code}", f"{group}/*", f"*/{code}", "*/*"):
        if key in MESSAGES:
            text = MESSAGES[key]
            break
    wanted = _PLACEHOLDER.findall(text.message)
    given = facts or {}
    return text.filled(**{name: given.get(name, "") for name in wanted})


def refusal_of(error: ApiError, **facts: Any) -> tuple[str | None, VisitorText]:
    """(field, message) of a refusal from the contract or a service; `facts` adds what the
    page knows (a wait in words). A model check that names its field (`member_name` →
    `family_name`) is placed on that field."""
    if isinstance(error, InvalidInput):
        field, hinted = error.field, error.context.get("field")
        if isinstance(hinted, str) and field and not field.endswith(hinted):
            field = f"{field}.{hinted}"
        return field, refusal_text(field, error.kind, {**error.facts, **error.context,
                                                       **facts})
    return error.field, refusal_text(error.field, error.code, {**error.facts, **facts})
