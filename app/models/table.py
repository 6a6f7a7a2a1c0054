"""The part every Deputy table model shares: fixed columns with their headers."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from enum import IntEnum
from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QPalette

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


def replace_keyed(model: QAbstractItemModel, rows: list[Row], wanted: list[Row],
                  key: Callable[[Row], Hashable]) -> None:
    """Make ``rows`` (the flat model's own list) equal to ``wanted``, in order, by
    removing, moving, inserting and updating rows, never by a reset: a reload keeps the
    person's selection, current row and scroll position, and "Change access…" stays on
    the row they chose.

    Neighbouring rows that go or come go or come in one step each: a first read of 800
    meeting messages is one insertion, not 800 (each one a round of work for every
    view and filter on the model, which froze the window for a third of a second).
    Keys in ``wanted`` are unique.
    """
    keep = {key(r) for r in wanted}
    row = len(rows) - 1
    while row >= 0:
        if key(rows[row]) in keep:
            row -= 1
            continue
        last = row
        while row > 0 and key(rows[row - 1]) not in keep:
            row -= 1
        model.beginRemoveRows(QModelIndex(), row, last)
        del rows[row:last + 1]
        model.endRemoveRows()
        row -= 1
    present = {key(r) for r in rows}
    # A list model's columnCount is private to Qt's bindings: it has one column.
    last_column = 0 if isinstance(model, QAbstractListModel) else model.columnCount() - 1
    position = 0
    while position < len(wanted):
        item = wanted[position]
        item_key = key(item)
        if item_key not in present:
            end = position + 1
            while end < len(wanted) and key(wanted[end]) not in present:
                end += 1
            model.beginInsertRows(QModelIndex(), position, end - 1)
            rows[position:position] = wanted[position:end]
            model.endInsertRows()
            position = end
            continue
        if key(rows[position]) != item_key:
            found = next(i for i in range(position + 1, len(rows)) if key(rows[i]) == item_key)
            model.beginMoveRows(QModelIndex(), found, found, QModelIndex(), position)
            rows.insert(position, rows.pop(found))
            model.endMoveRows()
        if rows[position] != item:
            rows[position] = item
            model.dataChanged.emit(model.index(position, 0), model.index(position, last_column))
        position += 1


class ColumnTableModel(QAbstractTableModel):
    """A flat table whose columns are an IntEnum; subclasses keep their rows in ``_rows``.

    Signals:
        replaced(): the rows were read again and are in (changed or not); rows are
            updated in place, never reset, so this is the moment to act on a reload.

    Attributes:
        COLUMNS: the column enum.
        HEADERS: each column's header text.
        stale: the rows are being read again; views draw them greyed until then.
    """

    replaced = Signal()
    COLUMNS: ClassVar[type[IntEnum]]
    HEADERS: ClassVar[dict[Any, str]]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self.stale = False

    def set_stale(self, stale: bool) -> None:
        if stale != self.stale:
            self.stale = stale
            self._all_changed([Qt.ItemDataRole.ForegroundRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.HEADERS[self.COLUMNS(section)]
        return None

    def _replace_rows(self, wanted: list[Any]) -> None:
        """Show ``wanted`` (rows exposing ``id``) without a reset, then redraw every row
        there was before: what they show (greyed while stale, who may edit) may have
        changed too. Rows that all came new need no more: the views and filters read
        them as they came (a second round over 800 new meeting messages, filtered and
        sorted again, held the window some 10 ms at the desk's first read)."""
        had_rows = bool(self._rows)
        replace_keyed(self, self._rows, wanted, key=lambda row: row.id)
        self.stale = False
        if had_rows:
            self._all_changed([])
        self.replaced.emit()

    def row_of(self, item_id: str) -> int:
        """The row whose item has this Graph id, or -1; rows expose ``id``."""
        return next((i for i, r in enumerate(self._rows) if r.id == item_id), -1)

    def drop_pending(self, item_id: str) -> None:
        """A change failed: show the row as the server has it (rows hold ``pending``)."""
        row = self.row_of(item_id)
        if row >= 0:
            self._rows[row].pending = None
            self._row_changed(row)

    def _dimmed(self, row: Any) -> QColor | None:
        """Quieter text for rows being reloaded or with a change on its way: still
        4.5:1 on the table (the disabled grey was 1.9:1), because they are still read."""
        if self.stale or getattr(row, "pending", None):
            # Deputy's secondary text colour (app.views.palette.readable sets it).
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def _accepts_edit(self, index: Index, role: int) -> bool:
        """``setData``'s first check: an edit, of a cell that may be edited."""
        return (role == Qt.ItemDataRole.EditRole and index.isValid()
                and bool(self.flags(index) & Qt.ItemFlag.ItemIsEditable))

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def _all_changed(self, roles: list[int]) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.COLUMNS) - 1), roles)
