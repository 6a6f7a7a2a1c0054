"""The permission review as a person uses it: Adele, an assistant, opens it with its
shortcut, presses Sync now and reads what her sync could and could not read; then Alex
signs in on the same computer and is not offered Adele's snapshot.

Also where the window opens (whole on the screen of its main window, where it was last
only if that still fits) and the findings tab's first look.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app import settings
from app.models.item_roles import ItemRole
from app.review.findings import Rule
from app.views.main_window import MainWindow
from app.views.review_window import ReviewWindow
from tests.graph_client import ADELE, ALEX
from tests.odd_shapes import UNREACHABLE
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot
from tests.views.test_review import findings_in_place

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NOT_READ = ("The sharing settings of Alex Wilber, Lee Gu and Patti Fernandez: only each of "
            "them or an administrator can read them.")


def open_review_by_shortcut(qtbot, window: MainWindow) -> ReviewWindow:
    """Ctrl+Shift+R on the main window, as the View menu says; the review has loaded."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
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
        qtbot.mouseClick(review.sync.button, Qt.MouseButton.LeftButton)
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



def test_the_review_opens_whole_on_the_screen_of_its_main_window(open_deputy, qtbot):
    window = open_deputy(ADELE)
    review = open_review_by_shortcut(qtbot, window)
    screen = (window.screen() or QApplication.primaryScreen()).availableGeometry()
    assert screen.contains(review.frameGeometry()), (screen, review.frameGeometry())
    assert review.width() >= review.minimumSizeHint().width()


def saved_geometry(x: int, y: int, width: int, height: int) -> None:
    """Where the review was when it was last closed, as Deputy keeps it."""
    elsewhere = QWidget()
    elsewhere.move(x, y)
    elsewhere.resize(width, height)
    store = settings.open_store()
    settings.REVIEW_GEOMETRY.write(store, elsewhere.saveGeometry())
    store.sync()
    elsewhere.deleteLater()


def test_a_saved_place_is_used_only_while_it_fits_the_screen(open_deputy, qtbot):
    window = open_deputy(ADELE)
    screen = (window.screen() or QApplication.primaryScreen()).availableGeometry()
    saved_geometry(screen.right() + 400, 100, 1600, 1000)  # a monitor since unplugged
    review = open_review_by_shortcut(qtbot, window)
    assert screen.contains(review.frameGeometry()), (screen, review.frameGeometry())
    review.close()

    alex = open_deputy(ALEX)
    saved_geometry(30, 40, 760, 500)
    kept = open_review_by_shortcut(qtbot, alex)
    assert kept.size().toTuple() == (760, 500)
    assert abs(kept.x() - 30) <= 4 and abs(kept.y() - 40) <= 4  # the frame, as restored


def synced_findings(qtbot, window):
    """The review opened by its shortcut, Sync now clicked, then Ctrl+2: the Findings."""
    review = open_review_by_shortcut(qtbot, window)
    with qtbot.waitSignal(review.synced, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(review.sync.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.current is not None, timeout=LOAD_TIMEOUT_MS)
    review.activateWindow()  # the window manager's part, which offscreen has none of
    qtbot.waitUntil(review.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
    qtbot.keyClick(review, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert review.view_shown is review.findings_view, "Ctrl+2 did not open Findings"
    findings_in_place(qtbot, review.findings_view)
    return review


def test_findings_open_on_a_rule_that_flags_something_with_titles_whole(open_deputy, qtbot):
    window = open_deputy(None)  # the administrator: every mailbox
    review = synced_findings(qtbot, window)
    findings = review.findings_view
    assert review.view_shown is findings
    assert findings.title.text() == Rule.DELEGATES_ONLY_DELIVERY.title
    assert findings.table.isVisible() and findings.model.rowCount() == 2
    assert findings.empty.text() == "2 permissions flagged."
    rules = findings.rules
    for row in range(rules.count()):  # each title wrapped whole within its item
        item = rules.item(row)
        rect = rules.visualItemRect(item)
        needed = QFontMetrics(item.font()).boundingRect(
            0, 0, rect.width() - 8, 10_000, Qt.TextFlag.TextWordWrap, item.text())
        assert rect.height() >= needed.height(), item.text()


def test_each_rule_chosen_by_keys_shows_its_rows_only_in_the_order_clicked(
        open_deputy, qtbot):
    review = synced_findings(qtbot, open_deputy(None))
    findings = review.findings_view
    model, rules, header = findings.model, findings.rules, findings.table.horizontalHeader()
    person = 2  # sorted by the Person column, descending: two clicks on its header
    for _ in range(2):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(
            header.sectionViewportPosition(person) + header.sectionSize(person) // 2,
            header.height() // 2))
        findings_in_place(qtbot, findings)
    rules.setFocus()
    qtbot.keyClick(rules, Qt.Key.Key_Home)
    flagging = 0
    for row in range(rules.count()):
        if row:
            qtbot.keyClick(rules, Qt.Key.Key_Down)
        findings_in_place(qtbot, findings)
        rule = rules.currentItem().data(ItemRole.OBJECT)
        assert rules.currentRow() == row and findings.title.text() == rule.title
        shown = [model.index(r, 0).data(ItemRole.OBJECT) for r in range(model.rowCount())]
        assert all(f.rule is rule for f in shown)
        assert len(shown) == findings.counts[rule]
        assert findings.table.isVisible() == bool(shown)
        people = [f.person.label.casefold() for f in shown]
        assert people == sorted(people, reverse=True)
        flagging += bool(shown)
    # Every rule that flags something was shown with its rows: the seed flags two
    # (delegates only, private), four with the odd shapes played (tests/odd_shapes.py).
    assert flagging == sum(1 for count in findings.counts.values() if count) >= 2


def test_findings_of_a_snapshot_that_flags_nothing_say_so(open_deputy, qtbot):
    window = open_deputy(ADELE)
    review = synced_findings(qtbot, window)
    findings = review.findings_view
    assert findings.title.text() == "No findings"
    assert findings.why.text() == ("None of the rules on the left flags anything in this "
                                   "snapshot.")
    assert not findings.table.isVisible() and not findings.empty.isVisible()


def sync_by_click(qtbot, review: ReviewWindow) -> None:
    with qtbot.waitSignal(review.synced, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(review.sync.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.current is not None, timeout=LOAD_TIMEOUT_MS)


def test_offline_opens_the_newest_snapshot_whoever_took_it_and_says_whose(
        open_deputy, offline_review, qtbot, emulator):
    emulator.set_quirks(emulator.quirks.without(*UNREACHABLE))  # the seed's 6 mailboxes
    sync_by_click(qtbot, open_review_by_shortcut(qtbot, open_deputy(ADELE)))
    admin = open_review_by_shortcut(qtbot, open_deputy(None))
    sync_by_click(qtbot, admin)
    assert admin.snapshot_box.count() == 1  # the administrator's own, not Adele's
    admin.close()

    offline = offline_review()  # deputy --offline: nobody signed in
    assert offline.current.snapshot.identity_key == "app-only"
    assert "Taken by Administrator" in offline.banner.detail.text()
    offered = [offline.snapshot_box.itemText(i) for i in range(offline.snapshot_box.count())]
    assert len(offered) == 2
    assert "· Administrator (app-only) · 6 mailboxes" in offered[0]
    assert "· Adele Vance · 1 mailbox" in offered[1]
