"""Write a meeting invitation, in your own calendar or on an executive's behalf.

The dialog makes plain, before anything is sent, whose meeting it is and what the
attendees will see ("Sent by Adele Vance on behalf of Alex Wilber"), and in which time
zone the times are. Everything is checked before sending; if sending fails the dialog
stays open with everything typed in it, and the reason at the top.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import shiboken6
from PySide6.QtCore import QDateTime, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.graph.resources import Event
from app.meetings.draft import (
    ATTENDEES,
    SUBJECT,
    TIMES,
    MeetingDraft,
    one_line,
    split_last_attendee,
)
from app.meetings.part import ComposeTarget, Meetings
from app.views.dialog_parts import ActionDialog, explanation, while_open
from app.views.plain_text import plain_label
from app.zones import all_zone_names, local_zone_name, now_in, zone_info

DATE_TIME_FORMAT, DATE_FORMAT = "ddd d MMM yyyy  HH:mm", "ddd d MMM yyyy"
DEFAULT_MINUTES = 30


class AddressCompleter(QCompleter):
    """Completes the person being typed after the last separator, keeping those before.

    The suggestions are written as they parse back (``"Wilber, Alex" <AlexW@…>``:
    ``format_invitee`` quotes a name with a comma), so what the completer inserts is
    always one attendee. A finished ``Name <address>`` (pasted, say) gets no
    suggestions: the popup would only take the Enter meant for Send.
    """

    _head = ""

    def splitPath(self, path: str) -> list[str]:
        # Called with what was typed, not with a highlighted suggestion put in the
        # field: the people before the one being typed are those of the typed text.
        self._head, current = split_last_attendee(path)
        return ["\0"] if current.endswith(">") else [current.lstrip('"')]

    def pathFromIndex(self, index) -> str:
        head = f"{self._head.rstrip()} " if self._head else ""
        return f"{head}{index.data()}; "


class DateTimeField(QDateTimeEdit):
    """A date and time where Tab goes to the next field, as in Outlook; the arrow keys
    and typing move between day, month, year and time (Qt's own field spends five Tabs
    on its parts, so Tab through the form seems stuck there)."""

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)


def problem_label(name: str) -> QLabel:
    """Where a field says what is wrong with it; empty and hidden while nothing is."""
    label = plain_label()
    label.setWordWrap(True)
    label.setAccessibleName(name)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.hide()
    return label


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose mnemonic focuses ``buddy`` (a row holding a layout has none)."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _qt(moment: datetime) -> QDateTime:
    return QDateTime(moment.year, moment.month, moment.day, moment.hour, moment.minute, 0)


def _moment(moment: QDateTime) -> datetime:
    """``moment`` as Python's (naive) datetime (PySide6 converts it; its stub says only
    ``object``)."""
    value = moment.toPython()
    assert isinstance(value, datetime)
    return value


def choose_zone(box: QComboBox, zone: str) -> None:
    """Show ``zone`` in a box of zone names, added when Windows' list lacks it (a zone a
    mailbox names that this computer's list doesn't)."""
    row = box.findText(zone)
    if row < 0:
        box.addItem(zone)
        row = box.count() - 1
    box.setCurrentIndex(row)


def next_half_hour(zone: str) -> datetime:
    now = now_in(zone).replace(second=0, microsecond=0)
    return now + timedelta(minutes=30 - now.minute % 30)


class ComposeDialog(ActionDialog):
    """A new meeting, sent through ``meetings.send`` when it is valid.

    Enter sends from any one-line field, Ctrl+Enter from the message (where Enter
    starts a new line), as in Outlook. Esc on a meeting with something typed in it
    asks before throwing it away.

    Signals:
        settled(): the organizer's time zone and the people suggestions have arrived
            (or are known to be unavailable); for ``--screenshot``.

    Attributes:
        draft: what was last sent or checked; its transactionId lasts as long as the dialog.
        sent: the event created, once it was.
    """

    settled = Signal()
    discard_question = "Discard this invitation?"

    def __init__(self, meetings: Meetings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meetings = meetings
        self.targets = meetings.compose_targets()
        self.draft = MeetingDraft()
        self.sent: Event | None = None
        self._lookups = 0
        self._zone_chosen_by_hand = False
        self._times_edited = False
        self.setWindowTitle("New meeting")

        self.problem = problem_label("Why the meeting was not sent")
        self.from_box = QComboBox()
        self.from_box.setAccessibleName("From")
        for target in self.targets:
            self.from_box.addItem(target.label)
        self.seen_as = explanation()
        self.seen_as.setAccessibleDescription("What attendees will see")

        self.attendees = QLineEdit()
        self.attendees.setPlaceholderText("Type a name or an address; separate people with ;")
        self.attendees.setAccessibleName("Attendees")
        self.people = QStringListModel(self)
        completer = AddressCompleter(self.people, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.attendees.setCompleter(completer)
        self.attendees.textChanged.connect(self.on_attendees_text_changed)
        self.attendees_problem = problem_label("What is wrong with the attendees")
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Subject")
        self.subject_problem = problem_label("What is wrong with the subject")

        start = next_half_hour(local_zone_name())
        self.start = DateTimeField(_qt(start))
        self.end = DateTimeField(_qt(start + timedelta(minutes=DEFAULT_MINUTES)))
        for edit, name in ((self.start, "Start"), (self.end, "End")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_TIME_FORMAT)
            edit.setAccessibleName(name)
        self.all_day = QCheckBox("All &day")
        self.times_problem = problem_label("What is wrong with the times")
        self.zone_box = QComboBox()
        self.zone_box.addItems(all_zone_names())
        self.zone_box.setAccessibleName("Time zone")
        self.zone_note = explanation()
        self.location = QLineEdit()
        self.location.setAccessibleName("Location")
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Message to the attendees")
        self.body.setTabChangesFocus(True)

        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(buddy_label("unti&l", self.end))  # Alt+L; &To is the attendees'
        times.addWidget(self.end)
        times.addWidget(self.all_day)
        times.addStretch(1)
        zone = QHBoxLayout()
        zone.addWidget(self.zone_box, 1)
        zone.addWidget(self.zone_note, 1)
        form = QFormLayout()
        form.addRow("&From:", self.from_box)
        form.addRow("", self.seen_as)
        form.addRow("&To:", self.attendees)
        form.addRow("", self.attendees_problem)
        form.addRow("S&ubject:", self.subject)
        form.addRow("", self.subject_problem)
        form.addRow(buddy_label("&When:", self.start), times)
        form.addRow("", self.times_problem)
        form.addRow(buddy_label("Time &zone:", self.zone_box), zone)
        form.addRow("L&ocation:", self.location)
        form.addRow("&Message:", self.body)
        buttons = self.action_row("&Send", enabled=bool(self.targets), on_action=self.send)
        assert self.action_button is not None  # action_row made it
        self.send_button = self.action_button
        self.send_button.setToolTip("Send the invitation (Enter; Ctrl+Enter from the "
                                    "message)")
        self._sending = False

        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addLayout(form, 1)
        layout.addLayout(buttons)
        self.resize(640, 560)

        self.from_box.currentIndexChanged.connect(self.on_from_changed)
        self.zone_box.activated.connect(self.on_zone_picked)
        self.all_day.toggled.connect(self.on_all_day_toggled)
        self.start.dateTimeChanged.connect(self.on_start_changed)
        self._duration = timedelta(minutes=DEFAULT_MINUTES)
        self.end.dateTimeChanged.connect(self.on_end_changed)
        self._select_default_target()
        self.attendees.setFocus()  # where Outlook starts a new meeting, not on From
        self._lookups += 1
        meetings.find_people(while_open(self, self.on_people_found))

    # ------------------------------------------------------------------ from

    def _select_default_target(self) -> None:
        if not self.targets:
            self.problem.setText("You can't create meetings in any calendar: ask an executive "
                                 "for delegate or write access to theirs.")
            self.problem.show()
            self.allow_action(False, "There is no calendar to send it from.")
            return
        current = self.meetings.directory.current_calendar
        row = next((i for i, t in enumerate(self.targets)
                    if current is not None and t.calendar.id == current.id), 0)
        self.from_box.setCurrentIndex(row)
        self.on_from_changed(row)

    @property
    def target(self) -> ComposeTarget | None:
        row = self.from_box.currentIndex()
        return self.targets[row] if 0 <= row < len(self.targets) else None

    def on_from_changed(self, row: int) -> None:
        target = self.target
        if target is None:
            return
        me = self.meetings.session.display_name
        if target.own:
            self.seen_as.setText(f"Attendees will see this invitation as sent by you ({me}).")
        elif self.meetings.session.app_only:
            self.seen_as.setText(f"Attendees will see this invitation as sent by "
                                 f"{target.owner_name}.")
        else:
            self.seen_as.setText(f"Attendees will see: Sent by {me} on behalf of "
                                 f"{target.owner_name}. {target.owner_name} is the organizer "
                                 "and receives the answers.")
        if not self._zone_chosen_by_hand:
            self._lookups += 1
            self.zone_note.setText(f"Finding {self._whose(target)} time zone…")
            self.meetings.find_time_zone(target, while_open(
                self, lambda zone, t=target: self.on_zone_found(t, zone)))

    def _whose(self, target: ComposeTarget) -> str:
        return "your" if target.own else f"{target.owner_name}'s"

    def preset(self, organizer: str, attendees: list[str], start: datetime, end: datetime,
               zone: str) -> None:
        """Fill in a meeting chosen on the side-by-side grid: from ``organizer``'s calendar
        (their main one) where I may write to it, with ``attendees`` (addresses), from
        ``start`` to ``end`` as wall times of ``zone``, the zone the grid showed."""
        self._zone_chosen_by_hand = True  # the grid's: no lookup to move the times
        self._set_zone(zone)
        self.zone_note.setText("The time zone of the grid you chose the time in.")
        rows = [i for i, t in enumerate(self.targets)
                if t.owner_address.casefold() == organizer.casefold()]
        row = min(rows, key=lambda i: (not self.targets[i].calendar.is_default_calendar,
                                       self.targets[i].calendar.name != self.targets[i]
                                       .owner_name), default=-1)
        if row >= 0:
            self.from_box.setCurrentIndex(row)
            self.on_from_changed(row)
        elif self.targets:
            self._say(f"You can't create meetings in {organizer}'s calendar: choose whose "
                      "meeting it is in From.")
        self.attendees.setText("; ".join(attendees) + ("; " if attendees else ""))
        start, end = start.astimezone(zone_info(zone)), end.astimezone(zone_info(zone))
        self._duration = end - start
        self.start.setDateTime(_qt(start))
        self.end.setDateTime(_qt(end))
        self.subject.setFocus()  # who and when are chosen: what is it about

    # ------------------------------------------------------------------ lookups

    def on_zone_found(self, target: ComposeTarget, zone: str | None) -> None:
        if target is self.target and not self._zone_chosen_by_hand:
            if zone:
                self._set_zone(zone)
                if not self._times_edited:  # "the next half hour" where the organizer is
                    self.start.setDateTime(_qt(next_half_hour(zone)))
                    self._times_edited = False
                whose = self._whose(target)
                self.zone_note.setText(f"{whose[:1].upper()}{whose[1:]} time zone.")
            else:
                self._set_zone(local_zone_name())
                self.zone_note.setText(f"This computer's time zone: Deputy can't tell "
                                       f"{self._whose(target)}. Check it before sending.")
        self._lookup_done()

    def _set_zone(self, zone: str) -> None:
        choose_zone(self.zone_box, zone)

    def on_zone_picked(self, _row: int) -> None:
        self._zone_chosen_by_hand = True
        self.zone_note.setText("Chosen by you.")

    def on_people_found(self, people: list[str]) -> None:
        self.people.setStringList(people)
        self._lookup_done()

    def _lookup_done(self) -> None:
        self._lookups -= 1
        if self._lookups == 0:
            self.settled.emit()

    def on_attendees_text_changed(self, text: str) -> None:
        if "\n" in text or "\r" in text:
            self.attendees.setText(one_line(text))

    # ------------------------------------------------------------------ times

    def on_all_day_toggled(self, on: bool) -> None:
        for edit in (self.start, self.end):
            edit.setDisplayFormat(DATE_FORMAT if on else DATE_TIME_FORMAT)

    def on_start_changed(self, start: QDateTime) -> None:
        """Moving the start moves the end with it, keeping the length (as Outlook does)."""
        self._times_edited = True
        self.end.blockSignals(True)
        self.end.setDateTime(start.addSecs(int(self._duration.total_seconds())))
        self.end.blockSignals(False)

    def on_end_changed(self, end: QDateTime) -> None:
        self._times_edited = True
        self._duration = timedelta(seconds=self.start.dateTime().secsTo(end))

    # ------------------------------------------------------------------ sending

    def has_input(self) -> bool:
        """Something typed that closing would lose (not while it is being sent: then
        it is on its way, and closing only closes the window)."""
        typed = (self.attendees.text(), self.subject.text(), self.location.text(),
                 self.body.toPlainText())
        return not self._sending and any(text.strip() for text in typed)

    def current_draft(self) -> MeetingDraft:
        """The form as a draft, keeping the dialog's transactionId."""
        self.draft = MeetingDraft(
            subject=self.subject.text(), attendees=self.attendees.text(),
            start=_moment(self.start.dateTime()), end=_moment(self.end.dateTime()),
            all_day=self.all_day.isChecked(), time_zone=self.zone_box.currentText(),
            location=self.location.text(), body=self.body.toPlainText(),
            transaction_id=self.draft.transaction_id)
        return self.draft

    def send(self) -> None:
        target = self.target
        if target is None or not self.send_button.isEnabled():
            return
        draft = self.current_draft()
        problems = draft.problems()
        fields = ((SUBJECT, self.subject_problem, self.subject),
                  (ATTENDEES, self.attendees_problem, self.attendees),
                  (TIMES, self.times_problem, self.end))
        for name, label, _edit in fields:
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        if problems:
            self._say("Nothing was sent. Fix what is marked below, then press Send.")
            next(edit for name, _label, edit in fields if name in problems).setFocus()
            return
        self._say("Sending…")
        self._sending = True
        self.send_button.setEnabled(False)
        jobs, subject = self.meetings.jobs, draft.subject.strip()

        def failed(text: str) -> None:
            if shiboken6.isValid(self):
                self.on_send_failed(text)
            else:  # closed while sending: say it where the person is now
                jobs.problem(f"“{subject}” was not sent: {text}")

        self.meetings.send(target, draft, while_open(self, self.on_sent), failed)

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def on_sent(self, event: Event) -> None:
        self.sent = event
        self.accept()

    def on_send_failed(self, text: str) -> None:
        self._sending = False
        self._say(f"Not sent: {text} Everything you typed is still here; correct it or try "
                  "again.")
        self.send_button.setEnabled(True)
