"""The shortcuts the README lists, pressed by an assistant who started ``deputy --demo``
and picked herself in the picker; each asserts what she sees next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from app.views.demo_picker import DemoPickerDialog
from app.views.open_mailbox import OpenMailboxDialog
from app.views.review_window import ReviewWindow
from tests.views.person import (
    Person,
    back_to,
    idle,
    press,
    quit_from_the_menu,
    run_deputy,
    settled,
    shown,
    type_text,
)
from tests.views.test_person_start import PICKER

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_the_readme_shortcuts_from_the_picker_on():
    seen: dict[str, object] = {}

    def person() -> Person:
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Return)
        window = yield settled("Adele Vance")
        seen["first heading"] = window.heading.text()

        press(Qt.Key.Key_Down, ALT)  # Alt+Down: the next mailbox in the sidebar
        yield idle(window)
        seen["next heading"] = window.heading.text()
        press(Qt.Key.Key_1, CTRL)  # Ctrl+1: back to the first
        yield idle(window)
        seen["ctrl+1 heading"] = window.heading.text()

        views = []
        for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_1):
            press(key, CTRL | SHIFT)  # Ctrl+Shift+1..4: the four views
            views.append(window.tabs.tabText(window.tabs.currentIndex()).replace("&", ""))
        seen["views"] = views

        press(Qt.Key.Key_3, CTRL | SHIFT)  # Meetings, then a week later and back
        first = window.meetings_view.first_day.date()
        press(Qt.Key.Key_Right, ALT)
        seen["days later"] = first.daysTo(window.meetings_view.first_day.date())
        press(Qt.Key.Key_Left, ALT)
        seen["back"] = window.meetings_view.first_day.date() == first
        yield idle(window)

        press(Qt.Key.Key_O, CTRL)  # Ctrl+O: open another mailbox
        dialog = yield shown(OpenMailboxDialog)
        press(Qt.Key.Key_Escape)  # nothing typed: closes without asking
        yield back_to(window, dialog)

        press(Qt.Key.Key_R, CTRL | SHIFT)  # the permission review, in its own window
        review = yield shown(ReviewWindow)
        seen["review"] = review.windowTitle()
        review.close()  # its close button
        yield back_to(window, review)

        press(Qt.Key.Key_F, CTRL)  # Ctrl+F: find a mailbox
        seen["find has the keyboard"] = window.sidebar.search.hasFocus()
        press(Qt.Key.Key_Escape)
        quit_from_the_menu()

    assert run_deputy(["--demo"], person()) == 0
    assert seen["first heading"] != seen["next heading"]
    assert seen["ctrl+1 heading"] == seen["first heading"]
    assert seen["views"] == ["Sharing and delegates", "Meetings", "Meeting messages",
                             "Calendars"]
    assert seen["days later"] == 7
    assert seen["back"] is True
    assert "review" in str(seen["review"]).casefold()
    assert seen["find has the keyboard"] is True


def test_copy_the_addresses_of_those_who_have_not_answered():
    """Adele finds Alex with Ctrl+F, opens a meeting of his that someone hasn't answered,
    and Ctrl+Shift+C copies their addresses, for a reminder."""
    copied: list[str] = []

    def person() -> Person:
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Return)
        window = yield settled("Adele Vance")
        press(Qt.Key.Key_F, CTRL)
        type_text("Alex")
        press(Qt.Key.Key_Return)
        yield idle(window)
        press(Qt.Key.Key_3, CTRL | SHIFT)
        yield idle(window)
        table = window.meetings_view.table
        model = table.model()
        answers = next(c for c in range(model.columnCount())
                       if model.headerData(c, Qt.Orientation.Horizontal) == "Responses")
        row = next(r for r in range(model.rowCount())
                   if "no response" in str(model.index(r, answers).data()))
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.visualRect(model.index(row, 0)).center())
        yield idle(window)
        press(Qt.Key.Key_C, CTRL | SHIFT)
        copied.append(QGuiApplication.clipboard().text())
        quit_from_the_menu()

    assert run_deputy(["--demo"], person()) == 0
    assert "@" in copied[0]
