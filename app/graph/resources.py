"""Typed Graph resources: what Deputy reads, and writes back without losing anything.

Each dataclass names the properties Deputy uses; every other property of the JSON is
kept in ``extra`` and sent back unchanged by ``to_json``, so a newer Graph property
survives a round trip through an older Deputy.
"""

from __future__ import annotations

from dataclasses import MISSING, Field, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

UNKNOWN_PERSON = "Unknown person"
# PidTagSensitivity ([MS-OXCMSG] 2.2.1.13) as Graph names an extended property, and its values.
SENSITIVITY_PROPERTY = "Integer 0x0036"
SENSITIVITY_IDS = frozenset({SENSITIVITY_PROPERTY.casefold(), "integer 0x36"})
SENSITIVITY_WORDS = {"0": "normal", "1": "personal", "2": "private", "3": "confidential"}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _never_none(item: Field[Any]) -> bool:
    """True when the attribute's default is a value, so None would break its readers."""
    if item.default_factory is not MISSING:
        return True
    return item.default is not MISSING and item.default is not None


# GraphObject._reading's plans, by class.
_READING: dict[type, tuple[tuple[str, str, bool, type[GraphObject] | None], ...]] = {}


@dataclass
class GraphObject:
    """Base of the resources: snake_case attributes map to Graph's camelCase names.

    Attributes:
        extra: the JSON properties Deputy does not model, kept for write-back.
    """

    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    NESTED: ClassVar[dict[str, type[GraphObject]]] = {}
    RENAMED: ClassVar[dict[str, str]] = {}

    @classmethod
    def _json_name(cls, attribute: str) -> str:
        return cls.RENAMED.get(attribute, _camel(attribute))

    @classmethod
    def _reading(cls) -> tuple[tuple[str, str, bool, type[GraphObject] | None], ...]:
        """How to read each attribute (its name, Graph's name, whether None must keep
        the default, its nested type), worked out once per class: a sync reads some
        100,000 objects, and the names were worked out again for each."""
        plan = _READING.get(cls)
        if plan is None:
            plan = tuple((item.name, cls._json_name(item.name), _never_none(item),
                          cls.NESTED.get(item.name)) for item in fields(cls)
                         if item.name != "extra")
            _READING[cls] = plan
        return plan

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        data = dict(data or {})
        values: dict[str, Any] = {}
        for attribute, name, never_none, nested in cls._reading():
            if name not in data:
                continue
            raw = data.pop(name)
            if raw is None and never_none:
                continue  # null where the pages show a value: keep the default
            if nested is not None and isinstance(raw, list):
                values[attribute] = [nested.from_json(x) for x in raw]
            elif nested is not None and isinstance(raw, dict):
                values[attribute] = nested.from_json(raw)
            else:
                values[attribute] = raw
        return cls(extra=data, **values)

    def to_json(self) -> dict[str, Any]:
        data = dict(self.extra)
        for item in fields(self):
            if item.name == "extra":
                continue
            value = getattr(self, item.name)
            if value is None:
                continue  # absent when read (a beta-only property under v1.0, say)
            if isinstance(value, GraphObject):
                value = value.to_json()
            elif isinstance(value, list):
                value = [v.to_json() if isinstance(v, GraphObject) else v for v in value]
            data[self._json_name(item.name)] = value
        return data


@dataclass
class EmailAddress(GraphObject):
    name: str = ""
    address: str | None = None

    @property
    def label(self) -> str:
        if self.name and self.address:
            return f"{self.name} <{self.address}>"
        return self.name or self.address or ""


@dataclass
class Recipient(GraphObject):
    email_address: EmailAddress = field(default_factory=EmailAddress)
    NESTED: ClassVar = {"email_address": EmailAddress}


@dataclass
class DateTimeTimeZone(GraphObject):
    date_time: str = ""
    time_zone: str = "UTC"

    def as_datetime(self) -> datetime:
        """The moment, when the zone is UTC (ask Graph for UTC to compare times)."""
        text = self.date_time.rstrip("Z")
        if "." in text:
            text = text[: text.index(".") + 7]
        moment = datetime.fromisoformat(text)
        return moment.replace(tzinfo=UTC) if self.time_zone.upper() == "UTC" else moment


