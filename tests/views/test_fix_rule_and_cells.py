"""Fix from the review, the other two ways in: a whole rule from Findings ("Fix all N…",
Alt+A), and cells picked in the matrix (Shift+arrows, then Alt+X), each to the same
preview; driven with keys and clicks against the emulator."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.models.fix_preview import Column
from app.models.item_roles import ItemRole
from app.review.findings import Rule
from app.review.people import person_key
from app.review.snapshot_store import SnapshotStore
from tests.fixes.helpers import live_rows, writes
from tests.test_snapshots import sync_all
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot
from tests.views.test_fix_from_review import choose_rule
from tests.views.test_review import review  # noqa: F401 (the fixture)
from tests.views.test_review_person import synced_findings

Alt, Shift = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier
LOWERED = "delegateWithoutPrivateEventAccess"


def opened_dialog(qtbot, window, rows: int):
    qtbot.waitUntil(lambda: window.fix_dialog is not None and window.fix_dialog.isVisible(),
                    timeout=LOAD_TIMEOUT_MS)
    dialog = window.fix_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == rows, timeout=LOAD_TIMEOUT_MS)
    return dialog


def planned(dialog) -> set[tuple[str, str, str]]:
    """(mailbox, calendar id, permission id) of every change the preview lists."""
    return {(one.change.mailbox, one.change.calendar_id, one.change.permission_id)
            for one in dialog.model.checked()}


def key(row) -> tuple[str, str, str]:
    return row.mailbox, row.calendar_id, row.permission_id


def test_fix_all_of_a_rule_changes_exactly_what_the_rule_flags(
        open_deputy, qtbot, qtmodeltester, emulator, tmp_path):
    main = open_deputy(None)  # the administrator
    window = synced_findings(qtbot, main)
    findings = window.findings_view
    rule = Rule.DELEGATE_WITH_PRIVATE
    choose_rule(qtbot, window, rule)
    flagged = {f.row for f in window.current.findings if f.rule is rule}
    assert len(flagged) >= 2
    fix_all = findings.fix_all_button
    assert fix_all.text() == f"Fix &all {len(flagged)}…" and fix_all.isEnabled()
    assert fix_all.action in findings.rules.actions()  # the rule's context menu too
    # One row selected: the whole rule is still every row it flags.
    findings.table.setFocus()
    qtbot.keyClick(findings.table, Qt.Key.Key_Down)
    assert len(findings.selected_findings()) == 1
    save_screenshot(window, "fix-all-button.png", tmp_path)
    qtbot.keyClick(findings.table, Qt.Key.Key_A, Alt)
    dialog = opened_dialog(qtbot, window, len(flagged))
    qtmodeltester.check(dialog.model)
    assert planned(dialog) == {key(row) for row in flagged}
    assert dialog.action_box.currentText() == "Set to “Delegate”"
    assert {dialog.model.index(r, Column.STATUS).data()
            for r in range(len(flagged))} == {"ready"}
    save_screenshot(dialog, "fix-whole-rule.png", tmp_path)
    before = live_rows(emulator, tmp_path)  # read the same way as after
    qtbot.keyClicks(dialog.confirm, str(len(flagged)))
    with qtbot.waitSignal(dialog.finished_run, timeout=LOAD_TIMEOUT_MS) as sent:
        qtbot.keyClick(dialog, Qt.Key.Key_S, Alt)
    assert sent.args[0].count("done") == len(flagged)
    # A fresh sync: the flagged delegates no longer see private events; nothing else moved.
    after = live_rows(emulator, tmp_path)
    assert {key(r) for r in before - after} == {key(row) for row in flagged}
    assert {(key(r), r.role) for r in after - before} == {(key(row), LOWERED)
                                                           for row in flagged}
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.fix_dialog is None, timeout=LOAD_TIMEOUT_MS)


def a_block_with_an_empty_cell(view) -> tuple[int, int]:
    """The first row and column (of the matrix as shown) where two rows by three people
    hold both roles and an empty cell."""
    proxy = view.model
    for row in range(proxy.rowCount() - 1):
        for column in range(1, proxy.columnCount() - 2):
            held = [proxy.index(r, c).data() is not None
                    for r in (row, row + 1) for c in range(column, column + 3)]
            if any(held) and not all(held):
                return row, column
    raise AssertionError("no such block in the seed")


def click_cell(qtbot, table, row: int, column: int) -> None:
    index = table.model().index(row, column)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())
    assert table.currentIndex() == index


def test_cells_picked_with_keys_preview_their_permissions_and_a_dry_look_writes_nothing(
        open_deputy, qtbot, emulator, tmp_path):
    main = open_deputy(None)
    window = synced_findings(qtbot, main)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # the matrix
    view = window.matrix_view
    assert window.view_shown is view
    table, button = view.table, view.fix_button
    row, column = a_block_with_an_empty_cell(view)
    # An empty cell alone: nothing to fix, and the button says so.
    empty = next((r, c) for r in (row, row + 1) for c in range(column, column + 3)
                 if view.model.index(r, c).data() is None)
    click_cell(qtbot, table, *empty)
    assert not button.isEnabled() and not button.action.isEnabled()
    assert button.toolTip().startswith("Select cells that hold a role")
    # Two rows by three people, with the keyboard.
    click_cell(qtbot, table, row, column)
    for key_ in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down):
        qtbot.keyClick(table, key_, Shift)
    assert len(table.selectionModel().selectedIndexes()) == 6
    assert button.isEnabled() and button.action in table.actions()
    matrix = view.model.matrix
    chosen = {(view.model.index(r, 0).data(ItemRole.OBJECT),
               matrix.people[view.model.person_at(c)].key)
              for r in (row, row + 1) for c in range(column, column + 3)
              if view.model.index(r, c).data() is not None}
    assert 0 < len(chosen) < 6  # the empty ones are left out
    rows = [r for r in window.store.permissions(window.current.snapshot.id)
            if (r.mailbox, person_key(r)) in chosen]
    table.horizontalScrollBar().setValue(0)  # every column whole, as far as they fit
    save_screenshot(window, "fix-matrix-selection.png", tmp_path)
    written = writes(emulator)
    qtbot.keyClick(table, Qt.Key.Key_X, Alt)
    dialog = opened_dialog(qtbot, window, len(rows))
    assert planned(dialog) == {key(r) for r in rows}
    assert dialog.action_box.currentText() == "Remove the access"
    shown = {(dialog.model.index(r, Column.MAILBOX).data(),
              dialog.model.index(r, Column.BEFORE).data()) for r in range(len(rows))}
    assert len(shown) >= 1 and all(mailbox and before for mailbox, before in shown)
    save_screenshot(dialog, "fix-matrix-preview.png", tmp_path)
    # A dry look: Escape closes the preview, and nothing was written.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.fix_dialog is None, timeout=LOAD_TIMEOUT_MS)
    assert writes(emulator) == written


def test_the_matrix_context_menu_offers_the_fix(open_deputy, qtbot, emulator):
    main = open_deputy(None)
    window = synced_findings(qtbot, main)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    view = window.matrix_view
    row, column = a_block_with_an_empty_cell(view)
    held = next((r, c) for r in (row, row + 1) for c in range(column, column + 3)
                if view.model.index(r, c).data() is not None)
    click_cell(qtbot, view.table, *held)
    with qtbot.waitSignal(view.fix_requested, timeout=LOAD_TIMEOUT_MS) as asked:
        view.fix_button.action.trigger()  # what the context menu's entry does
    [cell] = asked.args[0]
    rows = [r for r in window.store.permissions(window.current.snapshot.id)
            if (r.mailbox, person_key(r)) == (cell.mailbox, cell.person_key)]
    dialog = opened_dialog(qtbot, window, len(rows))
    assert planned(dialog) == {key(r) for r in rows}
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.fix_dialog is None, timeout=LOAD_TIMEOUT_MS)


def test_offline_the_matrix_fix_says_why(emulator, review, tmp_path):  # noqa: F811
    store = SnapshotStore(tmp_path / "snapshots.db")
    sync_all(emulator, store)
    window = review(store)  # no session: an offline review
    view = window.matrix_view
    view.table.selectAll()
    button = view.fix_button
    assert not button.isEnabled()
    assert button.toolTip() == "Offline: sign in to fix what the review finds."
    assert window.findings_view.fix_all_button.toolTip() == button.toolTip()
    store.close()

