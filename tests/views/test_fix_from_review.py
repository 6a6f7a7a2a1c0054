"""Fix from the review, as an administrator does it with keys and clicks: rows chosen in
Findings, a preview listing every change, the count typed to confirm, the result."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from app import cli
from app.fixes.timed import short_time
from app.models.expiries import Column as ExpiryColumn
from app.models.fix_preview import Column
from app.models.item_roles import ItemRole
from app.review.findings import Rule
from app.review.snapshot_store import SnapshotStore
from app.views.until_field import PAST
from tests.test_snapshots import admin_client, sync_all
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot
from tests.views.test_review import review  # noqa: F401 (the fixture)
from tests.views.test_review_person import synced_findings

# Counts of the Contoso seed as the service shows it (see service_profile).
pytestmark = pytest.mark.usefixtures("service_profile")


def choose_rule(qtbot, window, rule: Rule) -> None:
    """Down the rules list with the arrow key until ``rule`` is the current one."""
    rules = window.findings_view.rules
    rules.setFocus()
    for _ in range(rules.count()):
        if rules.currentItem().data(ItemRole.OBJECT) is rule:
            return
        qtbot.keyClick(rules, Qt.Key.Key_Down)
    assert rules.currentItem().data(ItemRole.OBJECT) is rule


def rule_selected(open_deputy, qtbot, rule: Rule):
    """The administrator's review, synced, on Findings with every row of ``rule``
    selected by Ctrl+A."""
    window_ = synced_findings(qtbot, open_deputy(None))
    findings = window_.findings_view
    choose_rule(qtbot, window_, rule)
    findings.table.setFocus()
    qtbot.keyClick(findings.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    return window_


def test_an_admin_fixes_selected_findings_after_a_preview_and_a_typed_count(
        open_deputy, qtbot, qtmodeltester, emulator, tmp_path):
    main = open_deputy(None)  # the administrator
    window_ = synced_findings(qtbot, main)
    findings = window_.findings_view
    choose_rule(qtbot, window_, Rule.NO_ADDRESS)
    assert findings.title.text() == Rule.NO_ADDRESS.title
    assert not findings.fix_button.isEnabled()  # nothing selected yet
    assert findings.empty.text() == "2 permissions flagged."
    assert findings.table.isVisible() and findings.model.rowCount() == 2
    findings.table.setFocus()
    qtbot.keyClick(findings.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(findings.selected_findings()) == 2
    qtbot.keyClick(findings.table, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window_.fix_dialog is not None and window_.fix_dialog.isVisible(),
                    timeout=LOAD_TIMEOUT_MS)
    dialog = window_.fix_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=LOAD_TIMEOUT_MS)
    assert dialog.action_box.currentText() == "Remove the access"
    qtmodeltester.check(dialog.model)
    cells = sorted((dialog.model.index(r, Column.PERSON).data(),
                    dialog.model.index(r, Column.AFTER).data(),
                    dialog.model.index(r, Column.STATUS).data()) for r in range(2))
    assert cells == [("Isaiah Langer", "removed", "ready"),
                     ("Unknown person", "removed", "ready")]
    assert dialog.notices.text() == ("What people will notice:\n"
                                     "2 changes: Removing sends no mail. Undo can't put it "
                                     "back: Graph can't add an entry with no address (the "
                                     "journal keeps what it was).")
    assert dialog.summary.text() == "2 changes to send, 0 not sent (the table says why)."
    save_screenshot(dialog, "fix-preview.png", tmp_path)
    # Send waits for the count; a wrong one does not do.
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert dialog.confirm.hasFocus()
    qtbot.keyClicks(dialog.confirm, "3")
    assert not dialog.send_button.isEnabled()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "2")
    assert dialog.send_button.isEnabled() and dialog.send_button.text() == "&Send 2 changes"
    with qtbot.waitSignal(dialog.finished_run, timeout=LOAD_TIMEOUT_MS) as sent:
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    result = sent.args[0]
    assert result.summary == "Run 1: 2 done, 0 skipped, 0 failed."
    assert dialog.summary.text().startswith("Run 1: 2 done, 0 skipped, 0 failed.")
    assert [dialog.model.index(r, Column.STATUS).data() for r in range(2)] == ["done"] * 2
    save_screenshot(dialog, "fix-result.png", tmp_path)
    # The tenant: Lee's and Patti's entries for no one are gone, nothing else.
    admin = admin_client(emulator.base_url)
    try:
        for mailbox in ("LeeG@contoso.com", "PattiF@contoso.com"):
            left = admin.get_all(f"/users/{mailbox}/calendar/calendarPermissions",
                                 scopes=["Calendars.Read"])
            assert all(p["emailAddress"].get("address") or not p["isRemovable"]
                       for p in left), left
            assert len(left) == {"LeeG@contoso.com": 2, "PattiF@contoso.com": 3}[mailbox]
    finally:
        admin.close()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window_.fix_dialog is None, timeout=LOAD_TIMEOUT_MS)
    # The journal tab, read when it is shown (not while the run ends), holds the run.
    journal = window_.journal_view
    assert journal is not None and journal.model.rowCount() == 0
    window_.activateWindow()  # back from the closed dialog
    qtbot.waitUntil(window_.isActiveWindow)
    with qtbot.waitSignal(journal.loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(window_, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window_.view_shown is journal
    assert sorted(journal.model.index(r, 0).data(ItemRole.OBJECT).request_id != ""
                  for r in range(journal.model.rowCount())) == [True, True]


def test_offline_the_fix_button_says_why(emulator, review, tmp_path):  # noqa: F811
    store = SnapshotStore(tmp_path / "snapshots.db")
    sync_all(emulator, store)
    window = review(store)  # no session: an offline review
    button = window.findings_view.fix_button
    assert not button.isEnabled()
    assert button.toolTip() == "Offline: sign in to fix what the review finds."
    store.close()


def test_a_fix_until_a_moment_is_put_back_by_deputy_expire_then(
        open_deputy, qtbot, emulator, capsys):
    window_ = rule_selected(open_deputy, qtbot, Rule.DELEGATE_WITH_PRIVATE)
    findings = window_.findings_view
    count = len(findings.selected_findings())
    assert count >= 1
    qtbot.keyClick(findings.table, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window_.fix_dialog is not None and window_.fix_dialog.isVisible(),
                    timeout=LOAD_TIMEOUT_MS)
    dialog = window_.fix_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == count, timeout=LOAD_TIMEOUT_MS)
    assert dialog.action_box.currentText() == "Set to “Delegate”"
    # Until: Alt+U checks it and the moment takes the keyboard; a past one is refused.
    qtbot.keyClick(dialog, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.until.edit.hasFocus())
    dialog.until.set_moment(datetime.now(UTC) - timedelta(hours=1))
    qtbot.keyClicks(dialog.confirm, str(count))
    assert not dialog.send_button.isEnabled()
    assert dialog.send_button.toolTip() == PAST
    until = datetime(2099, 1, 1, 9, 0, tzinfo=UTC)
    dialog.until.set_moment(until)
    assert dialog.send_button.isEnabled()
    with qtbot.waitSignal(dialog.finished_run, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert f"They last until {short_time(until)}" in dialog.summary.text()
    [expiry] = dialog.journal.expiries()
    assert (expiry.run, datetime.fromisoformat(expiry.until)) == (1, until)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window_.fix_dialog is None, timeout=LOAD_TIMEOUT_MS)
    # The review lists it, to come, in the journal tab: read when it is shown (Ctrl+4
    # goes to the active window, as on a desktop: the review again once the dialog goes).
    window_.activateWindow()
    qtbot.waitUntil(window_.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
    qtbot.keyClick(window_, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window_.view_shown is window_.journal_view
    listed = window_.journal_view.expiries
    qtbot.waitUntil(lambda: listed.model.rowCount() == count, timeout=LOAD_TIMEOUT_MS)
    assert {listed.model.index(r, ExpiryColumn.STATE).data() for r in range(count)} == {
        "To come"}
    assert "delegateWithPrivateEventAccess" not in alexs_roles(emulator)
    # deputy expire, as a scheduled task would run it then, puts the private access back.
    admin = ["--demo", "--emulator", emulator.base_url, "--as-admin"]
    assert cli.main(["expire", "--at", "2099-01-01T09:01Z", *admin]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Run 1 is undone by run 2."
    assert "delegateWithPrivateEventAccess" in alexs_roles(emulator)


def alexs_roles(emulator) -> set[str]:
    client = admin_client(emulator.base_url)
    try:
        return {p["role"] for p in client.get_all(
            "/users/AlexW@contoso.com/calendar/calendarPermissions", scopes=["Calendars.Read"])}
    finally:
        client.close()
