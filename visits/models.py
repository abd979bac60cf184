"""Tortoise models: fields and relations only. Rules live in visits.domain."""
# Model docstrings become SQL comments, and Tortoise splits SQLite scripts on ";": none here.

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

FACILITY_KINDS = (
    "control_center",
    "kiosk",
    "volunteer_program",
    "classroom",
    "portal_demo",
    "broadcast",
    "courtesy_call",
    "other",
)
# `countered`: the host proposed another time (counter_start); like a decline, it frees
# the stop's time until an officer takes the proposal (SPEC §7.5).
STOP_STATUSES = ("requested", "accepted", "declined", "countered", "cancelled")
LIVE_STOP_STATUSES = ("requested", "accepted")
ROLES = ("officer", "host")
MEMBER_ROLES = ("head", "member", "interpreter", "press", "staff")
REQUEST_STATUSES = (
    "new",
    "in_review",
    "proposed",
    "confirmed",
    "changes_requested",
    "declined",
    "withdrawn",
)
NOTE_AUTHORS = ("contact", "officer")
COMPANION_KINDS = ("interpreter", "escort", "driver", "vehicle")


class Timestamped(Model):
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True


class Facility(Timestamped):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64, unique=True)
    kind = fields.CharField(max_length=32)
    # Multilingual text: {language tag: text}; any tag fits without a schema change.
    name = fields.JSONField()
    description = fields.JSONField(default=dict)
    address = fields.JSONField()
    lat = fields.FloatField(null=True)
    lon = fields.FloatField(null=True)
    capacity = fields.IntField()
    duration_min = fields.IntField()
    buffer_min = fields.IntField(default=0)
    # At most this many visits a week (Monday to Sunday, organisation's zone); null: no cap.
    max_visits_per_week = fields.IntField(null=True)
    # [{"weekday": 0..6, "start": "HH:MM", "end": "HH:MM"}]
    open_hours = fields.JSONField()
    # Lets a visit lock the facility row before counting seats (rule 4 under concurrency).
    lock_version = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)

    hosts: fields.ManyToManyRelation[Host]
    closures: fields.ReverseRelation[FacilityClosure]

    class Meta:
        table = "facility"


class FacilityClosure(Model):
    id = fields.IntField(primary_key=True)
    facility: fields.ForeignKeyRelation[Facility] = fields.ForeignKeyField(
        "visits.Facility", related_name="closures", on_delete=fields.CASCADE
    )
    start = fields.DatetimeField()
    end = fields.DatetimeField()
    reason = fields.CharField(max_length=500, default="")

    class Meta:
        table = "facility_closure"


class OrgClosure(Model):
    """A day the whole organisation is closed, on top of the public holidays."""

    id = fields.IntField(primary_key=True)
    day = fields.DateField(unique=True)
    reason = fields.CharField(max_length=500, default="")

    class Meta:
        table = "org_closure"


class TravelTime(Model):
    """An explicit travel time between two facilities, overriding the distance estimate."""

    id = fields.IntField(primary_key=True)
    facility_a: fields.ForeignKeyRelation[Facility] = fields.ForeignKeyField(
        "visits.Facility", related_name="travel_from", on_delete=fields.CASCADE
    )
    facility_b: fields.ForeignKeyRelation[Facility] = fields.ForeignKeyField(
        "visits.Facility", related_name="travel_to", on_delete=fields.CASCADE
    )
    minutes = fields.IntField()

    class Meta:
        table = "travel_time"
        unique_together = (("facility_a", "facility_b"),)


class Host(Timestamped):
    id = fields.IntField(primary_key=True)
    name = fields.JSONField()
    email = fields.CharField(max_length=254, unique=True)
    phone = fields.CharField(max_length=64, default="")
    languages = fields.JSONField(default=list)
    weekly = fields.JSONField(default=list)
    # Serialises bookings of this host (rule 3) alongside the database constraint.
    lock_version = fields.IntField(default=0)
    facilities: fields.ManyToManyRelation[Facility] = fields.ManyToManyField(
        "visits.Facility", related_name="hosts", through="host_facility"
    )
    time_off: fields.ReverseRelation[HostTimeOff]
    calendars: fields.ReverseRelation[HostCalendar]

    class Meta:
        table = "host"


