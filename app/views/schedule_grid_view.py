"""The side-by-side grid as a table a person works in: a click or Enter on a block opens
its meeting; a drag over free time (or Shift+arrows, then Enter) asks for a new meeting
at that time with the people whose columns it covers."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import (
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from app.attention.grid import Block
from app.models.schedule_grid import ScheduleGridModel
from app.views.grouped_header import GroupedHeader
from app.views.list_parts import keyboard_list
from app.views.schedule_grid_paint import paint_cells

WEEK_COLUMN_WIDTH = 72  # a day of a week: room for "Budget s…" at the usual font


class ScheduleGridView(QTableView):
    """A table of ``ScheduleGridModel``.

    Signals:
        block_activated(Block): a block was clicked, or Enter pressed on it.
        slots_chosen(int, int, int, list): free time was dragged over (or chosen with
            the keyboard and Enter): first row, last row, the column it started in,
            and every column it covers.
    """

    block_activated = Signal(object)
    slots_chosen = Signal(int, int, int, list)

    def __init__(self, model: ScheduleGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keyboard_list(self)
        header = GroupedHeader(self)
        self.setHorizontalHeader(header)
        self.horizontalScrollBar().valueChanged.connect(header.on_scrolled)
        self.setModel(model)
        self.grid_model = model
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A rectangle of cells: the mouse drags it, Shift+arrows grow it.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._pressed = QModelIndex()
        self._anchor = 0  # the column a keyboard selection started in
        model.modelReset.connect(self.on_model_reset)
        self.on_model_reset()

    def on_model_reset(self) -> None:
        """Each block spans its slots (Qt keeps spans across a reset: cleared first); a
        week's columns keep a readable width and scroll, a day's share the width."""
        self.clearSpans()
        for block in self.grid_model.spans():
            self.setSpan(block.first, block.column, block.slots, 1)
        header = self.horizontalHeader()
        if self.grid_model.week:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setDefaultSectionSize(WEEK_COLUMN_WIDTH)
            for column in range(self.grid_model.columnCount()):
                header.resizeSection(column, WEEK_COLUMN_WIDTH)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.grid_model.palette_changed()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The cells in one pass (``schedule_grid_paint``), then a firmer line where one
        person's days end."""
        painter = QPainter(self.viewport())
        paint_cells(self, self.grid_model, painter, event.rect())
        count = len(self.grid_model.days)
        if count < 2:
            painter.end()
            return
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text), 2))
        height = self.viewport().height()
        for last in range(count - 1, self.grid_model.columnCount(), count):
            x = self.columnViewportPosition(last) + self.columnWidth(last) - 1
            if 0 <= x <= self.viewport().width():
                painter.drawLine(x, 0, x, height)
        painter.end()

    # ------------------------------------------------------------------ mouse

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = self.indexAt(event.position().toPoint())
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._pressed = self._pressed, QModelIndex()
        released = self.indexAt(event.position().toPoint())
        if event.button() != Qt.MouseButton.LeftButton or not pressed.isValid():
            return
        block = self.grid_model.block_at(pressed)
        if block is not None and self._same_cell(pressed, released):
            self.block_activated.emit(block)
        elif released.isValid() and not self._same_cell(pressed, released):
            self._choose(pressed.column())

    def _same_cell(self, one: QModelIndex, other: QModelIndex) -> bool:
        """The same cell, or two slots of one spanned block."""
        if not other.isValid() or one.column() != other.column():
            return False
        span = self.rowSpan(one.row(), one.column())
        return one.row() <= other.row() < one.row() + span

    # ------------------------------------------------------------------ keyboard

    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        """Where a selection grown with Shift began: whose meeting Enter starts."""
        super().currentChanged(current, previous)
        shift = QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
        if current.isValid() and not shift:
            self._anchor = current.column()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.currentIndex()
            block = self.grid_model.block_at(current)
            if block is not None and len(self.selectedIndexes()) <= max(
                    1, self.rowSpan(current.row(), current.column())):
                self.block_activated.emit(block)
            elif current.isValid():
                self._choose(self._anchor)
            event.accept()
            return
        super().keyPressEvent(event)

    def _choose(self, started: int) -> None:
        cells = self.selectedIndexes() or [self.currentIndex()]
        rows = [i.row() for i in cells] + [i.row() + self.rowSpan(i.row(), i.column()) - 1
                                           for i in cells]
        covered = sorted({i.column() for i in cells})
        if started not in covered:
            started = covered[0]
        self.slots_chosen.emit(min(rows), max(rows), started, covered)

    def block_index(self, block: Block) -> QModelIndex:
        return self.grid_model.index(block.first, block.column)
