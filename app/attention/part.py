"""The main window's "Needs attention" part: what waits for the assistant, kept current.

It reads nothing twice: the meeting messages (with their meetings) and the sharing
invitations come from the parts that read them already. What it adds: one free/busy
request (``getSchedule``) for every executive a waiting request is for, over the span
of those requests, to mark the conflicts; and each executive's (and my) meetings of
the next FOLLOW_UP_DAYS, for those whose attendees haven't answered, and for those that
changed or were cancelled since the person last looked (``app.attention.last_look``,
read and written with them on the task runner). Whenever the
messages or the invitations are read again, the rows are made again, so an answered
request or an added calendar leaves the list by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, Signal

from app.attention.changes import changes_since, watched
from app.attention.last_look import LastLook, Look, file_for, look_of
from app.attention.rows import (
    Row,
    Span,
    attention_rows,
    follow_ups,
    moment,
    schedule_spans,
    waiting_requests,
)
from app.graph.fan_out import each_at_once
from app.graph.resources import Event, EventMessage, ScheduleInformation, SharingInvitation
from app.graph.services import CalendarRef
from app.meetings.part import Meetings
from app.models.attention import AttentionTableModel
from app.models.mailboxes import ME, Mailbox, MailboxKind
from app.models.messages import addressed_to
from app.tasks import Task
from app.workspace.invitations import Invitations
from app.workspace.jobs import Jobs
from app.zones import zone_info

CONFLICTS = "conflicts"  # the free/busy read, for jobs.load and the busy indicator
ROWS = "attention rows"  # the rows made again, on the task runner
ORGANIZED = "organized"  # the executives' next meetings, for the follow-ups
FOLLOW_UP_DAYS = 14  # how far ahead a meeting without answers is worth a reminder
DELEGATE = "Delegate"  # the sidebar's access badges of the people I'm a delegate for
MARGIN = timedelta(minutes=1)  # around the requests' span: a meeting ending as one starts


def executives(mailboxes: list[Mailbox]) -> list[Mailbox]:
    """The sidebar's people I'm a delegate for: whose meetings I look after."""
    return [m for m in mailboxes
            if m.kind == MailboxKind.SHARED and m.access.startswith(DELEGATE)]


class Attention(QObject):
    """Rows of what needs the signed-in person now.

    Signals:
        changed(int): the rows were made again; how many there are.

    Attributes:
        model: the rows, for the view.
    """

    changed = Signal(int)

    def __init__(self, jobs: Jobs, meetings: Meetings, invitations: Invitations,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.meetings, self.invitations = jobs, meetings, invitations
        self.model = AttentionTableModel(self)
        self._schedules: dict[str, ScheduleInformation] = {}
        self._spans: dict[str, list[Span]] = {}  # the schedules' busy times, read
        self._asked: frozenset[tuple[str, datetime, datetime]] = frozenset()
        self._organized: dict[tuple[str, str], list[Event]] = {}
        self._before: dict[str, Look] = {}  # what the person last saw of each meeting
        self.last_look = LastLook(file_for(jobs.session.state_key))
        meetings.messages_loaded.connect(self.on_sources_changed)
        meetings.directory.mailboxes_loaded.connect(self.load_organized)
        meetings.zone_changed.connect(self.on_meetings_zone_changed)
        invitations.invitations_changed.connect(self.on_sources_changed)

    @property
    def count(self) -> int:
        return self.model.rowCount()

    @property
    def rows(self) -> list[Row]:
        return self.model.rows

    def on_sources_changed(self, *_args: object) -> None:
        """Make the rows from what is known now; then mark the conflicts, asking for the
        free/busy only when the requests waiting changed."""
        requests = self._waiting()
        self._show(requests)
        if not requests:
            return
        wanted = frozenset(self._whose(m)[0] for m in requests)
        start = min(moment(m.event.start) for m in requests if m.event) - MARGIN
        end = max(moment(m.event.end) for m in requests if m.event) + MARGIN
        asked = frozenset((address, start, end) for address in wanted)
        if asked == self._asked:
            return
        self._asked = asked
        addresses = [a or self.jobs.session.username or "" for a in sorted(wanted)]
        service = self.jobs.session.service

        me = (self.jobs.session.username or "").casefold()

        def work(_task: Task) -> tuple[dict[str, ScheduleInformation], dict[str, list[Span]]]:
            found = service.schedules(addresses, start, end, interval_minutes=30)
            schedules = {("" if s.schedule_id.casefold() == me else s.schedule_id.casefold()): s
                         for s in found}
            return schedules, schedule_spans(schedules)

        def done(read: tuple[dict[str, ScheduleInformation], dict[str, list[Span]]]) -> None:
            self._schedules, self._spans = read
            self._show()

        self.jobs.load(CONFLICTS, "Looking for conflicts", work, done)

    def load_organized(self) -> None:
        """Read my executives' (and my own) meetings of the next days, for the ones
        whose attendees haven't answered; one calendarView each, off the GUI thread."""
        session = self.jobs.session
        if session.app_only:
            return
        calendars = [(("", "You"), ME), *(
            ((m.key, m.display_name), m.address)
            for m in executives(self.meetings.directory.mailboxes.mailboxes))]
        service = session.service
        start = datetime.now(UTC)
        end = start + timedelta(days=FOLLOW_UP_DAYS)

        last_look = self.last_look

        def work(_task: Task) -> tuple[dict[tuple[str, str], list[Event]], dict[str, Look]]:
            views = each_at_once(
                lambda mailbox: service.calendar_view(CalendarRef(mailbox), start, end),
                [mailbox for _who, mailbox in calendars])
            found = {who: view for (who, _mailbox), view in zip(calendars, views, strict=True)}
            return found, last_look.meet(watched(found), start)

        def done(read: tuple[dict[tuple[str, str], list[Event]], dict[str, Look]]) -> None:
            self._organized, self._before = read
            self._show()

        self.jobs.load(ORGANIZED, "Reading the meetings you and your executives organize",
                       work, done)

    def seen(self, row: Row) -> None:
        """The person has seen a changed or cancelled meeting's row: it goes now, and
        the meeting as it is now becomes what they last saw (saved off the GUI thread)."""
        key = row.key.removeprefix("change:")
        if row.event is None:
            self._before.pop(key, None)
        else:
            self._before[key] = look_of(row.event)
        self._set_rows([r for r in self.model.rows if r.key != row.key])  # gone at once
        self._show()
        last_look, event = self.last_look, row.event
        self.jobs.load(f"seen {key}", "Noting what you have seen",
                       lambda _task: last_look.seen(key, event), lambda _none: None)

    def on_meetings_zone_changed(self, zone: str) -> None:
        self.model.set_zone(zone_info(zone))

    def _waiting(self) -> list[EventMessage]:
        return waiting_requests(self.meetings.messages.messages, datetime.now(UTC))

    def _whose(self, message: EventMessage) -> tuple[str, str]:
        """The one executive a request is for (the first, when it names several)."""
        model = self.meetings.messages
        return RowSources.first_of(message, model.principals, model.calendar_owners)

    def _show(self, requests: list[EventMessage] | None = None) -> None:
        """Make the rows again (``requests``: the waiting ones, when just worked out), on
        the task runner: at a busy desk (five executives, hundreds of requests and
        meetings) that is a tenth of a second the window would otherwise stand still.
        What they are made from is taken now, so a later change makes them again."""
        made_from = RowSources(
            requests, list(self.meetings.messages.messages),
            dict(self.meetings.messages.principals),
            dict(self.meetings.messages.calendar_owners), dict(self._schedules),
            dict(self._spans), list(self.invitations.pending), dict(self._organized),
            dict(self._before))
        self.jobs.load(ROWS, "Putting what needs you in order",
                       lambda _task: made_from.rows(datetime.now(UTC)), self._set_rows)

    def _set_rows(self, rows: list[Row]) -> None:
        self.model.set_rows(rows)
        self.changed.emit(len(rows))


