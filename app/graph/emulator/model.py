"""The tenant's data: people, mailboxes, calendars, permissions, events and messages.

Plain records with no behaviour beyond bookkeeping; the rules that change them live in
``tenant.py`` and the JSON that Graph returns is built in ``render.py``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

DELIVERY_OPTIONS = (
    "sendToDelegateOnly",
    "sendToDelegateAndInformationToPrincipal",
    "sendToDelegateAndPrincipal",
)


@dataclass
class Permission:
    """One entry of a calendar's ``calendarPermissions``.

    Attributes:
        person_key: the sharee's key when they are in the tenant; None for "My
            Organization", for people outside the organization and for entries a quirk
            shows (they grant nothing in the emulator).
        quirk: the quirk that shows this entry (``quirks.py``); hidden while it is off.
        email_shape: how ``emailAddress`` comes back: "address" (name and address),
            "name-only" (someone who left: a name, no address) or "null".
        extra_allowed: roles ``allowedRoles`` lists beyond the computed ones ("custom").
    """

    id: str
    name: str
    address: str | None
    role: str
    inside: bool
    removable: bool
    person_key: str | None
    quirk: str | None = None
    email_shape: str = "address"
    extra_allowed: tuple[str, ...] = ()

    @property
    def is_my_organization(self) -> bool:
        return self.address is None and not self.removable


@dataclass
class Calendar:
    """A calendar folder in its owner's mailbox."""

    serial: int
    name: str
    color: str = "auto"
    is_primary: bool = False
    # "calendar-owner-missing": how ``owner`` comes back in its owner's own list while
    # that quirk is on ("null" or "absent"); "" always shows the owner.
    owner_shape: str = ""
    permissions: dict[str, Permission] = field(default_factory=dict)
    change_serial: int = 1


@dataclass
class SharedCopy:
    """The local copy of someone's calendar in a sharee's mailbox, once accepted.

    Attributes:
        name: the sharee's own name for it; None means the default name.
    """

    holder: str
    calendar_serial: int
    name: str | None = None
    change_serial: int = 1


@dataclass
class Attendee:
    name: str
    address: str
    type: str = "required"
    response: str = "none"
    response_time: datetime | None = None
    proposed_new_time: dict[str, Any] | None = None


@dataclass
class Event:
    """One copy of an event. The organizer's copy and each attendee's copy are separate."""

    serial: int
    calendar_serial: int
    ical_uid: str
    subject: str
    start: datetime
    end: datetime
    organizer_name: str
    organizer_address: str
    is_organizer: bool
    created: datetime
    modified: datetime
    start_zone: str = "UTC"
    end_zone: str = "UTC"
    body_type: str = "html"
    body: str = ""
    is_all_day: bool = False
    sensitivity: str = "normal"
    show_as: str = "busy"
    importance: str = "normal"
    location: str = ""
    categories: list[str] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)
    response: str = "organizer"
    response_time: datetime | None = None
    response_requested: bool = True
    is_cancelled: bool = False
    is_reminder_on: bool = True
    reminder_minutes: int = 15
    transaction_id: str | None = None
    change_serial: int = 1
    # Writable properties the emulator stores but does not interpret (isOnlineMeeting, ...):
    # kept so that what a client writes it reads back, as in Graph.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def private(self) -> bool:
        return self.sensitivity in ("private", "confidential")


@dataclass
class Message:
    """A message in a mailbox: a meeting message or a sharing invitation.

    Attributes:
        odata_type: the derived message type, without the ``#microsoft.graph.`` prefix.
        event_ref: (holder key, event serial) of the event a meeting message is about.
        sharing: (holder key, calendar serial) of the calendar a sharing invitation offers.
    """

    serial: int
    odata_type: str
    subject: str
    body: str
    sender: tuple[str, str]
    from_: tuple[str, str]
    to: list[tuple[str, str]]
    received: datetime
    meeting_message_type: str | None = None
    is_delegated: bool = False
    # The principal's information-only copy (sendToDelegateAndInformationToPrincipal).
    informational: bool = False
    response_requested: bool | None = None
    event_ref: tuple[str, int] | None = None
    event_start: datetime | None = None
    event_end: datetime | None = None
    event_zone: str = "UTC"
    location: str = ""
    sharing: tuple[str, int] | None = None
    sharing_role: str | None = None
    suggested_name: str | None = None
    is_read: bool = False
    conversation_id: str = ""
    # The meeting's sensitivity, carried by its messages (PidTagSensitivity).
    sensitivity: str = "normal"


@dataclass
class Mailbox:
    """A user's or a group's mailbox: its calendars, copies, events, messages and settings."""

    key: str
    calendars: dict[int, Calendar] = field(default_factory=dict)
    copies: dict[tuple[str, int], SharedCopy] = field(default_factory=dict)
    events: dict[int, Event] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    transactions: dict[str, int] = field(default_factory=dict)
    _serials: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_serial(self) -> int:
        return next(self._serials)

    @property
    def primary(self) -> Calendar:
        return next(c for c in self.calendars.values() if c.is_primary)

    @property
    def delivery_option(self) -> str:
        return str(self.settings.get("delegateMeetingMessageDeliveryOptions",
                                     DELIVERY_OPTIONS[0]))


@dataclass
class Person:
    """A user, or a Microsoft 365 group, of the tenant; each has a mailbox.

    Attributes:
        key: short stable key used inside ids.
        id: the directory object id (a GUID), one of the two ways to address a user.
        address: the user principal name (a group's mail address), the other way.
    """

    key: str
    id: str
    address: str
    display_name: str
    mailbox: Mailbox
    is_group: bool = False
    members: list[str] = field(default_factory=list)
    job_title: str | None = None
    # Mailboxes Graph can't open (quirks.py, item 6). ``mailbox_kind``: "exchangeOnline",
    # "room", or one Graph can't open: "guest", "unlicensed", "onPremises", "softDeleted".
    user_type: str = "Member"
    mail: str | None = None  # when it differs from ``address`` (a guest's own address)
    mailbox_kind: str = "exchangeOnline"
    upn_not_found: bool = False  # addressed by UPN, answers 404 (by id it works)
    outside_access_policy: bool = False  # app-only requests answer 403
    quirk: str | None = None  # the quirk that shows this person; hidden while it is off

    @property
    def has_mailbox(self) -> bool:
        return self.mailbox_kind in ("exchangeOnline", "room")

    @property
    def email(self) -> tuple[str, str]:
        return (self.display_name, self.address)
