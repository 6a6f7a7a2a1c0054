"""The operations of GUIDE §2, as one service over a ``GraphClient``.

Each operation asks for the least-privileged scopes it needs (incremental consent),
selects only the properties Deputy shows, and words Graph's refusals the way the
person at the keyboard would understand them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from .auth.scopes import scopes_for
from .errors import GraphError
from .event_times import in_zone
from .http import BatchRequest, GraphClient
from .private_messages import withhold_private
from .resources import (
    SENSITIVITY_PROPERTY,
    Calendar,
    CalendarPermission,
    Event,
    EventMessage,
    MailboxSettings,
    ScheduleInformation,
    SharingInvitation,
    User,
)
from .roles import role_label

DELIVERY_OPTIONS = (
    "sendToDelegateOnly",
    "sendToDelegateAndInformationToPrincipal",
    "sendToDelegateAndPrincipal",
)
RESPONSE_ACTIONS = ("accept", "tentativelyAccept", "decline")
# The longest window calendarView answers: 1,825 days, a limit its pages don't state
# (the emulator's quirk calendar-view-five-years). Longer ones are read in pieces.
CALENDAR_VIEW_DAYS = 1825
SCHEDULES_PER_REQUEST = 100  # getSchedule's limit of people and rooms in one request
DUPLICATE_TRANSACTION = "ErrorDuplicateTransactionId"
CALENDAR_FIELDS = ("id,name,color,canShare,canEdit,canViewPrivateItems,isDefaultCalendar,"
                   "isRemovable,owner,isShared,isSharedWithMe")
EVENT_FIELDS = ("id,subject,start,end,isAllDay,sensitivity,showAs,isOrganizer,isCancelled,"
                "organizer,attendees,responseStatus,location,iCalUId,originalStartTimeZone")
# eventMessage's own properties are selected in their cast form: the service finds no
# "meetingMessageType" on the message type (microsoft-graph-docs #2018, #11241).
MESSAGE_FIELDS = ",".join(
    ["id", "subject", "receivedDateTime", "sender", "from", "toRecipients", "isRead", "body"]
    + [f"microsoft.graph.eventMessage/{name}"
       for name in ("meetingMessageType", "isDelegated", "startDateTime", "endDateTime",
                    "location")]
)
EXPAND_EVENT = "microsoft.graph.eventMessage/event"
# The meeting's sensitivity, which ``message`` has no property for (app.graph.private_messages).
EXPAND_SENSITIVITY = f"singleValueExtendedProperties($filter=id eq '{SENSITIVITY_PROPERTY}')"
PageReader = Callable[[str, "dict[str, str] | None"], "dict[str, Any]"]
# How far back the inbox is read, newest first: a window of days, and at most so many
# pages of so many messages, so that an executive's inbox of 50,000 messages costs a few
# requests, not a thousand. Older meeting mail is in Outlook; the meetings themselves
# are in the calendar, which Deputy reads by date.
@dataclass(frozen=True)
class InboxWindow:
    """How much of an inbox one read covers: so many days back, newest first, at most
    ``pages`` pages of ``page_size`` messages."""

    days: int
    page_size: int
    pages: int


# Meeting mail is read with its bodies and events: 600 messages at most.
MEETING_MAIL = InboxWindow(days=30, page_size=200, pages=3)
# A look for what is new since the newest message held: most looks find a few, so a
# small first page; still 600 at most.
NEW_MEETING_MAIL = InboxWindow(days=MEETING_MAIL.days, page_size=25, pages=24)
# Sharing invitations are rare and can wait weeks; read with a few small properties.
INVITATIONS = InboxWindow(days=90, page_size=1000, pages=3)
MESSAGE_DAYS = MEETING_MAIL.days
INVITATION_FIELDS = ",".join(
    ["id", "subject", "receivedDateTime", "from"]
    + [f"microsoft.graph.calendarSharingMessage/{name}"
       for name in ("canAccept", "suggestedCalendarName")]
)


@dataclass(frozen=True)
class RecentMessages:
    """The newest messages of an inbox, as far back as Deputy reads.

    Attributes:
        items: the messages, newest first.
        since: the oldest moment the window reaches (the window's start when the whole
            window was read; the oldest message read when the page limit stopped it).
        whole_window: every message of the last ``MESSAGE_DAYS`` days was read.
    """

    items: list[dict[str, Any]]
    since: datetime
    whole_window: bool


@dataclass(frozen=True)
class MeetingMessages:
    """Meeting messages of the inbox's recent window (``since``, ``whole_window``: as
    in ``RecentMessages``)."""

    messages: list[EventMessage]
    since: datetime
    whole_window: bool


class AcceptInOutlook(GraphError):  # noqa: N818 - where to go, not a fault
    """Graph can't add a calendar shared with me: Outlook does it (quirk
    ``sharing-accept-unsupported``). Its message is the sentence for the person."""

    @classmethod
    def instead_of(cls, refusal: GraphError) -> AcceptInOutlook:
        return cls(refusal.status, refusal.code,
                   "Microsoft 365 adds a calendar shared with you only from Outlook: accept "
                   "the invitation there.", refusal.request_id, refusal.detail,
                   refusal.method, refusal.url)


@dataclass(frozen=True)
class CalendarRef:
    """A calendar as Graph addresses it: a mailbox, and a calendar id (None: primary).

    Attributes:
        mailbox: "me", or a user's principal name or id.
        calendar_id: an id that belongs to that mailbox.
    """

    mailbox: str = "me"
    calendar_id: str | None = None

    @property
    def mailbox_path(self) -> str:
        return mailbox_path(self.mailbox)

    @property
    def path(self) -> str:
        tail = "/calendar" if self.calendar_id is None else f"/calendars/{quote(self.calendar_id)}"
        return self.mailbox_path + tail

    @property
    def own(self) -> bool:
        return self.mailbox == "me"


def mailbox_path(mailbox: str) -> str:
    return "/me" if mailbox == "me" else f"/users/{quote(mailbox, safe='@')}"


def _read_scopes(ref: CalendarRef) -> list[str]:
    return scopes_for("calendars" if ref.own else "shared_calendars")


def _write_scopes(ref: CalendarRef, *, shared: bool) -> list[str]:
    """``shared``: the calendar is someone else's, reached through a copy in "me"."""
    return scopes_for("write_shared" if shared or not ref.own else "meetings")


