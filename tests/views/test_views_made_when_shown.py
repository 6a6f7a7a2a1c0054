"""The main window's views are made as they are first shown (app.views.lazy_page): a
person who opens one later sees it as if it had been there all along."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.models.item_roles import ItemRole
from tests.views.conftest import LOAD_TIMEOUT_MS, wait_until_settled

ALEX = "AlexW@contoso.com"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LATER_PAGES = ("_sharing_page", "_meetings_page", "_messages_page", "_side_by_side_page")


def test_a_view_first_opened_later_shows_what_loaded_and_opens_its_first_meeting(
        qtbot, open_deputy):
    window = open_deputy(ALEX)
    assert [name for name in LATER_PAGES if getattr(window, name).made] == []
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL_SHIFT)  # View, Meetings
    assert window.current_view == "meetings"
    view = window.meetings_view
    assert view.isVisible() and view.table.isVisible()
    loaded = window.workspace.meetings.events.rowCount()
    assert loaded > 0 and view.proxy.rowCount() == loaded
    first = view.proxy.index(0, 0).data(ItemRole.OBJECT)
    assert view.table.currentIndex().row() == 0  # as when the meetings arrive in sight
    # At its size at once: its columns were fitted to the width it keeps.
    widths = [view.table.columnWidth(c) for c in range(view.proxy.columnCount())]
    width = view.table.viewport().width()
    qtbot.waitUntil(lambda: view.title.text() == first.subject, timeout=LOAD_TIMEOUT_MS)
    wait_until_settled(qtbot, window)
    assert view.table.viewport().width() == width
    assert [view.table.columnWidth(c) for c in range(view.proxy.columnCount())] == widths


def test_a_view_first_opened_while_its_data_loads_says_it_is_loading(
        qtbot, open_deputy, emulator):
    window = open_deputy(ALEX)
    assert not window._messages_page.made
    emulator.faults = type(emulator.faults)(latency_ms=1500)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F5)  # View, Refresh: the messages are read again
    qtbot.waitUntil(lambda: window.workspace.jobs.is_loading("messages"),
                    timeout=LOAD_TIMEOUT_MS)
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL_SHIFT)  # View, Meeting messages
    view = window.messages_view
    assert view.busy.isVisible()
    emulator.faults = type(emulator.faults)()
    qtbot.waitUntil(lambda: not view.busy.isVisible(), timeout=LOAD_TIMEOUT_MS)
    wait_until_settled(qtbot, window)