@dataclass
class Calendar(GraphObject):
    id: str = ""
    name: str = ""
    color: str = "auto"
    can_share: bool = False
    can_edit: bool = False
    can_view_private_items: bool = False
    is_default_calendar: bool | None = None
    is_removable: bool | None = None
    owner: EmailAddress = field(default_factory=EmailAddress)
    # beta only: None under v1.0
    is_shared: bool | None = None
    is_shared_with_me: bool | None = None
    NESTED: ClassVar = {"owner": EmailAddress}


@dataclass
class CalendarPermission(GraphObject):
    id: str = ""
    role: str = "none"
    allowed_roles: list[str] = field(default_factory=list)
    email_address: EmailAddress = field(default_factory=EmailAddress)
    is_inside_organization: bool = True
    is_removable: bool = True
    NESTED: ClassVar = {"email_address": EmailAddress}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        permission = super().from_json(data)
        if data and "role" in data and data["role"] is None:
            permission.role = ""  # not stated: not "none", which would say "No access"
        return permission

    @property
    def is_my_organization(self) -> bool:
        return not self.email_address.address and not self.is_removable

    @property
    def is_orphaned(self) -> bool:
        """An entry for nobody Graph names any more (someone who left, often): no
        address, and not "My Organization"."""
        return not self.email_address.address and not self.is_my_organization

    @property
    def person_name(self) -> str:
        """Who this is for, as the tables show it; "Unknown person" when Graph says
        neither a name nor an address."""
        email = self.email_address
        if self.is_my_organization:
            return email.name or "My Organization"
        return email.name or email.address or UNKNOWN_PERSON


@dataclass
class ResponseStatus(GraphObject):
    response: str = "none"
    time: str | None = None


@dataclass
class Attendee(GraphObject):
    email_address: EmailAddress = field(default_factory=EmailAddress)
    type: str = "required"
    status: ResponseStatus = field(default_factory=ResponseStatus)
    NESTED: ClassVar = {"email_address": EmailAddress, "status": ResponseStatus}


@dataclass
class Event(GraphObject):
    """An event; missing subject or body means the viewer may see free/busy only."""

    id: str = ""
    subject: str | None = None
    start: DateTimeTimeZone = field(default_factory=DateTimeTimeZone)
    end: DateTimeTimeZone = field(default_factory=DateTimeTimeZone)
    is_all_day: bool = False
    sensitivity: str = "normal"
    show_as: str = "busy"
    is_organizer: bool | None = None
    is_cancelled: bool = False
    organizer: Recipient | None = None
    attendees: list[Attendee] = field(default_factory=list)
    response_status: ResponseStatus | None = None
    location: dict[str, Any] | None = None
    body: dict[str, Any] | None = None
    i_cal_u_id: str | None = None
    transaction_id: str | None = None
    original_start_time_zone: str | None = None
    NESTED: ClassVar = {"start": DateTimeTimeZone, "end": DateTimeTimeZone,
                        "organizer": Recipient, "attendees": Attendee,
                        "response_status": ResponseStatus}
    RENAMED: ClassVar = {"i_cal_u_id": "iCalUId"}

    @property
    def is_private(self) -> bool:
        return self.sensitivity in ("private", "confidential")


