"""Graph's JSON for the tenant's records, as one caller sees them.

What a caller sees depends on who they are: the owner and a sharee get different
calendar properties (GUIDE §2.1), and an event is masked down to free/busy or to
subject and location by the viewer's role (GUIDE §2.2). Only this module builds the
JSON, so those views are decided in one place.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from . import roles, timezones
from .access import CalendarAccess
from .meetings import event_id
from .model import Event, Mailbox, Message, Permission, Person
from .tenant import Tenant


def change_key(*parts: object) -> str:
    digest = hashlib.sha1("|".join(map(str, parts)).encode()).digest()
    return base64.b64encode(digest[:18]).decode("ascii")


def _email(name: str, address: str | None) -> dict[str, Any]:
    return {"name": name, "address": address}


def _recipient(pair: tuple[str, str]) -> dict[str, Any]:
    return {"emailAddress": _email(*pair)}


def calendar(tenant: Tenant, access: CalendarAccess, *, beta: bool) -> dict[str, Any]:
    cal, holder, copy = access.calendar, access.holder, access.copy
    owner_view = access.is_owner_view and copy is None
    shared = any(not p.is_my_organization for p in cal.permissions.values())
    if copy is not None:
        name = copy.name or (holder.display_name if cal.is_primary else cal.name)
        serial: tuple[int, ...] = (cal.change_serial, copy.change_serial)
    else:
        name, serial = cal.name, (cal.change_serial,)
    body: dict[str, Any] = {
        "id": tenant.calendar_id(access),
        "name": name,
        "color": cal.color,
        "hexColor": "",
        "isDefaultCalendar": cal.is_primary and copy is None,
        "changeKey": change_key(access.mailbox.key, holder.key, cal.serial, *serial),
        "canShare": owner_view,
        "canViewPrivateItems": roles.can_view_private(access.role),
        "canEdit": roles.can_write(access.role),
        "allowedOnlineMeetingProviders": ["teamsForBusiness"],
        "defaultOnlineMeetingProvider": "teamsForBusiness",
        "isTallyingResponses": True,
        "isRemovable": not (cal.is_primary and copy is None),
        "owner": _email(holder.display_name, holder.address),
    }
    # Only in the owner's own list: a copy names whose calendar it is (Outlook links it so).
    if cal.owner_shape and copy is None and tenant.quirks.on("calendar-owner-missing"):
        if cal.owner_shape == "null":
            body["owner"] = None
        else:
            del body["owner"]
    if beta:
        body["isShared"] = owner_view and shared
        body["isSharedWithMe"] = not owner_view
    return body


def permission(tenant: Tenant, access: CalendarAccess, item: Permission) -> dict[str, Any]:
    email: dict[str, Any] | None = None
    if item.email_shape != "null":
        email = {"name": item.name}
        if item.address is not None and item.email_shape == "address":
            email["address"] = item.address
    return {
        "id": item.id,
        "isRemovable": item.removable,
        "isInsideOrganization": item.inside,
        "role": item.role,
        "allowedRoles": tenant.allowed_roles(access.holder, access.calendar, item),
        "emailAddress": email,
    }


def event(access: CalendarAccess, item: Event, zone: str | None) -> dict[str, Any]:
    """An event as the caller may see it: whole, subject and location only, or free/busy."""
    view = roles.event_view(access.role, item.private)
    body: dict[str, Any] = {
        "@odata.etag": f'W/"{_event_change_key(access, item)}"',
        "id": event_id(access, item),
        "createdDateTime": timezones.render_utc(item.created),
        "lastModifiedDateTime": timezones.render_utc(item.modified),
        "changeKey": _event_change_key(access, item),
        "originalStartTimeZone": item.start_zone,
        "originalEndTimeZone": item.end_zone,
        "iCalUId": item.ical_uid,
        "isAllDay": item.is_all_day,
        "isCancelled": item.is_cancelled,
        "showAs": item.show_as,
        "sensitivity": item.sensitivity,
        "type": "singleInstance",
        "seriesMasterId": None,
        "recurrence": None,
        "start": timezones.render(item.start, zone),
        "end": timezones.render(item.end, zone),
    }
    if view == "freebusy":
        return body
    body["subject"] = item.subject
    body["location"] = _location(item.location)
    body["locations"] = [_location(item.location)] if item.location else []
    if view == "subject":
        return body
    body.update(
        {
            "categories": list(item.categories),
            "transactionId": item.transaction_id,
            "reminderMinutesBeforeStart": item.reminder_minutes,
            "isReminderOn": item.is_reminder_on,
            "hasAttachments": False,
            "bodyPreview": _preview(item.body),
            "importance": item.importance,
            # The calendar owner organizes it (the docs: also when a delegate created it).
        "isOrganizer": item.is_organizer,
            "responseRequested": item.response_requested,
            "isDraft": False,
            "isOnlineMeeting": bool(item.extra.get("isOnlineMeeting", False)),
            "onlineMeetingProvider": item.extra.get("onlineMeetingProvider", "unknown"),
            "allowNewTimeProposals": bool(item.extra.get("allowNewTimeProposals", True)),
            "hideAttendees": bool(item.extra.get("hideAttendees", False)),
            "onlineMeetingUrl": None,
            "onlineMeeting": None,
            "webLink": f"https://outlook.office365.com/owa/?itemid={event_id(access, item)}"
            "&exvsurl=1&path=/calendar/item",
            "responseStatus": {
                "response": item.response,
                "time": timezones.render_utc(item.response_time)
                if item.response_time
                else timezones.ZERO_TIME,
            },
            "body": {"contentType": item.body_type, "content": item.body},
            "attendees": [_attendee(a, tracked=item.is_organizer) for a in item.attendees],
            "organizer": {"emailAddress": _email(item.organizer_name, item.organizer_address)},
        }
    )
    return body


def _event_change_key(access: CalendarAccess, item: Event) -> str:
    return change_key(access.holder.key, item.serial, item.change_serial)


def _attendee(attendee: Any, *, tracked: bool) -> dict[str, Any]:
    """Only the organizer's copy carries responses; other copies show none."""
    response = attendee.response if tracked else "none"
    time = attendee.response_time if tracked else None
    body = {
        "type": attendee.type,
        "status": {
            "response": response,
            "time": timezones.render_utc(time) if time else timezones.ZERO_TIME,
        },
        "emailAddress": _email(attendee.name, attendee.address),
    }
    if tracked and attendee.proposed_new_time:
        body["proposedNewTime"] = attendee.proposed_new_time
    return body


