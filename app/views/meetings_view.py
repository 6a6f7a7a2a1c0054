"""The selected calendar's meetings in a week (or any range), and the opened meeting.

Above: the calendar, the range, and "New meeting". Left: the events with their
response roll-up. Right: the opened meeting: when, where, who organizes it, its
description (rendered safely), the answer buttons, and its attendees with "only
those who haven't answered" and "copy their addresses".
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.graph.resources import Event
from app.graph.responses import NOT_THE_ORGANIZERS_COPY, RESPONSE_WORDS
from app.meetings.part import EVENT, EVENTS, MeetingRights
from app.models.attendees import AttendeeFilter
from app.models.attendees import Column as AttendeeColumn
from app.models.events import PRIVATE_SUBJECT, masked, when
from app.models.events import Column as EventColumn
from app.models.item_roles import ItemRole
from app.views.busy import BusyIndicator
from app.views.calendar_box import CalendarBox
from app.views.column_fit import fit_columns
from app.views.compose import ComposeDialog
from app.views.dialog_parts import explanation
from app.views.list_parts import empty_label, heading_label, list_beside_detail, table
from app.views.plain_text import plain_label, plain_tip
from app.views.respond import ResponseButtons, ask_to_respond
from app.views.safe_body import SafeBodyView
from app.workspace.parts import Workspace

# The list's and the details' widths at the default window size (a larger window gives
# both more): when, subject and answers whole beside the opened meeting.
LIST_WIDTH, DETAIL_WIDTH = 500, 300


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(day: QDate) -> date:
    """``day`` as Python's date (PySide6 converts it; its stub says only ``object``)."""
    value = day.toPython()
    assert isinstance(value, date)
    return value