@dataclass
class EventMessage(GraphObject):
    """A meeting request, response or cancellation that reached a mailbox.

    ``sender`` is who sent it (a delegate, perhaps), ``from_`` on whose behalf.
    """

    id: str = ""
    subject: str = ""
    meeting_message_type: str | None = None
    is_delegated: bool = False
    received_date_time: str = ""
    sender: Recipient | None = None
    from_: Recipient | None = None
    to_recipients: list[Recipient] = field(default_factory=list)
    event: Event | None = None
    is_read: bool = False
    body: dict[str, Any] | None = None
    start_date_time: DateTimeTimeZone | None = None
    end_date_time: DateTimeTimeZone | None = None
    location: dict[str, Any] | None = None
    # The service gave the meeting as "event": {} (python-o365 #422, on responses): it
    # exists, but nothing of it came. Not the same as no event (cancelled, declined).
    event_withheld: bool = False
    # Deputy removed the subject, body and place: the meeting is private and the signed-in
    # person may not see the principal's private events (app.graph.private_messages).
    private_withheld: bool = False
    NESTED: ClassVar = {"sender": Recipient, "from_": Recipient, "to_recipients": Recipient,
                        "event": Event, "start_date_time": DateTimeTimeZone,
                        "end_date_time": DateTimeTimeZone}
    RENAMED: ClassVar = {"from_": "from"}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        message = super().from_json(data)
        if message.event is not None and not message.event.id:
            message.event, message.event_withheld = None, True
        return message

    @property
    def odata_type(self) -> str:
        return str(self.extra.get("@odata.type", "#microsoft.graph.eventMessage"))

    @property
    def sensitivity(self) -> str | None:
        """The meeting's sensitivity as the message carries it (PidTagSensitivity, asked
        for as an extended property: ``message`` has no property of that name), or None
        when it did not come."""
        for item in self.extra.get("singleValueExtendedProperties") or []:
            if isinstance(item, dict) and str(item.get("id", "")).casefold() in SENSITIVITY_IDS:
                return SENSITIVITY_WORDS.get(str(item.get("value", "")).strip())
        return None


@dataclass
class SharingInvitation(GraphObject):
    """A ``calendarSharingMessage``: someone shared a calendar; accepting adds a copy."""

    id: str = ""
    subject: str = ""
    received_date_time: str = ""
    from_: Recipient | None = None
    suggested_calendar_name: str | None = None
    can_accept: bool = False
    NESTED: ClassVar = {"from_": Recipient}
    RENAMED: ClassVar = {"from_": "from"}

    @property
    def owner(self) -> EmailAddress:
        return self.from_.email_address if self.from_ else EmailAddress()


@dataclass
class ScheduleItem(GraphObject):
    """A busy block of someone's free/busy: its subject and location only when the caller
    may see them (absent: free/busy access only, or a private event)."""

    status: str = "busy"  # free, tentative, busy, oof, workingElsewhere, unknown
    is_private: bool = False
    subject: str | None = None
    location: str | None = None
    start: DateTimeTimeZone = field(default_factory=DateTimeTimeZone)
    end: DateTimeTimeZone = field(default_factory=DateTimeTimeZone)
    NESTED: ClassVar = {"start": DateTimeTimeZone, "end": DateTimeTimeZone}


@dataclass
class FreeBusyError(GraphObject):
    message: str = ""
    response_code: str = ""


@dataclass
class ScheduleInformation(GraphObject):
    """One person's or room's free/busy, as ``getSchedule`` answers it.

    ``availability_view``: one digit per interval asked (0 free, 1 tentative, 2 busy,
    3 out of office, 4 working elsewhere); ``error``: why this one schedule could not be
    read (the others in the same answer still are)."""

    schedule_id: str = ""
    availability_view: str = ""
    schedule_items: list[ScheduleItem] = field(default_factory=list)
    working_hours: dict[str, Any] | None = None
    error: FreeBusyError | None = None
    NESTED: ClassVar = {"schedule_items": ScheduleItem, "error": FreeBusyError}


@dataclass
class MailboxSettings(GraphObject):
    time_zone: str | None = None
    delegate_meeting_message_delivery_options: str | None = None


@dataclass
class User(GraphObject):
    id: str = ""
    display_name: str = ""
    user_principal_name: str = ""
    mail: str | None = None
    user_type: str | None = None  # "Member" or "Guest"

    @property
    def might_have_mailbox(self) -> bool:
        """Whether the directory leaves it possible that Graph can open this user's
        mailbox: a guest's is in their own organization, and a user without ``mail``
        has none (the rest only the mailbox tells: MailboxNotEnabledForRESTAPI)."""
        return bool(self.mail) and (self.user_type or "Member").casefold() != "guest"
