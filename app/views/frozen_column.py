"""A table whose first column stays put when it scrolls sideways.

In a matrix of 1,000 people across, the mailbox a row is about scrolls out of sight
after a few columns; spreadsheets freeze that column, and so does this table. Qt has
no frozen columns: as in Qt's own example, a second view showing only the first column
lies over the table's first column and scrolls up and down with it. The table under
it scrolls per pixel sideways, so its columns slide under the frozen one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView, QWidget

from app.models.table import Index


class _FirstColumnOnly(QSortFilterProxyModel):
    """The table's model, first column only, rows in the table's order."""

    def filterAcceptsColumn(self, source_column: int, source_parent: Index) -> bool:
        return source_column == 0


class FrozenColumnTable(QTableView):
    """A QTableView whose column 0 stays in place on horizontal scrolling.

    Attributes:
        frozen: the view over column 0 (clicks there select the row's first cell
            in the table; sorting by it sorts the table).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._first_column = _FirstColumnOnly(self)
        self.frozen = QTableView(self)
        frozen = self.frozen
        frozen.setModel(self._first_column)
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.setFrameShape(QFrame.Shape.NoFrame)
        frozen.verticalHeader().hide()
        frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        frozen.horizontalHeader().setSectionsClickable(True)
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        frozen.setWordWrap(False)
        frozen.setAccessibleName("Mailboxes")
        self.viewport().stackUnder(frozen)

        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        self.horizontalHeader().sectionResized.connect(self._on_section_resized)
        self.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        self.verticalHeader().sectionResized.connect(self._on_row_resized)
        frozen.horizontalHeader().sectionClicked.connect(self._on_frozen_header_clicked)
        frozen.clicked.connect(self._on_frozen_clicked)

    # ------------------------------------------------------------------ the model

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._first_column.setSourceModel(model)
        if self.selectionModel() is not None:
            self.selectionModel().currentChanged.connect(self._on_current_changed)
        self._place_frozen()

    # ------------------------------------------------------------------ keep in step

    def _on_section_resized(self, column: int, _old: int, size: int) -> None:
        if column == 0:
            self.frozen.setColumnWidth(0, size)
            self._place_frozen()

    def _on_row_resized(self, row: int, _old: int, size: int) -> None:
        self.frozen.setRowHeight(row, size)

    def _on_sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        header = self.frozen.horizontalHeader()
        header.setSortIndicatorShown(column == 0 and self.isSortingEnabled())
        header.setSortIndicator(0, order)

    def _on_frozen_header_clicked(self, _section: int) -> None:
        if not self.isSortingEnabled():
            return
        header = self.horizontalHeader()
        ascending = header.sortIndicatorSection() != 0 or \
            header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder if ascending
                          else Qt.SortOrder.DescendingOrder)

    def _on_frozen_clicked(self, index: QModelIndex) -> None:
        self.setCurrentIndex(self.model().index(index.row(), 0))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        frozen = self.frozen.selectionModel()
        if not current.isValid() or current.column() != 0:
            frozen.clearSelection()
            return
        frozen.setCurrentIndex(self._first_column.index(current.row(), 0),
                               QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # ------------------------------------------------------------------ geometry

    def _place_frozen(self) -> None:
        self.frozen.verticalHeader().setDefaultSectionSize(
            self.verticalHeader().defaultSectionSize())
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        left = self.verticalHeader().width() + self.frameWidth()
        self.frozen.setGeometry(left, self.frameWidth(), self.columnWidth(0),
                                self.viewport().height() + self.horizontalHeader().height())

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "frozen"):  # the base class calls it before __init__ ends
            self._place_frozen()

    def scrollTo(self, index: QModelIndex,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
                 ) -> None:
        """Keep a cell the keyboard moves to out from under the frozen column; a
        mailbox (always in view) only scrolls up or down."""
        bar = self.horizontalScrollBar()
        sideways = bar.value()
        super().scrollTo(index, hint)
        if index.column() == 0:
            bar.setValue(sideways)
            return
        left = self.visualRect(index).left()
        if left < self.columnWidth(0):
            bar.setValue(bar.value() + left - self.columnWidth(0))
