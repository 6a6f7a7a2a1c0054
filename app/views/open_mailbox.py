"""Add someone's mailbox to the sidebar by address, and keep it there (pinned)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.addresses import address_problem
from app.views.dialog_parts import action_buttons, address_row


class OpenMailboxDialog(QDialog):
    """Asks for an address; OK only once it looks like one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open another mailbox")
        intro = QLabel("Type the address of the person whose calendar you want in the "
                       "sidebar. It stays there until you unpin it.")
        intro.setWordWrap(True)
        form, self.address_edit, self.problem = address_row("name@contoso.com")
        buttons, self.open_button = action_buttons(self, "&Open")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.address_edit.textChanged.connect(self.on_address_edit_text_changed)
        self.resize(420, self.sizeHint().height())

    @property
    def address(self) -> str:
        return self.address_edit.text().strip()

    def on_address_edit_text_changed(self, _text: str) -> None:
        problem = address_problem(self.address) if self.address else ""
        self.problem.setText(problem)
        self.open_button.setEnabled(bool(self.address) and not problem)
