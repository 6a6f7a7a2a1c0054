"""Side by side as a table: a row per half hour; a column per person (a day) or per
person's day (a week, each person's days a group); each block in the cell of its first
slot (the view spans it over the rest). A screen reader reads each cell as "Alex Wilber,
Tue 8 Dec, 09:00 to 09:45, Busy"; the keyboard moves cell by cell."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from app.attention.grid import SLOT, STATUS_WORDS, Block, columns, day_slots
from app.contrast import blend
from app.words import shortened

Index = QModelIndex | QPersistentModelIndex
# Show-as colours: Outlook's meaning (busy blue, tentative light, away purple), mixed
# with the window's base so text keeps its contrast in light and dark palettes.
STATUS_COLOURS = {"busy": "#3a7bd5", "tentative": "#9fc3f0", "oof": "#8e5bb5",
                  "workingElsewhere": "#5aa469", "unknown": "#3a7bd5"}
FREE_COLOUR = "#f2b632"  # a common free time Find a time proposes: amber, no show-as has it
MIX = 0.35  # how much of the show-as colour is in a block's background
SUBJECT_MOST = 80  # a subject anyone wrote: cut before layout, whatever the cell's size
FREE, OUTSIDE = "proposed", "outside"  # the backgrounds of free time found, off hours
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.BackgroundRole})


class GridRole(IntEnum):
    """What the grouped header paints: the group's band (whose, in which zone) and
    the line under it (the day in a week, nothing in a day)."""

    GROUP = Qt.ItemDataRole.UserRole + 40
    SUBTITLE = Qt.ItemDataRole.UserRole + 41


class ScheduleGridModel(QAbstractTableModel):
    """The blocks of the days shown; ``spans`` for the view.

    Attributes:
        people: (address, name) per person.
        zones: per person, the time zone of their mailbox settings ("" unknown).
        days: the days shown (one, or a week); ``day`` the first.
        zone: the zone of the times shown (the rows).
        blocks: every block shown.
        working: per column, the slots within that person's working hours.
        proposed: cells of a common free time (Find a time), (row, column).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.people: list[tuple[str, str]] = []
        self.zones: list[str] = []
        self.days = [date.today()]
        self.zone: tzinfo | None = None
        self.blocks: list[Block] = []
        self.working: list[set[int]] = []
        self.proposed: set[tuple[int, int]] = set()
        self._columns: list[tuple[int, date]] = []
        self._slots: list[datetime] = []
        self._at: dict[tuple[int, int], Block] = {}
        self._colour_cache: dict[str, QColor] = {}

    @property
    def day(self) -> date:
        return self.days[0]

    @property
    def week(self) -> bool:
        return len(self.days) > 1

    def set_grid(self, people: list[tuple[str, str]], zones: list[str], days: list[date],
                 zone: tzinfo, blocks: list[Block], working: list[set[int]]) -> None:
        self.beginResetModel()  # other days or people: every cell is another
        self.people, self.zones, self.days, self.zone = list(people), list(zones), \
            list(days), zone
        self.blocks, self.working = list(blocks), list(working)
        self.proposed = set()
        self._columns = columns(len(people), self.days)
        self._slots = day_slots(self.days[0], zone)
        self._at = {(b.first, b.column): b for b in blocks}
        self.endResetModel()

    def set_proposed(self, cells: set[tuple[int, int]]) -> None:
        """Mark the cells of common free times (none: clear them)."""
        changed = self.proposed | cells
        self.proposed = set(cells)
        if changed and self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1,
                                                               self.columnCount() - 1),
                                  [Qt.ItemDataRole.BackgroundRole,
                                   Qt.ItemDataRole.AccessibleTextRole,
                                   Qt.ItemDataRole.ToolTipRole])

    def spans(self) -> list[Block]:
        return [b for b in self.blocks if b.slots > 1]

    @staticmethod
    def shown_words(block: Block) -> str:
        """A block's words as shown: a subject anyone wrote, cut before it is laid out."""
        return shortened(block.words, SUBJECT_MOST)

    def block_at(self, index: Index) -> Block | None:
        """The block whose first slot this cell is."""
        return self._at.get((index.row(), index.column())) if index.isValid() else None

    def person_of(self, column: int) -> int:
        return self._columns[column][0]

    def day_of(self, column: int) -> date:
        return self._columns[column][1]

    def group_of(self, column: int) -> tuple[int, int]:
        """The first column of this column's person and how many they have."""
        count = len(self.days)
        return column - column % count, count

    def column_of(self, person: int, day: date) -> int:
        """The column of ``person`` on ``day`` (-1: not shown)."""
        if day not in self.days:
            return -1
        return person * len(self.days) + self.days.index(day)

    def slot_start(self, row: int, column: int) -> datetime:
        """When the slot of this cell begins (in ``zone``): the day's own date, at the
        row's time (a day across a clock change keeps its rows' wall times)."""
        at = self._slots[row]
        return datetime.combine(self.day_of(column), at.time(), at.tzinfo)

    def slot_end(self, row: int, column: int) -> datetime:
        return self.slot_start(row, column) + SLOT

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._slots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._slots):
                return f"{self._slots[section]:%H:%M}"
            return None
        if not 0 <= section < len(self._columns):
            return None
        person, day = self._columns[section]
        name = shortened(self.people[person][1], SUBJECT_MOST)
        zone = self.zones[person] if person < len(self.zones) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{name}, {day:%a %d}" if self.week else name
        if role == GridRole.GROUP:  # a week's band says the zone its line can't
            return f"{name} · {zone}" if self.week and zone else name
        if role == GridRole.SUBTITLE:
            return f"{day:%a %d}" if self.week else (zone or "Time zone not known")
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            where = f"works in {zone}" if zone else "time zone not known"
            return f"{name}, {day:%a %d %b}, {where}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Asked for a dozen roles per cell at every paint: the others answered at once.
        if role not in _ROLES or not index.isValid() or index.row() >= len(self._slots) \
                or index.column() >= len(self._columns):
            return None
        block = self._at.get((index.row(), index.column()))
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown_words(block) if block else None
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._spoken(index, block)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(index, block)
        return None

    def _spoken(self, index: Index, block: Block | None) -> str:
        row, column = index.row(), index.column()
        name = shortened(self.people[self.person_of(column)][1], SUBJECT_MOST)
        day = f", {self.day_of(column):%a %d %b}" if self.week else ""
        if block is None:
            slot = self.slot_start(row, column)
            working = row in self.working[column] if column < len(self.working) else False
            free = "free for everyone chosen" if (row, column) in self.proposed else "free"
            return (f"{name}{day}, {slot:%H:%M}, {free}"
                    f"{'' if working else ', outside working hours'}")
        start, end = block.start.astimezone(self.zone), block.end.astimezone(self.zone)
        status = STATUS_WORDS.get(block.status, "Busy")
        what = shortened(block.words, SUBJECT_MOST) if block.words != status else ""
        return ", ".join(part for part in (f"{name}{day}", f"{start:%H:%M} to {end:%H:%M}",
                                           status, what) if part)

    def _background(self, index: Index, block: Block | None) -> QColor | None:
        colours = self.colours()
        if block is not None:
            return colours.get(block.status, colours["busy"])
        if (index.row(), index.column()) in self.proposed:
            return colours[FREE]
        working = self.working[index.column()] if index.column() < len(self.working) else set()
        if index.row() not in working:  # outside working hours: the quieter shade
            return colours[OUTSIDE]
        return None

    def colours(self) -> dict[str, QColor]:
        """Each background, mixed once per palette (not once per cell and paint): the
        view says when the palette changed (``palette_changed``)."""
        if not self._colour_cache:
            palette = QGuiApplication.palette()
            base = palette.color(QPalette.ColorRole.Base).name()
            self._colour_cache = {status: QColor(blend(base, colour, MIX))
                                  for status, colour in STATUS_COLOURS.items()}
            self._colour_cache[FREE] = QColor(blend(base, FREE_COLOUR, MIX))
            self._colour_cache[OUTSIDE] = palette.color(QPalette.ColorRole.AlternateBase)
        return self._colour_cache

    def palette_changed(self) -> None:
        """The application's colours changed (light to dark): mix the backgrounds again."""
        self._colour_cache = {}
        if self._slots and self._columns:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._slots) - 1, len(self._columns) - 1),
                                  [Qt.ItemDataRole.BackgroundRole])

