"""Meetings on behalf: the selected calendar's events, meeting messages, send and answer.

A part of the main window: it loads and writes through ``Jobs`` (so ``busy``, ``idle``,
errors and consent work the same for every view) and follows the ``Directory``'s chosen
calendar. Models: ``events`` (the
selected calendar in the chosen range), ``attendees`` (of the opened event) and
``messages`` (the meeting requests and responses in the signed-in inbox).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from PySide6.QtCore import QObject, Signal

from app.graph.auth.scopes import scopes_for
from app.graph.capabilities import Action, Capability
from app.graph.errors import GraphError
from app.graph.http import BatchRequest
from app.graph.resources import Calendar, DateTimeTimeZone, Event, EventMessage
from app.graph.services import (
    CalendarRef,
    CalendarService,
    MeetingMessages,
    mailbox_path,
    received_moment,
)
from app.graph.tokens import InteractionRequired
from app.journal import ChangeDraft, ChangeKind, person_words
from app.meetings.draft import MeetingDraft, format_invitee, parse_attendees
from app.models.attendees import AttendeeTableModel
from app.models.events import EventTableModel, masked
from app.models.mailboxes import ME, MailboxKind
from app.models.messages import MessageTableModel, MessageWindow
from app.tasks import Task
from app.workspace.directory import Directory
from app.workspace.jobs import Jobs
from app.zones import local_zone_name, shown_in, zone_info

log = logging.getLogger(__name__)

EVENTS, EVENT, MESSAGES, TIME_ZONE = "events", "event", "messages", "time zone"
RESPONSE_ORGANIZERS = "response organizers"
DEFAULT_DAYS = 7
RESPONSE_WORDS = {"accept": "Accepted", "tentativelyAccept": "Tentatively accepted",
                  "decline": "Declined"}
# An event's responseStatus.response, in the journal's words ("organizer": no answer due).
ANSWER_WORDS = {"none": "Not answered", "notResponded": "Not answered",
                "accepted": "Accepted", "tentativelyAccepted": "Tentatively accepted",
                "declined": "Declined"}
NO_MESSAGES_FOR_APPS = ("Meeting requests and responses are delivered to people, not to an "
                        "administrator's app. Sign in as a delegate to see them.")


@dataclass(frozen=True)
class MeetingRights:
    """What the signed-in identity may do in the selected calendar, and why not.

    Attributes:
        owner_name: whose calendar it is ("" for none).
        own: the calendar is the signed-in person's own.
        app_only: the identity is an administrator's app, acting for the owner.
    """

    calendar: Calendar | None
    create: Capability
    respond: Capability
    read_private: Capability
    owner_name: str = ""
    own: bool = False
    app_only: bool = False


NO_CALENDAR = MeetingRights(None, *(Capability(False, "Choose a calendar first."),) * 3)


@dataclass(frozen=True)
class EventTarget:
    """One event as Graph addresses it for an answer: through a calendar, or through
    my mailbox (``ref`` None: the event a meeting message opened).

    Attributes:
        owner_name: whose answer it is ("" when it is my own).
        shared: the event is in someone else's mailbox.
        owner_address: the owner's address, where known (for the change journal).
        previous_response: the event's ``responseStatus.response`` before this answer,
            where known (the journal's "before").
    """

    event_id: str
    ref: CalendarRef | None
    subject: str
    owner_name: str = ""
    shared: bool = True
    owner_address: str = ""
    previous_response: str = ""


def answer_target(message: EventMessage, whom: list[tuple[str, str]]) -> EventTarget:
    """The meeting a request opens, answered for whom it is for (``whom``: the
    (address, name) pairs the messages model gives; the first executive named)."""
    assert message.event is not None  # only a request with its meeting is answered
    executives = [(address, name) for address, name in whom if address]
    address, name = executives[0] if executives else ("", "")
    return EventTarget(message.event.id, None, message.event.subject or message.subject,
                       name, shared=bool(executives), owner_address=address,
                       previous_response=previous_response(message.event))


def previous_response(event: Event | None) -> str:
    """What ``event``'s owner had answered, or "" when the event didn't say."""
    status = event.response_status if event is not None else None
    return status.response if status is not None else ""


@dataclass(frozen=True)
class ComposeTarget:
    """A calendar the identity may create meetings in, and what attendees will see.

    Attributes:
        owner_name, owner_address: the organizer attendees will see.
        own: no one else's name is involved ("Sent by you").
        shared: the calendar is reached through my copy of someone else's.
    """

    calendar: Calendar
    ref: CalendarRef
    owner_name: str
    owner_address: str
    own: bool
    shared: bool

    @property
    def label(self) -> str:
        """ "Me — Calendar", "Alex Wilber" (a copy named after its owner), "Alex Wilber —
        Kids parties"."""
        if self.own:
            return f"Me — {self.calendar.name}"
        if self.calendar.name == self.owner_name:
            return self.owner_name
        return f"{self.owner_name} — {self.calendar.name}"


def calendar_owners(service: CalendarService, messages: list[EventMessage],
                    principals: dict[str, str]) -> dict[str, str]:
    """For requests that invite several of my principals, whose copy each one opens
    (one request per such message, all in ``$batch`` calls: one round trip for twenty,
    not twenty at start-up; the others need none). Runs on a worker."""
    asked: dict[str, BatchRequest] = {}
    for message in messages:
        if not message.is_delegated or message.event is None:
            continue
        invited = [r for r in message.to_recipients
                   if (r.email_address.address or "").casefold() in principals]
        if len(invited) > 1:
            asked[message.id] = BatchRequest(
                "GET", f"/me/events/{quote(message.event.id)}/calendar?$select=id,name,owner")
    if not asked:
        return {}
    client = service.client
    answers = client.batch(list(asked.values()), scopes=scopes_for("calendars"))
    owners: dict[str, str] = {}
    for message_id, request in asked.items():
        answer = answers[request.id]
        if not answer.ok:
            raise client.error_of(request, answer)
        calendar = Calendar.from_json(answer.body)
        owners[message_id] = (calendar.owner.address or "").casefold()
    return owners


def organizers_of_bare_responses(service: CalendarService, messages: list[EventMessage],
                                 principals: dict[str, str]) -> dict[str, str]:
    """For delegated responses the service gave without their meeting ("event": {},
    python-o365 #422), which principal organizes that meeting: the one whose calendar
    holds a meeting of theirs starting when the message says (one calendarView per
    principal and response, all in ``$batch`` calls; none when every meeting came).
    The response's recipients can't tell: Outlook addresses a delegate's copy to the
    delegate. A response no calendar explains stays "someone you're a delegate for"."""
    starts = {m.id: start for m in messages
              if m.event_withheld and m.is_delegated and m.end_date_time is not None
              and (start := _utc(m.start_date_time)) is not None}
    if not starts or not principals:
        return {}
    asked: dict[tuple[str, str], BatchRequest] = {}
    for message in messages:
        if message.id in starts and message.end_date_time is not None:
            window = (f"startDateTime={starts[message.id]:%Y-%m-%dT%H:%M:%S}"
                      f"&endDateTime={_utc(message.end_date_time):%Y-%m-%dT%H:%M:%S}")
            for address in principals:
                asked[(message.id, address)] = BatchRequest(
                    "GET", f"{mailbox_path(address)}/calendarView?{window}"
                           "&$select=start,isOrganizer")
    answers = service.client.batch(list(asked.values()), scopes=scopes_for("shared_calendars"))
    found: dict[str, list[str]] = {}
    for (message_id, address), request in asked.items():
        answer = answers[request.id]
        if not answer.ok:
            continue  # a calendar I can't read explains nothing
        events = [Event.from_json(i) for i in (answer.body or {}).get("value", [])]
        if any(e.is_organizer and _utc(e.start) == starts[message_id] for e in events):
            found.setdefault(message_id, []).append(address)
    return {message_id: owners[0] for message_id, owners in found.items() if len(owners) == 1}


def newest_received(messages: list[EventMessage]) -> datetime | None:
    """When the newest of ``messages`` arrived; None for none (or none with a readable
    time: a look for what is newer must not start in the future)."""
    soon = datetime.now(UTC) + timedelta(days=1)
    moments = [moment for m in messages
               if (moment := received_moment(m.received_date_time)) < soon]
    return max(moments, default=None)


def _utc(value: DateTimeTimeZone | None) -> datetime | None:
    """A dateTimeTimeZone as a UTC wall clock, to compare moments written in any zone."""
    if value is None or not value.date_time:
        return None
    return shown_in(value.date_time, value.time_zone, UTC)


class Meetings(QObject):
    """Loads and changes the meetings the views show.

    Signals:
        range_changed(first, last): the dates shown (both included).
        rights_changed(MeetingRights): the selected calendar, or what may be done in it.
        event_opened(Event | None): the event whose details and attendees are shown.
        messages_loaded(): the meeting messages were read again.
        zone_changed(str): times are now shown in this zone.

    Attributes:
        first_day, last_day: the range of ``events``.
        time_zone: the zone times are shown in, as Outlook names it: the signed-in
            person's own, from their Outlook settings (the zone New meeting calls
            "your time zone"); until it is known, and for an administrator's app, which
            has none, this computer's.
        zone_is_mine: ``time_zone`` is the signed-in person's Outlook time zone.
    """

    range_changed = Signal(object, object)
    rights_changed = Signal(object)
    event_opened = Signal(object)
    messages_loaded = Signal()
    zone_changed = Signal(str)

    def __init__(self, jobs: Jobs, directory: Directory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.directory, self.session = jobs, directory, jobs.session
        self.events = EventTableModel(self)
        self.attendees = AttendeeTableModel(self)
        self.messages = MessageTableModel(self)
        jobs.tables.extend([self.events, self.messages])
        self.first_day = date.today()
        self.last_day = self.first_day + timedelta(days=DEFAULT_DAYS - 1)
        self.time_zone = local_zone_name()
        self.zone_is_mine = False
        self.rights = NO_CALENDAR
        self.opened: Event | None = None
        self._opened_in_calendar = True
        # message id -> the principal who organizes the meeting a bare response answers.
        self._response_organizers: dict[str, str] = {}
        directory.calendar_selected.connect(self.on_directory_calendar_selected)
        # Who each message is for needs the sidebar: read again whenever it is.
        directory.mailboxes_loaded.connect(self.load_messages)

    @property
    def service(self) -> Any:
        return self.session.service

    # ------------------------------------------------------------------ time zone

    def load_time_zone(self) -> None:
        """Read the signed-in person's time zone from their Outlook settings; every time
        is then shown in it. Unknown (no such setting, no right to read it): this
        computer's zone stays, and says so."""
        session = self.session
        if session.app_only:
            return
        service = self.service

        def work(_task: Task) -> str | None:
            try:
                return service.mailbox_settings(ME, session.display_name).time_zone
            except (GraphError, InteractionRequired) as exc:
                log.info("Showing times in this computer's zone: %s", exc)
                return None

        self.jobs.load(TIME_ZONE, "Reading your time zone", work, self.set_time_zone)

    def set_time_zone(self, zone: str | None, *, mine: bool = True) -> None:
        if not zone or (zone, mine) == (self.time_zone, self.zone_is_mine):
            return
        self.time_zone, self.zone_is_mine = zone, mine
        self.messages.set_zone(zone_info(zone))
        self.attendees.zone = zone_info(zone)
        self.zone_changed.emit(zone)
        if self.directory.current_calendar is not None:
            self.load_events()
        if self.opened is not None and self._opened_in_calendar:
            self.open_event(self.opened)
        if self.messages.rowCount():
            self.load_messages()

    @property
    def zone_words(self) -> tuple[str, str]:
        """ "Your time zone: Pacific Standard Time", and where it comes from."""
        if self.zone_is_mine:
            return (f"Your time zone: {self.time_zone}",
                    "Times are shown in the time zone of your Outlook settings, the one New "
                    "meeting calls yours.")
        return (f"This computer's time zone: {self.time_zone}",
                "Times are shown in this computer's time zone: Deputy can't read a time "
                "zone of yours from Outlook.")

    # ------------------------------------------------------------------ range

    def set_range(self, first: date, last: date) -> None:
        first, last = min(first, last), max(first, last)
        if (first, last) == (self.first_day, self.last_day):
            return
        self.first_day, self.last_day = first, last
        self.range_changed.emit(first, last)
        self.load_events()

    def move_range(self, steps: int) -> None:
        """The range of the same length before (-1) or after (+1) this one."""
        shift = timedelta(days=(self.last_day - self.first_day).days + 1) * steps
        self.set_range(self.first_day + shift, self.last_day + shift)

    def from_today(self) -> None:
        """The default range: today and the six days after (what is coming up)."""
        self.set_range(date.today(), date.today() + timedelta(days=DEFAULT_DAYS - 1))

    # ------------------------------------------------------------------ events

    def on_directory_calendar_selected(self, calendar: Calendar | None) -> None:
        self.rights = self._rights(calendar)
        self.rights_changed.emit(self.rights)
        if calendar is None:
            self.events.set_events([], can_read_private=False)
            self.open_event(None)
            return
        self.load_events()

    def _rights(self, calendar: Calendar | None) -> MeetingRights:
        if calendar is None:
            return NO_CALENDAR
        allowed, _primary = self.directory.abilities(calendar)
        own = self._is_own(calendar)
        owner = self.session.display_name if own else (
            calendar.owner.name or calendar.owner.address or "the owner")
        return MeetingRights(calendar, allowed[Action.CREATE_EVENTS],
                             allowed[Action.RESPOND_ON_BEHALF],
                             allowed[Action.READ_PRIVATE_ITEMS], owner, own,
                             self.session.app_only)

    def _is_own(self, calendar: Calendar) -> bool:
        session = self.session
        if session.app_only:
            return False  # the app acts for the mailbox's owner, who is someone else
        return (calendar.owner.address or "").casefold() == (session.username or "").casefold()

    def load_events(self) -> None:
        calendar = self.directory.current_calendar
        if calendar is None:
            return
        ref, service = self.directory.calendar_ref(calendar), self.service
        zone = zone_info(self.time_zone)
        start = datetime.combine(self.first_day, time(), zone)
        end = datetime.combine(self.last_day + timedelta(days=1), time(), zone)
        can_read_private = self.rights.read_private.allowed
        self.events.set_stale(True)

        def done(events: list[Event]) -> None:
            self.events.set_events(events, can_read_private=can_read_private)
            if self.opened is not None and self._opened_in_calendar:
                still = next((e for e in events if e.id == self.opened.id), None)
                self.open_event(still)

        self.jobs.load(EVENTS, f"Reading {calendar.name} from {self.first_day:%d %b}",
                            lambda _task: service.calendar_view(ref, start, end,
                                                                self.time_zone),
                            done, on_failure=lambda: self.events.set_stale(False))

    def event_target(self, event: Event) -> EventTarget:
        """How to answer an event of the selected calendar."""
        rights = self.rights
        assert rights.calendar is not None
        return EventTarget(event.id, self.directory.calendar_ref(rights.calendar),
                           event.subject or "", "" if rights.own else rights.owner_name,
                           shared=not rights.own and not rights.app_only,
                           owner_address="" if rights.own else
                           rights.calendar.owner.address or "",
                           previous_response=previous_response(event))

    def open_event(self, event: Event | None, ref: CalendarRef | bool | None = True) -> None:
        """Show an event's details and attendees, read whole (with its body).

        ``ref``: where to read it; True (the default) for the selected calendar, None
        for my mailbox (the event a meeting message opened).
        """
        self.opened, self._opened_in_calendar = event, ref is True
        self.attendees.set_event(event)
        self.event_opened.emit(event)
        if event is None:
            return
        if ref is True:
            if self.directory.current_calendar is None:
                return
            if masked(event, self.events.can_read_private):
                # The list gave all of it one may see (its time); read alone, the service
                # refuses it with 403 (quirk private-event-get-refused), an error for nothing.
                return
            ref = self.directory.calendar_ref(self.directory.current_calendar)
        service, where = self.service, ref

        def done(whole: Event) -> None:
            if self.opened is None or self.opened.id != whole.id:
                return  # another event was opened meanwhile
            self.opened = whole
            self.attendees.set_event(whole)
            self.event_opened.emit(whole)

        self.jobs.load(EVENT, f"Opening {event.subject or 'the event'}",
                            lambda _task: service.event(where, event.id, self.time_zone), done)

    # ------------------------------------------------------------------ messages

    def principals(self) -> dict[str, str]:
        """The people whose calendars I reach, by casefolded address: those a delegated
        meeting message can be for."""
        return {m.key: m.display_name for m in self.directory.mailboxes.mailboxes
                if m.kind in (MailboxKind.SHARED, MailboxKind.PINNED)}

    def load_messages(self, *, only_new: bool = False) -> None:
        """The meeting messages, and whose copy each request opens where its recipients
        leave that open: what Needs attention and Messages list. Which principal
        organizes a response Outlook gave without its meeting comes after, on its own
        (``_load_response_organizers``): it names the "For" of responses only, and at
        a busy desk it is a hundred lookups that no request row should wait for.

        ``only_new`` (the watch's look every few minutes): only what arrived since the
        newest message held is read, and added to those held; the held ones' meetings
        are not read again (a request answered in Outlook meanwhile leaves at the next
        whole read: F5, or the watch's every ``WHOLE_READ_EVERY``-th look).
        """
        if self.session.app_only:
            return
        service, principals, zone = self.service, self.principals(), self.time_zone
        held = self.messages.messages if only_new else []
        newest = newest_received(held)

        def work(_task: Task) -> tuple[MeetingMessages, dict[str, str]]:
            found = service.meeting_messages(with_events=True, time_zone=zone,
                                             newer_than=newest)
            return found, calendar_owners(service, found.messages, principals)

        def done(found: tuple[MeetingMessages, dict[str, str]]) -> None:
            read, owners = found
            known = {message_id: owner for message_id, owner in self._response_organizers.items()
                     if owner in principals}
            messages, window = read.messages, MessageWindow(read.since, read.whole_window)
            if newest is not None:
                new_ids = {m.id for m in messages}
                messages = [*messages, *(m for m in held if m.id not in new_ids)]
                window = self.messages.window or window  # the whole read's, still
                owners = {**self.messages.calendar_owners, **owners}
            self.messages.set_messages(messages, self.principals(), {**known, **owners},
                                       window=window)
            self.messages_loaded.emit()
            self._load_response_organizers(messages, principals, known)

        self.messages.set_stale(True)
        self.jobs.load(MESSAGES, "Reading meeting requests and responses", work, done,
                            on_failure=lambda: self.messages.set_stale(False))

    def _load_response_organizers(self, messages: list[EventMessage],
                                  principals: dict[str, str], known: dict[str, str]) -> None:
        """Which principal organizes each response without its meeting, asked only for
        those not worked out by an earlier read (a message's organizer doesn't change)."""
        unknown = [m for m in messages if m.id not in known]
        service = self.service

        def work(_task: Task) -> dict[str, str]:
            return organizers_of_bare_responses(service, unknown, principals)

        def done(found: dict[str, str]) -> None:
            self._response_organizers = {**known, **found}
            if found:
                self.messages.add_calendar_owners(found)
                self.messages_loaded.emit()

        self.jobs.load(RESPONSE_ORGANIZERS, "Finding who organizes the meetings answered",
                       work, done)

    # ------------------------------------------------------------------ compose

    def compose_targets(self) -> list[ComposeTarget]:
        """The calendars the identity may create meetings in: own, delegated, write-shared."""
        session = self.session
        if session.app_only:
            mailbox = self.directory.current_mailbox
            if mailbox is None:
                return []
            return [ComposeTarget(c, CalendarRef(mailbox.address, c.id), mailbox.display_name,
                                  mailbox.address, own=False, shared=False)
                    for c in self.directory.calendars.calendars if c.can_edit]
        targets = []
        for calendar in self.directory.directory_calendars():
            if not calendar.can_edit:
                continue
            own = self._is_own(calendar)
            owner = calendar.owner.name or calendar.owner.address or ""
            targets.append(ComposeTarget(calendar, CalendarRef(ME, calendar.id),
                                         session.display_name if own else owner,
                                         calendar.owner.address or session.username or "",
                                         own=own, shared=not own))
        targets.sort(key=lambda t: (not t.own, t.owner_name.casefold(),
                                    not t.calendar.is_default_calendar,
                                    t.calendar.name.casefold()))
        return targets

    def find_time_zone(self, target: ComposeTarget,
                       on_zone: Callable[[str | None], None]) -> None:
        """The organizer's time zone: from mailbox settings where the identity may read
        them, else from the zone the owner's own meetings were made in; None if unknown."""
        service, session = self.service, self.session
        readable = target.own or session.app_only
        mailbox = ME if target.own and not session.app_only else target.owner_address
        today = datetime.combine(date.today(), time())

        def work(_task: Task) -> str | None:
            if readable:
                return service.mailbox_settings(mailbox, target.owner_name).time_zone
            events = service.calendar_view(target.ref, today - timedelta(days=28),
                                           today + timedelta(days=28))
            zones = Counter(e.original_start_time_zone for e in events
                            if e.is_organizer and e.original_start_time_zone)
            return zones.most_common(1)[0][0] if zones else None

        def done(outcome: Any) -> None:
            on_zone(outcome.value if outcome.ok else None)

        self.jobs.runner.run(f"Finding {target.owner_name}'s time zone", work, done)

    def find_people(self, on_people: Callable[[list[str]], None]) -> None:
        """Suggestions for attendees: "Name <address>" of the tenant's people, where the
        identity may list them; an empty list (and a line in the log) where not."""
        service = self.service

        def done(outcome: Any) -> None:
            if not outcome.ok:
                log.info("No attendee suggestions: %s", outcome.error)
            users = outcome.value if outcome.ok else []
            on_people([format_invitee(u.display_name or "", u.mail or u.user_principal_name)
                       for u in users])

        self.jobs.runner.run("Reading the people in your organization",
                                  lambda _task: service.users(), done)

    def send(self, target: ComposeTarget, draft: MeetingDraft,
             on_sent: Callable[[Event], None], on_problem: Callable[[str], None]) -> None:
        """Create the meeting in ``target`` and send its invitations.

        Retried attempts (by the client after a lost answer, or by the person pressing
        Send again) carry the draft's transactionId, so one meeting is made, once.
        """
        body, service, zone = draft.to_json(), self.service, self.time_zone
        who = "" if target.own else f" on behalf of {target.owner_name}"

        def after() -> None:
            self.load_events()
            self.load_messages()

        self.jobs.write(
            f"Sending {draft.subject}{who}",
            lambda _task: service.create_event(target.ref, body, shared=target.shared,
                                               owner_name=target.owner_name,
                                               time_zone=zone),
            f"“{draft.subject.strip()}” sent{who}.", after, on_value=on_sent,
            on_problem=on_problem, journal=_invitation_change(target, draft))

    # ------------------------------------------------------------------ answers

    def respond(self, target: EventTarget, action: str, comment: str = "",
                send_response: bool = True) -> None:
        """Accept, tentatively accept or decline, for the event's owner."""
        service = self.service
        answer = RESPONSE_WORDS[action].lower()
        whose = f" for {target.owner_name}" if target.owner_name else ""

        def after() -> None:
            self.load_events()  # reopens the event if it is in the calendar still
            self.load_messages()
            if target.ref is None and self.opened is not None \
                    and self.opened.id == target.event_id:
                # opened from a message; a declined meeting is gone from the calendar
                self.open_event(None if action == "decline" else self.opened, None)

        on_behalf = (person_words(target.owner_name, target.owner_address)
                     if target.owner_name else self.jobs.me_words())
        told = ", with a comment" if comment else ""
        if not send_response:
            told = ", without telling the organizer"  # the comment goes nowhere then
        self.jobs.write(
            f"Answering {target.subject}{whose}",
            lambda _task: service.respond(target.ref, target.event_id, action, comment=comment,
                                          send_response=send_response, shared=target.shared,
                                          owner_name=target.owner_name or None),
            f"“{target.subject}” {answer}{whose}.", after,
            journal=ChangeDraft(ChangeKind.RESPONSE_SENT, on_behalf, target.subject,
                                ANSWER_WORDS.get(target.previous_response, ""),
                                RESPONSE_WORDS[action] + told))


def _invitation_change(target: ComposeTarget, draft: MeetingDraft) -> ChangeDraft:
    """For the journal: the meeting's subject, and when and to whom it went."""
    start, end = draft.span()
    invitees, _wrong = parse_attendees(draft.attendees)
    if draft.all_day:
        when = f"{start:%d %b %Y} to {end - timedelta(days=1):%d %b %Y}, all day"
    else:
        when = f"{start:%d %b %Y %H:%M} to {end:%d %b %Y %H:%M} ({draft.time_zone})"
    people = ", ".join(i.name or i.address for i in invitees)
    return ChangeDraft(ChangeKind.INVITATION_SENT,
                       person_words(target.owner_name, target.owner_address),
                       draft.subject.strip(), "", f"{when}, to {people}")
