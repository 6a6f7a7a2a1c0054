"""Side by side as a table: a row per half hour, a column per person, each block in the
cell of its first slot (the view spans it over the rest). A screen reader reads each
cell as "Alex Wilber, 09:00 to 09:45, Busy"; the keyboard moves cell by cell."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from app.attention.grid import STATUS_WORDS, Block, day_slots
from app.contrast import blend

Index = QModelIndex | QPersistentModelIndex
# Show-as colours: Outlook's meaning (busy blue, tentative light, away purple), mixed
# with the window's base so text keeps its contrast in light and dark palettes.
STATUS_COLOURS = {"busy": "#3a7bd5", "tentative": "#9fc3f0", "oof": "#8e5bb5",
                  "workingElsewhere": "#5aa469", "unknown": "#3a7bd5"}
MIX = 0.35  # how much of the show-as colour is in a block's background


class ScheduleGridModel(QAbstractTableModel):
    """The day's blocks; ``spans`` for the view.

    Attributes:
        people: (address, name) per column.
        day, zone: the day shown and the zone of its times.
        blocks: every block shown.
        working: per column, the slots within that person's working hours.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.people: list[tuple[str, str]] = []
        self.day = date.today()
        self.zone: tzinfo | None = None
        self.blocks: list[Block] = []
        self.working: list[set[int]] = []
        self._slots: list[datetime] = []
        self._at: dict[tuple[int, int], Block] = {}

    def set_day(self, people: list[tuple[str, str]], day: date, zone: tzinfo,
                blocks: list[Block], working: list[set[int]]) -> None:
        self.beginResetModel()  # another day: every cell is another
        self.people, self.day, self.zone = list(people), day, zone
        self.blocks, self.working = list(blocks), list(working)
        self._slots = day_slots(day, zone)
        self._at = {(b.first, b.column): b for b in blocks}
        self.endResetModel()

    def spans(self) -> list[Block]:
        return [b for b in self.blocks if b.slots > 1]

    def block_at(self, index: Index) -> Block | None:
        """The block whose first slot this cell is."""
        return self._at.get((index.row(), index.column())) if index.isValid() else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._slots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self.people)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.people):
            return self.people[section][1]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._slots):
            return f"{self._slots[section]:%H:%M}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._slots) \
                or index.column() >= len(self.people):
            return None
        block = self._at.get((index.row(), index.column()))
        if role == Qt.ItemDataRole.DisplayRole:
            return block.words if block else None
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._spoken(index, block)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(index, block)
        return None

    def _spoken(self, index: Index, block: Block | None) -> str:
        name = self.people[index.column()][1]
        if block is None:
            slot = self._slots[index.row()]
            working = index.row() in self.working[index.column()] if self.working else False
            return f"{name}, {slot:%H:%M}, free{'' if working else ', outside working hours'}"
        start, end = block.start.astimezone(self.zone), block.end.astimezone(self.zone)
        status = STATUS_WORDS.get(block.status, "Busy")
        what = block.words if block.words != status else ""
        return ", ".join(part for part in (name, f"{start:%H:%M} to {end:%H:%M}", status, what)
                         if part)

    def _background(self, index: Index, block: Block | None) -> QColor | None:
        palette = QGuiApplication.palette()
        base = palette.color(QPalette.ColorRole.Base)
        if block is not None:
            return QColor(blend(base.name(), STATUS_COLOURS.get(block.status, "#3a7bd5"), MIX))
        working = self.working[index.column()] if index.column() < len(self.working) else set()
        if index.row() not in working:  # outside working hours: the quieter shade
            return palette.color(QPalette.ColorRole.AlternateBase)
        return None

