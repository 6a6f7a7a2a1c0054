"""What needs the assistant now, across every executive, as rows; no Qt, no network.

From what the main window's parts have read (the meeting messages with their meetings,
the executives' free/busy, the sharing invitations), each row is one thing to do, with
the executive it is for and what to do about it:

- a meeting request still waiting for an answer, with the meetings it overlaps in that
  executive's calendar ("Busy" for one whose subject may not be seen);
- a meeting an executive (or I) organizes in the next days that attendees have not
  answered yet, with who they are;
- a calendar shared with me, waiting to be added;
- a meeting in my or an executive's calendar that changed or was cancelled since I
  last looked (``app.attention.changes``).

Requests and invitations come newest first, as a mail client lists what arrived; then
the meetings to follow up, the soonest first.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from app.graph.resources import (
    DateTimeTimeZone,
    Event,
    EventMessage,
    ScheduleInformation,
    ScheduleItem,
    SharingInvitation,
)
from app.zones import wall_clock, zone_info

WAITING = ("none", "notResponded")  # an answer not given yet
BUSY_WORDS = "Busy"  # a conflict whose subject I may not see


class Need(enum.Enum):
    ANSWER = "answer"  # a meeting request to accept, tentatively accept or decline
    FOLLOW_UP = "follow up"  # a meeting organized, with attendees who haven't answered
    ADD_CALENDAR = "add calendar"  # a calendar someone shared, to add
    CHANGED = "changed"  # a meeting moved, renamed or moved room since I last looked
    CANCELLED = "cancelled"  # a meeting cancelled, or gone from the calendar, since


@dataclass(frozen=True)
class Conflict:
    """A meeting in the executive's calendar that overlaps a request.

    ``subject``: None when I may not see it (private, or free/busy access only)."""

    start: datetime
    end: datetime
    subject: str | None

    @property
    def words(self) -> str:
        return self.subject or BUSY_WORDS


@dataclass(frozen=True)
class Row:
    """One thing to do.

    Attributes:
        key: the message's or the invitation's id: the same thing keeps its row.
        need: what to do.
        for_address, for_name: the executive it is for ("" and "You": my own).
        subject: the meeting's subject, or the shared calendar's name.
        from_name: who sent it.
        received: when it arrived (UTC), for the order.
        start, end: the meeting's time (UTC); None for an invitation.
        conflicts: the executive's meetings the request overlaps.
        unanswered: (name, address) of the attendees who haven't answered a meeting.
        attendees: how many people a followed-up meeting invites.
        message, invitation, event: what the row came from, for its action.
        was: a changed meeting's time when I last looked (UTC); None when the same.
        change: what changed, in words ("Moved", "Cancelled by the organizer"...).
    """

    key: str
    need: Need
    for_address: str
    for_name: str
    subject: str
    from_name: str
    received: datetime
    start: datetime | None = None
    end: datetime | None = None
    conflicts: tuple[Conflict, ...] = ()
    unanswered: tuple[tuple[str, str], ...] = ()
    attendees: int = 0
    message: EventMessage | None = None
    invitation: SharingInvitation | None = None
    event: Event | None = None
    was: tuple[datetime, datetime] | None = None
    change: str = ""


def moment(value: DateTimeTimeZone) -> datetime:
    """A dateTimeTimeZone as an aware UTC moment."""
    return wall_clock(value.date_time).replace(
        tzinfo=zone_info(value.time_zone or "UTC")).astimezone(UTC)


def received_at(text: str) -> datetime:
    """Graph's ``receivedDateTime`` ("2026-12-02T04:27:00Z") as an aware moment."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


def waiting_requests(messages: Iterable[EventMessage], now: datetime) -> list[EventMessage]:
    """Requests whose meeting is still ahead, in the calendar, and not answered: those
    an answer can still go to. A copy for information, a private meeting I may not see
    and a request whose meeting didn't come are answered elsewhere (the Meeting
    messages view says how)."""
    found = []
    for message in messages:
        event = message.event
        if (message.meeting_message_type != "meetingRequest" or event is None
                or message.private_withheld or event.is_cancelled
                or message.extra.get("meetingRequestType") == "principalWantsCopy"):
            continue
        status = event.response_status.response if event.response_status else "none"
        if status in WAITING and moment(event.end) > now:
            found.append(message)
    return found


Span = tuple[datetime, datetime, ScheduleItem]


def busy_spans(schedule: ScheduleInformation) -> list[Span]:
    """A schedule's busy items with their times read, by start: read once for all the
    requests of one executive (each read anew, 400 requests against 2,000 items held
    the GUI thread for seconds)."""
    return sorted(((moment(i.start), moment(i.end), i) for i in schedule.schedule_items
                   if i.status != "free"), key=lambda span: span[0])


