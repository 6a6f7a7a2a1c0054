"""Every window shows its messages from the one bridge: a problem is shown in the window
whose work it is about, and only there, while both windows are open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.messages import Place
from app.views.review_window import ReviewWindow
from tests.views.conftest import LOAD_TIMEOUT_MS

NOT_A_SNAPSHOT = "holiday.deputy is not a Deputy snapshot file."


def test_a_problem_shows_in_the_window_whose_work_it_is_about(open_deputy, qtbot, tmp_path):
    window = open_deputy("AdeleV@contoso.com")
    QTest.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # View > Permission review
    review = window.review
    assert isinstance(review, ReviewWindow)
    qtbot.waitUntil(lambda: review.isVisible() and review.snapshot_box.isEnabled(),
                    timeout=LOAD_TIMEOUT_MS)

    not_a_snapshot = tmp_path / "holiday.deputy"
    not_a_snapshot.write_text("a letter, not a snapshot")
    review.files.import_snapshot_from(str(not_a_snapshot))
    qtbot.waitUntil(lambda: review.message_bar.message != "", timeout=LOAD_TIMEOUT_MS)
    review_said = review.message_bar.message
    assert NOT_A_SNAPSHOT in review_said
    assert window.message_bar.message == ""

    # Christie has not shared her calendar with Adele: opening it is the main window's
    # problem.
    window.activateWindow()  # the person goes back to the main window
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.dialog.address_edit, "ChristieC@contoso.com")
    QTest.keyClick(window.dialog.address_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.message_bar.message != "", timeout=LOAD_TIMEOUT_MS)
    assert window.message_bar.message in window.workspace.messages.problems_for(Place.MAIN)
    assert review.message_bar.message == review_said  # its own, not the main window's
    assert window.workspace.messages.problems_for(Place.REVIEW) == [review_said]
