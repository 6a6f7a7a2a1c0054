"""Events, meetings on behalf, responses and cancellations (GUIDE §2.3).

An event exists as several copies: the organizer's, which alone tracks attendees'
responses, and one per attendee inside the tenant, linked by ``iCalUId``. Meeting
messages go where each principal's ``delegateMeetingMessageDeliveryOptions`` says.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from html import escape
from typing import Any

from . import ids, schema, timezones
from .access import CalendarAccess
from .errors import GraphError, invalid_request, not_found
from .model import Attendee, Event, Message, Person
from .tenant import EventAccess, Tenant

WRITABLE = frozenset(
    {
        "subject",
        "body",
        "start",
        "end",
        "location",
        "locations",
        "attendees",
        "isAllDay",
        "sensitivity",
        "showAs",
        "importance",
        "categories",
        "isReminderOn",
        "reminderMinutesBeforeStart",
        "responseRequested",
        "transactionId",
        "allowNewTimeProposals",
        "isOnlineMeeting",
        "onlineMeetingProvider",
        "hideAttendees",
        "recurrence",
        "originalStartTimeZone",
        "originalEndTimeZone",
    }
)
# Read-only properties a client may echo back (a whole event it read, say): Graph
# ignores them on write, and so does the emulator.
READ_ONLY = frozenset(
    {
        "id",
        "createdDateTime",
        "lastModifiedDateTime",
        "changeKey",
        "iCalUId",
        "organizer",
        "isOrganizer",
        "responseStatus",
        "webLink",
        "bodyPreview",
        "type",
        "seriesMasterId",
        "hasAttachments",
        "onlineMeetingUrl",
        "onlineMeeting",
        "isCancelled",
        "isDraft",
        "cancelledOccurrences",
        "exceptionOccurrences",
    }
)
_STORED_AS_IS = (
    "allowNewTimeProposals",
    "isOnlineMeeting",
    "onlineMeetingProvider",
    "hideAttendees",
)
_ENUMS = {
    "sensitivity": ("normal", "personal", "private", "confidential"),
    "showAs": ("free", "tentative", "busy", "oof", "workingElsewhere", "unknown"),
    "importance": ("low", "normal", "high"),
}
_ATTENDEE_TYPES = ("required", "optional", "resource")
ADDRESS_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# action -> (attendee status, meetingMessageType, subject prefix)
RESPONSES = {
    "accept": ("accepted", "meetingAccepted", "Accepted"),
    "tentativelyaccept": ("tentativelyAccepted", "meetingTenativelyAccepted", "Tentative"),
    "decline": ("declined", "meetingDeclined", "Declined"),
}
# Propagated from the organizer's copy to attendees' copies on update.
_SHARED_FIELDS = (
    "subject",
    "body",
    "body_type",
    "start",
    "end",
    "start_zone",
    "end_zone",
    "is_all_day",
    "location",
    "sensitivity",
    "importance",
)


def event_id(access: CalendarAccess, event: Event) -> str:
    return ids.encode(ids.ItemRef("e", access.mailbox.key, access.holder.key, event.serial))


def _decode_event(tenant: Tenant, mailbox: Person, event_id_: str) -> tuple[Person, Event]:
    ref = ids.resolve(event_id_, "e", mailbox.key)
    holder = tenant.people.get(ref.holder)
    event = holder.mailbox.events.get(ref.serial) if holder else None
    if holder is None or event is None:
        raise not_found()
    return holder, event


def calendar_id_of_event(tenant: Tenant, mailbox: Person, event_id_: str) -> str | None:
    """Under ``mailbox``, the id of the calendar holding an event (for ``/events/{id}``);
    None for the mailbox's primary calendar."""
    holder, event = _decode_event(tenant, mailbox, event_id_)
    if holder.key == mailbox.key and holder.mailbox.primary.serial == event.calendar_serial:
        return None
    return ids.encode(ids.ItemRef("c", mailbox.key, holder.key, event.calendar_serial))