class CalendarService:
    """Calendars, sharing, delegation, meetings and meeting messages for one identity."""

    def __init__(self, client: GraphClient) -> None:
        self.client = client

    # ------------------------------------------------------------------ people

    def me(self) -> User:
        return User.from_json(self.client.get("/me", scopes=scopes_for("sign_in")))

    def users(self) -> list[User]:
        """The tenant's people (app-only admins, or people allowed to browse the directory)."""
        items = self.client.get_all(
            "/users", scopes=scopes_for("directory"),
            # Graph's largest page of users: 1,000 mailboxes are two pages, not ten.
            params={"$select": "id,displayName,userPrincipalName,mail,userType",
                    "$top": "999"},
        )
        return [User.from_json(i) for i in items]

    # ------------------------------------------------------------------ calendars

    def calendars(self, mailbox: str = "me") -> list[Calendar]:
        """A mailbox's calendars, with the local copies of those shared with it (beta:
        the isShared and isSharedWithMe flags)."""
        items = self.client.get_all(
            f"{mailbox_path(mailbox)}/calendars", scopes=scopes_for("calendars"),
            params={"$select": CALENDAR_FIELDS}, version="beta",
        )
        return [Calendar.from_json(i) for i in items]

    def calendar(self, ref: CalendarRef) -> Calendar:
        data = self.client.get(ref.path, scopes=_read_scopes(ref),
                               params={"$select": CALENDAR_FIELDS}, version="beta")
        return Calendar.from_json(data)

    def rename_copy(self, ref: CalendarRef, name: str) -> Calendar:
        """A sharee's own name for a shared calendar; only they see it."""
        data = self.client.patch(ref.path, {"name": name}, scopes=scopes_for("sharing"),
                                 version="beta")
        return Calendar.from_json(data)

    def accept_sharing_invitation(self, message_id: str) -> Calendar:
        """Add a calendar shared with me, from its invitation.

        The action is in Graph's generated contract but documented nowhere, and the
        service answers it 400 (microsoft-graph-docs-contrib#922, msgraph-sdk-dotnet#2056):
        then AcceptInOutlook says where the person accepts it instead.
        """
        try:
            response = self.client.post(
                f"/me/messages/{quote(message_id)}/microsoft.graph.calendarSharingMessage/accept",
                scopes=scopes_for("sharing", "meeting_messages"), idempotent=True,
            )
        except GraphError as refusal:
            if refusal.status in (400, 405, 501):
                raise AcceptInOutlook.instead_of(refusal) from refusal
            raise
        return Calendar.from_json(response.json())

    def sharing_invitations(self) -> list[SharingInvitation]:
        """Calendars others shared with me, from the invitations in my recent inbox."""
        items = self.recent_messages({"$select": INVITATION_FIELDS}, INVITATIONS,
                                     scopes=scopes_for("meeting_messages")).items
        return [SharingInvitation.from_json(i) for i in items
                if i.get("@odata.type") == "#microsoft.graph.calendarSharingMessage"]

    # ------------------------------------------------------------------ sharing

    def permissions(self, ref: CalendarRef, owner_name: str) -> list[CalendarPermission]:
        items = self.client.get_all(f"{ref.path}/calendarPermissions",
                                    scopes=scopes_for("calendars"),
                                    action=_manage(owner_name, "see"))
        return [CalendarPermission.from_json(i) for i in items]

    def allowed_roles_for(self, ref: CalendarRef, address: str, owner_name: str) -> list[str]:
        escaped = address.replace("'", "''")
        data = self.client.get(
            f"{ref.path}/microsoft.graph.allowedCalendarSharingRoles(User='{quote(escaped)}')",
            scopes=scopes_for("calendars"), action=_manage(owner_name, "see"),
        )
        return list(data.get("value", []))

    def add_permission(self, ref: CalendarRef, address: str, role: str, owner_name: str,
                       name: str | None = None) -> CalendarPermission:
        """Share or delegate. Not retried after a lost answer: a second try would be a 409.

        A 409 ErrorItemAlreadyExists for this person with this role is the goal reached:
        the service can answer 429 after it did the work, and the client's resend then
        meets what the first request made (quirk throttled-after-running). With another
        role it is a real conflict, said so.
        """
        body = {"emailAddress": {"address": address, "name": name or address}, "role": role}
        try:
            response = self.client.post(f"{ref.path}/calendarPermissions", body,
                                        scopes=scopes_for("sharing"),
                                        action=_manage(owner_name, "change"))
        except GraphError as refusal:
            if refusal.status != 409:
                raise
            existing = next((p for p in self.permissions(ref, owner_name)
                             if (p.email_address.address or "").casefold()
                             == address.casefold()), None)
            if existing is None:
                raise
            if existing.role == role:
                return existing
            who = existing.email_address.name or address
            refusal.message = (
                f"{who} already has access to this calendar ({role_label(existing.role)}). "
                f"To give them “{role_label(role)}”, change their access instead of adding "
                "them again.")
            raise
        return CalendarPermission.from_json(response.json())

    def change_role(self, ref: CalendarRef, permission_id: str, role: str,
                    owner_name: str) -> CalendarPermission:
        data = self.client.patch(f"{ref.path}/calendarPermissions/{quote(permission_id)}",
                                 {"role": role}, scopes=scopes_for("sharing"),
                                 action=_manage(owner_name, "change"))
        return CalendarPermission.from_json(data)

    def remove_permission(self, ref: CalendarRef, permission_id: str, owner_name: str) -> None:
        self.client.delete(f"{ref.path}/calendarPermissions/{quote(permission_id)}",
                           scopes=scopes_for("sharing"), action=_manage(owner_name, "change"))

    # ------------------------------------------------------------------ mailbox settings

    def mailbox_settings(self, mailbox: str, owner_name: str) -> MailboxSettings:
        data = self.client.get(
            f"{mailbox_path(mailbox)}/mailboxSettings",
            scopes=scopes_for("mailbox_settings_read"),
            params={"$select": "timeZone,delegateMeetingMessageDeliveryOptions"},
            action=f"Only {owner_name} or an administrator can see {owner_name}'s mailbox "
                   "settings.",
        )
        return MailboxSettings.from_json(data)

    def set_delivery_option(self, mailbox: str, option: str, owner_name: str) -> MailboxSettings:
        if option not in DELIVERY_OPTIONS:
            raise ValueError(f"Unknown delivery option {option!r}")
        data = self.client.patch(
            f"{mailbox_path(mailbox)}/mailboxSettings",
            {"delegateMeetingMessageDeliveryOptions": option},
            scopes=scopes_for("mailbox_settings"),
            action=f"Only {owner_name} or an administrator can choose who receives meeting "
                   f"requests for {owner_name}.",
        )
        return MailboxSettings.from_json(data)

    # ------------------------------------------------------------------ free/busy

    def schedules(self, addresses: Sequence[str], start: datetime, end: datetime, *,
                  interval_minutes: int = 30) -> list[ScheduleInformation]:
        """Free/busy of people and rooms over [start, end), in UTC, as I may see each
        (``getSchedule``; at most SCHEDULES_PER_REQUEST per request, so asked in turn)."""
        found: list[ScheduleInformation] = []
        for first in range(0, len(addresses), SCHEDULES_PER_REQUEST):
            body = {"schedules": list(addresses[first:first + SCHEDULES_PER_REQUEST]),
                    "startTime": {"dateTime": _iso(start), "timeZone": "UTC"},
                    "endTime": {"dateTime": _iso(end), "timeZone": "UTC"},
                    "availabilityViewInterval": interval_minutes}
            # A read, though a POST: safe to send again after a transient failure.
            response = self.client.post("/me/calendar/getSchedule", body,
                                        scopes=scopes_for("calendars"), idempotent=True)
            found.extend(ScheduleInformation.from_json(item)
                         for item in response.json().get("value", []))
        return found

    # ------------------------------------------------------------------ events

    def calendar_view(self, ref: CalendarRef, start: datetime, end: datetime,
                      time_zone: str | None = None) -> list[Event]:
        """The events overlapping [start, end), read at most CALENDAR_VIEW_DAYS at a time:
        an event across two pieces is listed once."""
        headers = {"Prefer": f'outlook.timezone="{time_zone}"'} if time_zone else None
        found: dict[str, Event] = {}
        for piece_start, piece_end in _pieces(start, end, CALENDAR_VIEW_DAYS):
            params = {"startDateTime": _iso(piece_start), "endDateTime": _iso(piece_end),
                      "$select": EVENT_FIELDS, "$top": "50"}
            items = self.client.get_all(f"{ref.path}/calendarView", scopes=_read_scopes(ref),
                                        params=params, headers=headers)
            for item in items:
                event = in_zone(Event.from_json(item), time_zone)
                found.setdefault(event.id, event)
        return list(found.values())

    def event(self, ref: CalendarRef | None, event_id: str,
              time_zone: str | None = None) -> Event:
        """One event, body included; ``ref`` None: as my mailbox reaches it (the event
        a meeting message opens, which may sit in an executive's calendar)."""
        headers = {"Prefer": f'outlook.timezone="{time_zone}"'} if time_zone else None
        scopes = scopes_for("shared_calendars") if ref is None else _read_scopes(ref)
        data = self.client.get(_event_path(ref, event_id), scopes=scopes, headers=headers)
        return in_zone(Event.from_json(data), time_zone)

    def create_event(self, ref: CalendarRef, body: dict[str, Any], *,
                     shared: bool = False, owner_name: str | None = None,
                     time_zone: str | None = None) -> Event:
        """Create (and send) an event; its times in ``time_zone``. A ``transactionId``
        makes a retry after a lost answer return the first event, so one click is one
        invitation."""
        body = dict(body)
        body.setdefault("transactionId", str(uuid.uuid4()))
        action = (f"You can't create events in {owner_name}'s calendar: it needs write or "
                  "delegate access." if owner_name else None)
        headers = {"Prefer": f'outlook.timezone="{time_zone}"'} if time_zone else None
        scopes = _write_scopes(ref, shared=shared)
        try:
            response = self.client.post(f"{ref.path}/events", body, scopes=scopes,
                                        idempotent=True, action=action, headers=headers)
        except GraphError as refusal:
            if refusal.code != DUPLICATE_TRANSACTION:
                raise
            made = self._event_of_transaction(ref, body, scopes, headers)
            if made is None:
                raise
            return in_zone(made, time_zone)
        return in_zone(Event.from_json(response.json()), time_zone)

    def _event_of_transaction(self, ref: CalendarRef, body: dict[str, Any],
                              scopes: list[str],
                              headers: dict[str, str] | None) -> Event | None:
        """The event an earlier attempt of this create made, found by its transactionId.

        The pages say a repeated transactionId returns the first event; the service
        answers 400 ErrorDuplicateTransactionId instead (alcionai/corso#2490), with no
        event in it. The event is where the body put it: calendarView around its start
        and end (14 hours either side covers any time zone the body named) lists it, with
        the transactionId the app set.
        """
        try:
            start = datetime.fromisoformat(str(body["start"]["dateTime"])[:19])
            end = datetime.fromisoformat(str(body["end"]["dateTime"])[:19])
        except (KeyError, TypeError, ValueError):
            return None
        margin = timedelta(hours=14)
        items = self.client.get_all(
            f"{ref.path}/calendarView", scopes=scopes,
            params={"startDateTime": _iso(start - margin), "endDateTime": _iso(end + margin),
                    "$select": EVENT_FIELDS + ",transactionId", "$top": "50"},
            headers=headers,
        )
        wanted = body["transactionId"]
        return next((Event.from_json(i) for i in items if i.get("transactionId") == wanted),
                    None)

    def respond(self, ref: CalendarRef | None, event_id: str, action: str, *, comment: str = "",
                send_response: bool = True, shared: bool = False,
                owner_name: str | None = None) -> None:
        """Accept, tentatively accept or decline; safe to repeat, so it is retried.

        ``ref`` None: the event as my mailbox reaches it (``/me/events/{id}``), which is
        how a delegate answers the request a meeting message opened."""
        if action not in RESPONSE_ACTIONS:
            raise ValueError(f"Unknown response {action!r}")
        refusal = (f"Only {owner_name} or one of their delegates can answer this meeting."
                   if owner_name else None)
        scopes = scopes_for("write_shared") if ref is None else _write_scopes(ref, shared=shared)
        self.client.post(f"{_event_path(ref, event_id)}/{action}",
                         {"comment": comment, "sendResponse": send_response},
                         scopes=scopes, idempotent=True,
                         action=refusal)

    def cancel(self, ref: CalendarRef, event_id: str, comment: str = "") -> None:
        """Cancel a meeting one organizes. Not retried: a repeat would answer 404."""
        self.client.post(f"{ref.path}/events/{quote(event_id)}/cancel", {"comment": comment},
                         scopes=_write_scopes(ref, shared=False))

    # ------------------------------------------------------------------ meeting messages

    def _page_expanded_one_by_one(self, path: str, query: dict[str, str] | None,
                                  scopes: Sequence[str],
                                  headers: dict[str, str] | None) -> dict[str, Any]:
        """A page of messages, each meeting message's event asked for on its own (all in
        ``$batch`` calls): a message whose meeting can't be expanded keeps no event and
        the others keep theirs."""
        plain_path, plain_query = _without_expand(path, query)
        page = self.client.get(plain_path, scopes=scopes, params=plain_query, headers=headers)
        meetings = [i for i in page.get("value", [])
                    if str(i.get("@odata.type", "")).startswith("#microsoft.graph.eventMessage")]
        asked = {str(i["id"]): BatchRequest(
            "GET", f"/me/messages/{quote(str(i['id']))}?$select=id&$expand={EXPAND_EVENT}")
            for i in meetings if i.get("id")}
        answers = self.client.batch(list(asked.values()), scopes=scopes) if asked else {}
        for item in meetings:
            request = asked.get(str(item.get("id")))
            answer = answers.get(request.id) if request else None
            if answer is not None and answer.ok and isinstance(answer.body, dict) \
                    and "event" in answer.body:
                item["event"] = answer.body["event"]
        if page.get("@odata.nextLink"):
            page["@odata.nextLink"] = _with_expand(page["@odata.nextLink"])
        return page

    def recent_messages(self, params: dict[str, str], window: InboxWindow, *,
                        scopes: Sequence[str], headers: dict[str, str] | None = None,
                        now: datetime | None = None,
                        read_page: PageReader | None = None,
                        newer_than: datetime | None = None) -> RecentMessages:
        """The inbox's messages of ``window``, newest first (``newer_than``: those
        received since then only).

        The window is cut on this side (the first message older than it ends the read)
        rather than by ``$filter``: Outlook refuses a ``$filter`` whose properties don't
        lead with those of ``$orderby`` (InefficientFilter), and no filter can pick
        meeting messages by type (``isof`` is refused, microsoft-graph-docs #6842).
        """
        def get(path: str, query: dict[str, str] | None) -> dict[str, Any]:
            return self.client.get(path, scopes=scopes, params=query, headers=headers)

        read = read_page or get
        since = (now or datetime.now(UTC)) - timedelta(days=window.days)
        if newer_than is not None:
            since = max(since, newer_than)
        asked = {**params, "$orderby": "receivedDateTime desc", "$top": str(window.page_size)}
        page = read("/me/messages", asked)
        items: list[dict[str, Any]] = []
        for number in range(1, window.pages + 1):
            for item in page.get("value", []):
                if _received(item) < since:
                    return RecentMessages(items, since, whole_window=True)
                items.append(item)
            link = page.get("@odata.nextLink")
            if not link:
                return RecentMessages(items, since, whole_window=True)
            if number < window.pages:
                page = read(link, None)
        oldest = _received(items[-1]) if items else since
        return RecentMessages(items, max(oldest, since), whole_window=False)

    def meeting_messages(self, *, with_events: bool = False,
                         time_zone: str | None = None,
                         newer_than: datetime | None = None) -> MeetingMessages:
        """Meeting requests, responses and cancellations in the signed-in inbox's recent
        window; the events' times in ``time_zone``. ``newer_than``: only those received
        since then (at that moment too: it may hold several), newest first, the read
        ending at the first older message."""
        params = {"$select": MESSAGE_FIELDS, "$expand": EXPAND_SENSITIVITY}
        scopes = scopes_for("meeting_messages")
        if with_events:
            params["$expand"] = f"{EXPAND_SENSITIVITY},{EXPAND_EVENT}"
            # The service expands no event for a mail scope alone: the whole list answers
            # 403 (microsoft-graph-docs #15507). Deputy has a calendar scope already.
            scopes = scopes_for("meeting_messages", "calendars")
        headers = {"Prefer": f'outlook.timezone="{time_zone}"'} if time_zone else None

        def read(path: str, query: dict[str, str] | None) -> dict[str, Any]:
            try:
                return self.client.get(path, scopes=scopes, params=query, headers=headers)
            except GraphError as error:
                if not with_events or error.status < 500:
                    raise
                # One message whose meeting is gone can fail the whole expanded page
                # (microsoft-graph-docs-contrib #8064): read it plain, then each meeting.
                return self._page_expanded_one_by_one(path, query, scopes, headers)

        recent = self.recent_messages(params, MEETING_MAIL if newer_than is None
                                      else NEW_MEETING_MAIL, scopes=scopes, headers=headers,
                                      read_page=read, newer_than=newer_than)
        messages = [withhold_private(EventMessage.from_json(i)) for i in recent.items
                    if str(i.get("@odata.type", "")).startswith("#microsoft.graph.eventMessage")]
        for message in messages:
            if message.event is not None:
                message.event = in_zone(message.event, time_zone)
        return MeetingMessages(messages, recent.since, recent.whole_window)


