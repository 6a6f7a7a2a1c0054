"""The demo's sign-in: pick one of the Contoso people, or the administrator.

In the demo nobody has a password: choosing a person is signing in as them. Each row
says who the person is in the story (an executive, an assistant...), so a newcomer
can pick the point of view they want to try.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.graph.auth.demo import DemoPerson


class DemoPickerDialog(QDialog):
    """Lists the demo's people; ``chosen()`` is the one picked."""

    def __init__(self, people: list[DemoPerson], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Deputy demo: sign in as")
        intro = QLabel(
            "This demo runs against a built-in Contoso tenant. Pick whose eyes to use: "
            "Adele Vance is an assistant with delegate access to Alex Wilber's and "
            "Patti Fernandez's calendars; the administrator sees every mailbox."
        )
        intro.setWordWrap(True)
        self.people_list = QListWidget()
        self.people_list.setAccessibleName("People you can sign in as")
        self.people_list.setSpacing(3)
        for person in people:
            detail = person.job_title or ("every mailbox" if person.app_only else "")
            who = person.username or "app-only: no mailbox of its own"
            item = QListWidgetItem(f"{person.display_name} — {detail}\n    {who}")
            item.setData(Qt.ItemDataRole.UserRole, person)
            item.setToolTip(who)
            self.people_list.addItem(item)
        self.people_list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = buttons.addButton("&Sign in", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.people_list, 1)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.people_list.itemActivated.connect(self.on_people_list_activated)
        self.resize(520, 420)

    def chosen(self) -> DemoPerson | None:
        item = self.people_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def choose(self, username: str | None) -> None:
        """Select a person by user name (None: the administrator)."""
        for row in range(self.people_list.count()):
            person = self.people_list.item(row).data(Qt.ItemDataRole.UserRole)
            if person.username == username:
                self.people_list.setCurrentRow(row)
                return
        raise KeyError(username)

    def on_people_list_activated(self, _item: QListWidgetItem) -> None:
        self.accept()
