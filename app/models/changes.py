"""What changed between two snapshots, as a table: one row per person and calendar,
and one per mailbox whose meeting-message delivery changed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import Qt

from app.addresses import name_and_address
from app.graph.roles import delivery_label, role_label
from app.models.item_roles import ItemRole
from app.models.table import ColumnTableModel, Index
from app.review.changes import Comparison, Kind
from app.sorting import places_in_order


class Column(IntEnum):
    MAILBOX = 0
    CALENDAR = 1
    PERSON = 2
    CHANGE = 3
    BEFORE = 4
    AFTER = 5


@dataclass(frozen=True)
class ChangeRow:
    """A row as shown: ``person`` is "" on a delivery-option row."""

    mailbox: str
    calendar: str
    person: str
    kind: Kind
    before: str
    after: str


def rows_of(comparison: Comparison) -> list[ChangeRow]:
    rows = [ChangeRow(c.mailbox, c.calendar_name,
                      c.person.label, c.kind,
                      role_label(c.before) if c.before else "—",
                      role_label(c.after) if c.after else "—")
            for c in comparison.changes]
    rows += [ChangeRow(mailbox, "Meeting messages go to", "", Kind.CHANGED,
                       delivery_label(before), delivery_label(after))
             for mailbox, (before, after) in comparison.delivery.items()]
    return rows


def row_text(row: ChangeRow, column: Column, names: dict[str, str]) -> str:
    """What ``row`` shows in ``column``; ``names``: the mailboxes' display names."""
    if column == Column.MAILBOX:
        return name_and_address(names.get(row.mailbox), row.mailbox)
    return {Column.CALENDAR: row.calendar, Column.PERSON: row.person,
            Column.CHANGE: row.kind.value, Column.BEFORE: row.before,
            Column.AFTER: row.after}[column]


def sorted_places(rows: list[ChangeRow], column: Column, names: dict[str, str],
                  descending: bool = False) -> list[int]:
    """Where each row goes, sorted by its words in ``column`` (case aside); equal rows
    keep their order. A to Z in steps (``app.sorting``): it is sorted so on a worker."""
    keys = [row_text(row, column, names).casefold() for row in rows]
    if not descending:
        return places_in_order(keys)
    return sorted(range(len(keys)), key=keys.__getitem__, reverse=True)


@dataclass(frozen=True)
class ChangeTable:
    """A comparison's rows as the table shows them, sorted by ``column`` A to Z, and the
    names they show; made on the worker that compares (7,000 changes between two
    100,000-mailbox snapshots: rows, names and the first sort held the window some
    55 ms as the review opened)."""

    rows: list[ChangeRow]
    names: dict[str, str]
    column: Column


def change_table(comparison: Comparison | None, names: dict[str, str],
                 column: Column = Column.MAILBOX) -> ChangeTable:
    rows = rows_of(comparison) if comparison else []
    return ChangeTable([rows[i] for i in sorted_places(rows, column, names)], names, column)


class ChangesModel(ColumnTableModel):
    COLUMNS = Column
    HEADERS: ClassVar[dict[Any, str]] = {Column.MAILBOX: "Mailbox", Column.CALENDAR: "Calendar",
               Column.PERSON: "Person", Column.CHANGE: "Change", Column.BEFORE: "Before",
               Column.AFTER: "After"}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.names: dict[str, str] = {}
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    def set_comparison(self, comparison: Comparison | None, names: dict[str, str]) -> None:
        self.set_table(change_table(comparison, names))

    def set_table(self, table: ChangeTable) -> None:
        self.beginResetModel()
        self._rows = table.rows
        self.names = table.names
        self._sorted_by = (table.column, Qt.SortOrder.AscendingOrder)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, over keys worked out once per sort: a sorting proxy asked for two
        cells per comparison, and 7,000 changes between two 100,000-mailbox snapshots
        held the window 2.2 s. Equal rows keep their order; a selection follows its rows."""
        if not 0 <= column < len(Column) or not self._rows \
                or self._sorted_by == (column, order):  # the header's signal, and the call
            return
        self._sorted_by = (column, order)
        places = sorted_places(self._rows, Column(column), self.names,
                               order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        moved_to = {old: new for new, old in enumerate(places)}
        kept = self.persistentIndexList()
        self._rows = [self._rows[old] for old in places]
        self.changePersistentIndexList(
            kept, [self.index(moved_to[i.row()], i.column()) for i in kept])
        self.layoutChanged.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: ChangeRow = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, ItemRole.SORT):
            text = row_text(row, Column(index.column()), self.names)
            return text.casefold() if role == ItemRole.SORT else text
        if role == ItemRole.OBJECT:
            return row
        return None