def _location(name: str) -> dict[str, Any]:
    return {
        "displayName": name,
        "locationType": "default",
        "uniqueId": name or None,
        "uniqueIdType": "private" if name else "unknown",
    }


def _preview(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(text.split())[:255]


# v1.0 keeps Graph's first spelling of this member of meetingMessageType ("Tenatively");
# beta's schema spells it right, and each version answers with its own schema's names
# (msgraph-beta-sdk's MeetingMessageType has only "meetingTentativelyAccepted").
_BETA_MESSAGE_TYPES = {"meetingTenativelyAccepted": "meetingTentativelyAccepted"}


def message(tenant: Tenant, mailbox: Person, item: Message, *, beta: bool = False
            ) -> dict[str, Any]:
    message_id = tenant.message_id(mailbox, item)
    key = change_key(mailbox.key, "m", item.serial, item.is_read)
    received = timezones.render_utc(item.received)
    body: dict[str, Any] = {
        "@odata.type": f"#microsoft.graph.{item.odata_type}",
        "@odata.etag": f'W/"{key}"',
        "id": message_id,
        "createdDateTime": received,
        "lastModifiedDateTime": received,
        "changeKey": key,
        "categories": [],
        "receivedDateTime": received,
        "sentDateTime": received,
        "hasAttachments": False,
        "internetMessageId": f"<{item.serial}.{mailbox.key}@{tenant.domain}>",
        "subject": item.subject,
        "bodyPreview": _preview(item.body),
        "importance": "normal",
        "parentFolderId": "AQMkADIAAAIBDAAAAA==",
        "conversationId": change_key("conversation", item.conversation_id or item.serial),
        "isDeliveryReceiptRequested": None,
        "isReadReceiptRequested": False,
        "isRead": item.is_read,
        "isDraft": False,
        "webLink": f"https://outlook.office365.com/owa/?ItemID={message_id}"
        "&exvsurl=1&viewmodel=ReadMessageItem",
        "inferenceClassification": "focused",
        "body": {"contentType": "html", "content": item.body},
        "sender": _recipient(item.sender),
        "from": _recipient(item.from_),
        "toRecipients": [_recipient(r) for r in item.to],
        "ccRecipients": [],
        "bccRecipients": [],
        "replyTo": [],
        "flag": {"flagStatus": "notFlagged"},
    }
    if item.meeting_message_type is not None:
        body.update(
            {
                "meetingMessageType": _BETA_MESSAGE_TYPES.get(item.meeting_message_type,
                                                              item.meeting_message_type)
                if beta else item.meeting_message_type,
                "isDelegated": item.is_delegated,
                "isOutOfDate": False,
                "isAllDay": False,
                "type": "singleInstance",
                "startDateTime": timezones.render(item.event_start, None)
                if item.event_start
                else None,
                "endDateTime": timezones.render(item.event_end, None) if item.event_end else None,
                "location": _location(item.location),
                "recurrence": None,
            }
        )
    if item.odata_type == "eventMessageRequest":
        body["responseRequested"] = bool(item.response_requested)
        body["meetingRequestType"] = (
            "principalWantsCopy" if item.informational else "newMeetingRequest"
        )
        body["allowNewTimeProposals"] = True
    if item.odata_type == "eventMessageResponse":
        body["responseType"] = {
            "meetingAccepted": "accepted",
            "meetingDeclined": "declined",
            "meetingTenativelyAccepted": "tentativelyAccepted",
        }[item.meeting_message_type or "meetingAccepted"]
    if item.sharing is not None:
        body.update(
            {
                "canAccept": True,
                "suggestedCalendarName": item.suggested_name,
                "sharingMessageAction": {
                    "importance": "primary",
                    "actionType": "accept",
                    "action": "accept",
                },
                "sharingMessageActions": [
                    {"importance": "primary", "actionType": "accept", "action": "accept"},
                ],
            }
        )
    return body


def mailbox_settings(mailbox: Mailbox) -> dict[str, Any]:
    return dict(mailbox.settings)


def user(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "displayName": person.display_name,
        "userPrincipalName": person.address,
        "mail": person.mail or person.address,
        "userType": person.user_type,
        "jobTitle": person.job_title,
        "givenName": person.display_name.split(" ")[0],
        "surname": person.display_name.split(" ")[-1],
        "businessPhones": [],
    }


def group(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "displayName": person.display_name,
        "mail": person.address,
        "groupTypes": ["Unified"],
        "mailEnabled": True,
        "securityEnabled": False,
    }
