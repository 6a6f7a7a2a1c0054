"""The auditor's question, end to end, as the review's "done when" puts it.

An admin synced the 1,000-mailbox tenant a month ago, a week ago and today; now,
offline, they ask "who outside the company can see any executive's calendar, and
what changed since last month?". The answer takes four actions: tick "Only
executives", tick "Only people outside", open "What changed", pick the snapshot of a
month ago.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from app.graph.emulator import EmulatorServer
from app.graph.roles import DELEGATE_ROLES
from app.models.changes import Column as ChangeColumn
from app.paths import snapshot_file
from app.review.snapshot_store import SnapshotStore
from tests.graph_client import ADMIN_ROLES, GraphTestClient
from tests.test_snapshots import sync_all
from tests.views.conftest import LOAD_TIMEOUT_MS, matrix_settled, save_screenshot
from tests.views.test_review import permission_of, set_role, share, table_rows

AUDITOR = "audit@northwind.example"


def sync_on(server: EmulatorServer, when: datetime) -> int:
    store = SnapshotStore(snapshot_file(), clock=lambda: when)
    try:
        return sync_all(server, store)[0]
    finally:
        store.close()


def outsiders_seeing_executives(snapshot_id: int) -> set[str]:
    """The answer, worked out from the stored rows without the matrix."""
    store = SnapshotStore(snapshot_file())
    try:
        rows = store.permissions(snapshot_id)
    finally:
        store.close()
    executives = {r.mailbox for r in rows if r.role in DELEGATE_ROLES}
    return {f"{r.person_name} (outside)" for r in rows
            if r.mailbox in executives and not r.inside and r.role != "none"}


def test_who_outside_sees_an_executive_and_what_changed_since_last_month(
        qtbot, offline_review, tmp_path):
    now = datetime.now(UTC)
    with EmulatorServer("scale:1000") as server:
        month_ago = sync_on(server, now - timedelta(days=31))
        store = SnapshotStore(snapshot_file())
        executive = next(r.mailbox for r in store.permissions(month_ago)
                         if r.role in DELEGATE_ROLES)
        store.close()
        admin = GraphTestClient.signed_in(server.base_url, None, [], ADMIN_ROLES)
        try:
            share(admin, executive, AUDITOR, "Northwind audit", "read")
            sync_on(server, now - timedelta(days=7))
            set_role(admin, executive, AUDITOR, "limitedRead")
            assert permission_of(admin, executive, AUDITOR)["role"] == "limitedRead"
        finally:
            admin.close()
        today = sync_on(server, now)
    expected = outsiders_seeing_executives(today)
    assert "Northwind audit (outside)" in expected

    window = offline_review()
    assert window.banner.headline.text().endswith(", 1,000 mailboxes")
    matrix = window.matrix_view

    matrix.executives_box.click()  # 1
    matrix.outside_box.click()  # 2
    matrix_settled(qtbot, matrix)
    proxy = matrix.model
    shown = {proxy.headerData(c, Qt.Orientation.Horizontal)
             for c in range(1, proxy.columnCount())}
    assert shown == expected
    assert matrix.shown_label.text().startswith("Showing ")
    save_screenshot(window, "review-scenario-matrix.png", tmp_path)

    window.show_view("changes")  # 3
    changes = window.changes_view
    month_entry = next(i for i in range(changes.older_box.count())
                       if "(a month ago)" in changes.older_box.itemText(i))
    assert changes.older_box.itemData(month_entry) == month_ago
    changes.older_box.setCurrentIndex(month_entry)  # 4
    qtbot.waitUntil(lambda: changes.model.rowCount() == 1, timeout=LOAD_TIMEOUT_MS)
    row = table_rows(changes.table)[0]
    assert row[ChangeColumn.PERSON] == f"Northwind audit <{AUDITOR}>"
    assert (row[ChangeColumn.CHANGE], row[ChangeColumn.AFTER]) == (
        "Added", "Can view titles and locations")
    assert changes.summary.text().startswith("0 roles changed, 1 added, 0 removed")
    save_screenshot(window, "review-scenario-changes.png", tmp_path)
