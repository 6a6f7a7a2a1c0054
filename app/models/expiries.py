"""Time-limited access not put back yet, as a table: one row per person and calendar.

``ExpiriesModel`` holds what ``app.fixes.timed.timed_accesses`` read (a run of a fix may
hold many changes, one row each), soonest first: when it runs out, who, on whose
calendar, what they have and what they get back then, who gave it, and how it stands
("to come", "due", or why it could not be put back yet).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from app.fixes.plan import Change
from app.fixes.timed import TimedAccess, short_time, then_words
from app.graph.roles import role_label

from .item_roles import ItemRole
from .table import ColumnTableModel, Index


class Column(IntEnum):
    UNTIL = 0
    PERSON = 1
    CALENDAR = 2
    ACCESS = 3
    GIVEN_BY = 4
    STATE = 5


HEADERS = {
    Column.UNTIL: "Runs out",
    Column.PERSON: "Who",
    Column.CALENDAR: "Calendar",
    Column.ACCESS: "Access, then",
    Column.GIVEN_BY: "Given by",
    Column.STATE: "State",
}


@dataclass(frozen=True)
class ExpiryRow:
    """One change of a time-limited run, and how the run stands at ``now``."""

    timed: TimedAccess
    change: Change
    state: str

    @property
    def id(self) -> tuple[int, str, str, str]:
        change = self.change
        return (self.timed.expiry.run, change.mailbox.casefold(), change.calendar_id,
                (change.person_address or change.person_name).casefold())

    @property
    def failed(self) -> bool:
        return bool(self.timed.expiry.problem)


def rows_of(timed: Sequence[TimedAccess], now: datetime) -> list[ExpiryRow]:
    return [ExpiryRow(t, change, t.state(now)) for t in timed for change in t.changes]


class ExpiriesModel(ColumnTableModel):
    """Time-limited access, soonest first; ``ItemRole.OBJECT`` returns the ExpiryRow and
    ``ItemRole.SORT`` sorts the first column by the moment itself."""

    COLUMNS = Column
    HEADERS = HEADERS

    def set_rows(self, rows: list[ExpiryRow]) -> None:
        self._replace_rows(rows)

    @property
    def rows(self) -> list[ExpiryRow]:
        return list(self._rows)

    def failed(self) -> list[ExpiryRow]:
        """The rows whose run could not be put back when due."""
        return [row for row in self._rows if row.failed]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row: ExpiryRow = self._rows[index.row()]
        column = Column(index.column())
        if role == ItemRole.SORT and column == Column.UNTIL:
            return row.timed.expiry.until
        if role in (Qt.ItemDataRole.DisplayRole, ItemRole.SORT):
            return _text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.UNTIL:
            return f"{row.timed.expiry.until} (UTC)"
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.STATE:
            return row.timed.expiry.problem or None  # why it is not put back yet
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.CALENDAR, Column.PERSON,
                                                             Column.GIVEN_BY):
            return _text(row, column)  # cut in the cell
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._dimmed(row)
        if role == ItemRole.OBJECT:
            return row
        return None


def _text(row: ExpiryRow, column: Column) -> str:
    change = row.change
    if column == Column.UNTIL:
        return short_time(row.timed.until)
    if column == Column.PERSON:
        return change.person
    if column == Column.CALENDAR:
        return f"{change.mailbox_name or change.mailbox}'s {change.calendar_name}"
    if column == Column.ACCESS:
        now = role_label(change.after) if change.after else "Removed"
        return f"{now}, then {then_words(change)}"
    if column == Column.GIVEN_BY:
        return row.timed.made_by
    return row.state[:1].upper() + row.state[1:]