def reach_event(tenant: Tenant, access: CalendarAccess, event_id_: str) -> EventAccess:
    holder, event = _decode_event(tenant, access.mailbox, event_id_)
    if holder.key != access.holder.key or event.calendar_serial != access.calendar.serial:
        raise not_found()
    return EventAccess(access, event)


def events_in(access: CalendarAccess) -> list[Event]:
    access.require_read()
    mailbox = access.holder.mailbox
    found = [e for e in mailbox.events.values() if e.calendar_serial == access.calendar.serial]
    return sorted(found, key=lambda e: (e.start, e.serial))


def calendar_view(access: CalendarAccess, start: datetime, end: datetime) -> list[Event]:
    """Events overlapping [start, end), as ``calendarView`` returns them."""
    return [e for e in events_in(access) if e.start < end and e.end > start]


def get_event(reached: EventAccess) -> EventAccess:
    reached.calendar.require_read()
    return reached


# ------------------------------------------------------------------- create and update


def create_event(
    tenant: Tenant,
    access: CalendarAccess,
    body: dict[str, Any],
    *,
    refuse_repeated_transaction: bool = False,
) -> Event:
    """Create an event; a delegate's event is organized by the calendar's owner.

    A ``transactionId`` already used returns the event it created, as the pages say; with
    ``refuse_repeated_transaction`` (quirk ``duplicate-transaction-id``, alcionai/corso#2490
    "Restore of restored events crashes operation.") it answers 400 as the service does.
    """
    _check_properties(body)
    access.require_write(private=body.get("sensitivity") in ("private", "confidential"))
    holder_mailbox = access.holder.mailbox
    transaction = body.get("transactionId")
    if transaction is not None:
        existing = holder_mailbox.transactions.get(str(transaction))
        if existing is not None and existing in holder_mailbox.events:
            if refuse_repeated_transaction:
                raise GraphError(
                    400,
                    "ErrorDuplicateTransactionId",
                    "Your request can't be completed. The TransactionId specified in the "
                    "request has already been used to create a different event.",
                )
            return holder_mailbox.events[existing]
    if "start" not in body or "end" not in body:
        raise invalid_request("An event needs a start and an end.")
    now = tenant.clock()
    organizer = access.holder
    event = Event(
        serial=holder_mailbox.next_serial(),
        calendar_serial=access.calendar.serial,
        ical_uid="040000008200E00074C5B7101A82E008" + uuid.uuid4().hex.upper(),
        subject="",
        start=now,
        end=now,
        organizer_name=organizer.display_name,
        organizer_address=organizer.address,
        is_organizer=True,
        created=now,
        modified=now,
        transaction_id=str(transaction) if transaction is not None else None,
    )
    _apply(event, body, organizer_address=organizer.address)
    holder_mailbox.events[event.serial] = event
    if transaction is not None:
        holder_mailbox.transactions[str(transaction)] = event.serial
    sender = organizer if access.identity.app_only else access.viewer
    _invite(tenant, organizer, sender, event, event.attendees)
    return event


def update_event(tenant: Tenant, reached: EventAccess, changes: dict[str, Any]) -> Event:
    _check_properties(changes)
    event = reached.event
    reached.calendar.require_write(
        private=event.private or changes.get("sensitivity") in ("private", "confidential")
    )
    before = {a.address.casefold() for a in event.attendees}
    _apply(event, changes, organizer_address=event.organizer_address)
    event.modified = tenant.clock()
    event.change_serial += 1
    if event.is_organizer:
        for copy in _attendee_copies(tenant, event):
            for name in _SHARED_FIELDS:
                setattr(copy, name, getattr(event, name))
            copy.modified, copy.change_serial = event.modified, copy.change_serial + 1
        added = [a for a in event.attendees if a.address.casefold() not in before]
        organizer = reached.calendar.holder
        sender = organizer if reached.calendar.identity.app_only else reached.calendar.viewer
        _invite(tenant, organizer, sender, event, added)
    return event