class HostTimeOff(Model):
    id = fields.IntField(primary_key=True)
    host: fields.ForeignKeyRelation[Host] = fields.ForeignKeyField(
        "visits.Host", related_name="time_off", on_delete=fields.CASCADE
    )
    start = fields.DatetimeField()
    end = fields.DatetimeField()

    class Meta:
        table = "host_time_off"


CALENDAR_KINDS = ("ics", "caldav")
CALENDAR_STATUSES = ("pending", "ok", "error")


class HostCalendar(Model):
    """A calendar the host keeps elsewhere (an ICS subscription or a CalDAV collection),
    read by the background worker. The password is stored encrypted (visits.calendars)."""

    id = fields.IntField(primary_key=True)
    host: fields.ForeignKeyRelation[Host] = fields.ForeignKeyField(
        "visits.Host", related_name="calendars", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=16)
    url = fields.CharField(max_length=2000)
    username = fields.CharField(max_length=254, default="")
    password_sealed = fields.TextField(default="")
    share_titles = fields.BooleanField(default=False)
    status = fields.CharField(max_length=16, default="pending")
    # Why the last read failed, as a code `visits.wording` turns into words ("" when ok).
    error_code = fields.CharField(max_length=64, default="")
    last_read = fields.DatetimeField(null=True)  # the last successful read
    last_attempt = fields.DatetimeField(null=True)
    parsed_at = fields.DatetimeField(null=True)  # the last read that parsed (not a 304)
    next_read_at = fields.DatetimeField(null=True, db_index=True)
    # What the server said the last good copy was (ETag, or CalDAV CTag / sync token).
    version_tag = fields.CharField(max_length=500, default="")
    # Held by one process while it reads the calendar: no other process reads it then.
    claimed_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    busy: fields.ReverseRelation[HostBusy]

    class Meta:
        table = "host_calendar"


class HostBusy(Model):
    """A busy time read from a host's calendar: counted like time off."""

    id = fields.IntField(primary_key=True)
    calendar: fields.ForeignKeyRelation[HostCalendar] = fields.ForeignKeyField(
        "visits.HostCalendar", related_name="busy", on_delete=fields.CASCADE
    )
    host: fields.ForeignKeyRelation[Host] = fields.ForeignKeyField(
        "visits.Host", related_name="busy_times", on_delete=fields.CASCADE
    )
    start = fields.DatetimeField()
    end = fields.DatetimeField(db_index=True)
    title = fields.CharField(max_length=500, default="")

    class Meta:
        table = "host_busy"


class Delegation(Timestamped):
    id = fields.IntField(primary_key=True)
    name = fields.JSONField()
    country = fields.CharField(max_length=2)
    city = fields.CharField(max_length=200)
    language = fields.CharField(max_length=35)
    size = fields.IntField()
    contact_name = fields.CharField(max_length=200)
    contact_email = fields.CharField(max_length=254)
    notes = fields.TextField(default="")
    # When the retention purge anonymised its members and erased its contact and notes.
    erased_at = fields.DatetimeField(null=True)

    members: fields.ReverseRelation[DelegationMember]

    class Meta:
        table = "delegation"


