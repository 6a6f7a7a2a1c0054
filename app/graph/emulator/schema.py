"""Property names of the Graph types the emulator returns, for ``$select`` checks.

A test compares each set with the contract (``tests/contract``), so a name here is a
real Graph property.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import unknown_property

CALENDAR = frozenset(
    {
        "id",
        "name",
        "color",
        "hexColor",
        "isDefaultCalendar",
        "changeKey",
        "canShare",
        "canViewPrivateItems",
        "canEdit",
        "allowedOnlineMeetingProviders",
        "defaultOnlineMeetingProvider",
        "isTallyingResponses",
        "isRemovable",
        "owner",
        "calendarPermissions",
        "events",
        "calendarView",
    }
)
CALENDAR_BETA = CALENDAR | {"isShared", "isSharedWithMe"}
PERMISSION = frozenset(
    {
        "id",
        "isRemovable",
        "isInsideOrganization",
        "role",
        "allowedRoles",
        "emailAddress",
    }
)
EVENT = frozenset(
    {
        "id",
        "createdDateTime",
        "lastModifiedDateTime",
        "changeKey",
        "categories",
        "transactionId",
        "originalStartTimeZone",
        "originalEndTimeZone",
        "iCalUId",
        "reminderMinutesBeforeStart",
        "isReminderOn",
        "hasAttachments",
        "subject",
        "bodyPreview",
        "importance",
        "sensitivity",
        "isAllDay",
        "isCancelled",
        "isOrganizer",
        "responseRequested",
        "seriesMasterId",
        "showAs",
        "type",
        "webLink",
        "onlineMeetingUrl",
        "isOnlineMeeting",
        "onlineMeetingProvider",
        "allowNewTimeProposals",
        "isDraft",
        "hideAttendees",
        "recurrence",
        "responseStatus",
        "body",
        "start",
        "end",
        "location",
        "locations",
        "attendees",
        "organizer",
        "onlineMeeting",
        "calendar",
    }
)
MESSAGE = frozenset(
    {
        "id",
        "createdDateTime",
        "lastModifiedDateTime",
        "changeKey",
        "categories",
        "receivedDateTime",
        "sentDateTime",
        "hasAttachments",
        "internetMessageId",
        "subject",
        "bodyPreview",
        "importance",
        "parentFolderId",
        "conversationId",
        "conversationIndex",
        "isDeliveryReceiptRequested",
        "isReadReceiptRequested",
        "isRead",
        "isDraft",
        "webLink",
        "inferenceClassification",
        "body",
        "uniqueBody",
        "sender",
        "from",
        "toRecipients",
        "ccRecipients",
        "bccRecipients",
        "replyTo",
        "flag",
    }
)
# eventMessage's own properties: on /messages, the documented service accepts their names
# as they are; the real one wants the cast form (quirk derived-properties-need-cast).
EVENT_MESSAGE_ONLY = frozenset(
    {
        "meetingMessageType",
        "isDelegated",
        "isOutOfDate",
        "isAllDay",
        "type",
        "startDateTime",
        "endDateTime",
        "location",
        "recurrence",
        "event",
    }
)
# calendarSharingMessage's own properties, likewise.
SHARING_MESSAGE_ONLY = frozenset(
    {"canAccept", "sharingMessageAction", "sharingMessageActions", "suggestedCalendarName"}
)
MESSAGE = MESSAGE | EVENT_MESSAGE_ONLY | SHARING_MESSAGE_ONLY
MAILBOX_SETTINGS = frozenset(
    {
        "archiveFolder",
        "automaticRepliesSetting",
        "dateFormat",
        "delegateMeetingMessageDeliveryOptions",
        "language",
        "timeFormat",
        "timeZone",
        "workingHours",
        "userPurpose",
    }
)
USER = frozenset(
    {
        "id",
        "displayName",
        "userPrincipalName",
        "mail",
        "jobTitle",
        "givenName",
        "surname",
        "businessPhones",
        "userType",
    }
)


def reject_unknown(names: Iterable[str], known: frozenset[str], type_name: str) -> None:
    """Refuse a body naming a property its type lacks, as Graph does (RequestBodyRead)."""
    for name in names:
        if name not in known and not name.startswith("@odata."):
            raise unknown_property(name, type_name)
