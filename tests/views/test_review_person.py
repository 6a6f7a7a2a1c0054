"""The permission review as a person uses it: Adele, an assistant, opens it with its
shortcut, presses Sync now and reads what her sync could and could not read; then Alex
signs in on the same computer and is not offered Adele's snapshot.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.views.main_window import MainWindow
from app.views.review_window import ReviewWindow
from tests.graph_client import ADELE, ALEX
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NOT_READ = ("The sharing settings of Alex Wilber, Lee Gu and Patti Fernandez: only each of "
            "them or an administrator can read them.")


def open_review_by_shortcut(qtbot, window: MainWindow) -> ReviewWindow:
    """Ctrl+Shift+R on the main window, as the View menu says; the review has loaded."""
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)
    review = window.review
    assert review is not None and review.isVisible()
    qtbot.waitUntil(lambda: review.banner.headline.text() != "", timeout=LOAD_TIMEOUT_MS)
    return review


def visible_text(review: ReviewWindow) -> str:
    """Every label the person can read in the window, as one text."""
    return "\n".join(label.text() for label in review.findChildren(QLabel)
                     if label.isVisible() and label.text())


def test_an_assistant_syncs_her_own_view_and_reads_plainly_what_she_cannot(
        open_deputy, qtbot, tmp_path):
    window = open_deputy(ADELE)
    review = open_review_by_shortcut(qtbot, window)
    assert review.banner.headline.text() == "No snapshot yet"

    with qtbot.waitSignal(review.synced, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(review.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.current is not None, timeout=LOAD_TIMEOUT_MS)

    headline = review.banner.headline.text()
    assert headline.startswith("Snapshot of ") and headline.endswith(", 1 mailbox")
    text = visible_text(review)
    assert NOT_READ in text
    assert "partial" not in text.casefold()
    assert "request-id" not in text and "could not be read completely" not in text
    assert not review.message_bar.isVisible()
    assert "(partial)" not in review.snapshot_box.currentText()
    assert review.matrix_view.shown_label.text() == (
        "Showing 1 of 1 mailbox and 1 of 1 person.")
    save_screenshot(review, "review-adele.png", tmp_path)

    # Alex signs in on the same computer: Adele's snapshot is hers, not offered to him.
    alex = open_deputy(ALEX)
    alex_review = open_review_by_shortcut(qtbot, alex)
    assert alex_review.banner.headline.text() == "No snapshot yet"
    assert alex_review.snapshot_box.count() == 0
    assert "Adele" not in visible_text(alex_review)

