"""Findings as a table: one rule's rows, in the order asked for, made ready on a worker.

The model shows one rule's rows (``set_rule``), sorted by a column (``sort``); no proxy
sits between it and the view: a filter proxy asked Python about each of 134,000 rows at
every change of rule. Each order comes ready from ``app.review.findings_table`` on the
task runner; the GUI thread only puts it in place: a reset for another rule or other
findings, a layout change (selection and current row following their rows) for a sort.
An order made before is put in place at once. Until a new one arrives the table shows
the one it had (a sort) or nothing (another rule); a newer request replaces an older.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal

from app.graph.roles import role_sentence
from app.models.item_roles import ItemRole
from app.models.table import ColumnTableModel, Index
from app.review.findings import Finding, Rule
from app.review.findings_table import Column, FindingsTable, Prepared
from app.tasks import Outcome, Task, TaskRunner

log = logging.getLogger(__name__)

__all__ = ["Column", "FindingsModel"]

COLUMN_COUNT = len(Column)
VERTICAL_SORT = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
# The signals' overload with a hint (PySide's plain ``emit`` takes no arguments): told
# that rows only move, a selection keeps one persistent index per row, not per cell.
WITH_HINT = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")


class FindingsModel(ColumnTableModel):
    """One row per (rule, permission) of the rule shown; ``names`` gives mailboxes'
    display names.

    Signals:
        arranged(): an order asked for is in place (or there are no findings).

    Attributes:
        rule: the rule whose rows are shown (None: every rule's).
        pending: an order is being made on a worker; the table shows the last one.
    """

    arranged = Signal()
    COLUMNS = Column
    HEADERS: ClassVar[dict[Any, str]] = {Column.MAILBOX: "Mailbox", Column.CALENDAR: "Calendar",
               Column.PERSON: "Person", Column.WHERE: "Organization", Column.ROLE: "Access"}

    def __init__(self, runner: TaskRunner, parent: Any = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.names: dict[str, str] = {}
        self.rule: Rule | None = None
        self.pending = False
        self._source: Sequence[Finding] | None = None  # the findings to make a table of
        self._generation = 0  # which findings: answers about others are dropped
        self._table: FindingsTable | None = None
        self._shown: Prepared | None = None  # the rows shown, None: none
        self._order: tuple[int, Qt.SortOrder] = (Column.MAILBOX, Qt.SortOrder.AscendingOrder)
        self._asked = 0  # the newest request; answers to older ones are not shown
        self._building = False  # a worker makes the table of ``_source``

    def set_findings(self, findings: Sequence[Finding], names: dict[str, str]) -> None:
        """Other findings: no rows until their table is made on a worker."""
        self._generation += 1
        self._source, self.names, self._table = findings, names, None
        self._building = False  # a table still being made is of the findings before
        self._show(None)
        self._arrange()

    def set_rule(self, rule: Rule | None) -> None:
        if rule != self.rule:
            self.rule = rule
            self._arrange()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted on a worker; selections follow their rows once the order is in."""
        if 0 <= column < len(Column) and (column, order) != self._order:
            self._order = (column, order)
            self._arrange()

    def _arrange(self) -> None:
        """Show the rule's rows in the order asked for: now if that order is made, else
        once a worker has made it."""
        self._asked += 1
        asked, generation = self._asked, self._generation
        column, order = self._order
        rule, descending = self.rule, order == Qt.SortOrder.DescendingOrder
        table, source = self._table, self._source
        ready = table.ready(rule, column, descending) if table is not None else None
        if ready is not None:
            self._arranged(ready)
            return
        if self._shown is not None and self._shown.rule != rule:
            self._show(None)  # another rule's rows would say the wrong thing meanwhile
        if table is None and self._building:
            return  # the table being made asks again when it is (``done``)
        if source is None:
            self._arranged(None)  # no findings: nothing to wait for
            return
        self.pending = True
        self._building = table is None

        def work(_task: Task) -> tuple[FindingsTable, Prepared]:
            made = table if table is not None else FindingsTable(source, self.names)
            return made, made.prepare(rule, column, descending)

        def done(outcome: Outcome) -> None:
            if generation != self._generation:
                return  # other findings since
            self._building = False
            if not outcome.ok:
                self.pending = False
                log.error("The findings table could not be made ready",
                          exc_info=outcome.error)
                return
            self._table, prepared = outcome.value
            if asked == self._asked:
                self._arranged(prepared)
            elif table is None:
                self._arrange()  # another order was asked for while the table was made

        self.runner.run("Sorting the findings", work, done, owner=self)

    def _arranged(self, prepared: Prepared | None) -> None:
        self.pending = False
        self._show(prepared)
        self.arranged.emit()

    def _show(self, prepared: Prepared | None) -> None:
        """Put ``prepared`` in place: over the same rule's rows as a layout change (a
        sort: selection and current row follow their rows), otherwise anew."""
        shown = self._shown
        if prepared is None or shown is None or shown.rule != prepared.rule:
            self.beginResetModel()
            self._shown = prepared
            self.endResetModel()
        elif prepared is not shown:
            _with_hint(self.layoutAboutToBeChanged).emit([], VERTICAL_SORT)
            kept = self.persistentIndexList()  # the selection's and current row's: few
            moved = [self.index(prepared.row_of(shown.order[index.row()]), index.column())
                     for index in kept]
            self._shown = prepared
            self.changePersistentIndexList(kept, moved)
            _with_hint(self.layoutChanged).emit([], VERTICAL_SORT)

    @property
    def table(self) -> FindingsTable | None:
        """Every finding with its texts, once made on a worker."""
        return self._table

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        if parent.isValid() or self._shown is None:
            return 0
        return len(self._shown.order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        """A number, not the enum's length (a Python call of its own): Qt asks twice
        for each cell it looks at, 400,000 times when 40,000 selected rows are drawn."""
        return 0 if parent.isValid() else COLUMN_COUNT

    def finding(self, row: int) -> Finding:
        assert self._shown is not None and self._table is not None
        return self._table.findings[self._shown.order[row]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The text first, and no other work for the roles the model has nothing for:
        fitting the columns after each change of rule asks some 3,000 times."""
        shown, table = self._shown, self._table
        if shown is None or table is None or not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return table.texts[shown.order[index.row()]][index.column()]
        if role == ItemRole.SORT:
            return table.texts[shown.order[index.row()]][index.column()].casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            finding = table.findings[shown.order[index.row()]]
            return role_sentence(finding.row.role, finding.person.name,
                                 self.names.get(finding.row.mailbox, finding.row.mailbox))
        if role == ItemRole.OBJECT:
            return table.findings[shown.order[index.row()]]
        return None

def _with_hint(signal: Any) -> Any:
    """A layout signal's overload that carries a hint (``WITH_HINT``)."""
    return signal[WITH_HINT]
