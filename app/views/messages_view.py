"""Meeting requests and responses that reached me, for every executive I assist.

Filter by whom a message is for and by type; the opened message shows who sent it
on whose behalf, the meeting it is about, and (for a request) the answer buttons.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.graph.resources import EventMessage
from app.graph.responses import RESPONSE_WORDS
from app.meetings.part import MESSAGES, NO_MESSAGES_FOR_APPS, answer_target
from app.models.events import when
from app.models.item_roles import ItemRole
from app.models.messages import (
    YOU,
    Column,
    Kind,
    MessageFilter,
    kind_of,
    meeting_time,
    sent_by,
    type_words,
    window_words,
)
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
from app.views.safe_body import SafeBodyView
from app.workspace.parts import Workspace

KINDS = (("All types", None), ("Requests", Kind.REQUEST), ("Responses", Kind.RESPONSE),
         ("Cancellations", Kind.CANCELLATION))


class MessagesView(QWidget):
    """The signed-in person's meeting messages; answers go through ``meetings``."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.meetings = workspace, workspace.meetings
        self.model = self.meetings.messages
        self.dialog: QWidget | None = None
        self.message: EventMessage | None = None

        self.for_box = QComboBox()
        self.for_box.setAccessibleName("For whom")
        # As wide as the longest name it offers: a cut "Alex Wilbe" reads as another person.
        self.for_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("Type")
        for text, kind in KINDS:
            self.kind_box.addItem(text, kind)
        for_label, kind_label = QLabel("F&or:"), QLabel("T&ype:")
        for_label.setBuddy(self.for_box)
        kind_label.setBuddy(self.kind_box)
        self.busy = BusyIndicator("Loading…")
        top = QHBoxLayout()
        for widget in (for_label, self.for_box, kind_label, self.kind_box, self.busy):
            top.addWidget(widget)
        top.addStretch(1)
        self.note = explanation()

        self.proxy = MessageFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = table("Meeting requests and responses")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.columns = fit_columns(self.table, Column.SUBJECT, keep=(Column.RECEIVED,))
        self.empty = empty_label()

        self.title = heading_label()
        self.facts = facts_label()
        self.response_buttons = ResponseButtons()
        self.body = SafeBodyView()
        detail = stacked(self.title, self.facts, self.response_buttons, (self.body, 1))
        self.detail = detail

        splitter = list_above_detail(self.table, self.empty, detail)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)

        self.for_box.activated.connect(lambda _row: self._apply_filter())
        self.kind_box.activated.connect(lambda _row: self._apply_filter())
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.open_message(
                current.data(ItemRole.OBJECT) if current.isValid() else None))
        self.response_buttons.chosen.connect(self.respond)
        self.meetings.messages_loaded.connect(self.on_meetings_messages_loaded)
        workspace.jobs.loading_changed.connect(self.on_workspace_loading_changed)
        app_only = workspace.session.app_only
        self.note.setText(NO_MESSAGES_FOR_APPS if app_only else window_words(None))
        # The note says why there is nothing here: it stays readable (a disabled label
        # is 1.8:1); what can't be used is off.
        for part in (self.for_box, self.kind_box, splitter):
            part.setEnabled(not app_only)
        self.open_message(None)
        # Made when first shown (app.views.lazy_page): as the workspace stands now.
        self.on_meetings_messages_loaded()
        self.on_workspace_loading_changed(MESSAGES, workspace.jobs.is_loading(MESSAGES))

    # ------------------------------------------------------------------ filters

    def on_meetings_messages_loaded(self) -> None:
        """Offer "For" choices for the people the messages are for, keeping the choice."""
        chosen = self.for_box.currentData()
        people: dict[str, str] = {}
        for message in self.model.messages:
            for address, name in self.model.for_whom(message):
                people.setdefault(address, name)
        self.for_box.clear()
        self.for_box.addItem("Everyone", None)
        others = sorted(((a, n) for a, n in people.items() if n != YOU),
                        key=lambda pair: pair[1].casefold())
        for address, name in others:
            self.for_box.addItem(name, address)
        if "" in people:
            self.for_box.addItem(YOU, "")
        row = self.for_box.findData(chosen)
        self.for_box.setCurrentIndex(max(row, 0))
        self._apply_filter()
        if not self.workspace.session.app_only:
            self.note.setText(window_words(self.model.window, self.model.zone))
        count = self.model.rowCount()
        self.empty.setText("" if count else "No meeting requests or responses.")
        self.empty.setVisible(not count)
        if self.message is not None:
            still = next((m for m in self.model.messages if m.id == self.message.id), None)
            self.open_message(still)
        elif self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.for_box.currentData(), self.kind_box.currentData())

    def select_message(self, message: EventMessage) -> None:
        """Open ``message`` in the list (every filter off, so it is there to see)."""
        self.for_box.setCurrentIndex(0)
        self.kind_box.setCurrentIndex(0)
        self._apply_filter()
        row = next((r for r in range(self.proxy.rowCount())
                    if self.proxy.index(r, 0).data(ItemRole.OBJECT).id == message.id), -1)
        if row >= 0:
            self.table.setCurrentIndex(self.proxy.index(row, Column.SUBJECT))
            self.table.scrollTo(self.table.currentIndex())

    def select_for(self, name: str) -> None:
        """Show only the messages for ``name`` (as the "For" box offers it)."""
        self.for_box.setCurrentIndex(self.for_box.findText(name))
        self._apply_filter()

    # ------------------------------------------------------------------ the opened message

    def open_message(self, message: EventMessage | None) -> None:
        self.message = message
        # Not the whole detail disabled: "No message selected" and the reason under
        # the buttons are read. The buttons say themselves that they are off.
        if message is None:
            self.title.setText("No message selected")
            self.facts.clear()
            self.body.show_body(None)
            self.response_buttons.set_allowed(False, "Select a meeting request first.")
            return
        self.title.setText(message.subject)
        whom = ", ".join(name if address else name.lower()
                         for address, name in self.model.for_whom(message))
        heading = f"{type_words(message)} · from {sent_by(message)} · for {whom}"
        if message.private_withheld:
            self._open_private(message, heading, whom)
            return
        lines = [heading]
        event, request = message.event, kind_of(message) == Kind.REQUEST
        if event is not None:
            lines.append(when(event) + _place(event.location))
            if request and event.response_status is not None:
                response = event.response_status.response
                lines.append(f"Answer so far: {RESPONSE_WORDS.get(response, response)}.")
        elif message.event_withheld:
            time = meeting_time(message, self.model.zone)
            lines.append(f"{time}{_place(message.location)} (as the message gives it)"
                         if time else "")
            lines.append("Outlook sent this message without its meeting's details; the "
                         "meeting is in the calendar, in the Meetings view.")
        elif request:
            lines.append("The meeting is no longer in the calendar (declined or cancelled).")
        self.facts.setText("\n".join(line for line in lines if line))
        if request:  # the meeting's description; a response carries the attendee's comment
            self.body.show_body(event.body if event is not None and event.body
                                else message.body, "No description.")
        else:
            self.body.show_body(message.body, "No comment.")
        can_answer = (request and event is not None
                      and not event.is_cancelled
                      and message.extra.get("meetingRequestType") != "principalWantsCopy")
        why_not = ("Outlook sent this request without its meeting: answer it in the "
                   "Meetings view, or in Outlook." if request and message.event_withheld
                   else "Only a meeting request still in the calendar can be answered; a "
                        "copy for information can't.")
        self.response_buttons.set_allowed(can_answer, "" if can_answer else why_not)

    def _open_private(self, message: EventMessage, heading: str, whom: str) -> None:
        """A private meeting of someone whose private events I may not see: its time,
        and why the rest is hidden (Deputy never received it: app.graph.private_messages)."""
        time = (when(message.event) if message.event is not None
                else meeting_time(message, self.model.zone))
        self.facts.setText("\n".join(line for line in (
            heading,
            time,
            f"A private meeting: its subject, place and description are hidden because "
            f"{whom} has not given you access to private events.",
        ) if line))
        self.body.show_body(None, "Hidden: a private meeting.")
        self.response_buttons.set_allowed(
            False, f"Only {whom}, or a delegate who may see {whom}'s private events, can "
                   "answer a private meeting.")

    def respond(self, action: str) -> None:
        message = self.message
        if message is None or message.event is None or message.private_withheld:
            return
        target = answer_target(message, self.model.for_whom(message))
        organizer = message.from_.email_address.name if message.from_ else ""
        self.dialog = ask_to_respond(self.meetings, target, action, organizer, self)

    def on_workspace_loading_changed(self, what: str, loading: bool) -> None:
        if what == MESSAGES:
            self.busy.set_busy(loading)


def _place(location: dict | None) -> str:
    """ " · Teams" for a meeting's location; "" for none."""
    name = (location or {}).get("displayName")
    return f" · {name}" if name else ""
