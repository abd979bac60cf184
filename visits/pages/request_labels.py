"""What the request form calls its fields, for the list of refusals at its top: the same
words as the labels beside the inputs, in the visitor's language."""

from __future__ import annotations

import re
from collections.abc import Callable

from itineraries.labels import language_name
from visits.pages.request_form import DATE_LABELS
from visits.pages.visitor_i18n import say
from visits.wording.visitor_text import V_, VisitorText

LABELS: dict[str, VisitorText] = {
    "organisation": V_("Organisation"), "country": V_("Country"), "city": V_("City"),
    "language": V_("Language of the delegation"), "size": V_("Number of visitors"),
    "contact.name": V_("Name"), "contact.email": V_("E-mail"), "contact.phone": V_("Phone"),
    "dates": V_("Wished dates, in order of preference"),
    "interpreter_needed": V_("We need an interpreter"),
    "members": V_("Members of the delegation"), "interests": V_("What you would like to see"),
    "notes": V_("Notes"),
    "members.family_name": V_("Family name"), "members.given_name": V_("Given name"),
    "members.native_name": V_("Name in its own script"),
    "members.title": V_("Title or position"), "members.role": V_("Role"),
    "members.rank": V_("Precedence (1 first)"), "members.languages": V_("Languages spoken"),
    "members.diet": V_("Dietary needs"), "members.access": V_("Access needs"),
}
CONTACT = V_("Contact person")
MEMBER = V_("Member %(num)d")
_MEMBER_FIELD = re.compile(r"members\[(\d+)\](?:\.(\w+))?$")
_DATE = re.compile(r"dates\[(\d)\]$")


def field_title(name: str, lang: str) -> str:
    """"Member 2 · Family name", "Contact person · E-mail", "Second choice"; "" for an
    input the form does not show."""
    member = _MEMBER_FIELD.match(name)
    if member:
        row = say(MEMBER, lang, num=int(member.group(1)) + 1)
        part = LABELS.get(f"members.{member.group(2)}")
        return f"{row} · {say(part, lang)}" if part else row
    date = _DATE.match(name)
    if date and int(date.group(1)) < len(DATE_LABELS):
        return say(DATE_LABELS[int(date.group(1))], lang)
    if name.startswith("contact.") and name in LABELS:
        return f"{say(CONTACT, lang)} · {say(LABELS[name], lang)}"
    return say(LABELS[name], lang) if name in LABELS else ""


def language_example(form_lang: str) -> Callable[[str], str]:
    """Two languages as a member's may be typed, named in the language each hint is read
    in: "日本語, 英語" beside "일본어, 영어"."""
    pair = (form_lang, "en") if form_lang != "en" else ("en", "fr")
    return lambda reader: ", ".join(language_name(tag, reader) for tag in pair)
