"""Keyboard only, with the focus in sight: Tab leaves a table, the arrows move in it and
choose among radios, the row a person was on is still current (and ringed) after a
reload, and every control that has the keyboard shows a ring a person can see."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from app.models.permissions import Column as PermissionColumn
from app.views.add_person import AddPersonDialog
from app.views.focus_ring import FocusRingStyle, ring_colour
from tests.graph_client import ALEX
from tests.views.conftest import LOAD_TIMEOUT_MS, wait_until_settled
from tests.views.test_dialog_keys import in_front, press, shortcut, type_in
from tests.views.test_main_window import select_calendar

Key = Qt.Key


def ringed(widget: QWidget) -> bool:
    """``widget`` has the keyboard and a ring is drawn round it (round its current
    cell, for a list; round its label, for a radio): at least two sides' worth of
    pixels in the ring's colour."""
    if not widget.hasFocus() or not isinstance(QApplication.style(), FocusRingStyle):
        return False
    palette = widget.palette()
    if isinstance(widget, QAbstractItemView):
        area = widget.visualRect(widget.currentIndex())
        image = widget.viewport().grab(area).toImage()
        colour = ring_colour(palette, palette.color(QPalette.ColorRole.Highlight))
    else:
        image = widget.grab().toImage()
        colour = ring_colour(palette, palette.color(QPalette.ColorRole.Window))
    if image.isNull():
        return False
    matching = sum(QColor(image.pixel(x, y)) == colour
                   for y in range(image.height()) for x in range(image.width()))
    return matching >= 4 * image.height()  # two sides, two pixels wide


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def test_tab_leaves_the_people_table_and_the_row_stays_after_a_reload(qtbot, open_deputy):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    select_calendar(qtbot, window, "Kids parties")
    view = window.sharing_view
    table = view.table
    table.setFocus()
    assert table.tabKeyNavigation() is False
    press(qtbot, Key.Key_Down)  # the arrows move in the table…
    press(qtbot, Key.Key_Down)
    row = table.currentIndex().row()
    assert row >= 1
    person = table.currentIndex().siblingAtColumn(PermissionColumn.PERSON).data()
    assert ringed(table), "the current row of the focused table shows no ring"

    window.activateWindow()
    qtbot.keyClick(window, Key.Key_F5)  # reload: the same person stays current, ringed
    wait_until_settled(qtbot, window)
    assert table.currentIndex().siblingAtColumn(PermissionColumn.PERSON).data() == person
    assert table.selectionModel().isRowSelected(table.currentIndex().row())
    assert focused() is table and ringed(table)

    press(qtbot, Key.Key_Tab)  # …and Tab leaves it, to the next control, ringed
    assert focused() is not table and not table.isAncestorOf(focused())
    assert focused() is view.add_button
    assert ringed(view.add_button)
    assert QKeySequence.StandardKey.Refresh  # F5 is the platform's Refresh


def test_share_roles_are_one_tab_stop_where_the_arrows_choose(qtbot, open_deputy):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    select_calendar(qtbot, window, "Kids parties")
    shortcut(qtbot, window, Key.Key_Insert, Qt.KeyboardModifier.NoModifier)
    dialog = in_front(qtbot, AddPersonDialog)
    assert ringed(dialog.address_edit)
    type_in(qtbot, "ChristieC@contoso.com")
    qtbot.waitUntil(lambda: bool(dialog.choice.offered), timeout=LOAD_TIMEOUT_MS)
    assert dialog.role == "read"
    press(qtbot, Key.Key_Tab)
    assert focused().text().replace("&", "") == "Can view all details" and ringed(focused())
    press(qtbot, Key.Key_Down)  # the next role down is chosen, with the focus
    assert dialog.role != "read" and focused().isChecked() and ringed(focused())
    press(qtbot, Key.Key_Up)
    assert dialog.role == "read" and ringed(focused())
    press(qtbot, Key.Key_Tab)  # one Tab leaves the roles
    assert not focused().inherits("QRadioButton")
    cancel = focused()
    assert ringed(cancel) and not cancel.property("default")
    assert dialog.share_button.isDefault()