def schedule_spans(schedules: dict[str, ScheduleInformation]) -> dict[str, list[Span]]:
    """``busy_spans`` of each schedule read without an error, by the same key."""
    return {address: busy_spans(schedule) for address, schedule in schedules.items()
            if schedule.error is None}


def conflicts_of(message: EventMessage, schedule: ScheduleInformation | None,
                 spans: list[Span] | None = None) -> tuple[Conflict, ...]:
    """The executive's meetings overlapping the request's, but not the request's own
    meeting (Outlook puts it in the calendar as tentative as it arrives); ``spans``:
    ``busy_spans(schedule)``, when already read."""
    event = message.event
    if event is None or schedule is None or schedule.error is not None:
        return ()
    start, end = moment(event.start), moment(event.end)
    spans = busy_spans(schedule) if spans is None else spans
    found = []
    # Those beginning before the request ends; of them, those ending after it begins.
    for begins, ends, item in spans[:bisect_left(spans, end, key=lambda span: span[0])]:
        if ends <= start:
            continue
        if _is_the_request_itself(item, begins, ends, start, end, event.subject):
            continue
        found.append(Conflict(begins, ends, item.subject if not item.is_private else None))
    return tuple(sorted(found, key=lambda c: c.start))


def _is_the_request_itself(item: ScheduleItem, begins: datetime, ends: datetime,
                           start: datetime, end: datetime, subject: str | None) -> bool:
    return (begins, ends) == (start, end) and item.status == "tentative" \
        and item.subject in (subject, None)


def unanswered(event: Event) -> tuple[tuple[str, str], ...]:
    """The people (not rooms) a meeting invites who haven't answered: (name, address)."""
    return tuple((a.email_address.name or a.email_address.address or "",
                  a.email_address.address or "")
                 for a in event.attendees if a.type != "resource"
                 and (a.status.response if a.status else "none") in WAITING)


def follow_ups(organized: dict[tuple[str, str], list[Event]], now: datetime) -> list[Row]:
    """Meetings organized by an executive (or me), still ahead, with someone who hasn't
    answered; ``organized``: (address casefolded, name) -> the events read, mine under
    ("", "You")."""
    rows = []
    for (address, name), events in organized.items():
        for event in events:
            waiting = unanswered(event)
            if not event.is_organizer or event.is_cancelled or not waiting \
                    or moment(event.end) <= now:
                continue
            people = sum(1 for a in event.attendees if a.type != "resource")
            rows.append(Row(f"{address}/{event.id}", Need.FOLLOW_UP, address, name,
                            event.subject or "", "", now, moment(event.start),
                            moment(event.end), unanswered=waiting, attendees=people))
    return sorted(rows, key=lambda r: (r.start, r.for_name))


def attention_rows(requests: Iterable[EventMessage],
                   for_whom: Callable[[EventMessage], tuple[str, str]],
                   schedules: dict[str, ScheduleInformation],
                   invitations: Iterable[SharingInvitation],
                   followed_up: Iterable[Row] = (), changed: Iterable[Row] = (),
                   spans: dict[str, list[Span]] | None = None) -> list[Row]:
    """Every row: requests and invitations newest first, then ``changed`` (from
    ``app.attention.changes``), then ``followed_up`` (from ``follow_ups``), as they
    come. ``for_whom(message)``: the executive a request is for
    (address casefolded, name; "" and "You" for mine); ``schedules``: free/busy by
    casefolded address, mine under ""; ``spans``: ``schedule_spans(schedules)``, when
    read already (off the GUI thread: 10,000 items take a tenth of a second)."""
    rows = []
    if spans is None:
        spans = schedule_spans(schedules)
    for message in requests:
        address, name = for_whom(message)
        event = message.event
        assert event is not None  # waiting_requests keeps only requests with a meeting
        rows.append(Row(
            message.id, Need.ANSWER, address, name, event.subject or message.subject,
            _sender(message), received_at(message.received_date_time),
            moment(event.start), moment(event.end),
            conflicts_of(message, schedules.get(address), spans.get(address)),
            message=message))
    for invitation in invitations:
        owner = invitation.owner
        rows.append(Row(
            invitation.id, Need.ADD_CALENDAR, "", "You",
            invitation.suggested_calendar_name or invitation.subject,
            owner.name or owner.address or "", received_at(invitation.received_date_time),
            invitation=invitation))
    return [*sorted(rows, key=lambda r: r.received, reverse=True), *changed, *followed_up]


def _sender(message: EventMessage) -> str:
    author = message.from_ or message.sender
    if author is None:
        return ""
    return author.email_address.name or author.email_address.address or ""