def _check_properties(body: dict[str, Any]) -> None:
    schema.reject_unknown(body, WRITABLE | READ_ONLY, "event")
    if body.get("recurrence") is not None:
        raise GraphError(
            501,
            "NotImplemented",
            "Recurring events are not supported by the Deputy Graph emulator; create single "
            "events instead.",
        )


def _apply(event: Event, body: dict[str, Any], *, organizer_address: str) -> None:
    if "subject" in body:
        event.subject = str(body["subject"] or "")
    if "body" in body:
        content = body["body"] or {}
        if not isinstance(content, dict):
            raise invalid_request("body must be an itemBody with contentType and content.")
        event.body_type = str(content.get("contentType", "html")).lower()
        if event.body_type not in ("html", "text"):
            raise invalid_request("body.contentType must be text or html.")
        event.body = str(content.get("content") or "")
    if "start" in body:
        event.start = timezones.parse(body["start"], "start")
        event.start_zone = timezones.windows_name(body["start"].get("timeZone") or "UTC")
    if "end" in body:
        event.end = timezones.parse(body["end"], "end")
        event.end_zone = timezones.windows_name(body["end"].get("timeZone") or "UTC")
    if event.end < event.start:
        raise GraphError(
            400,
            "ErrorCalendarEndDateIsEarlierThanStartDate",
            "The end date occurs before the start date.",
        )
    if "isAllDay" in body:
        event.is_all_day = bool(body["isAllDay"])
    if "location" in body:
        location = body["location"] or {}
        event.location = (
            str(location.get("displayName") or "") if isinstance(location, dict) else ""
        )
    for name, allowed in _ENUMS.items():
        if name in body:
            if body[name] not in allowed:
                raise invalid_request(
                    f"'{body[name]}' is not a valid {name}: use {', '.join(allowed)}."
                )
            setattr(event, {"showAs": "show_as"}.get(name, name), body[name])
    if "categories" in body:
        event.categories = [str(c) for c in body["categories"] or []]
    if "isReminderOn" in body:
        event.is_reminder_on = bool(body["isReminderOn"])
    if "reminderMinutesBeforeStart" in body:
        event.reminder_minutes = int(body["reminderMinutesBeforeStart"])
    if "responseRequested" in body:
        event.response_requested = bool(body["responseRequested"])
    for name in _STORED_AS_IS:
        if name in body:
            event.extra[name] = body[name]
    if "attendees" in body:
        event.attendees = _parse_attendees(body["attendees"], organizer_address, event.attendees)


def _parse_attendees(
    value: object, organizer_address: str, current: list[Attendee]
) -> list[Attendee]:
    if not isinstance(value, list):
        raise invalid_request("attendees must be a list.")
    known = {a.address.casefold(): a for a in current}
    parsed: list[Attendee] = []
    for item in value:
        given = item.get("emailAddress") if isinstance(item, dict) else None
        email: dict[str, Any] = given if isinstance(given, dict) else {}
        address = str(email.get("address") or "").strip()
        if not ADDRESS_PATTERN.match(address):
            raise GraphError(
                400, "ErrorInvalidRecipients", f"'{address}' is not a valid attendee email address."
            )
        kind = item.get("type", "required")
        if kind not in _ATTENDEE_TYPES:
            raise invalid_request(
                f"'{kind}' is not an attendee type: use {', '.join(_ATTENDEE_TYPES)}."
            )
        if address.casefold() == organizer_address.casefold():
            continue  # the organizer is never an attendee of their own copy
        previous = known.get(address.casefold())
        attendee = Attendee(name=str(email.get("name") or address), address=address, type=kind)
        if previous is not None:  # keep a response already given
            attendee.response, attendee.response_time = previous.response, previous.response_time
        parsed.append(attendee)
    return parsed


# ------------------------------------------------------------------- invitations


def _attendee_copies(tenant: Tenant, organizer_event: Event) -> list[Event]:
    copies = []
    for attendee in organizer_event.attendees:
        person = tenant.find(attendee.address)
        if person is not None and not person.is_group:
            copy = _copy_for(person, organizer_event.ical_uid)
            if copy is not None:
                copies.append(copy)
    return copies


