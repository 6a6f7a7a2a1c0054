"""Accept, tentatively accept or decline a meeting, perhaps for someone else.

The dialog says whose answer it is before anything is sent, takes an optional
comment, and lets the person answer without telling the organizer.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.meetings import EventTarget, Meetings
from app.views.dialog_parts import action_buttons, explanation

ACTIONS = {
    "accept": ("Accept", "&Accept"),
    "tentativelyAccept": ("Tentatively accept", "&Tentatively accept"),
    "decline": ("Decline", "&Decline"),
}

BUTTON_TEXT = {"accept": "&Accept…", "tentativelyAccept": "&Tentative…",
               "decline": "&Decline…"}


class RespondDialog(QDialog):
    """Asks for the comment and whether to send a response; the caller sends it."""

    def __init__(self, target: EventTarget, action: str, organizer: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title, button = ACTIONS[action]
        self.action = action
        self.setWindowTitle(f"{title} “{target.subject}”")
        whose = f" for {target.owner_name}" if target.owner_name else ""
        self.heading = heading = QLabel(f"{title} “{target.subject}”{whose}?")
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
        self.comment.setPlaceholderText("A comment for the organizer (optional)")
        self.comment.setAccessibleName("Comment")
        self.comment.setTabChangesFocus(True)
        self.send_response = QCheckBox("&Send a response to the organizer")
        self.send_response.setChecked(True)
        self.send_response.toggled.connect(self.comment.setEnabled)
        buttons, self.accept_button = action_buttons(self, button, enabled=True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation(seen_as))
        layout.addWidget(self.comment)
        layout.addWidget(self.send_response)
        layout.addWidget(buttons)
        self.resize(440, 280)

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
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for action in ACTIONS:
            button = QPushButton(BUTTON_TEXT[action])
            button.clicked.connect(self._emitter(action))
            self.buttons[action] = button
            layout.addWidget(button)
        layout.addStretch(1)

    def _emitter(self, action: str):
        """A slot without parameters: PySide (on Python 3.11) mishandles a lambda whose
        default argument is a bool, over-releasing ``False`` until the interpreter aborts."""
        return lambda: self.chosen.emit(action)

    def set_allowed(self, allowed: bool, reason: str = "") -> None:
        for action, button in self.buttons.items():
            button.setEnabled(allowed)
            button.setToolTip(reason if not allowed else f"{ACTIONS[action][0]}, with an "
                                                         "optional comment")
