"""Copy a delegate set-up, as an administrator does it in the review with keys: Review >
Copy a delegate set-up… (Ctrl+Shift+D), the source found by typing and Enter, the
targets found by typing and ticked with Space, then the preview, the typed count, Send,
and the result; the tenant read back as the source's set-up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.fixes.preview import INVITATION
from app.models.fix_preview import Column
from app.views.copy_setup_chooser import CopySetupChooser
from app.views.copy_setup_dialog import KEPT_HINT
from app.views.review_copy_setup import NO_SNAPSHOT
from tests.fixes.test_copy_setup import ALEX_SET_UP, LEE, PATTI, set_up
from tests.test_snapshots import admin_client
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot
from tests.views.test_review_person import open_review_by_shortcut

# Counts of the Contoso seed as the service shows it (see service_profile).
pytestmark = pytest.mark.usefixtures("service_profile")

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def active(qtbot, widget) -> None:
    widget.activateWindow()  # the window manager's part, which offscreen has none of
    qtbot.waitUntil(widget.isActiveWindow, timeout=LOAD_TIMEOUT_MS)


def tick(qtbot, chooser: CopySetupChooser, text: str) -> None:
    """Alt+T to the targets' search, ``text`` typed, Down into the list, Space ticks."""
    qtbot.keyClick(chooser, Qt.Key.Key_T, ALT)
    search = chooser.target_search
    assert search.hasFocus()
    search.selectAll()
    qtbot.keyClicks(search, text)
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert chooser.target_list.hasFocus()
    qtbot.keyClick(chooser.target_list, Qt.Key.Key_Space)


def test_an_admin_copies_alex_s_set_up_to_patti_and_lee_with_keys(
        open_deputy, qtbot, qtmodeltester, emulator, tmp_path):
    main = open_deputy(None)  # the administrator
    review = open_review_by_shortcut(qtbot, main)
    action = review.copy_setup.action
    assert action.text() == "Copy a &delegate set-up…"
    qtbot.waitUntil(lambda: review.current is not None or action.toolTip() == NO_SNAPSHOT,
                    timeout=LOAD_TIMEOUT_MS)
    if review.current is None:  # no snapshot yet: sync one first
        assert not action.isEnabled()
        with qtbot.waitSignal(review.synced, timeout=LOAD_TIMEOUT_MS):
            qtbot.mouseClick(review.sync.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: review.current is not None, timeout=LOAD_TIMEOUT_MS)
    assert action.isEnabled()
    active(qtbot, review)
    qtbot.keyClick(review, Qt.Key.Key_D, CTRL_SHIFT)
    chooser = review.copy_setup.chooser
    assert chooser is not None and chooser.isVisible()
    active(qtbot, chooser)
    assert not chooser.preview_button.isEnabled()
    # The source: typed, Enter takes the one row left.
    qtbot.keyClick(chooser, Qt.Key.Key_O, ALT)
    assert chooser.source_search.hasFocus()
    qtbot.keyClicks(chooser.source_search, "wilber")
    shown = [chooser.source_list.item(r).text() for r in range(chooser.source_list.count())
             if not chooser.source_list.item(r).isHidden()]
    assert shown == ["Alex Wilber <AlexW@contoso.com>"]
    qtbot.keyClick(chooser.source_search, Qt.Key.Key_Return)
    assert chooser.source == "AlexW@contoso.com"
    assert chooser.target_search.hasFocus()
    tick(qtbot, chooser, "patti")
    tick(qtbot, chooser, "lee g")
    assert chooser.targets == [LEE, PATTI]
    assert chooser.chosen_label.text() == "2 mailboxes ticked."
    save_screenshot(chooser, "copy-setup-chooser.png", tmp_path)
    qtbot.keyClick(chooser, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: review.copy_setup.dialog is not None, timeout=LOAD_TIMEOUT_MS)
    dialog = review.copy_setup.dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 6, timeout=LOAD_TIMEOUT_MS)
    qtmodeltester.check(dialog.model)
    assert dialog.heading.text() == "Copy Alex Wilber's delegate set-up to 2 mailboxes"
    rows = [tuple(dialog.model.index(r, c).data() for c in (Column.MAILBOX, Column.PERSON,
                                                              Column.AFTER, Column.STATUS))
            for r in range(6)]
    assert [r[1:] for r in rows] == [
        ("Adele Vance <AdeleV@contoso.com>", "Delegate", "ready"),
        ("Megan Bowen <MeganB@contoso.com>", "Delegate, with private events", "ready"),
        ("Meeting requests", "Delegates only", "nothing to do"),
        ("Adele Vance <AdeleV@contoso.com>", "Delegate", "ready"),
        ("Megan Bowen <MeganB@contoso.com>", "Delegate, with private events", "ready"),
        ("Meeting requests", "Delegates only", "ready")]
    assert dialog.notes.isVisible() and dialog.notes.text().endswith(KEPT_HINT)
    assert f"2 changes: {INVITATION}" in dialog.notices.text().splitlines()
    assert dialog.summary.text() == "5 changes to send, 1 not sent (the table says why)."
    assert not dialog.changed_box.isVisible()
    save_screenshot(dialog, "copy-setup-preview.png", tmp_path)
    active(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    assert dialog.confirm.hasFocus()
    qtbot.keyClicks(dialog.confirm, "5")
    assert dialog.send_button.text() == "&Send 5 changes"
    with qtbot.waitSignal(dialog.finished_run, timeout=LOAD_TIMEOUT_MS) as sent:
        qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)
    assert sent.args[0].summary == "Run 1: 5 done, 1 skipped, 0 failed."
    assert [dialog.model.index(r, Column.STATUS).data() for r in range(6)] == [
        "done", "done", "skipped", "done", "done", "done"]
    save_screenshot(dialog, "copy-setup-result.png", tmp_path)
    client = admin_client(emulator.base_url)
    try:
        for target in (PATTI, LEE):
            people, option = set_up(client, target)
            assert option == ALEX_SET_UP[1]
            assert {a: r for a, r in people.items() if a in ALEX_SET_UP[0]} == ALEX_SET_UP[0]
    finally:
        client.close()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.copy_setup.dialog is None, timeout=LOAD_TIMEOUT_MS)