@dataclass(frozen=True)
class RowSources:
    """What Needs attention's rows are made from, as it was when asked: made on a worker
    while the parts that read it go on."""

    requests: list[EventMessage] | None  # the waiting ones, when worked out already
    messages: list[EventMessage]
    principals: dict[str, str]
    calendar_owners: dict[str, str]
    schedules: dict[str, ScheduleInformation]
    spans: dict[str, list[Span]]
    invitations: list[SharingInvitation]
    organized: dict[tuple[str, str], list[Event]]
    before: dict[str, Look]

    def whose(self, message: EventMessage) -> tuple[str, str]:
        return self.first_of(message, self.principals, self.calendar_owners)

    @staticmethod
    def first_of(message: EventMessage, principals: dict[str, str],
                 calendar_owners: dict[str, str]) -> tuple[str, str]:
        """The one executive a request is for (the first, when it names several)."""
        found = addressed_to(message, principals, calendar_owners.get(message.id, ""))
        return found[0] if found else ("", "You")

    def rows(self, now: datetime) -> list[Row]:
        waiting = self.requests if self.requests is not None \
            else waiting_requests(self.messages, now)
        return attention_rows(waiting, self.whose, self.schedules, self.invitations,
                              follow_ups(self.organized, now),
                              changes_since(self.before, self.organized, now),
                              spans=self.spans)
