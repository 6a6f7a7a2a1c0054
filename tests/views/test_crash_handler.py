"""An error nobody planned for, as a person meets it: a dialog that says what happened
and where the log is, Deputy still running behind it, and the traceback in the log.

Deputy has no known way to crash; the tests put a fault in the event loop as a bug in
a slot would, after Deputy started from its own command line."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app import paths
from app.views.crash_dialog import TITLE, CrashDialog
from app.views.demo_picker import DemoPickerDialog
from tests.views.person import (
    Person,
    back_to,
    idle,
    press,
    quit_from_the_menu,
    run_deputy,
    settled,
    shown,
)
from tests.views.test_person_start import PICKER

pytestmark = pytest.mark.qt_no_exception_capture  # Deputy's own handler is under test


class SlotBugError(RuntimeError):
    pass


def _a_bug() -> None:
    raise SlotBugError("the list's row 12 is gone")


def _crash_dialogs() -> list[CrashDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, CrashDialog) and w.isVisible()]


def _expected(caplog) -> None:
    """The critical lines the handler wrote are what these tests ask for."""
    for record in caplog.get_records("call"):
        if record.name == "app.crash_handler":
            record.expected = True


def test_a_bug_in_a_slot_shows_what_happened_and_deputy_keeps_working(caplog):
    seen: dict[str, object] = {}

    def person() -> Person:
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Return)
        window = yield settled("Adele Vance")
        QTimer.singleShot(0, _a_bug)
        dialog = yield shown(CrashDialog, TITLE)
        seen["text"] = dialog.text()
        seen["advice"] = dialog.informativeText()
        # Copy details: the traceback, for a support request; the dialog stays.
        copy = next(b for b in dialog.buttons() if b.text() == "&Copy details")
        copy.click()
        seen["clipboard"] = QGuiApplication.clipboard().text()
        seen["still open"] = dialog.isVisible()
        press(Qt.Key.Key_Escape)  # Keep working
        yield back_to(window, dialog)
        # The window still answers its shortcuts.
        press(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier
              | Qt.KeyboardModifier.ShiftModifier)
        yield lambda: window.current_view == "meetings" and window
        yield idle(window)
        quit_from_the_menu()

    try:
        assert run_deputy(["--demo"], person()) == 0
    finally:
        _expected(caplog)
    assert seen["text"] == ("Something went wrong that Deputy did not expect "
                            "(SlotBugError: the list's row 12 is gone).")
    assert "Deputy is still running" in str(seen["advice"])
    assert str(paths.log_file()) in str(seen["advice"])
    assert "Traceback" in str(seen["clipboard"]) and "_a_bug" in str(seen["clipboard"])
    assert seen["still open"] is True
    log_text = paths.log_file().read_text(encoding="utf-8")
    assert "CRITICAL app.crash_handler: An unexpected error: SlotBugError" in log_text
    assert "in _a_bug" in log_text  # the whole traceback, for support


def test_errors_in_a_burst_show_one_dialog_that_says_to_restart_and_quit_works(caplog):
    seen: dict[str, object] = {}

    def person() -> Person:
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Return)
        yield settled("Adele Vance")
        for _ in range(3):
            QTimer.singleShot(0, _a_bug)
        worker = threading.Thread(target=_a_bug, name="a worker")
        worker.start()
        worker.join()
        dialog = yield shown(CrashDialog, TITLE)
        yield lambda: "It keeps happening" in dialog.informativeText() or None
        seen["count"] = len(_crash_dialogs())
        dialog.quit_button.click()

    try:
        assert run_deputy(["--demo"], person()) == 1  # Quit Deputy: it quits, saying so
    finally:
        _expected(caplog)
    assert seen["count"] == 1
    critical = [r for r in caplog.get_records("call")
                if r.name == "app.crash_handler" and r.levelno == logging.CRITICAL]
    assert len(critical) == 4
    assert sum("in a worker" in r.getMessage() for r in critical) == 1
