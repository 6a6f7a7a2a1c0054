"""Time-limited access, as Alex gives it and Deputy takes it back: shared with Christie
"until" a moment by keys in the sharing view, the table says until when; with the clock
past that moment (``DEPUTY_NOW``), Deputy's next start removes her, and says so. A first
try that fails (the emulator refuses the removal) is said, listed in the review, and
done at the start after. A role changed for a time goes back while Deputy runs, once
the clock passes its moment.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
from PySide6.QtCore import Qt

from app.clock import ENVIRONMENT_VARIABLE
from app.fixes.timed import short_time
from app.models.expiries import Column as ExpiryColumn
from app.models.permissions import Column
from app.views.add_person import AddPersonDialog
from app.views.demo_picker import DemoPickerDialog
from app.views.main_window import MainWindow
from app.views.review_window import ReviewWindow
from app.views.role_editor import RoleDialog
from tests.test_snapshots import admin_client
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot, wait_until_settled
from tests.views.person import (
    Person,
    back_to,
    idle,
    picture,
    press,
    quit_from_the_menu,
    run_deputy,
    settled,
    shown,
    type_text,
)
from tests.views.test_main_window import ADELE, ALEX, alex_sharing, server_permissions
from tests.views.test_person_keyboard import signed_in_as
from tests.views.test_person_start import PICKER

# Counts of the Contoso seed as the service shows it (see service_profile).
pytestmark = pytest.mark.usefixtures("service_profile")

Key = Qt.Key
CTRL, ALT, SHIFT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
                    Qt.KeyboardModifier.ShiftModifier)
CHRISTIE = "ChristieC@contoso.com"


def christie_on_alexs_calendar(emulator) -> list[str]:
    """Christie's roles on Alex's primary calendar, as the tenant has them now."""
    client = admin_client(emulator.base_url)
    try:
        found = client.get_all("/users/AlexW@contoso.com/calendar/calendarPermissions",
                               scopes=["Calendars.Read"])
    finally:
        client.close()
    return [p["role"] for p in found
            if (p.get("emailAddress") or {}).get("address", "").casefold() == CHRISTIE.casefold()]


def role_cell(window: MainWindow, who: str) -> str:
    """The Access cell of ``who``'s row in the sharing table ("" when not listed)."""
    model = window.sharing_view.model
    return next((model.index(r, Column.ROLE).data() for r in range(model.rowCount())
                 if who in str(model.index(r, Column.PERSON).data())
                 or who in str(model.index(r, Column.ADDRESS).data())), "")


def as_alex() -> Person:
    """Until Alex's window shows his calendars; returns it."""
    picker = yield shown(DemoPickerDialog, PICKER)
    signed_in_as(picker, "Alex Wilber")
    return (yield settled("Alex Wilber"))


