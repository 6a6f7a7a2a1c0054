"""Find a time's answers as a list: one row per run of common free time ("Tue 08 Dec,
10:00 to 12:00"); ``ItemRole.OBJECT`` gives the FreeTime."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.attention.free_times import FreeTime
from app.models.item_roles import ItemRole
from app.zones import zone_info

Index = QModelIndex | QPersistentModelIndex


class FreeTimesModel(QAbstractListModel):
    """The free times last found, in the zone of the grid.

    Attributes:
        times: the runs, earliest first.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.times: list[FreeTime] = []
        self.zone: tzinfo = zone_info("UTC")

    def set_times(self, times: list[FreeTime], zone: tzinfo) -> None:
        self.beginResetModel()  # another search: every row is another
        self.times, self.zone = list(times), zone
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self.times)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.times):
            return None
        time = self.times[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return time.words(self.zone)
        if role == ItemRole.OBJECT:
            return time
        return None