class DelegationMember(Model):
    id = fields.IntField(primary_key=True)
    delegation: fields.ForeignKeyRelation[Delegation] = fields.ForeignKeyField(
        "visits.Delegation", related_name="members", on_delete=fields.CASCADE
    )
    position = fields.IntField()
    # The romanized display name: "given_name family_name" when given as parts.
    name = fields.CharField(max_length=200)
    title = fields.CharField(max_length=200, default="")
    head = fields.BooleanField(default=False)  # role == "head", kept for the readers of §5
    # The protocol record (SPEC §7.2); db_default: rows of before migration 0008 need values.
    family_name = fields.CharField(max_length=100, default="", db_default="")
    given_name = fields.CharField(max_length=100, default="", db_default="")
    native_name = fields.CharField(max_length=100, default="", db_default="")
    role = fields.CharField(max_length=16, default="member", db_default="member")
    rank = fields.IntField(null=True)  # precedence, 1 first; None after the ranked
    languages = fields.JSONField(default=list, db_default="[]")
    diet = fields.CharField(max_length=200, default="", db_default="")
    access = fields.CharField(max_length=200, default="", db_default="")

    class Meta:
        table = "delegation_member"
        ordering = ["position"]
        indexes = (("delegation_id", "position"),)


class Visit(Timestamped):
    id = fields.IntField(primary_key=True)
    delegation: fields.ForeignKeyRelation[Delegation] = fields.ForeignKeyField(
        "visits.Delegation", related_name="visits", on_delete=fields.RESTRICT
    )
    cancelled = fields.BooleanField(default=False)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "visits.User", related_name="created_visits", null=True, on_delete=fields.SET_NULL
    )
    # Closing after the visit (SPEC §7.6): status `completed` once set.
    closed_at = fields.DatetimeField(null=True)
    closing_notes = fields.TextField(default="", db_default="")

    stops: fields.ReverseRelation[Stop]
    items: fields.ReverseRelation[ProgrammeItem]

    class Meta:
        table = "visit"
        # A delegation's visits (lists filtered by delegation, the delegation pages).
        indexes = (("delegation_id",),)


class Stop(Timestamped):
    id = fields.IntField(primary_key=True)
    visit: fields.ForeignKeyRelation[Visit] = fields.ForeignKeyField(
        "visits.Visit", related_name="stops", on_delete=fields.CASCADE
    )
    position = fields.IntField()
    facility: fields.ForeignKeyRelation[Facility] = fields.ForeignKeyField(
        "visits.Facility", related_name="stops", on_delete=fields.RESTRICT
    )
    host: fields.ForeignKeyRelation[Host] = fields.ForeignKeyField(
        "visits.Host", related_name="stops", on_delete=fields.RESTRICT
    )
    start = fields.DatetimeField()
    end = fields.DatetimeField()
    # end + the facility's buffer at booking time: the host is occupied until then (rule 3).
    occupied_until = fields.DatetimeField()
    party_size = fields.IntField()
    status = fields.CharField(max_length=16, default="requested")
    decline_reason = fields.TextField(default="")
    # Grows with every change so calendar clients replace their copy of the invite.
    sequence = fields.IntField(default=0)
    # When the host was (last) asked: reminders and escalation count from here (None on
    # rows of before migration 0012: their updated_at stands in).
    requested_at = fields.DatetimeField(null=True)
    # The host's counter-proposal (status countered): another start, and why.
    counter_start = fields.DatetimeField(null=True)
    counter_reason = fields.TextField(default="", db_default="")
    attendance = fields.IntField(null=True)  # people who came, recorded when closing

    class Meta:
        table = "stop"
        # (visit_id, position): one visit's stops. (start): the stops of a period (the
        # dashboard's week). (position, start, visit_id): visits in the order of their first
        # stop, a page at a time (visits.services.visit_lists). (status, start): the soonest
        # stops awaiting an answer, or declined (the dashboard). (host_id, status, start): a
        # host's inbox, a page at a time, and how many it holds. (start, visit_id) and
        # (visit_id, status, start): a year's visits and their first stops, each read from
        # the index alone (visits.services.year_rows).
        indexes = (("host_id", "start"), ("facility_id", "start"), ("visit_id", "position"),
                   ("start",), ("position", "start", "visit_id"), ("status", "start"),
                   ("host_id", "status", "start"), ("start", "visit_id"),
                   ("visit_id", "status", "start"))


