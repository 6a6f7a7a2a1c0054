"""Add someone's mailbox to the sidebar by address, and keep it there (pinned)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.addresses import address_problem
from app.views.dialog_parts import ActionDialog, address_row


class OpenMailboxDialog(ActionDialog):
    """Asks for an address; Open (Enter) only once it looks like one."""

    discard_question = "Discard the address you typed?"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open another mailbox")
        intro = QLabel("Type the address of the person whose calendar you want in the "
                       "sidebar. It stays there until you unpin it.")
        intro.setWordWrap(True)
        form, self.address_edit, self.problem = address_row("name@contoso.com")
        buttons = self.action_row("&Open")
        self.open_button = self.action_button
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.address_edit.textChanged.connect(self.on_address_edit_text_changed)
        self.on_address_edit_text_changed("")
        self.resize(440, self.sizeHint().height())

    @property
    def address(self) -> str:
        return self.address_edit.text().strip()

    def has_input(self) -> bool:
        return bool(self.address)

    def on_address_edit_text_changed(self, _text: str) -> None:
        problem = address_problem(self.address) if self.address else ""
        self.problem.setText(problem)
        self.allow_action(bool(self.address) and not problem,
                          "Correct the address to open it." if problem
                          else "Type an address to open.")