def _manage(owner_name: str, verb: str) -> str:
    return f"Only {owner_name} or an administrator can {verb} who can see this calendar."


def _event_path(ref: CalendarRef | None, event_id: str) -> str:
    return f"{'/me' if ref is None else ref.path}/events/{quote(event_id)}"


def _without_expand(path: str, query: dict[str, str] | None) -> tuple[str, dict[str, str] | None]:
    """The same page, asked without the meetings expanded (in ``query`` or in a
    nextLink's URL); the sensitivity still comes."""
    if query is not None:
        return path, {**query, "$expand": EXPAND_SENSITIVITY}
    return _expanding(path, EXPAND_SENSITIVITY), None


def _with_expand(link: str) -> str:
    """A nextLink asked with the meetings expanded again."""
    return _expanding(link, f"{EXPAND_SENSITIVITY},{EXPAND_EVENT}")


def _expanding(link: str, expand: str) -> str:
    parts = urlsplit(link)
    pairs = [(k, v) for k, v in parse_qsl(parts.query) if k != "$expand"]
    return urlunsplit(parts._replace(query=urlencode([*pairs, ("$expand", expand)],
                                                     safe="$,/()'")))


def received_moment(text: str) -> datetime:
    """A receivedDateTime as an aware moment (the newest held, for ``newer_than``)."""
    return _received({"receivedDateTime": text})


def _received(item: dict[str, Any]) -> datetime:
    """A message's receivedDateTime ("2026-12-01T07:23:00Z"); a message without one
    counts as new, so it is never what ends the window."""
    text = str(item.get("receivedDateTime") or "")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime.max.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _pieces(start: datetime, end: datetime, days: int) -> list[tuple[datetime, datetime]]:
    """[start, end) cut into windows of at most ``days`` days, in order; in UTC, so that
    a summer-time change inside a piece can't make it an hour too long."""
    start, end = _utc(start), _utc(end)
    pieces, step = [], timedelta(days=days)
    while end - start > step:
        pieces.append((start, start + step))
        start += step
    pieces.append((start, end))
    return pieces


def _utc(moment: datetime) -> datetime:
    """A moment in UTC (a naive one is taken as UTC already)."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    """calendarView's window in UTC."""
    return _utc(moment).strftime("%Y-%m-%dT%H:%M:%S")


__all__: Sequence[str] = ["DELIVERY_OPTIONS", "AcceptInOutlook", "CalendarRef",
                          "CalendarService"]