class MeetingsView(QWidget):
    """Events of the selected calendar; the workspace's ``meetings`` does the work."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.meetings = workspace, workspace.meetings
        self.dialog: QWidget | None = None  # the open dialog, for tests
        self.rights = self.meetings.rights

        self.calendar_box = CalendarBox(workspace)
        calendar_label = QLabel("Ca&lendar:")
        calendar_label.setBuddy(self.calendar_box)
        self.previous_button = QPushButton("◀")
        self.previous_button.setAccessibleName("Previous seven days")
        self.previous_button.setToolTip("The seven days before (Alt+Left)")
        self.today_button = QPushButton("&Today")
        self.today_button.setToolTip("The next seven days (Alt+Home)")
        self.next_button = QPushButton("▶")
        self.next_button.setAccessibleName("Next seven days")
        self.next_button.setToolTip("The seven days after (Alt+Right)")
        self.first_day = QDateEdit()
        self.last_day = QDateEdit()
        for edit, name in ((self.first_day, "First day"), (self.last_day, "Last day")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
            edit.setAccessibleName(name)
        self.busy = BusyIndicator("Loading…")
        self.new_button = QPushButton("&New meeting…")
        top = QHBoxLayout()
        top.addWidget(calendar_label)
        top.addWidget(self.calendar_box, 1)
        top.addStretch(1)
        top.addWidget(self.new_button)
        self.zone_note = explanation()
        # Labels for the dates, so Alt+W and Alt+U reach them and a screen reader says what they
        # are: "Showing: ◀ Today ▶ [first day] until [last day]".
        showing, until = QLabel("Sho&wing:"), QLabel("&until")
        showing.setBuddy(self.first_day)
        until.setBuddy(self.last_day)
        days = QHBoxLayout()
        for widget in (showing, self.previous_button, self.today_button, self.next_button,
                       self.first_day, until, self.last_day, self.busy):
            days.addWidget(widget)
        # All the room left, right-aligned; wrapped only when the window is too narrow,
        # so it never takes width from the sidebar.
        days.addWidget(self.zone_note, 1)
        self.zone_note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.zone_note.setAccessibleDescription("Time zone of the times shown")

        self.reason = explanation()
        self.reason.setAccessibleDescription("What you can do in this calendar")

        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.meetings.events)
        self.proxy.setSortRole(ItemRole.SORT)
        self.table = table("Meetings in this range")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setColumnHidden(EventColumn.LOCATION, True)  # shown with the opened event
        # What an assistant looks for first: when, what, and who has answered.
        self.table.horizontalHeader().moveSection(EventColumn.RESPONSES, EventColumn.SUBJECT + 1)
        self.columns = fit_columns(self.table, EventColumn.SUBJECT, keep=(EventColumn.WHEN,),
                                   second=(EventColumn.RESPONSES,))
        self.empty = empty_label()

        self.detail = self._build_detail()
        self.splitter = list_beside_detail(self.table, self.empty, self.detail,
                                           sizes=(LIST_WIDTH, DETAIL_WIDTH))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.reason)
        layout.addLayout(days)
        layout.addWidget(self.splitter, 1)

        self.previous_button.clicked.connect(lambda: self.meetings.move_range(-1))
        self.next_button.clicked.connect(lambda: self.meetings.move_range(1))
        self.today_button.clicked.connect(self.meetings.from_today)
        self.first_day.editingFinished.connect(self.on_dates_edited)
        self.last_day.editingFinished.connect(self.on_dates_edited)
        self.new_button.clicked.connect(self.compose)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.meetings.open_event(
                current.data(ItemRole.OBJECT) if current.isValid() else None))
        self.meetings.events.replaced.connect(self._show_empty)
        self.meetings.range_changed.connect(self.on_meetings_range_changed)
        self.meetings.rights_changed.connect(self.on_meetings_rights_changed)
        self.meetings.event_opened.connect(self.on_meetings_event_opened)
        self.meetings.zone_changed.connect(self.on_meetings_zone_changed)
        workspace.jobs.loading_changed.connect(self.on_workspace_loading_changed)
        self.on_meetings_range_changed(self.meetings.first_day, self.meetings.last_day)
        self.on_meetings_rights_changed(self.meetings.rights)
        # Made when first shown (app.views.lazy_page): as the workspace stands now.
        self.on_meetings_event_opened(self.meetings.opened)
        self.on_workspace_loading_changed(
            EVENTS, any(map(workspace.jobs.is_loading, (EVENTS, EVENT))))
        self._show_empty()

    def _build_detail(self) -> QWidget:
        self.title = heading_label()
        self.facts = plain_label()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer = plain_label()
        self.answer.setWordWrap(True)
        self.response_buttons = ResponseButtons()
        self.response_buttons.chosen.connect(self.respond)
        self.body = SafeBodyView()
        self.attendee_note = explanation()
        self.attendee_filter = AttendeeFilter(self)
        self.attendee_filter.setSourceModel(self.meetings.attendees)
        self.attendee_table = table("Attendees and their answers")
        self.attendee_table.setModel(self.attendee_filter)
        self.attendee_table.horizontalHeader().moveSection(AttendeeColumn.RESPONSE,
                                                           AttendeeColumn.NAME + 1)
        self.attendee_columns = fit_columns(self.attendee_table, AttendeeColumn.NAME,
                                            keep=(AttendeeColumn.RESPONSE,))
        # Narrow beside the meeting: the address is the name's tooltip (and what "Copy
        # their addresses" copies); a right-click on the header shows its column.
        self.attendee_table.setColumnHidden(AttendeeColumn.ADDRESS, True)
        self.unanswered_only = QCheckBox("&Only those who haven't answered")
        self.copy_button = QPushButton("Cop&y their addresses")
        self.copy_button.setToolTip("Copy the addresses of the attendees listed, to write to "
                                    "them")
        # The heading and the copy button share a line, the filter has its own: the
        # details stay narrow enough to leave the meetings list its width.
        attendee_bar = QHBoxLayout()
        attendee_bar.addWidget(QLabel("<b>Attendees</b>"))
        attendee_bar.addStretch(1)
        attendee_bar.addWidget(self.copy_button)
        self.unanswered_only.toggled.connect(self.attendee_filter.set_unanswered_only)
        self.unanswered_only.toggled.connect(lambda _on: self._update_copy())
        self.copy_button.clicked.connect(self.copy_addresses)
        self.meetings.attendees.modelReset.connect(self._update_copy)

        detail = QWidget()
        layout = QVBoxLayout(detail)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.answer)
        layout.addWidget(self.response_buttons)
        layout.addWidget(self.body, 2)
        layout.addLayout(attendee_bar)
        layout.addWidget(self.unanswered_only)
        layout.addWidget(self.attendee_note)
        layout.addWidget(self.attendee_table, 3)
        return detail

    # ------------------------------------------------------------------ range and calendar

    def on_dates_edited(self) -> None:
        self.meetings.set_range(_day(self.first_day.date()), _day(self.last_day.date()))

    def on_meetings_range_changed(self, first: date, last: date) -> None:
        self.first_day.setDate(_qdate(first))
        self.last_day.setDate(_qdate(last))

    def on_meetings_rights_changed(self, rights: MeetingRights) -> None:
        self.rights = rights
        calendar = rights.calendar
        self.calendar_box.show_calendar(calendar)
        can_compose = bool(self.meetings.compose_targets())
        self.new_button.setEnabled(can_compose)
        self.new_button.setToolTip("Write a meeting invitation (Ctrl+N)" if can_compose else
                                   "You can't create meetings in any calendar.")
        notes = []
        if calendar is not None:
            if rights.own:
                notes.append("Your own calendar.")
            elif rights.app_only:
                notes.append(f"As administrator you can send invitations and answer meeting "
                             f"requests as {rights.owner_name}.")
            elif rights.respond.allowed:
                notes.append(f"You're a delegate: you can send invitations and answer "
                             f"meeting requests for {rights.owner_name}.")
            elif rights.create.allowed:
                notes.append(f"You can add meetings to {rights.owner_name}'s calendar.")
            else:
                notes.append(rights.create.reason)
            if not rights.read_private.allowed:
                notes.append(rights.read_private.reason)
        self.reason.setText(" ".join(notes))
        self.on_meetings_zone_changed()
        self.on_meetings_event_opened(self.meetings.opened)

    def on_meetings_zone_changed(self, *_zone: str) -> None:
        text, tip = self.meetings.zone_words
        self.zone_note.setText(text)
        self.zone_note.setToolTip(plain_tip(tip))

    def _show_empty(self) -> None:
        rows = self.meetings.events.rowCount()
        self.empty.setText("" if rows else "No meetings in these days.")
        self.empty.setVisible(not rows)
        if rows and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    # ------------------------------------------------------------------ the opened event

    def on_meetings_event_opened(self, event: Event | None) -> None:
        # The words stay readable (a disabled label is 1.8:1): only what can't be used
        # without a meeting is off (the answer buttons and the copy button say so too).
        for part in (self.unanswered_only, self.attendee_table):
            part.setEnabled(event is not None)
        if event is None:
            self.title.setText("No meeting selected")
            for label in (self.facts, self.answer, self.attendee_note):
                label.clear()
            self.body.show_body(None)
            self.response_buttons.set_allowed(False, "Select a meeting first.")
            return
        hidden = masked(event, self.rights.read_private.allowed)
        self.title.setText(PRIVATE_SUBJECT if hidden else (event.subject or "(no subject)"))
        organizer = event.organizer.email_address if event.organizer else None
        lines = [when(event)]
        location = (event.location or {}).get("displayName")
        if location and not hidden:
            lines.append(f"Where: {location}")
        if organizer is not None and not hidden:
            lines.append(f"Organizer: {organizer.name or organizer.address}")
        if event.is_cancelled:
            lines.append("This meeting was cancelled.")
        self.facts.setText("\n".join(lines))
        self.body.show_body(None if hidden else event.body,
                            "Only the time of this private event is shown to you."
                            if hidden else "No description.")
        self._show_answer(event, hidden)
        self._show_attendee_note(event, hidden)

    def _show_answer(self, event: Event, hidden: bool) -> None:
        owner = self.rights.owner_name
        whose = "Your" if self.rights.own else f"{owner}'s"
        if event.is_organizer:
            self.answer.setText("You organize this meeting." if self.rights.own
                                else f"{owner} organizes this meeting.")
            self.response_buttons.set_allowed(False, "The organizer doesn't answer their "
                                                     "own meeting.")
            return
        if hidden or event.response_status is None:
            self.answer.clear()
            self.response_buttons.set_allowed(False, self.rights.read_private.reason)
            return
        response = event.response_status.response
        self.answer.setText(f"{whose} answer: {RESPONSE_WORDS.get(response, response)}.")
        if event.is_cancelled:
            self.response_buttons.set_allowed(False, "A cancelled meeting can't be answered.")
        else:
            self.response_buttons.set_allowed(self.rights.respond.allowed,
                                              self.rights.respond.reason)

    def _show_attendee_note(self, event: Event, hidden: bool) -> None:
        if hidden:
            note = "The attendees of a private event are not shown to you."
        elif not event.attendees:
            note = "No one is invited: this is an appointment."
        elif not self.meetings.attendees.responses_known:
            note = NOT_THE_ORGANIZERS_COPY + " Ask the organizer for their answers."
        else:
            note = ""
        self.attendee_note.setText(note)
        self.attendee_note.setVisible(bool(note))
        self.attendee_table.setVisible(not hidden)

    def _update_copy(self) -> None:
        addresses = self.attendee_filter.addresses()
        self.copy_button.setEnabled(bool(addresses))

    def copy_addresses(self) -> None:
        addresses = self.attendee_filter.addresses()
        if addresses:
            QGuiApplication.clipboard().setText("; ".join(addresses))
            self.workspace.jobs.notice(
                f"Copied {len(addresses)} address{'es' if len(addresses) != 1 else ''}.")

    # ------------------------------------------------------------------ actions

    def respond(self, action: str) -> None:
        event = self.meetings.opened
        if event is None or not self.response_buttons.buttons[action].isEnabled():
            return
        organizer = event.organizer.email_address.name if event.organizer else ""
        self.dialog = ask_to_respond(self.meetings, self.meetings.event_target(event), action,
                                     organizer, self)

    def compose(self) -> None:
        if not self.new_button.isEnabled():
            return
        dialog = ComposeDialog(self.meetings, self)
        self.dialog = dialog
        dialog.open()

    def select_event(self, event: Event) -> None:
        """Open ``event`` of the list, as a click on its row does."""
        row = next((r for r in range(self.proxy.rowCount())
                    if self.proxy.index(r, 0).data(ItemRole.OBJECT).id == event.id), -1)
        if row >= 0:
            self.table.setCurrentIndex(self.proxy.index(row, EventColumn.SUBJECT))
            self.table.scrollTo(self.table.currentIndex())

    def on_workspace_loading_changed(self, what: str, loading: bool) -> None:
        if what in (EVENTS, EVENT):
            self.busy.set_busy(loading)