def test_access_until_a_moment_is_removed_at_the_next_start_after_it(
        emulator, monkeypatch, qtmodeltester):
    seen: dict[str, object] = {}
    argv = ["--demo", "--emulator", emulator.base_url]

    def share_until() -> Person:
        window = yield from as_alex()
        view = window.sharing_view
        press(Key.Key_2, CTRL | SHIFT)  # Sharing and delegates
        yield idle(window)
        press(Key.Key_Insert)  # Add person…
        dialog = yield shown(AddPersonDialog)
        type_text(CHRISTIE)
        yield lambda: dialog.share_button.isEnabled()
        assert not dialog.until.check.isChecked()  # off unless asked for
        press(Key.Key_U, ALT)  # Until: the date and time take the keyboard
        yield lambda: dialog.until.edit.hasFocus()
        assert dialog.until.then.text() == "Then Deputy removes them."
        press(Key.Key_Up)  # a day later than offered (the day's field has the keyboard)
        seen["until"] = dialog.until.moment
        picture(dialog, "share-until.png")
        assert dialog.share_button.isEnabled()
        press(Key.Key_Return)  # Share
        yield back_to(window, dialog)
        yield idle(window)
        yield lambda: "until" in role_cell(window, "Christie")
        seen["cell"] = role_cell(window, "Christie")
        qtmodeltester.check(view.model)
        picture(window, "sharing-until.png")
        quit_from_the_menu()

    assert run_deputy(argv, share_until()) == 0
    until = seen["until"]
    assert seen["cell"] == f"Can view all details until {short_time(until)}"
    assert christie_on_alexs_calendar(emulator) == ["read"]

    # The moment passes; the first start's removal is refused by the service.
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, (until + timedelta(minutes=1)).isoformat())
    requests.post(f"{emulator.base_url}/_emulator/faults", timeout=5, json={
        "fail_rate": 1, "fail_with": [503], "retry_after": 0.01, "in_batch": True,
        "methods": ["DELETE"]})

    def refused() -> Person:
        window = yield from as_alex()
        bar = window.message_bar
        yield lambda: bar.isVisible() and "could not all be put back" in bar.text.text()
        seen["problem"] = bar.text.text()
        press(Key.Key_2, CTRL | SHIFT)  # the table says it is overdue
        yield lambda: role_cell(window, "Christie").endswith("(overdue)")
        press(Key.Key_R, CTRL | SHIFT)  # Permission review…
        review = yield shown(ReviewWindow)
        press(Key.Key_4, CTRL)  # Change journal
        listed = review.journal_view.expiries
        yield lambda: listed.isVisible() and listed.model.rowCount() == 1
        qtmodeltester.check(listed.model)
        row = {column: listed.model.index(0, column).data() for column in ExpiryColumn}
        seen["row"] = row
        seen["why"] = listed.model.index(0, ExpiryColumn.STATE).data(Qt.ItemDataRole.ToolTipRole)
        seen["summary"] = listed.summary.text()
        picture(review, "review-expiries.png")
        review.close()
        yield back_to(window, review)
        quit_from_the_menu()

    assert run_deputy(argv, refused()) == 0
    assert christie_on_alexs_calendar(emulator) == ["read"]  # still there: it failed
    assert "Christie" in str(seen["problem"]) and "next start" in str(seen["problem"])
    row = seen["row"]
    assert row[ExpiryColumn.UNTIL] == short_time(until)
    assert row[ExpiryColumn.PERSON] == CHRISTIE
    assert row[ExpiryColumn.CALENDAR] == "Alex Wilber's Calendar"
    assert row[ExpiryColumn.ACCESS] == "Can view all details, then removed"
    assert row[ExpiryColumn.STATE] == "Not put back yet"
    assert str(seen["why"]).startswith("1 not put back: failed: Microsoft 365 answered")
    assert str(seen["summary"]).startswith("1 change of access for a time. 1 change could "
                                           "not be put back when due (1 not put back: failed")

    # The start after: the service answers again, and Christie is removed.
    requests.post(f"{emulator.base_url}/_emulator/faults", json={}, timeout=5)

    def put_back() -> Person:
        window = yield from as_alex()
        status = window.statusBar()
        yield lambda: "put back" in status.currentMessage()
        seen["notice"] = status.currentMessage()
        press(Key.Key_2, CTRL | SHIFT)
        yield idle(window)
        seen["cell after"] = role_cell(window, "Christie")
        quit_from_the_menu()

    assert run_deputy(argv, put_back()) == 0
    assert christie_on_alexs_calendar(emulator) == []
    assert seen["notice"] == ("Access that ran out was put back: ChristieC@contoso.com "
                              "removed from Alex Wilber's Calendar.")
    assert seen["cell after"] == ""


def test_a_role_for_a_time_goes_back_while_deputy_runs(qtbot, open_deputy, graph,
                                                       monkeypatch, tmp_path):
    until = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, (until - timedelta(seconds=1.5)).isoformat())
    window, view = alex_sharing(qtbot, open_deputy, "Kids parties", "Adele Vance")
    view.change_selected()
    dialog = view.dialog
    assert isinstance(dialog, RoleDialog)
    assert dialog.choice.role == "read"
    dialog.choice.choose("write")
    dialog.activateWindow()  # the window manager's part, which offscreen has none of
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.until.edit.hasFocus())
    assert dialog.until.then.text() == "Then back to “Can view all details”."
    dialog.until.set_moment(until)
    save_screenshot(dialog, "role-until.png", tmp_path)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)
    assert server_permissions(graph, ALEX, "Kids parties")[ADELE] == "write"
    qtbot.waitUntil(lambda: role_cell(window, "Adele") == f"Can edit until {short_time(until)}",
                    timeout=LOAD_TIMEOUT_MS)
    row = next(r for r in range(view.model.rowCount())
               if "Adele" in view.model.index(r, Column.PERSON).data())
    assert view.model.index(row, Column.ROLE).data(Qt.ItemDataRole.ToolTipRole).endswith(
        f"Until {short_time(until)}, then back to Can view all details.")
    assert window.workspace.expiries.next_at == until
    # The clock passes the moment while Deputy is open: the role goes back by itself.
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, (until + timedelta(seconds=1)).isoformat())
    qtbot.waitUntil(lambda: role_cell(window, "Adele") == "Can view all details",
                    timeout=LOAD_TIMEOUT_MS)
    assert server_permissions(graph, ALEX, "Kids parties")[ADELE] == "read"
    assert window.statusBar().currentMessage() == (
        "Access that ran out was put back: Adele Vance <AdeleV@contoso.com> back to Can view "
        "all details on Alex Wilber's Kids parties.")