class ProgrammeItem(Timestamped):
    """A part of a visit's programme without a host (SPEC §7.4): arrival, a meal, the bus."""

    id = fields.IntField(primary_key=True)
    visit: fields.ForeignKeyRelation[Visit] = fields.ForeignKeyField(
        "visits.Visit", related_name="items", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=16)  # arrival, meal, … (visits.contract.programme)
    # Multilingual text like a facility's name: {language tag: text}, "und" for plain text.
    title = fields.JSONField()
    start = fields.DatetimeField()
    end = fields.DatetimeField()
    place = fields.JSONField(default=dict)
    address = fields.JSONField(default=dict)
    lat = fields.FloatField(null=True)
    lon = fields.FloatField(null=True)
    notes = fields.TextField(default="")
    # Grows with every change, like a stop's: calendar clients replace their copy.
    sequence = fields.IntField(default=0)

    class Meta:
        table = "programme_item"
        indexes = (("visit_id", "start"),)


class Companion(Timestamped):
    """Someone (or a vehicle) who goes with a delegation: interpreter, escort, driver, bus."""

    id = fields.IntField(primary_key=True)
    name = fields.JSONField()  # multilingual text, as a host's name
    kind = fields.CharField(max_length=16)  # COMPANION_KINDS
    email = fields.CharField(max_length=254, default="")
    phone = fields.CharField(max_length=64, default="")
    languages = fields.JSONField(default=list)
    seats = fields.IntField(null=True)  # vehicles: passengers it carries
    weekly = fields.JSONField(default=list)
    # Serialises assignments of this companion, as Host.lock_version does for stops.
    lock_version = fields.IntField(default=0)
    time_off: fields.ReverseRelation[CompanionTimeOff]

    class Meta:
        table = "companion"


class CompanionTimeOff(Model):
    id = fields.IntField(primary_key=True)
    companion: fields.ForeignKeyRelation[Companion] = fields.ForeignKeyField(
        "visits.Companion", related_name="time_off", on_delete=fields.CASCADE
    )
    start = fields.DatetimeField()
    end = fields.DatetimeField()

    class Meta:
        table = "companion_time_off"


class CompanionAssignment(Timestamped):
    """A companion going with a visit from `start` to `end`. `live` is false once removed
    or cancelled: only live assignments hold the companion (no two of them overlap)."""

    id = fields.IntField(primary_key=True)
    companion: fields.ForeignKeyRelation[Companion] = fields.ForeignKeyField(
        "visits.Companion", related_name="assignments", on_delete=fields.RESTRICT
    )
    visit: fields.ForeignKeyRelation[Visit] = fields.ForeignKeyField(
        "visits.Visit", related_name="companion_assignments", on_delete=fields.CASCADE
    )
    start = fields.DatetimeField()
    end = fields.DatetimeField()
    live = fields.BooleanField(default=True)
    # Grows with every change so the companion's calendar replaces its copy of the invite.
    sequence = fields.IntField(default=0)

    class Meta:
        table = "companion_assignment"
        indexes = (("companion_id", "start"),)


class User(Timestamped):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    # How pages name the person (the change log); a host user goes by the host's name.
    # db_default: existing rows need a value when migration 0005 adds the column.
    name = fields.CharField(max_length=100, default="", db_default="")
    password_hash = fields.CharField(max_length=255)
    role = fields.CharField(max_length=16)
    host: fields.ForeignKeyNullableRelation[Host] = fields.ForeignKeyField(
        "visits.Host", related_name="users", null=True, on_delete=fields.SET_NULL
    )
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "app_user"


