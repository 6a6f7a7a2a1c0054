"""The side-by-side grid's cells, drawn in one pass over what is in sight.

Qt's table draws every visible cell through its delegate, which asks the model for a
dozen roles of each: some 900 cells of a week a frame, each a round of Python calls,
was 15-30 ms a scroll step. The grid's picture is simple (shading outside working
hours and free times found, coloured blocks with their subject, the grid lines, the
selection and the cell with the focus), so it is drawn here from the model's blocks
and sets directly: a few hundred rectangles and the blocks' text. What the table gives
beyond drawing (the keyboard, selection, spans for the mouse and screen readers, the
model's accessible text of each cell) stays Qt's.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from app.models.schedule_grid import FREE, OUTSIDE, ScheduleGridModel
from app.views.focus_ring import draw_ring, ring_colour

TEXT_MARGIN = 3  # between a block's edge and its words, as the delegate leaves


@dataclass(frozen=True)
class InSight:
    """The rows and columns at least partly in the viewport (inclusive)."""

    first_row: int
    last_row: int
    first_column: int
    last_column: int


def in_sight(view: QTableView, rows: int, columns: int) -> InSight:
    width, height = view.viewport().width(), view.viewport().height()
    last_row, last_column = view.rowAt(height - 1), view.columnAt(width - 1)
    return InSight(max(0, view.rowAt(0)), rows - 1 if last_row < 0 else last_row,
                   max(0, view.columnAt(0)), columns - 1 if last_column < 0 else last_column)


def paint_cells(view: QTableView, model: ScheduleGridModel, painter: QPainter,
                clip: QRect) -> None:
    """Everything inside the viewport but the day boundaries (the view adds those)."""
    rows, columns = model.rowCount(), model.columnCount()
    palette = view.palette()
    painter.fillRect(clip, palette.color(QPalette.ColorRole.Base))
    if not rows or not columns:
        return
    seen = in_sight(view, rows, columns)
    colours = model.colours()
    selected = {(i.row(), i.column()) for i in view.selectionModel().selectedIndexes()}
    _shade(view, model, painter, seen, colours, selected, palette)
    _grid_lines(view, painter, seen)
    _blocks(view, model, painter, seen, colours, selected, palette)
    _focus(view, painter, palette, selected)


def _cell(view: QTableView, row: int, column: int, slots: int = 1) -> QRect:
    """A cell (or a block of ``slots`` rows) inside its grid lines."""
    top = view.rowViewportPosition(row)
    bottom = view.rowViewportPosition(row + slots - 1) + view.rowHeight(row + slots - 1)
    return QRect(view.columnViewportPosition(column), top,
                 view.columnWidth(column) - 1, bottom - top - 1)


def _shade(view: QTableView, model: ScheduleGridModel, painter: QPainter, seen: InSight,
           colours: dict[str, QColor], selected: set[tuple[int, int]],
           palette: QPalette) -> None:
    """Free cells: selected, a free time found, or outside working hours; runs of one
    shade down a column in one rectangle."""
    highlight = palette.color(QPalette.ColorRole.Highlight)
    for column in range(seen.first_column, seen.last_column + 1):
        working = model.working[column] if column < len(model.working) else set()
        run_start, run_colour = seen.first_row, None
        for row in range(seen.first_row, seen.last_row + 2):
            colour = None
            if row <= seen.last_row:
                if (row, column) in selected:
                    colour = highlight
                elif (row, column) in model.proposed:
                    colour = colours[FREE]
                elif row not in working:
                    colour = colours[OUTSIDE]
            if colour != run_colour:
                if run_colour is not None:
                    painter.fillRect(_cell(view, run_start, column, row - run_start).adjusted(
                        0, 0, 1, 1), run_colour)
                run_start, run_colour = row, colour


def _grid_lines(view: QTableView, painter: QPainter, seen: InSight) -> None:
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    painter.setPen(QColor.fromRgba(view.style().styleHint(
        QStyle.StyleHint.SH_Table_GridLineColor, option, view) & 0xFFFFFFFF))
    width, height = view.viewport().width(), view.viewport().height()
    for row in range(seen.first_row, seen.last_row + 1):
        y = view.rowViewportPosition(row) + view.rowHeight(row) - 1
        painter.drawLine(0, y, width, y)
    for column in range(seen.first_column, seen.last_column + 1):
        x = view.columnViewportPosition(column) + view.columnWidth(column) - 1
        painter.drawLine(x, 0, x, height)


def _blocks(view: QTableView, model: ScheduleGridModel, painter: QPainter, seen: InSight,
            colours: dict[str, QColor], selected: set[tuple[int, int]],
            palette: QPalette) -> None:
    metrics = QFontMetrics(view.font())
    text = palette.color(QPalette.ColorRole.Text)
    chosen_text = palette.color(QPalette.ColorRole.HighlightedText)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    for block in model.blocks:
        if not seen.first_column <= block.column <= seen.last_column \
                or block.first > seen.last_row or block.first + block.slots <= seen.first_row:
            continue
        rect = _cell(view, block.first, block.column, block.slots)
        chosen = (block.first, block.column) in selected
        painter.fillRect(rect, highlight if chosen else colours.get(block.status,
                                                                    colours["busy"]))
        painter.setPen(chosen_text if chosen else text)
        inner = rect.adjusted(TEXT_MARGIN, 1, -TEXT_MARGIN, -1)
        for number, line in enumerate(wrapped(model.shown_words(block), metrics,
                                              inner.width(), inner.height())):
            painter.drawText(QRect(inner.left(), inner.top() + number * metrics.height(),
                                   inner.width(), metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)


def wrapped(words: str, metrics: QFontMetrics, width: int, height: int) -> list[str]:
    """``words`` in lines of ``width`` pixels, as many as ``height`` holds: the last
    line takes what remains, elided ("Product strat…"); a word too long for a line
    before the last is elided on its own line."""
    most = max(1, height // max(1, metrics.height()))
    left = words.split()
    lines: list[str] = []
    while left and len(lines) < most - 1:
        line, taken = left[0], 1
        if metrics.horizontalAdvance(line) > width:
            line = metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
        else:
            while taken < len(left) and \
                    metrics.horizontalAdvance(f"{line} {left[taken]}") <= width:
                line, taken = f"{line} {left[taken]}", taken + 1
        lines.append(line)
        left = left[taken:]
    if left:
        lines.append(metrics.elidedText(" ".join(left), Qt.TextElideMode.ElideRight, width))
    return lines


def _focus(view: QTableView, painter: QPainter, palette: QPalette,
           selected: set[tuple[int, int]]) -> None:
    """The ring round the cell (or block) with the keyboard, while the grid has it."""
    current: QModelIndex = view.currentIndex()
    if not view.hasFocus() or not current.isValid():
        return
    rect = _cell(view, current.row(), current.column(),
                 max(1, view.rowSpan(current.row(), current.column())))
    under = palette.color(QPalette.ColorRole.Highlight) \
        if (current.row(), current.column()) in selected else palette.color(
            QPalette.ColorRole.Base)
    draw_ring(painter, rect, ring_colour(palette, under))
