"""Undo a whole run from the review's change journal, as an administrator does it with
keys and clicks: a fix made from Findings, its run chosen in the Change journal tab,
Alt+U, a preview listing the fix's changes turned back, the count typed, and the tenant
as it was before the fix."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from app.journal import ChangeDraft, ChangeJournal, ChangeKind
from app.models.fix_preview import Column
from app.review.findings import Rule
from app.views.journal_view import NO_RUN, OFFLINE_UNDO, JournalView
from tests.test_snapshots import admin_client
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot
from tests.views.test_fix_from_review import rule_selected
from tests.views.test_journal_view import runner  # noqa: F401 (the fixture)

# Counts of the Contoso seed as the service shows it (see service_profile).
pytestmark = pytest.mark.usefixtures("service_profile")

Alt, Ctrl = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def permissions(emulator, mailboxes: set[str]) -> set[tuple[str, str, str]]:
    """(mailbox, address, role) of every permission of ``mailboxes``' calendars, read
    with a Graph client of its own."""
    client = admin_client(emulator.base_url)
    try:
        return {(mailbox, (p.get("emailAddress") or {}).get("address") or "", p["role"])
                for mailbox in mailboxes
                for p in client.get_all(f"/users/{mailbox}/calendar/calendarPermissions",
                                        scopes=["Calendars.Read"])}
    finally:
        client.close()


def rows_of(dialog) -> list[tuple[str, str, str]]:
    model = dialog.model
    return sorted((model.index(r, Column.PERSON).data(), model.index(r, Column.BEFORE).data(),
                   model.index(r, Column.AFTER).data()) for r in range(model.rowCount()))


def test_an_admin_undoes_a_fix_run_from_the_change_journal(
        open_deputy, qtbot, emulator, tmp_path):
    window_ = rule_selected(open_deputy, qtbot, Rule.DELEGATE_WITH_PRIVATE)
    findings = window_.findings_view
    mailboxes = {f.row.mailbox for f in findings.selected_findings()}
    count = len(findings.selected_findings())
    assert count >= 1
    before = permissions(emulator, mailboxes)
    # The fix: remove the delegates' access (undone, they are added back by invitation).
    qtbot.keyClick(findings.table, Qt.Key.Key_X, Alt)
    qtbot.waitUntil(lambda: window_.fix_dialog is not None and window_.fix_dialog.isVisible(),
                    timeout=LOAD_TIMEOUT_MS)
    fix = window_.fix_dialog
    qtbot.keyClick(fix, Qt.Key.Key_A, Alt)
    qtbot.keyClick(fix.action_box, Qt.Key.Key_Home)
    assert fix.action_box.currentText() == "Remove the access"
    qtbot.waitUntil(lambda: fix.model.rowCount() == count and fix.ready() == count,
                    timeout=LOAD_TIMEOUT_MS)
    fixed = rows_of(fix)
    qtbot.keyClicks(fix.confirm, str(count))
    with qtbot.waitSignal(fix.finished_run, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(fix, Qt.Key.Key_S, Alt)
    assert permissions(emulator, mailboxes) != before
    qtbot.mouseClick(fix.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window_.fix_dialog is None, timeout=LOAD_TIMEOUT_MS)
    # The Change journal tab (Ctrl+4 in the review, active again once the dialog went).
    window_.activateWindow()
    qtbot.waitUntil(window_.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
    journal = window_.journal_view
    with qtbot.waitSignal(journal.loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(window_, Qt.Key.Key_4, Ctrl)
    assert window_.view_shown is journal
    button = journal.undo_button
    assert not button.isEnabled() and button.toolTip() == NO_RUN  # no change chosen yet
    assert journal.proxy.rowCount() == count
    table = journal.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(journal.proxy.index(0, 0)).center())
    assert button.isEnabled() and button.text() == "&Undo run 1…"
    assert [a.text() for a in table.actions()] == ["&Undo run 1…"]  # the right-click menu
    qtbot.keyClick(window_, Qt.Key.Key_U, Alt)
    qtbot.waitUntil(lambda: journal.undo_dialog is not None and journal.undo_dialog.isVisible(),
                    timeout=LOAD_TIMEOUT_MS)
    undo = journal.undo_dialog
    # The preview, read live: each change of the fix turned back, the mail it sends said.
    qtbot.waitUntil(lambda: undo.model.rowCount() == count, timeout=LOAD_TIMEOUT_MS)
    assert {after for *_, after in fixed} == {"removed"}
    assert rows_of(undo) == sorted((person, "—", before_) for person, before_, _ in fixed)
    assert undo.ready() == count
    assert "invitation" in undo.notices.text()
    assert undo.heading.text().startswith("Undo run 1 (remove: ")
    assert not undo.until.isVisible()
    save_screenshot(undo, "undo-preview.png", tmp_path)
    qtbot.keyClick(undo, Qt.Key.Key_T, Alt)
    assert undo.confirm.hasFocus()
    qtbot.keyClicks(undo.confirm, str(count))
    with qtbot.waitSignal(undo.finished_run, timeout=LOAD_TIMEOUT_MS) as sent:
        qtbot.keyClick(undo, Qt.Key.Key_S, Alt)
    assert sent.args[0].summary == f"Run 2: {count} done, 0 skipped, 0 failed."
    save_screenshot(undo, "undo-result.png", tmp_path)
    # The undo is a run of its own in the journal, saying which run it undoes.
    run = undo.journal.run(2)
    assert run is not None and run.undoes == 1 and run.what.startswith("undo run 1 (remove: ")
    # The tenant, read with a client of its own, is as it was before the fix.
    assert permissions(emulator, mailboxes) == before
    with qtbot.waitSignal(journal.loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(undo.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: journal.undo_dialog is None, timeout=LOAD_TIMEOUT_MS)
    assert journal.proxy.rowCount() == 2 * count


def test_offline_the_undo_button_says_why(qtbot, runner, tmp_path):  # noqa: F811
    journal = ChangeJournal(tmp_path / "journal.db")
    run_id, [item] = journal.begin_run(identity="Admin", what="remove: 1 permission",
                                       details=[{}])
    journal.settle(item, "done", journal.record(
        ChangeDraft(ChangeKind.PERMISSION_REMOVED, "Alex", "Megan", "Can view", "removed"),
        identity="Admin", request_id="r-1", outcome="done"))
    view = JournalView(journal, runner)  # no session: offline
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        view.reload()
    view.table.selectRow(0)
    assert view.selected_run() == run_id  # the change is read with its run
    assert not view.undo_button.isEnabled() and view.undo_button.toolTip() == OFFLINE_UNDO
    journal.close()


def test_undoing_a_run_deputy_never_finished_reads_the_tenant_first(
        open_deputy, qtbot, emulator):
    """A fix whose Deputy ended with one change on its way (made in the tenant, its
    answer never written down): the journal holds the run "running" and one entry
    fewer. Undo run 1… reads the tenant back first, so its preview turns back every
    change the fix made, the one on its way too."""
    window_ = rule_selected(open_deputy, qtbot, Rule.DELEGATE_WITH_PRIVATE)
    findings = window_.findings_view
    count = len(findings.selected_findings())
    assert count >= 2
    qtbot.keyClick(findings.table, Qt.Key.Key_X, Alt)
    qtbot.waitUntil(lambda: window_.fix_dialog is not None and window_.fix_dialog.isVisible(),
                    timeout=LOAD_TIMEOUT_MS)
    fix = window_.fix_dialog
    qtbot.waitUntil(lambda: fix.ready() == count, timeout=LOAD_TIMEOUT_MS)
    qtbot.keyClicks(fix.confirm, str(count))
    with qtbot.waitSignal(fix.finished_run, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(fix, Qt.Key.Key_S, Alt)
    qtbot.mouseClick(fix.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window_.fix_dialog is None, timeout=LOAD_TIMEOUT_MS)
    # The journal as a Deputy that ended then leaves it: the run still "running", its
    # last change "not sent", with no entry.
    db = sqlite3.connect(window_.journal.path)
    with db:
        db.execute("UPDATE runs SET status = 'running', finished = NULL")
        item, change = db.execute(
            "SELECT id, change_id FROM run_items ORDER BY id DESC LIMIT 1").fetchone()
        db.execute("UPDATE run_items SET outcome = 'not sent', change_id = NULL WHERE id = ?",
                   (item,))
        db.execute("DELETE FROM changes WHERE id = ?", (change,))
    db.close()
    window_.activateWindow()
    qtbot.waitUntil(window_.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
    journal = window_.journal_view
    with qtbot.waitSignal(journal.loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(window_, Qt.Key.Key_4, Ctrl)
    assert journal.proxy.rowCount() == count - 1
    table = journal.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(journal.proxy.index(0, 0)).center())
    qtbot.keyClick(window_, Qt.Key.Key_U, Alt)
    qtbot.waitUntil(lambda: journal.undo_dialog is not None and journal.undo_dialog.isVisible(),
                    timeout=LOAD_TIMEOUT_MS)
    undo = journal.undo_dialog
    qtbot.waitUntil(lambda: undo.model.rowCount() == count, timeout=LOAD_TIMEOUT_MS)
    assert undo.ready() == count
    assert window_.journal.run(1).status == "stopped"
    qtbot.keyClick(undo, Qt.Key.Key_Escape)
