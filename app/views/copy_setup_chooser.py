"""Copy a delegate set-up, first step: whose set-up, and to which mailboxes.

Two lists of the snapshot's mailboxes, each with a search field above it: the source is
one row chosen, the targets are ticked (Space ticks the current row). Typing in a
search field narrows its list at once; Down goes into the list. The source can't be
ticked as a target. Nothing is read from the tenant here: the next step (the preview)
reads everything live.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.addresses import name_and_address
from app.views.dialog_parts import explanation
from app.views.list_parts import heading_label, keyboard_list, search_field
from app.views.plain_text import plain_label
from app.words import counted

ADDRESS = Qt.ItemDataRole.UserRole


class CopySetupChooser(QDialog):
    """Choose the source mailbox and the target mailboxes of a copied set-up.

    Signals:
        chosen(str, list): the source's address and the targets', on Preview.

    Attributes:
        source_search, source_list, target_search, target_list, chosen_label,
        preview_button: the parts, for tests.
    """

    chosen = Signal(str, list)

    def __init__(self, names: Mapping[str, str], mailboxes: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Copy a delegate set-up")
        heading = heading_label()
        heading.setText("Copy a delegate set-up")
        about = explanation("The mailboxes you tick get the delegates and roles of one "
                            "executive's calendar, and who receives its meeting requests. "
                            "You see every change, read from the tenant, before anything "
                            "is sent.")
        order = sorted(mailboxes, key=lambda m: (names.get(m) or m).casefold())
        self.source_search = search_field("Search by name or address", "Search the source")
        self.source_list = self._list("Source mailbox", names, order, checkable=False)
        self.target_search = search_field("Search by name or address", "Search the targets")
        self.target_list = self._list("Target mailboxes", names, order, checkable=True)
        source_label = QLabel("Copy the set-up &of:")
        source_label.setBuddy(self.source_search)
        target_label = QLabel("&To these mailboxes:")
        target_label.setBuddy(self.target_search)
        self.chosen_label = plain_label()
        self.preview_button = QPushButton("&Preview the changes…")
        self.preview_button.setDefault(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        grid = QGridLayout()
        grid.addWidget(source_label, 0, 0)
        grid.addWidget(target_label, 0, 1)
        grid.addWidget(self.source_search, 1, 0)
        grid.addWidget(self.target_search, 1, 1)
        grid.addWidget(self.source_list, 2, 0)
        grid.addWidget(self.target_list, 2, 1)
        grid.addWidget(self.chosen_label, 3, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(about)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        self.resize(720, 480)

        for search, view in ((self.source_search, self.source_list),
                             (self.target_search, self.target_list)):
            search.textChanged.connect(self._narrow_slot(view))
            search.installEventFilter(self)
        self.source_search.returnPressed.connect(self._take_first_source)
        self.source_list.currentItemChanged.connect(self.on_source_list_current_item_changed)
        self.target_list.itemChanged.connect(self._update)
        buttons.accepted.connect(self.on_preview)
        buttons.rejected.connect(self.reject)
        self._update()

    @staticmethod
    def _list(name: str, names: Mapping[str, str], order: Sequence[str], *,
              checkable: bool) -> QListWidget:
        view = keyboard_list(QListWidget())
        view.setAccessibleName(name)
        for address in order:
            item = QListWidgetItem(name_and_address(names.get(address) or None, address))
            item.setData(ADDRESS, address)
            if checkable:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            view.addItem(item)
        return view

    def _items(self, view: QListWidget) -> list[QListWidgetItem]:
        return [view.item(row) for row in range(view.count())]

    @property
    def source(self) -> str | None:
        item = self.source_list.currentItem()
        return None if item is None or item.isHidden() else str(item.data(ADDRESS))

    @property
    def targets(self) -> list[str]:
        return [str(item.data(ADDRESS)) for item in self._items(self.target_list)
                if item.checkState() == Qt.CheckState.Checked]

    def _narrow_slot(self, view: QListWidget):
        def narrow(text: str) -> None:
            wanted = text.strip().casefold()
            for item in self._items(view):
                item.setHidden(bool(wanted) and wanted not in item.text().casefold())
        return narrow

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down (or Up) in a search field goes into its list, on the first row shown."""
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            view = self.source_list if watched is self.source_search else self.target_list
            shown = [item for item in self._items(view) if not item.isHidden()]
            if shown:
                current = view.currentItem()
                view.setCurrentItem(current if current in shown else shown[0])
                view.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _take_first_source(self) -> None:
        """Enter in the source's search: the first mailbox shown is the source."""
        shown = [item for item in self._items(self.source_list) if not item.isHidden()]
        if shown:
            self.source_list.setCurrentItem(shown[0])
            self.target_search.setFocus()

    def on_source_list_current_item_changed(self, *_: object) -> None:
        """The source can't be a target: its row there is unticked and disabled."""
        source = self.source
        self.target_list.blockSignals(True)
        for item in self._items(self.target_list):
            is_source = item.data(ADDRESS) == source
            flags = item.flags()
            if is_source:
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled)
        self.target_list.blockSignals(False)
        self._update()

    def _update(self, *_: object) -> None:
        source, targets = self.source, self.targets
        if source is None:
            self.chosen_label.setText("Choose whose set-up to copy, on the left.")
        elif not targets:
            self.chosen_label.setText("Tick the mailboxes to copy it to (Space ticks).")
        else:
            self.chosen_label.setText(f"{counted(len(targets), 'mailbox')} ticked.")
        self.preview_button.setEnabled(source is not None and bool(targets))

    def on_preview(self) -> None:
        source = self.source
        if source is None or not self.targets:
            return
        self.chosen.emit(source, self.targets)
        self.accept()
