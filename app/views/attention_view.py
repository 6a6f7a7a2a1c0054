"""Needs attention: what waits for me, across me and every executive I assist, with the
action each thing needs one click away; a row leaves the list once it is done."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.attention.grid import Block
from app.attention.part import CONFLICTS, ORGANIZED, Attention
from app.attention.rows import Need, Row
from app.meetings.part import MESSAGES, answer_target
from app.models.attention import (
    NAME_CHARS,
    Column,
    change_words,
    clash_words,
    to_do,
    waiting_words,
)
from app.models.events import span_words
from app.models.item_roles import ItemRole
from app.views.busy import BusyIndicator
from app.views.column_fit import fit_columns
from app.views.dialog_parts import explanation
from app.views.list_parts import (
    empty_label,
    facts_label,
    heading_label,
    list_above_detail,
    stacked,
    table,
)
from app.views.respond import ResponseButtons, ask_to_respond
from app.words import counted, shortened
from app.workspace.parts import Workspace

NOTHING = "Nothing needs you now: every meeting request has its answer, and every " \
          "calendar shared with you is added."
ABOUT = ("For you and for everyone you're a delegate for: meeting requests still waiting "
         "for an answer, with the meetings they clash with, and calendars shared with you "
         "that are not added yet, newest first; then meetings of the next two weeks that "
         "changed or were cancelled since you last looked, and those whose attendees "
         "haven't all answered, soonest first.")


class AttentionView(QWidget):
    """The rows of ``attention``; answers go through ``meetings``, calendars are added
    through ``invitations``.

    Signals:
        open_requested(EventMessage): show this request whole, with its description, in
            Meeting messages.
        meeting_requested(str, Block): open the meeting at this time in this person's
            calendar (their address; mine: my own) in Meetings.
    """

    open_requested = Signal(object)
    meeting_requested = Signal(str, object)

    def __init__(self, workspace: Workspace, attention: Attention,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.attention = workspace, attention
        self.meetings = workspace.meetings
        self.model = attention.model
        self.dialog: QWidget | None = None
        self.row: Row | None = None

        self.note = explanation()
        self.note.setText(ABOUT)
        self.busy = BusyIndicator("Loading…")
        top = QHBoxLayout()
        top.addWidget(self.note, 1)
        top.addWidget(self.busy)
        self.table = table("Needs attention")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)  # newest first, as the part orders them
        self.columns = fit_columns(self.table, Column.TO_DO, keep=(Column.FOR,))
        self.empty = empty_label()

        self.title = heading_label()
        self.facts = facts_label()
        self.response_buttons = ResponseButtons()
        self.add_button = QPushButton("&Add to my calendars")
        self.add_button.setToolTip("Add this calendar to your calendars, as Outlook's "
                                   "Accept does")
        self.open_button = QPushButton("&Open the request")
        self.open_button.setToolTip("Show the request with its description in Meeting "
                                    "messages")
        self.copy_button = QPushButton("&Copy their addresses")
        self.copy_button.setToolTip("Copy the addresses of those who haven't answered, to "
                                    "write to them")
        self.meeting_button = QPushButton("Open the &meeting")
        self.meeting_button.setToolTip("Show the meeting as it is now in Meetings")
        self.seen_button = QPushButton("&Seen")
        self.seen_button.setToolTip("You have seen this change: it leaves the list")
        actions = QWidget()
        actions_layout = QHBoxLayout(actions)
        actions_layout.setContentsMargins(0, 0, 0, 0)
        actions_layout.addWidget(self.add_button)
        actions_layout.addWidget(self.open_button)
        actions_layout.addWidget(self.copy_button)
        actions_layout.addWidget(self.meeting_button)
        actions_layout.addWidget(self.seen_button)
        actions_layout.addStretch(1)
        detail = stacked(self.title, self.facts, self.response_buttons, actions)
        splitter = list_above_detail(self.table, self.empty, detail)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self._placing = False  # the view, not the person, is moving the current row
        self._person_chose = False  # the person picked a row: it stays theirs
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_changed)
        self.response_buttons.chosen.connect(self.respond)
        self.add_button.clicked.connect(self.add_calendar)
        self.copy_button.clicked.connect(self.copy_addresses)
        self.open_button.clicked.connect(self.open_request)
        self.meeting_button.clicked.connect(self.open_meeting)
        self.seen_button.clicked.connect(self.mark_seen)
        attention.changed.connect(self.on_attention_changed)
        workspace.jobs.loading_changed.connect(self.on_workspace_loading_changed)
        self.open_row(None)
        # Made when first shown (app.views.lazy_page): as the workspace stands now.
        self.on_attention_changed(attention.count)
        self.on_workspace_loading_changed(
            MESSAGES, any(map(workspace.jobs.is_loading, (MESSAGES, CONFLICTS, ORGANIZED))))

    def on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._placing:
            self._person_chose = True
        self.open_row(current.data(ItemRole.OBJECT) if current.isValid() else None)

    def on_attention_changed(self, count: int) -> None:
        """Rows came or went. Until the person picks one, the first (the newest) is the
        one opened, whatever arrived above it; after, theirs stays, or the one in its
        place once it is done."""
        self.empty.setText("" if count else NOTHING)
        self.empty.setVisible(not count)
        still = next((r for r in self.model.rows if self.row and r.key == self.row.key), None)
        if still is not None and self._person_chose:
            self.open_row(still)
        elif count:
            self._placing = True
            current = self.table.currentIndex()
            row = current.row() if self._person_chose and current.isValid() else 0
            self.table.setCurrentIndex(self.model.index(min(row, count - 1), 0))
            self._placing = False
            self.open_row(self.model.rows[min(row, count - 1)])
        else:
            self.open_row(None)

    def open_row(self, row: Row | None) -> None:
        self.row = row
        answer = row is not None and row.need is Need.ANSWER
        self.response_buttons.setVisible(row is None or answer)
        self.add_button.setVisible(row is not None and row.need is Need.ADD_CALENDAR)
        self.copy_button.setVisible(row is not None and row.need is Need.FOLLOW_UP)
        self.open_button.setVisible(answer)
        change = row is not None and row.need in (Need.CHANGED, Need.CANCELLED)
        self.seen_button.setVisible(change)
        self.meeting_button.setVisible(change and row is not None and row.event is not None
                                       and not row.event.is_cancelled)
        if row is None:
            self.title.setText("Nothing selected")
            self.facts.clear()
            self.response_buttons.set_allowed(False, "Select a meeting request first.")
            return
        self.title.setText(to_do(row))
        zone = self.model.zone
        whom = f"For {row.for_name.lower() if not row.for_address else row.for_name}"
        lines = [f"{whom} · from {shortened(row.from_name, NAME_CHARS)}" if row.from_name else whom]
        if row.start is not None and row.end is not None:
            lines.append(span_words(row.start.astimezone(zone), row.end.astimezone(zone)))
        if row.change:
            lines.append(f"{change_words(row, zone)}.")
        if row.conflicts:
            lines.append(f"Clashes with {clash_words(row.conflicts, zone)}.")
        elif answer:
            lines.append("Nothing else in the calendar at that time.")
        if row.unanswered:
            lines.append(f"{waiting_words(row)}.")
        self.facts.setText("\n".join(lines))
        if answer:
            self.response_buttons.set_allowed(True)

    def respond(self, action: str) -> None:
        row = self.row
        if row is None or row.message is None:
            return
        message = row.message
        target = answer_target(message, [(row.for_address, row.for_name)])
        organizer = message.from_.email_address.name if message.from_ else ""
        self.dialog = ask_to_respond(self.meetings, target, action, organizer, self)

    def add_calendar(self) -> None:
        if self.row is not None and self.row.invitation is not None:
            self.workspace.invitations.accept(self.row.invitation)

    def open_request(self) -> None:
        if self.row is not None and self.row.message is not None:
            self.open_requested.emit(self.row.message)

    def open_meeting(self) -> None:
        row = self.row
        if row is None or row.event is None or row.start is None or row.end is None:
            return
        whose = row.for_address or self.workspace.session.username or ""
        self.meeting_requested.emit(whose, Block(0, 0, 1, "busy", row.subject, row.start,
                                                 row.end))

    def mark_seen(self) -> None:
        if self.row is not None and self.row.need in (Need.CHANGED, Need.CANCELLED):
            self.attention.seen(self.row)

    def copy_addresses(self) -> None:
        if self.row is None or not self.row.unanswered:
            return
        addresses = [address for _name, address in self.row.unanswered if address]
        QGuiApplication.clipboard().setText("; ".join(addresses))
        people = counted(len(addresses), "person")
        self.workspace.jobs.notice(f"Copied the addresses of {people} who haven't answered.")

    def on_workspace_loading_changed(self, what: str, loading: bool) -> None:
        if what in (MESSAGES, CONFLICTS, ORGANIZED):
            self.busy.set_busy(loading)
