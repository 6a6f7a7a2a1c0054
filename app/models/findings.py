"""Findings as a table, and a filter that keeps one rule's rows."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QSortFilterProxyModel, Qt

from app.addresses import name_and_address
from app.graph.roles import role_label, role_sentence
from app.models.item_roles import ItemRole
from app.models.table import ColumnTableModel, Index
from app.review.findings import Finding, Rule


class Column(IntEnum):
    MAILBOX = 0
    CALENDAR = 1
    PERSON = 2
    WHERE = 3
    ROLE = 4


class FindingsModel(ColumnTableModel):
    """One row per (rule, permission); ``names`` gives mailboxes' display names."""

    COLUMNS = Column
    HEADERS: ClassVar[dict[Any, str]] = {Column.MAILBOX: "Mailbox", Column.CALENDAR: "Calendar",
               Column.PERSON: "Person", Column.WHERE: "Organization", Column.ROLE: "Access"}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.names: dict[str, str] = {}
        self._texts: list[tuple[str, ...]] = []  # each row's cells, worked out once
        self._order: tuple[int, Qt.SortOrder] = (Column.MAILBOX, Qt.SortOrder.AscendingOrder)

    def set_findings(self, findings: Sequence[Finding], names: dict[str, str]) -> None:
        """Texts are worked out here once: sorting and sizing columns ask for each cell
        many times, and a 1,000-mailbox snapshot flags hundreds of rows."""
        self.beginResetModel()
        self._rows, self.names = list(findings), names
        self._texts = [tuple(self._text(f, column) for column in Column) for f in self._rows]
        self._sort_rows(*self._order)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, in one pass over keys worked out once: a proxy's sort asks for two
        cells per comparison, which froze the window 6-13 s on 20,000 mailboxes'
        findings. Selections follow their rows."""
        if not 0 <= column < len(Column):
            return
        self._order = (column, order)
        if not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        moved = self._sort_rows(column, order)
        self.changePersistentIndexList(
            kept, [self.index(moved[index.row()], index.column()) for index in kept])
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> list[int]:
        """Sort the rows; returns each old row's new place."""
        keys = [texts[column].casefold() for texts in self._texts]
        ranked = sorted(range(len(self._rows)), key=keys.__getitem__,
                        reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [self._rows[i] for i in ranked]
        self._texts = [self._texts[i] for i in ranked]
        moved = [0] * len(ranked)
        for new, old in enumerate(ranked):
            moved[old] = new
        return moved

    def finding(self, row: int) -> Finding:
        return self._rows[row]

    def count(self, rule: Rule) -> int:
        return sum(1 for f in self._rows if f.rule == rule)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        finding: Finding = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, ItemRole.SORT):
            text = self._texts[index.row()][index.column()]
            return text.casefold() if role == ItemRole.SORT else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return role_sentence(finding.row.role, finding.person.name,
                                 self.names.get(finding.row.mailbox, finding.row.mailbox))
        if role == ItemRole.OBJECT:
            return finding
        return None

    def _text(self, finding: Finding, column: Column) -> str:
        row = finding.row
        if column == Column.MAILBOX:
            return name_and_address(self.names.get(row.mailbox), row.mailbox)
        if column == Column.CALENDAR:
            return row.calendar_name
        if column == Column.PERSON:
            return finding.person.label
        if column == Column.WHERE:
            return finding.person.where
        return role_label(row.role)


class RuleFilter(QSortFilterProxyModel):
    """Keeps one rule's rows (None: every rule's), in the order the findings model
    sorted them (``sort`` is passed on to it)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(ItemRole.SORT)
        self.rule: Rule | None = None

    def set_rule(self, rule: Rule | None) -> None:
        if rule == self.rule:
            return  # a new set of findings was filtered on its reset already
        self.beginFilterChange()
        self.rule = rule
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, FindingsModel):
            model.sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.rule is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, FindingsModel)
        return model.finding(source_row).rule == self.rule
