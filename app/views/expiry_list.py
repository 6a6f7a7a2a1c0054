"""The review's list of time-limited access: what runs out when, for whom, on which
calendar, and what could not be put back yet (shown until it is).

It sits above the change journal's table, which holds the changes themselves; it is
hidden when nothing is given for a time. The journal view reads both at once.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.models.expiries import Column, ExpiriesModel, ExpiryRow
from app.models.item_roles import ItemRole
from app.views.column_fit import fit_columns
from app.views.list_parts import heading_label, table
from app.views.plain_text import plain_label
from app.words import counted

ROWS_SHOWN = 4  # the list's height: the journal's table below keeps the room


class ExpiryList(QWidget):
    """Time-limited access not put back yet, soonest first.

    Attributes:
        model, proxy, table, summary: the parts, for tests.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ExpiriesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(ItemRole.SORT)
        heading = heading_label()
        heading.setText("Access that runs out")
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleDescription("Time-limited access")
        self.table = table("Access that runs out")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(Column.UNTIL, Qt.SortOrder.AscendingOrder)
        self.columns = fit_columns(self.table, Column.CALENDAR,
                                   keep=(Column.UNTIL, Column.PERSON, Column.ACCESS,
                                         Column.STATE), second=(Column.GIVEN_BY,))
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMaximumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + rows * ROWS_SHOWN + 2 * self.table.frameWidth())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.hide()

    def set_rows(self, rows: list[ExpiryRow]) -> None:
        self.model.set_rows(rows)
        failed = self.model.failed()
        words = f"{counted(len(rows), 'change')} of access for a time."
        if failed:
            words += (f" {counted(len(failed), 'change')} could not be put back when due "
                      f"({failed[0].timed.expiry.problem.rstrip('.')}). Deputy tries again "
                      "at its next start, as deputy expire does.")
        self.summary.setText(words)
        self.setVisible(bool(rows))
