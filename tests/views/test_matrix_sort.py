"""Sorting the review's matrix with its column headers, as an auditor does: the rows
are put in order on the task runner (``MatrixArranger``), the header says by what, and
a selected cell goes with its row."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from app.models.item_roles import ItemRole
from tests.views.conftest import matrix_settled
from tests.views.test_matrix_find import contoso_review


def click_header(qtbot, table, column: int) -> None:
    header = table.horizontalHeader()
    place = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                   header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=place)


def mailboxes(model) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def ranks(model, column: int) -> list[int]:
    return [model.index(r, column).data(ItemRole.SORT) for r in range(model.rowCount())]


def test_a_header_click_sorts_by_that_persons_access_and_the_selection_follows(
        qtbot, offline_review):
    window = contoso_review(offline_review)
    view = window.matrix_view
    table, model = view.table, view.model
    by_name = mailboxes(model)
    assert by_name == sorted(by_name, key=str.casefold)
    column = max(range(1, model.columnCount()), key=lambda c: len(set(ranks(model, c))))
    person = model.headerData(column, Qt.Orientation.Horizontal)
    # A cell that holds a role, selected with a click.
    row = next(r for r in range(model.rowCount()) if model.index(r, column).data())
    table.setCurrentIndex(model.index(row, column))
    chosen = (model.index(row, 0).data(), person)

    click_header(qtbot, table, column)
    matrix_settled(qtbot, view)
    assert ranks(model, column) == sorted(ranks(model, column))  # no access first
    # Equal rows keep the order they had: by name.
    for rank in set(ranks(model, column)):
        tied = [m for m, r in zip(mailboxes(model), ranks(model, column), strict=True)
                if r == rank]
        assert tied == [m for m in by_name if m in tied]
    header = table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        column, Qt.SortOrder.AscendingOrder)
    current = table.currentIndex()
    assert (model.index(current.row(), 0).data(),
            model.headerData(current.column(), Qt.Orientation.Horizontal)) == chosen

    # Again: the other way, exactly backwards.
    ascending = mailboxes(model)
    click_header(qtbot, table, column)
    matrix_settled(qtbot, view)
    assert mailboxes(model) == ascending[::-1]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_clicks_faster_than_the_sort_show_the_last_one(qtbot, offline_review):
    window = contoso_review(offline_review)
    view = window.matrix_view
    table, model = view.table, view.model
    arranged = []
    model.layoutChanged.connect(lambda: arranged.append(mailboxes(model)))
    click_header(qtbot, table, 1)  # worked out at once
    click_header(qtbot, table, 0)  # both wait for it: only the last is worked out next
    click_header(qtbot, table, 0)
    assert view.shown_label.text().startswith("Sorting… Showing 6 of 6 mailboxes")
    matrix_settled(qtbot, view)
    by_name = sorted(mailboxes(model), key=str.casefold)
    assert mailboxes(model) == by_name[::-1]  # the mailbox column, clicked twice: Z to A
    assert len(arranged) == 2
    header = table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0, Qt.SortOrder.DescendingOrder)
    assert view.shown_label.text().startswith("Showing 6 of 6 mailboxes")


def test_a_filter_hiding_the_sorted_person_sorts_by_mailbox_again(qtbot, offline_review):
    window = contoso_review(offline_review)
    view = window.matrix_view
    table, model = view.table, view.model
    inside = next(c for c in range(1, model.columnCount())
                  if "(outside)" not in model.headerData(c, Qt.Orientation.Horizontal))
    click_header(qtbot, table, inside)
    matrix_settled(qtbot, view)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # only outside
    qtbot.waitUntil(view.outside_box.isChecked)  # a mnemonic clicks as the mouse does
    matrix_settled(qtbot, view)
    assert all("(outside)" in model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(1, model.columnCount()))
    header = table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0, Qt.SortOrder.AscendingOrder)
    assert mailboxes(model) == sorted(mailboxes(model), key=str.casefold)
