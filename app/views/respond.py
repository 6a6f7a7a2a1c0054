"""Accept, tentatively accept or decline a meeting, perhaps for someone else.

The dialog says whose answer it is before anything is sent, takes an optional
comment, and lets the person answer without telling the organizer.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.meetings.part import EventTarget, Meetings
from app.views.dialog_parts import ActionDialog, explanation
from app.views.plain_text import plain_label, plain_tip

ACTIONS = {
    "accept": ("Accept", "&Accept"),
    "tentativelyAccept": ("Tentatively accept", "&Tentatively accept"),
    "decline": ("Decline", "&Decline"),
}

BUTTON_TEXT = {"accept": "&Accept…", "tentativelyAccept": "T&entative…",  # Alt+T: Today
               "decline": "&Decline…"}


class RespondDialog(ActionDialog):
    """Asks for the comment and whether to send a response; the caller sends it.

    Enter answers, from the comment too (a comment is a line or two, and the person who
    opens "Accept…" and presses Enter means Accept); Shift+Enter starts a new line.
    """

    discard_question = "Discard your comment?"

    def __init__(self, target: EventTarget, action: str, organizer: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title, button = ACTIONS[action]
        self.action = action
        self.setWindowTitle(f"{title} “{target.subject}”")
        whose = f" for {target.owner_name}" if target.owner_name else ""
        self.heading = heading = plain_label(f"{title} “{target.subject}”{whose}?")
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        seen_as = (f"{organizer or 'The organizer'} will see the answer as coming from "
                   f"{target.owner_name}, sent by you on their behalf." if target.owner_name
                   else f"{organizer or 'The organizer'} will see your answer.")
        if action == "decline":
            seen_as += " The meeting is removed from the calendar."
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText("Optional; Shift+Enter starts a new line")
        self.comment.setAccessibleName("Comment for the organizer")
        comment_label = QLabel("&Comment for the organizer:")
        comment_label.setBuddy(self.comment)
        self.comment.setTabChangesFocus(True)
        self.comment.installEventFilter(self)
        self.send_response = QCheckBox("&Send a response to the organizer")
        self.send_response.setChecked(True)
        self.send_response.toggled.connect(self.comment.setEnabled)
        buttons = self.action_row(button, enabled=True)
        self.accept_button = self.action_button
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation(seen_as))
        layout.addWidget(comment_label)
        layout.addWidget(self.comment)
        layout.addWidget(self.send_response)
        layout.addLayout(buttons)
        self.resize(440, 280)

    def has_input(self) -> bool:
        return bool(self.comment.toPlainText().strip())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the comment answers; Shift+Enter is a new line."""
        if (watched is self.comment and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.trigger_action()
            return True
        return super().eventFilter(watched, event)

    @property
    def comment_text(self) -> str:
        return self.comment.toPlainText().strip() if self.send_response.isChecked() else ""


def ask_to_respond(meetings: Meetings, target: EventTarget, action: str, organizer: str,
                   parent: QWidget) -> RespondDialog:
    """Open the dialog; its OK sends the answer through ``meetings``."""
    dialog = RespondDialog(target, action, organizer, parent)
    dialog.accepted.connect(lambda: meetings.respond(
        target, action, dialog.comment_text, dialog.send_response.isChecked()))
    dialog.open()
    return dialog


class ResponseButtons(QWidget):
    """Accept / Tentative / Decline, enabled together, with the reason when not.

    Signals:
        chosen(action): "accept", "tentativelyAccept" or "decline".
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        layout.addLayout(row)
        self.buttons: dict[str, QPushButton] = {}
        for action in ACTIONS:
            button = QPushButton(BUTTON_TEXT[action])
            button.clicked.connect(self._emitter(action))
            self.buttons[action] = button
            row.addWidget(button)
        row.addStretch(1)
        # Why they are off, readable under them (not only in the disabled buttons).
        self.reason = explanation()
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setAccessibleDescription("Why you can't answer")
        layout.addWidget(self.reason)

    def _emitter(self, action: str):
        """A slot without parameters: PySide (on Python 3.11) mishandles a lambda whose
        default argument is a bool, over-releasing ``False`` until the interpreter aborts."""
        return lambda: self.chosen.emit(action)

    def set_allowed(self, allowed: bool, reason: str = "") -> None:
        self.reason.setText("" if allowed else reason)
        self.reason.setVisible(not allowed and bool(reason))
        for action, button in self.buttons.items():
            button.setEnabled(allowed)
            button.setToolTip(plain_tip(reason) if not allowed else f"{ACTIONS[action][0]}, with "
                                                                     "an optional comment")
