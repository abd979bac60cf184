"""The violations of SPEC §3, one exception class per rule.

Each carries a stable `code` (the contract's error code), a `message` an officer can act on
and, when the caller knows which input is at fault, a `field` such as "stops[1]". One place
at the HTTP edge maps them to the error shape; the domain only says what went wrong.
"""

from __future__ import annotations

import copy
from typing import ClassVar, Self


class RuleViolation(Exception):
    """A requested stop or visit breaks one of the scheduling rules."""

    code: ClassVar[str] = "rule_violation"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def at(self, field: str) -> Self:
        """The same violation blamed on `field` (e.g. a stop's index in the request)."""
        blamed = copy.copy(self)
        blamed.field = field
        return blamed

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class InvalidInterval(RuleViolation):
    """End not after start, a datetime without offset, or a non-positive length."""

    code = "invalid_interval"


class InvalidPartySize(RuleViolation):
    """A party of fewer than one visitor."""

    code = "invalid_party_size"


class Holiday(RuleViolation):
    """Rule 1: the stop touches a public holiday or an organisation closure day."""

    code = "holiday"


class FacilityClosed(RuleViolation):
    """Rule 1: the stop meets a closure of the facility."""

    code = "facility_closed"


class OutsideHours(FacilityClosed):
    """Rule 1: the stop does not fit inside one opening window of the facility."""


class HostNotLinked(RuleViolation):
    """Rule 2: the host does not receive visitors at this facility."""

    code = "host_not_linked"


class HostUnavailable(RuleViolation):
    """Rule 2: the stop does not fit inside one of the host's weekly windows."""

    code = "host_unavailable"


class HostTimeOff(RuleViolation):
    """Rule 2: the stop meets the host's time off."""

    code = "host_time_off"


class SlotTaken(RuleViolation):
    """Rule 3: the host is occupied by another live stop (or its buffer)."""

    code = "host_busy"


class PartyTooLarge(RuleViolation):
    """Rule 4: the party exceeds the capacity even of an empty facility."""

    code = "party_too_large"


class CapacityExceeded(RuleViolation):
    """Rule 4: together with the parties already there, the facility would overflow."""

    code = "capacity_exceeded"


class StopsOverlap(RuleViolation):
    """Rule 5: two stops of one visit overlap."""

    code = "stops_overlap"


class NotEnoughTravelTime(RuleViolation):
    """Rule 5: consecutive stops leave less than the travel time between them."""

    code = "travel_time"


class TooLate(RuleViolation):
    """Rule 6: the stop starts sooner than the minimum notice allows."""

    code = "min_notice"


RULE_CODES: tuple[str, ...] = (
    InvalidInterval.code,
    InvalidPartySize.code,
    Holiday.code,
    FacilityClosed.code,
    HostNotLinked.code,
    HostUnavailable.code,
    HostTimeOff.code,
    SlotTaken.code,
    PartyTooLarge.code,
    CapacityExceeded.code,
    StopsOverlap.code,
    NotEnoughTravelTime.code,
    TooLate.code,
)