def _copy_for(person: Person, ical_uid: str) -> Event | None:
    return next((e for e in person.mailbox.events.values() if e.ical_uid == ical_uid), None)


def _invite(
    tenant: Tenant, organizer: Person, sender: Person, event: Event, attendees: list[Attendee]
) -> None:
    """Put a copy in each invited tenant user's calendar and route the meeting request."""
    everyone = [Attendee(organizer.display_name, organizer.address), *event.attendees]
    for attendee in attendees:
        person = tenant.find(attendee.address)
        if person is None or person.is_group or person.key == organizer.key:
            continue  # outside the tenant: the message leaves the emulated world
        mailbox = person.mailbox
        copy = Event(
            serial=mailbox.next_serial(),
            calendar_serial=mailbox.primary.serial,
            ical_uid=event.ical_uid,
            subject=event.subject,
            start=event.start,
            end=event.end,
            organizer_name=organizer.display_name,
            organizer_address=organizer.address,
            is_organizer=False,
            created=event.modified,
            modified=event.modified,
            start_zone=event.start_zone,
            end_zone=event.end_zone,
            body_type=event.body_type,
            body=event.body,
            is_all_day=event.is_all_day,
            sensitivity=event.sensitivity,
            show_as="tentative",
            importance=event.importance,
            location=event.location,
            attendees=[Attendee(a.name, a.address, a.type) for a in everyone],
            response="none",
            response_time=tenant.clock(),
            response_requested=event.response_requested,
        )
        mailbox.events[copy.serial] = copy

        def request(
            recipient: Person,
            delegated: bool,
            informational: bool,
            copy: Event = copy,
            person: Person = person,
        ) -> Message:
            return Message(
                serial=0,
                odata_type="eventMessageRequest",
                subject=event.subject,
                body=event.body,
                sender=sender.email,
                from_=organizer.email,
                to=[(a.name, a.address) for a in event.attendees],
                received=tenant.clock(),
                meeting_message_type="meetingRequest",
                is_delegated=delegated,
                informational=informational,
                response_requested=event.response_requested and not informational,
                event_ref=(person.key, copy.serial),
                event_start=event.start,
                event_end=event.end,
                event_zone=event.start_zone,
                location=event.location,
                conversation_id=event.ical_uid,
                sensitivity=event.sensitivity,
            )

        tenant.route_meeting_message(person, request, private=event.sensitivity == "private")


# ------------------------------------------------------------------- responses


def respond(tenant: Tenant, reached: EventAccess, action: str, body: dict[str, Any]) -> None:
    """accept / tentativelyAccept / decline, by the attendee or a delegate of theirs."""
    params = _action_parameters(body, ("comment", "sendresponse", "proposednewtime"))
    access, event = reached.calendar, reached.event
    access.require_act_on_behalf()
    if event.is_organizer:
        raise invalid_request("You can't respond to this meeting because you're the organizer.")
    if event.is_cancelled:
        raise invalid_request("This meeting has been canceled, so it can't be responded to.")
    status, message_type, prefix = RESPONSES[action]
    if params.get("proposednewtime") is not None and action == "accept":
        raise invalid_request(
            "A new time can be proposed only when tentatively accepting or declining."
        )
    now = tenant.clock()
    attendee_person = access.holder
    event.response, event.response_time = status, now
    event.show_as = {"accepted": "busy", "tentativelyAccepted": "tentative"}.get(status, "free")
    event.change_serial += 1
    organizer = tenant.find(event.organizer_address)
    if organizer is not None:
        original = next(
            (
                e
                for e in organizer.mailbox.events.values()
                if e.ical_uid == event.ical_uid and e.is_organizer
            ),
            None,
        )
        if original is not None:
            for attendee in original.attendees:
                if attendee.address.casefold() == attendee_person.address.casefold():
                    attendee.response, attendee.response_time = status, now
                    attendee.proposed_new_time = params.get("proposednewtime")
            original.change_serial += 1
        if params.get("sendresponse", True) is not False:
            sender = attendee_person if access.identity.app_only else access.viewer
            comment = str(params.get("comment") or "")

            def response(recipient: Person, delegated: bool, informational: bool) -> Message:
                return Message(
                    serial=0,
                    odata_type="eventMessageResponse",
                    subject=f"{prefix}: {event.subject}",
                    body=_html(comment),
                    sender=sender.email,
                    from_=attendee_person.email,
                    to=[recipient.email],
                    received=now,
                    meeting_message_type=message_type,
                    is_delegated=delegated,
                    event_ref=(organizer.key, original.serial) if original else None,
                    event_start=event.start,
                    event_end=event.end,
                    event_zone=event.start_zone,
                    location=event.location,
                    conversation_id=event.ical_uid,
                    sensitivity=event.sensitivity,
                )

            tenant.route_meeting_message(
                organizer, response, private=event.sensitivity == "private"
            )
    if status == "declined":  # Outlook removes a declined meeting from the calendar
        del attendee_person.mailbox.events[event.serial]