class ApiToken(Model):
    """A bearer token. Only its SHA-256 is stored, so a leaked database reveals no usable token."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "visits.User", related_name="tokens", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"


class WebSession(Model):
    """A browser's session, known by the SHA-256 of the random key its cookie holds.

    Deleting the row ends the session, whichever app process served it."""

    id = fields.IntField(primary_key=True)
    key_hash = fields.CharField(max_length=64, unique=True)
    # None: not signed in yet (the session only carries the CSRF token and flash messages).
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "visits.User", related_name="web_sessions", null=True, on_delete=fields.CASCADE
    )
    data = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "web_session"


class SignInThrottle(Model):
    """Failed sign-ins from one client address, or from one address for one account.

    The key is a SHA-256 digest, never the address or the e-mail itself."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    failures = fields.IntField(default=0)
    last_failure_at = fields.DatetimeField(db_index=True)
    blocked_until = fields.DatetimeField(null=True)

    class Meta:
        table = "sign_in_throttle"


class AuditEvent(Model):
    id = fields.IntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "visits.User", related_name="audit_events", null=True, on_delete=fields.SET_NULL
    )
    actor_email = fields.CharField(max_length=254, default="")
    entity = fields.CharField(max_length=32)
    entity_id = fields.IntField()
    action = fields.CharField(max_length=32)
    visit_id = fields.IntField(null=True, db_index=True)
    before = fields.JSONField(null=True)
    after = fields.JSONField(null=True)

    class Meta:
        table = "audit_event"
        indexes = (("entity", "entity_id"),)


class ShareLink(Model):
    id = fields.IntField(primary_key=True)
    visit: fields.ForeignKeyRelation[Visit] = fields.ForeignKeyField(
        "visits.Visit", related_name="share_links", on_delete=fields.CASCADE
    )
    nonce = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "share_link"
        indexes = (("visit_id",),)


class VisitVersion(Model):
    """A published version of a visit: what its visitors see (the share link, its PDF and
    calendar) until the next one. `snapshot` holds the renderers' input as it was at
    publishing; `changes` what moved since the version before."""

    id = fields.IntField(primary_key=True)
    visit: fields.ForeignKeyRelation[Visit] = fields.ForeignKeyField(
        "visits.Visit", related_name="versions", on_delete=fields.CASCADE
    )
    number = fields.IntField()  # 1, 2, … within the visit
    published_at = fields.DatetimeField(auto_now_add=True)
    published_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "visits.User", related_name="published_versions", null=True,
        on_delete=fields.SET_NULL
    )
    snapshot = fields.JSONField()
    changes = fields.JSONField(default=list)

    class Meta:
        table = "visit_version"
        # Two racing publishes cannot both become version n (rows and mails stay one).
        unique_together = (("visit", "number"),)


class HostFeed(Model):
    """The secret calendar subscription of a host. Rotating the nonce kills old URLs."""

    id = fields.IntField(primary_key=True)
    host: fields.OneToOneRelation[Host] = fields.OneToOneField(
        "visits.Host", related_name="feed", on_delete=fields.CASCADE
    )
    nonce = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "host_feed"


class OutboxMessage(Model):
    """An e-mail to send. Written in the same transaction as the change it reports, so a
    failing mail server never loses a booking, and retried until it goes."""

    id = fields.IntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    to_email = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=500)
    body = fields.TextField()
    ics = fields.TextField(default="")
    ics_method = fields.CharField(max_length=16, default="")
    stop_id = fields.IntField(null=True)
    visit_id = fields.IntField(null=True, db_index=True)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True, db_index=True)
    last_error = fields.TextField(default="")
    # Held by one sender while it talks to the mail server: no other process takes the row.
    claimed_until = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_message"


class ChangeCounter(Model):
    """One row counting committed changes (bumped with every audit event). Whatever
    depends on the stored state, such as cached free slots, is keyed by it."""

    id = fields.IntField(primary_key=True)
    value = fields.BigIntField(default=0)

    class Meta:
        table = "change_counter"


