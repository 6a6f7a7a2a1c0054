"""Shapes the pages don't show, met as a person meets them (issue 16, item 5).

Patti Fernandez's calendar holds a level Christie was given in Outlook classic (custom)
and an entry whose person Graph no longer names; Megan Bowen's a role newer than this
Deputy; Alex Wilber's "Kids parties" comes back without an owner. Each is shown as what
it is, and the role editor never offers what Graph can't set.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.graph.resources import UNKNOWN_PERSON
from app.models.permissions import NO_ADDRESS
from app.models.permissions import Column as PermissionColumn
from app.views.role_editor import RoleDialog
from tests.graph_client import ALEX, CHRISTIE, MEGAN, PATTI
from tests.odd_shapes import ODD_SHAPES
from tests.views.conftest import wait_until_settled
from tests.views.test_dialog_keys import (
    closing,
    escape_closes_at_once,
    in_front,
    looks_whole,
    press,
    shortcut,
)

Key, Alt = Qt.Key, Qt.KeyboardModifier.AltModifier


def shown_rows(window) -> list[tuple[str, str, str]]:
    """(person, address, access) as the sharing table shows them, in its order."""
    view = window.sharing_view
    proxy = view.proxy
    return [tuple(proxy.index(row, column).data() for column in
                  (PermissionColumn.PERSON, PermissionColumn.ADDRESS, PermissionColumn.ROLE))
            for row in range(proxy.rowCount())]


def select_row(window, person: str) -> None:
    view = window.sharing_view
    proxy = view.proxy
    row = next(r for r in range(proxy.rowCount())
               if proxy.index(r, PermissionColumn.PERSON).data() == person)
    view.table.setCurrentIndex(proxy.index(row, 0))
    view.table.setFocus()


def server_roles(graph, owner: str) -> list[tuple[str, str]]:
    client = graph(owner, "Calendars.Read")
    return sorted(((p["emailAddress"] or {}).get("address") or "", p["role"])
                  for p in client.get_all("/me/calendar/calendarPermissions"))


def test_a_custom_level_is_shown_replaced_never_offered(qtbot, emulator, open_deputy, graph,
                                                       tmp_path):
    emulator.set_quirks(emulator.quirks.plus(*ODD_SHAPES))
    window = open_deputy(PATTI)
    window.show_view("sharing")
    wait_until_settled(qtbot, window)
    rows = shown_rows(window)
    assert ("Christie Cline", CHRISTIE, "Custom access (set in Outlook)") in rows
    assert (UNKNOWN_PERSON, NO_ADDRESS, "Can view titles and locations") in rows

    select_row(window, "Christie Cline")
    shortcut(qtbot, window, Key.Key_E)  # Sharing, Change access…
    dialog = in_front(qtbot, RoleDialog)
    assert dialog.now.text().startswith("Now: Custom access (set in Outlook). Christie Cline "
                                        "has a permission level set in Outlook")
    assert "custom" not in dialog.choice.offered and dialog.choice.role is None
    looks_whole(qtbot, dialog, "dialog-change-custom-access.png", tmp_path)
    escape_closes_at_once(qtbot, dialog)  # nothing chosen: nothing to discard

    shortcut(qtbot, window, Key.Key_E)
    dialog = in_front(qtbot, RoleDialog)
    press(qtbot, Key.Key_A, Alt)  # Can view &all details (a mnemonic clicks a moment later)
    qtbot.waitUntil(lambda: dialog.choice.role == "read")
    with closing(qtbot, dialog):
        press(qtbot, Key.Key_Return)
    wait_until_settled(qtbot, window)
    assert (CHRISTIE, "read") in server_roles(graph, PATTI)
    assert ("Christie Cline", CHRISTIE, "Can view all details") in shown_rows(window)


def test_an_entry_for_no_one_can_be_removed(qtbot, emulator, open_deputy, graph):
    emulator.set_quirks(emulator.quirks.plus(*ODD_SHAPES))
    window = open_deputy(PATTI)
    window.show_view("sharing")
    wait_until_settled(qtbot, window)
    select_row(window, UNKNOWN_PERSON)
    view = window.sharing_view
    assert view.remove_button.isEnabled()
    shortcut(qtbot, window, Key.Key_Delete, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    box = view.dialog
    assert box.text() == f"Stop sharing Calendar with {UNKNOWN_PERSON}?"
    stop = next(b for b in box.buttons() if b.text() == "&Stop sharing")
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)
    assert ("", "limitedRead") not in server_roles(graph, PATTI)
    assert all(row[0] != UNKNOWN_PERSON for row in shown_rows(window))


def test_a_role_newer_than_deputy_is_named_and_not_offered(qtbot, emulator, open_deputy):
    emulator.set_quirks(emulator.quirks.plus(*ODD_SHAPES))
    window = open_deputy(MEGAN)
    window.show_view("sharing")
    wait_until_settled(qtbot, window)
    assert ("Christie Cline", CHRISTIE, "Other access (unknownFutureValue)") in shown_rows(window)
    select_row(window, "Christie Cline")
    shortcut(qtbot, window, Key.Key_E)
    dialog = in_front(qtbot, RoleDialog)
    assert dialog.now.text().startswith("Now: Other access (unknownFutureValue). Christie "
                                        "Cline has access that Microsoft Graph calls")
    assert dialog.choice.offered == ["freeBusyRead", "limitedRead", "read", "write",
                                     "delegateWithoutPrivateEventAccess",
                                     "delegateWithPrivateEventAccess"]
    escape_closes_at_once(qtbot, dialog)


def test_a_calendar_without_an_owner_is_still_its_owners(qtbot, emulator, open_deputy):
    emulator.set_quirks(emulator.quirks.plus(*ODD_SHAPES))
    window = open_deputy(ALEX)
    window.show_view("sharing")
    wait_until_settled(qtbot, window)
    box = window.sharing_view.calendar_box
    assert [box.itemText(i) for i in range(box.count())] == ["Calendar", "Kids parties"]
    window.show_view("calendars")
    wait_until_settled(qtbot, window)
    names = [c.name for c in window.workspace.directory.calendars.calendars]
    assert "Kids parties" in names
