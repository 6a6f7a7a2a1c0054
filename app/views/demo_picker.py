"""The demo's sign-in: pick one of the demo tenant's people, or the administrator.

In the demo nobody has a password: choosing a person is signing in as them. Each row
says who the person is in the story (an executive, an assistant...), so a newcomer
can pick the point of view they want to try. The intro comes from the tenant's seed,
so a generated tenant of a thousand mailboxes is not introduced as Contoso's story.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.graph.auth.demo import DemoPerson
from app.views.dialog_parts import ActionDialog
from app.views.list_parts import keyboard_list, search_field

# More people than this and the list gets a field to find one by name or address.
FILTER_FROM = 12


class DemoPickerDialog(ActionDialog):
    """Lists the demo's people; ``chosen()`` is the one picked.

    Enter, a double-click and Sign in all sign in as the selected person; Esc and
    Cancel leave the demo. Deleted once closed: the launcher reads ``chosen()`` when
    it is answered.
    """

    def __init__(self, people: list[DemoPerson], parent: QWidget | None = None, *,
                 intro: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Deputy demo: sign in as")
        self.intro_label = QLabel(
            (intro + " " if intro else "") + "Pick whose eyes to use:")
        self.intro_label.setWordWrap(True)
        self.filter_edit = search_field("Find a person by name or address", "Find a person")
        self.filter_edit.setVisible(len(people) > FILTER_FROM)
        find_label = QLabel("&Find:")  # what a screen reader calls the field; Alt+F
        find_label.setBuddy(self.filter_edit)
        find_label.setVisible(len(people) > FILTER_FROM)
        filter_row = QHBoxLayout()
        filter_row.addWidget(find_label)
        filter_row.addWidget(self.filter_edit, 1)
        self.people_list = keyboard_list(QListWidget())
        self.people_list.setAccessibleName("People you can sign in as")
        self.people_list.setSpacing(3)
        self.people_list.setUniformItemSizes(True)  # a generated tenant lists thousands
        for person in people:
            self.people_list.addItem(_row(person))
        self.people_list.setCurrentRow(0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(filter_row)
        layout.addWidget(self.people_list, 1)
        layout.addLayout(self.action_row("&Sign in", enabled=True))
        self.sign_in_button = self.action_button
        self.people_list.itemActivated.connect(self.on_people_list_activated)
        self.people_list.currentItemChanged.connect(self.on_people_list_current_item_changed)
        self.filter_edit.textChanged.connect(self.on_filter_edit_text_changed)
        self.setFocusProxy(self.filter_edit if self.filter_edit.isVisibleTo(self)
                           else self.people_list)
        self.resize(560, 460)

    def chosen(self) -> DemoPerson | None:
        item = self.people_list.currentItem()
        if item is None or item.isHidden():
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    def choose(self, username: str | None) -> None:
        """Select a person by user name (None: the administrator)."""
        for row in range(self.people_list.count()):
            person = self.people_list.item(row).data(Qt.ItemDataRole.UserRole)
            if (person.username or "").casefold() == (username or "").casefold():
                self.people_list.setCurrentRow(row)
                self.people_list.scrollToItem(self.people_list.item(row))
                return
        raise KeyError(username)

    def accept(self) -> None:
        if self.chosen() is not None:  # nobody matches the filter: nothing to sign in as
            super().accept()

    def on_people_list_activated(self, _item: QListWidgetItem) -> None:
        self.accept()

    def on_people_list_current_item_changed(self, current: QListWidgetItem | None,
                                            _previous: QListWidgetItem | None) -> None:
        found = current is not None and not current.isHidden()
        self.allow_action(found, f"Nobody's name or address has “{self.filter_edit.text()}”.")

    def on_filter_edit_text_changed(self, text: str) -> None:
        """Show the matching people and select the first, so Enter signs in as them."""
        needle = text.strip().casefold()
        first = None
        for row in range(self.people_list.count()):
            item = self.people_list.item(row)
            person: DemoPerson = item.data(Qt.ItemDataRole.UserRole)
            matches = needle in person.display_name.casefold() \
                or needle in (person.username or "").casefold()
            item.setHidden(not matches)
            if matches and first is None:
                first = item
        current = self.people_list.currentItem()
        if current is None or current.isHidden():
            if first is not None:
                self.people_list.setCurrentItem(first)
            else:  # nobody matches: nobody is chosen
                self.people_list.setCurrentRow(-1)
        self.on_people_list_current_item_changed(self.people_list.currentItem(), None)

    def keyPressEvent(self, event) -> None:
        """Up and Down in the find field move through the list, as in a combo box."""
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(event.key())
        if step is None or not self.filter_edit.hasFocus():
            return super().keyPressEvent(event)
        rows = [row for row in range(self.people_list.count())
                if not self.people_list.item(row).isHidden()]
        if rows:
            current = self.people_list.currentRow()
            later = [r for r in rows if (r - current) * step > 0]
            row = (min(later) if step > 0 else max(later)) if later else current
            self.people_list.setCurrentRow(row)
        return None


def _row(person: DemoPerson) -> QListWidgetItem:
    """Two lines: the name and what they do in the story, then the address."""
    detail = person.job_title or ("every mailbox" if person.app_only else "")
    who = person.username or "app-only: no mailbox of its own"
    item = QListWidgetItem(f"{person.display_name}{' — ' + detail if detail else ''}\n"
                           f"    {who}")
    item.setData(Qt.ItemDataRole.UserRole, person)
    item.setToolTip(who)
    return item