class IdempotencyKey(Model):
    """A creating request made with an `Idempotency-Key`: claimed by inserting this row (the
    unique constraint decides between racing processes), then holding the answer to replay."""

    id = fields.IntField(primary_key=True)
    user_id = fields.IntField()
    key = fields.CharField(max_length=255)
    request_hash = fields.CharField(max_length=64)
    status_code = fields.IntField(null=True)  # None while the first request runs
    # Written in the change's own transaction: a claim whose change was committed is never
    # run again, even if its answer was lost.
    committed = fields.BooleanField(default=False)
    response_body = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "idempotency_key"
        unique_together = (("user_id", "key"),)


class VisitRequest(Timestamped):
    """A visit asked for by a delegation's contact (SPEC §7.2), before it is a delegation."""

    id = fields.IntField(primary_key=True)
    status = fields.CharField(max_length=20, default="new", db_index=True)
    organisation = fields.JSONField()  # multilingual text, as a delegation's name
    country = fields.CharField(max_length=2)
    city = fields.CharField(max_length=200)
    language = fields.CharField(max_length=35)
    size = fields.IntField()
    contact_name = fields.CharField(max_length=200)
    contact_email = fields.CharField(max_length=254)
    contact_phone = fields.CharField(max_length=32, default="")
    members = fields.JSONField(default=list)  # the contract's member shape
    dates = fields.JSONField(default=list)  # ISO dates, in order of preference
    interests = fields.JSONField(default=list)  # facility kinds and codes
    interpreter_needed = fields.BooleanField(default=False)
    notes = fields.TextField(default="")
    form_language = fields.CharField(max_length=35, default="en")
    decline_reason = fields.TextField(default="")
    delegation: fields.ForeignKeyNullableRelation[Delegation] = fields.ForeignKeyField(
        "visits.Delegation", related_name="requests", null=True, on_delete=fields.SET_NULL
    )
    visit: fields.ForeignKeyNullableRelation[Visit] = fields.ForeignKeyField(
        "visits.Visit", related_name="requests", null=True, on_delete=fields.SET_NULL
    )
    # When the retention purge anonymised its members and erased its contact and notes.
    erased_at = fields.DatetimeField(null=True)

    request_notes: fields.ReverseRelation[RequestNote]

    class Meta:
        table = "visit_request"


class RequestNote(Model):
    """A message on a request: the contact's "ask for changes", or an officer's note."""

    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[VisitRequest] = fields.ForeignKeyField(
        "visits.VisitRequest", related_name="request_notes", on_delete=fields.CASCADE
    )
    author = fields.CharField(max_length=16)  # NOTE_AUTHORS
    text = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "request_note"
        ordering = ["id"]


class TrackingLink(Model):
    """The contact's secret link to follow a request, as ShareLink is the visitor's."""

    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[VisitRequest] = fields.ForeignKeyField(
        "visits.VisitRequest", related_name="tracking_links", on_delete=fields.CASCADE
    )
    nonce = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "tracking_link"


class PublicRate(Model):
    """Requests from one client address to one group of public endpoints in the current
    fixed window. The key is a SHA-256 digest, never the address itself."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    window_start = fields.DatetimeField(db_index=True)
    hits = fields.IntField(default=0)

    class Meta:
        table = "public_rate"


class AnswerReminder(Model):
    """A reminder (or escalation) mail about one stop, claimed by inserting this row: the
    unique key decides between app processes racing for it, so each goes exactly once.
    `basis` is what the reminder is about: when the host was asked, or the stop's start."""

    id = fields.IntField(primary_key=True)
    stop: fields.ForeignKeyRelation[Stop] = fields.ForeignKeyField(
        "visits.Stop", related_name="reminders", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=16)  # remind | escalate | day_before
    basis = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "answer_reminder"
        unique_together = (("stop", "kind", "basis"),)


GIFT_DIRECTIONS = ("received", "given")


