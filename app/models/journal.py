"""The change journal as a table: one row per recorded change, newest first.

``JournalTableModel`` holds what ``ChangeJournal.entries()`` returned; the journal view
filters it through ``JournalFilter`` (kind, search text) without reading the file again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt

from app.journal import ChangeKind, JournalEntry
from app.models.table import ColumnTableModel, Index

from .item_roles import ItemRole


class Column(IntEnum):
    TIME = 0
    WHO = 1
    ON_BEHALF = 2
    CHANGE = 3
    TARGET = 4
    BEFORE_AFTER = 5
    REQUEST_ID = 6
    OUTCOME = 7


HEADERS = {
    Column.TIME: "Time",
    Column.WHO: "Who",
    Column.ON_BEHALF: "On behalf of",
    Column.CHANGE: "Change",
    Column.TARGET: "Target",
    Column.BEFORE_AFTER: "Before → After",
    Column.REQUEST_ID: "Request id",
    Column.OUTCOME: "Outcome",
}


def local_time(iso: str) -> str:
    """A recorded UTC time in this computer's zone: "21 Nov 2026 15:03:07"."""
    try:
        return f"{datetime.fromisoformat(iso).astimezone():%d %b %Y %H:%M:%S}"
    except ValueError:
        return iso


def before_after(entry: JournalEntry) -> str:
    """ "Can view → Can edit"; only one side when the other is empty (a sent invitation)."""
    if entry.before and entry.after:
        return f"{entry.before} → {entry.after}"
    return entry.after or entry.before


def outcome_words(entry: JournalEntry) -> str:
    """ "Done", "Failed: That already exists."."""
    return entry.outcome[:1].upper() + entry.outcome[1:]


_TEXT: dict[Column, Callable[[JournalEntry], str]] = {
    Column.TIME: lambda entry: local_time(entry.time),
    Column.WHO: lambda entry: entry.identity,
    Column.ON_BEHALF: lambda entry: entry.on_behalf,
    Column.CHANGE: lambda entry: entry.kind_label,
    Column.TARGET: lambda entry: entry.target,
    Column.BEFORE_AFTER: before_after,
    Column.REQUEST_ID: lambda entry: entry.request_id,
    Column.OUTCOME: outcome_words,
}


class JournalTableModel(ColumnTableModel):
    """Recorded changes; ``ItemRole.OBJECT`` returns the JournalEntry, ``ItemRole.KIND``
    its ChangeKind, and ``ItemRole.SORT`` sorts the time column by the moment itself."""

    COLUMNS = Column
    HEADERS = HEADERS

    def set_entries(self, entries: list[JournalEntry]) -> None:
        """Everything the journal holds, read again: the rows are replaced whole."""
        self.beginResetModel()
        self._rows = list(entries)
        self.stale = False
        self.endResetModel()

    @property
    def entries(self) -> list[JournalEntry]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry: JournalEntry = self._rows[index.row()]
        column = Column(index.column())
        if role == ItemRole.SORT and column == Column.TIME:
            return entry.time
        if role in (Qt.ItemDataRole.DisplayRole, ItemRole.SORT):
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (
                Column.TARGET, Column.BEFORE_AFTER, Column.OUTCOME):
            return self._text(entry, column)  # long words are cut in the cell
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.TIME:
            return f"{entry.time} (UTC)"
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._dimmed(entry)
        if role == ItemRole.OBJECT:
            return entry
        if role == ItemRole.KIND:
            return entry.kind
        return None

    @staticmethod
    def _text(entry: JournalEntry, column: Column) -> str:
        return _TEXT[column](entry)

class JournalFilter(QSortFilterProxyModel):
    """Keeps the changes of one kind containing the search text; None and "" keep all.

    Attributes:
        kind: the kind kept, or None for every kind.
        text: what any of a change's words must contain (any case).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(ItemRole.SORT)
        self.kind: ChangeKind | None = None
        self.text = ""

    def set_filter(self, kind: ChangeKind | None, text: str) -> None:
        self.beginFilterChange()
        self.kind, self.text = kind, text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        entry: JournalEntry = self.sourceModel().index(source_row, 0, source_parent).data(
            ItemRole.OBJECT)
        if self.kind is not None and entry.kind != self.kind:
            return False
        return entry.matches(self.text)

    def shown(self) -> list[JournalEntry]:
        """The changes kept, in the order the table shows them."""
        return [self.index(row, 0).data(ItemRole.OBJECT) for row in range(self.rowCount())]
