"""The entries of a searchable combo box, made only as they are shown.

The matrix's person and mailbox boxes list every person and every mailbox: 100,000
each in the largest tenants. Added one by one (``QComboBox.addItem``) they held the
window for 2 s at 20,000; here the box's model is a count and two functions, and an
entry's text is made when the list or its completer shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from app.models.table import Index

KEY_ROLE = Qt.ItemDataRole.UserRole  # what ``QComboBox.itemData`` reads


class ChoicesModel(QAbstractListModel):
    """"Everyone" (key "") first, then ``count`` entries, entry ``i`` shown as
    ``text(i)`` and chosen as ``key(i)``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._first = ""
        self._count = 0
        self._text: Callable[[int], str] = str
        self._key: Callable[[int], str] = str
        self._index: Mapping[str, int] | None = None
        self._keys_by_text: dict[str, str] | None = None

    def set_choices(self, first: str, count: int, text: Callable[[int], str],
                    key: Callable[[int], str], index: Mapping[str, int] | None = None) -> None:
        """``index``: each entry's number by its key, where it is known already (made
        off the GUI thread); else made the first time an entry is looked up by key."""
        self.beginResetModel()
        self._first, self._count, self._text, self._key = first, count, text, key
        self._index, self._keys_by_text = index, None
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else 1 + self._count

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._first if row == 0 else self._text(row - 1)
        if role == KEY_ROLE:
            return "" if row == 0 else self._key(row - 1)
        return None

    def row_of(self, key: str) -> int:
        """The row of the entry ``key`` ("" or unknown: the first row)."""
        if not key:
            return 0
        if self._index is None:  # the first time: a finding's "show in matrix"
            self._index = {self._key(i): i for i in range(self._count)}
        found = self._index.get(key)
        return 0 if found is None else found + 1

    def key_of_text(self, text: str, current: int) -> str:
        """The key of the entry shown as ``text`` (ignoring case), "" if none is;
        ``current``, the box's current row, is looked at first: almost always it."""
        if 0 < current <= self._count and self._text(current - 1).casefold() == text.casefold():
            return self._key(current - 1)
        if not text or text.casefold() == self._first.casefold():
            return ""
        if self._keys_by_text is None:  # typed, not picked: every entry's text, once
            self._keys_by_text = {}
            for i in range(self._count):
                self._keys_by_text.setdefault(self._text(i).casefold(), self._key(i))
        return self._keys_by_text.get(text.casefold(), "")
