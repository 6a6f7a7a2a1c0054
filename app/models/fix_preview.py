"""A fix's changes as a table: each planned change, how the live tenant has it, and
(once sent) how it ended."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Qt

from app.fixes.preview import Checked
from app.fixes.table import before_after
from app.models.item_roles import ItemRole
from app.models.table import ColumnTableModel, Index

if TYPE_CHECKING:  # requests: the fix's sending, not loaded with the review
    from app.fixes.apply import Outcome


class Column(IntEnum):
    MAILBOX = 0
    CALENDAR = 1
    PERSON = 2
    BEFORE = 3
    AFTER = 4
    STATUS = 5
    NOTE = 6


class FixPreviewModel(ColumnTableModel):
    """One row per planned change; the status and note say what the preview found,
    then what came of it once sent."""

    COLUMNS = Column
    HEADERS: ClassVar[dict[Any, str]] = {
        Column.MAILBOX: "Mailbox", Column.CALENDAR: "Calendar", Column.PERSON: "Person",
        Column.BEFORE: "Before", Column.AFTER: "After", Column.STATUS: "Status",
        Column.NOTE: "What people notice, or why not"}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._outcomes: list[Outcome | None] = []

    def set_checked(self, checked: list[Checked]) -> None:
        """A new preview: every row is new (another action, checked again)."""
        self.beginResetModel()
        self._rows, self._outcomes = list(checked), [None] * len(checked)
        self.endResetModel()

    def set_outcomes(self, outcomes: list[Outcome]) -> None:
        """What the run did with each row, in the rows' order."""
        self._outcomes = list(outcomes)
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.STATUS),
                                  self.index(len(self._rows) - 1, Column.NOTE))

    def checked(self) -> list[Checked]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        one: Checked = self._rows[index.row()]
        if role == ItemRole.OBJECT:
            return one
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self._text(one, self._outcomes[index.row()], Column(index.column()))

    @staticmethod
    def _text(one: Checked, outcome: Outcome | None, column: Column) -> str:
        change = one.change
        if column == Column.MAILBOX:
            return change.owner
        if column == Column.CALENDAR:
            return change.calendar_name
        if column == Column.PERSON:
            return change.person
        if column in (Column.BEFORE, Column.AFTER):
            return before_after(change)[column - Column.BEFORE]
        if outcome is not None and not outcome.done:
            status, _, why = outcome.outcome.partition(": ")
            return status if column == Column.STATUS else why
        if outcome is not None and column == Column.STATUS:
            return outcome.outcome  # "done"
        if column == Column.STATUS:
            return one.status.value
        return one.notice if one.ready else one.why

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

