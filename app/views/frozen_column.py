"""A table whose first column stays put when it scrolls sideways.

In a matrix of 1,000 people across, the mailbox a row is about scrolls out of sight
after a few columns; spreadsheets freeze that column, and so does this table. Qt has
no frozen columns: as in Qt's own example, a second view over the same model and
selection lies over the table's first column, exactly as wide, and scrolls up and down
with it. It never scrolls sideways, so only column 0 ever shows in it (hiding the
other 1,000 columns would cost more than not painting them). The table under it
scrolls per pixel sideways, so its columns slide under the frozen one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QFocusEvent, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.views.list_parts import ListTable
from app.views.one_line_header import OneLineHeader
from app.views.plain_text import plain_item_tips


class _TableFocusDelegate(QStyledItemDelegate):
    """Draws the table's focus on the frozen column's cells: the frozen view never has
    the keyboard itself, so the current cell in column 0 (the mailbox, where a person
    starts) would show no focus ring while the table has the keyboard."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if self.table.hasFocus() and index == self.table.currentIndex():
            option.state |= QStyle.StateFlag.State_HasFocus


class _FrozenView(QTableView):
    """The view over column 0, painted holding the interpreter lock
    (``FrozenColumnTable.paintEvent`` says why)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)


class FrozenColumnTable(ListTable):
    """A table of Deputy's (``ListTable``) whose column 0 stays in place on horizontal scrolling.

    Attributes:
        frozen: the view over column 0 (it shares the table's selection; sorting by
            its header sorts the table).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(OneLineHeader(self))
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen = _FrozenView(self)
        frozen = self.frozen
        frozen.setHorizontalHeader(OneLineHeader(frozen))
        frozen.setAutoScroll(False)  # the table scrolls it, never sideways
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
        plain_item_tips(frozen)  # mailbox names are others' words
        self.viewport().stackUnder(frozen)
        frozen.setItemDelegate(_TableFocusDelegate(self))

        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        self.horizontalHeader().sectionResized.connect(self._on_section_resized)
        self.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        self.verticalHeader().sectionResized.connect(self._on_row_resized)
        frozen.horizontalHeader().sectionClicked.connect(self._on_frozen_header_clicked)
        frozen.horizontalScrollBar().valueChanged.connect(self._on_frozen_scrolled_sideways)

    # ------------------------------------------------------------------ the model

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
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

    def _on_frozen_scrolled_sideways(self, value: int) -> None:
        """Back to column 0: the frozen view shows only that one."""
        if value:
            self.frozen.horizontalScrollBar().setValue(0)

    def _on_frozen_header_clicked(self, _section: int) -> None:
        if not self.isSortingEnabled():
            return
        header = self.horizontalHeader()
        ascending = header.sortIndicatorSection() != 0 or \
            header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder if ascending
                          else Qt.SortOrder.DescendingOrder)

    # ------------------------------------------------------------------ geometry

    def _place_frozen(self) -> None:
        """Lay the frozen view over column 0. Called on every geometry update of the
        table, so it changes only what differs: each change relays out 1,000 rows."""
        frozen = self.frozen
        row_height = self.verticalHeader().defaultSectionSize()
        if frozen.verticalHeader().defaultSectionSize() != row_height:
            frozen.verticalHeader().setDefaultSectionSize(row_height)
        header_height = self.horizontalHeader().height()
        if frozen.horizontalHeader().height() != header_height:
            frozen.horizontalHeader().setFixedHeight(header_height)
        width = self.columnWidth(0)
        if frozen.columnWidth(0) != width:
            frozen.setColumnWidth(0, width)
        place = QRect(self.verticalHeader().width() + self.frameWidth(), self.frameWidth(),
                      width, self.viewport().height() + header_height)
        if frozen.geometry() != place:
            frozen.setGeometry(place)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Painted from Python, which holds the interpreter lock until the paint ends.
        Qt's paint asks the model (in Python) of each cell it shows: several hundred
        calls, each of which took the lock anew, and waited up to a millisecond for a
        worker to hand it back (as one reads and compares snapshots when a review
        opens): a paint of 12 ms held the window 60-100 ms. Held throughout, the worker
        waits one paint instead."""
        super().paintEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.frozen.viewport().update()  # its current cell gains the ring

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.frozen.viewport().update()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "frozen"):  # the base class calls it before __init__ ends
            self._place_frozen()

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,
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