class Gift(Model):
    """A gift received from or given to a delegation (the gifts register, SPEC §7.6)."""

    id = fields.IntField(primary_key=True)
    visit: fields.ForeignKeyRelation[Visit] = fields.ForeignKeyField(
        "visits.Visit", related_name="gifts", on_delete=fields.RESTRICT
    )
    direction = fields.CharField(max_length=8)  # GIFT_DIRECTIONS
    description = fields.CharField(max_length=500)
    giver = fields.CharField(max_length=200)
    recipient = fields.CharField(max_length=200)
    value_krw = fields.BigIntField(null=True)
    day = fields.DateField(db_index=True)  # when it changed hands: the register's year
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "gift"
        indexes = (("visit_id", "id"),)


class SurveyAnswer(Model):
    """A visitor's answer to the survey after the visit: one per share link and device
    (the device's random cookie, stored as its SHA-256), editable for a week."""

    id = fields.IntField(primary_key=True)
    visit: fields.ForeignKeyRelation[Visit] = fields.ForeignKeyField(
        "visits.Visit", related_name="survey_answers", on_delete=fields.CASCADE
    )
    share_link: fields.ForeignKeyRelation[ShareLink] = fields.ForeignKeyField(
        "visits.ShareLink", related_name="survey_answers", on_delete=fields.CASCADE
    )
    device_hash = fields.CharField(max_length=64)
    overall = fields.IntField()  # 1..5
    useful_stop: fields.ForeignKeyNullableRelation[Stop] = fields.ForeignKeyField(
        "visits.Stop", related_name="survey_answers", null=True, on_delete=fields.SET_NULL
    )
    comment = fields.TextField(default="")
    language = fields.CharField(max_length=35, default="en")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "survey_answer"
        unique_together = (("share_link", "device_hash"),)
        indexes = (("visit_id", "id"),)


class StoredDocument(Model):
    """A rendered document every app process shares, keyed by the hash of everything it
    shows (visits.services.rendering.document_key): a key names one content for ever, so
    a stored document is never stale, and a change to the visit asks for another key.
    Bounded by DOCUMENT_STORE_MAX_MB: the least recently used go first."""

    key = fields.CharField(max_length=64, primary_key=True)
    media_type = fields.CharField(max_length=100)
    data = fields.BinaryField()
    size = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used = fields.DatetimeField(db_index=True)

    class Meta:
        table = "document"


class DocumentRender(Model):
    """A render under way in some app process, claimed by inserting this row (the primary
    key decides between processes racing for it) until `claimed_until`: the others wait
    for the stored document instead of rendering it again. A claim past its time (its
    process died) may be taken over."""

    key = fields.CharField(max_length=64, primary_key=True)
    claimed_until = fields.DatetimeField()

    class Meta:
        table = "document_render"


EVENT_JOB_STATUSES = ("queued", "running", "done", "stopped", "failed")
LIVE_EVENT_JOB_STATUSES = ("queued", "running")


class EventJob(Model):
    """An event plan being solved (SPEC 7.8), kept here so every app process answers for
    it: the owning process writes progress and a heartbeat, any process may ask it to
    stop. `slot` is held while the job is live (unique: the bound on jobs at once)."""

    id = fields.CharField(max_length=32, primary_key=True)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "visits.User", related_name="event_jobs", null=True, on_delete=fields.SET_NULL
    )
    status = fields.CharField(max_length=16, default="queued")  # EVENT_JOB_STATUSES
    request = fields.JSONField()  # the body of POST /api/events/plan
    time_limit_s = fields.FloatField()
    slot = fields.IntField(null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    best = fields.JSONField(null=True)  # {objective, bound, gap, placed, wishes_met}
    plan = fields.JSONField(null=True)  # the answer of POST /api/events/plan
    error_code = fields.CharField(max_length=64, default="")
    stop_requested = fields.BooleanField(default=False)
    owner = fields.CharField(max_length=64, default="")
    heartbeat_at = fields.DatetimeField(null=True)

    class Meta:
        table = "event_job"
        indexes = (("status", "heartbeat_at"),)
