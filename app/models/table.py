"""The part every Deputy table model shares: fixed columns with their headers."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

Index = QModelIndex | QPersistentModelIndex


class ColumnTableModel(QAbstractTableModel):
    """A flat table whose columns are an IntEnum; subclasses keep their rows in ``_rows``.

    Attributes:
        COLUMNS: the column enum.
        HEADERS: each column's header text.
        stale: the rows are being read again; views draw them greyed until then.
    """

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
