"""The scheduling domain: pure rules over plain data, no database and no web.

Everything an outer layer needs is importable from here.
"""

from visits.domain.availability import Slot, check_stop, free_slots, pick_host
from visits.domain.calendar import (
    DEFAULT_OPEN_HOURS,
    Booking,
    BusyTime,
    Facility,
    Host,
    Interval,
    Policy,
    WeeklyWindow,
)
from visits.domain.holidays import korean_public_holidays
from visits.domain.rules import (
    RULE_CODES,
    CapacityExceeded,
    FacilityClosed,
    Holiday,
    HostBusyElsewhere,
    HostNotLinked,
    HostTimeOff,
    HostUnavailable,
    InvalidInterval,
    InvalidPartySize,
    NotEnoughTravelTime,
    OutsideHours,
    PartyTooLarge,
    RuleViolation,
    SlotTaken,
    StopsOverlap,
    TooLate,
)
from visits.domain.travel import TravelTable, check_visit_sequence, travel_minutes

__all__ = [
    "DEFAULT_OPEN_HOURS",
    "RULE_CODES",
    "Booking",
    "BusyTime",
    "CapacityExceeded",
    "Facility",
    "FacilityClosed",
    "Holiday",
    "Host",
    "HostBusyElsewhere",
    "HostNotLinked",
    "HostTimeOff",
    "HostUnavailable",
    "Interval",
    "InvalidInterval",
    "InvalidPartySize",
    "NotEnoughTravelTime",
    "OutsideHours",
    "PartyTooLarge",
    "Policy",
    "RuleViolation",
    "Slot",
    "SlotTaken",
    "StopsOverlap",
    "TooLate",
    "TravelTable",
    "WeeklyWindow",
    "check_stop",
    "check_visit_sequence",
    "free_slots",
    "korean_public_holidays",
    "pick_host",
    "travel_minutes",
]