def cancel(tenant: Tenant, reached: EventAccess, body: dict[str, Any]) -> None:
    """The organizer (or their delegate) cancels a meeting; attendees are told."""
    params = _action_parameters(body, ("comment",))
    access, event = reached.calendar, reached.event
    access.require_write(private=event.private)
    if not event.is_organizer:
        raise GraphError(
            400,
            "ErrorInvalidRequest",
            "Your request can't be completed. You need to be an organizer to cancel a meeting.",
        )
    _cancel_attendee_copies(tenant, access, event, str(params.get("comment") or ""))
    del access.holder.mailbox.events[event.serial]


def delete_event(tenant: Tenant, reached: EventAccess) -> None:
    """Deleting a meeting one organizes cancels it for the attendees, as in Outlook."""
    access, event = reached.calendar, reached.event
    access.require_write(private=event.private)
    if event.is_organizer and event.attendees and not event.is_cancelled:
        _cancel_attendee_copies(tenant, access, event, "")
    del access.holder.mailbox.events[event.serial]


def _cancel_attendee_copies(
    tenant: Tenant, access: CalendarAccess, event: Event, comment: str
) -> None:
    organizer = access.holder
    sender = organizer if access.identity.app_only else access.viewer
    now = tenant.clock()
    for attendee in event.attendees:
        person = tenant.find(attendee.address)
        copy = _copy_for(person, event.ical_uid) if person and not person.is_group else None
        if person is None or copy is None:
            continue
        copy.is_cancelled, copy.subject = True, f"Canceled: {event.subject}"
        copy.change_serial += 1

        def cancellation(
            recipient: Person,
            delegated: bool,
            informational: bool,
            copy: Event = copy,
            person: Person = person,
        ) -> Message:
            return Message(
                serial=0,
                odata_type="eventMessage",
                subject=f"Canceled: {event.subject}",
                body=_html(comment),
                sender=sender.email,
                from_=organizer.email,
                to=[(a.name, a.address) for a in event.attendees],
                received=now,
                meeting_message_type="meetingCancelled",
                is_delegated=delegated,
                event_ref=(person.key, copy.serial),
                event_start=event.start,
                event_end=event.end,
                event_zone=event.start_zone,
                location=event.location,
                conversation_id=event.ical_uid,
                sensitivity=event.sensitivity,
            )

        tenant.route_meeting_message(
            person, cancellation, private=event.sensitivity == "private"
        )


def _action_parameters(body: dict[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    """Action parameters in either case: the docs write ``comment``, the CSDL ``Comment``."""
    params = {}
    for name, value in body.items():
        folded = name.casefold()
        if folded not in known:
            raise GraphError(
                400,
                "RequestBodyRead",
                f"The parameter '{name}' in the request payload is not a valid "
                "parameter for the operation.",
            )
        params[folded] = value
    return params


def _html(text: str) -> str:
    return f"<html><body>{escape(text)}</body></html>" if text else ""
