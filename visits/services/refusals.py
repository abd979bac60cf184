"""A refusal in the reader's words: load the names its facts mention, then let
`visits.wording` say it. The API's error responses and the pages both come here."""

from __future__ import annotations

from datetime import tzinfo

from visits import wording
from visits.domain.companions import InterpreterNeed
from visits.domain.rules import RuleViolation
from visits.errors import ApiError
from visits.models import Companion, Facility, Host, Visit
from visits.wording.planner import interpreter_need


async def names_for(error: RuleViolation | ApiError, tz: tzinfo) -> wording.Names:
    """Names of the facilities, hosts and visits (by their delegation) the error mentions."""
    if not isinstance(error, RuleViolation):
        return wording.Names(tz=tz)
    refs = error.references()
    facilities = refs["facility"] and dict(
        await Facility.filter(id__in=refs["facility"]).values_list("id", "name"))
    hosts = refs["host"] and dict(await Host.filter(id__in=refs["host"]).values_list("id", "name"))
    visits = refs["visit"] and dict(
        await Visit.filter(id__in=refs["visit"]).values_list("id", "delegation__name"))
    companions = refs["companion"] and dict(
        await Companion.filter(id__in=refs["companion"]).values_list("id", "name"))
    return wording.Names(tz=tz, facilities=facilities or {}, hosts=hosts or {},
                         visits=visits or {}, companions=companions or {})


async def describe(error: RuleViolation | ApiError, lang: wording.Lang, tz: tzinfo, *,
                   with_field: bool = True) -> str:
    """The error as a sentence in `lang`, naming what it concerns."""
    return wording.say(error, lang, await names_for(error, tz), with_field=with_field)


async def describe_interpreter(need: InterpreterNeed, lang: wording.Lang, tz: tzinfo) -> str:
    """The day planner's note on the interpreter, naming the stops and the interpreter."""
    facilities = dict(await Facility.filter(id__in=need.facility_ids).values_list("id", "name"))
    companions = dict(await Companion.filter(id=need.companion_id).values_list("id", "name")
                      ) if need.companion_id else {}
    names = wording.Names(tz=tz, facilities=facilities, companions=companions)
    return interpreter_need(need, names, lang)
