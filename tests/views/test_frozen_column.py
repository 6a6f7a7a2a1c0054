"""The matrix's mailbox column stays in view when the table scrolls sideways."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette, QStandardItem, QStandardItemModel

from app.views.focus_ring import ring_colour
from app.views.frozen_column import FrozenColumnTable

ROWS, COLUMNS = 40, 30


@pytest.fixture
def table(qtbot):
    model = QStandardItemModel(ROWS, COLUMNS)
    for row in range(ROWS):
        model.setItem(row, 0, QStandardItem(f"mailbox {row:02d}"))
        for column in range(1, COLUMNS):
            model.setItem(row, column, QStandardItem(f"{row}/{column}"))
    view = FrozenColumnTable()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setColumnWidth(0, 150)
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def frozen_text_at(table: FrozenColumnTable, y: int) -> str:
    return table.frozen.indexAt(QPoint(10, y)).data()


def test_the_first_column_stays_while_the_rest_scrolls_sideways(table):
    frozen = table.frozen
    assert frozen.columnAt(frozen.viewport().width() - 1) == 0  # column 0 fills it
    left = frozen.geometry().left()
    assert frozen.geometry().width() == 150
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    assert table.horizontalScrollBar().value() > 0
    assert frozen.geometry().left() == left
    assert frozen.horizontalScrollBar().value() == 0
    assert frozen_text_at(table, 5) == "mailbox 00"
    # What lies right of the frozen column is a late column, not the first ones.
    assert table.indexAt(QPoint(160, 5)).column() > 20


def test_up_and_down_together(table):
    table.verticalScrollBar().setValue(12)
    assert table.frozen.verticalScrollBar().value() == 12
    assert frozen_text_at(table, 5) == table.indexAt(QPoint(5, 5)).data() == "mailbox 12"
    table.frozen.verticalScrollBar().setValue(3)
    assert table.verticalScrollBar().value() == 3


def test_sorting_from_the_frozen_header_sorts_the_table(table, qtbot):
    header = table.frozen.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(0) + 20, 5))
    assert table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert frozen_text_at(table, 5) == "mailbox 39"
    assert header.isSortIndicatorShown()
    table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert not header.isSortIndicatorShown()


def test_a_cell_reached_by_keyboard_is_not_hidden_under_the_frozen_column(table, qtbot):
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    table.setCurrentIndex(table.model().index(0, 1))
    assert table.visualRect(table.currentIndex()).left() >= table.columnWidth(0)


def test_clicking_a_mailbox_selects_its_row_without_scrolling_back(table, qtbot):
    bar = table.horizontalScrollBar()
    bar.setValue(bar.maximum())
    row_height = table.rowHeight(0)
    qtbot.mouseClick(table.frozen.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(10, row_height * 3 + row_height // 2))
    assert (table.currentIndex().row(), table.currentIndex().column()) == (3, 0)
    assert bar.value() == bar.maximum()
    assert table.frozen.currentIndex().row() == 3


def test_the_current_mailbox_shows_the_tables_focus_ring(table, qtbot):
    """Column 0 is drawn by the frozen view, which never has the keyboard: the ring of
    the table's current cell is drawn there all the same, and only while the table has
    the keyboard."""
    table.activateWindow()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(table.model().index(3, 0))
    table.frozen.viewport().repaint()
    palette = table.palette()
    ring = ring_colour(palette, palette.color(QPalette.ColorRole.Highlight))

    def ring_pixels() -> int:
        area = table.frozen.visualRect(table.frozen.model().index(3, 0))
        image = table.frozen.viewport().grab(area).toImage()
        return sum(QColor(image.pixel(x, y)) == ring
                   for y in range(image.height()) for x in range(image.width()))

    height = table.frozen.rowHeight(3)
    assert ring_pixels() >= 4 * height
    table.clearFocus()
    qtbot.waitUntil(lambda: not table.hasFocus())
    table.frozen.viewport().repaint()
    assert ring_pixels() < 4 * height
