"""The permission review, through its window: changes between two syncs, findings on a
crafted tenant, offline with no network, a broken snapshot file, and a cancelled sync."""

from __future__ import annotations

import csv
import multiprocessing
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.graph.emulator import EmulatorServer
from app.graph.resources import UNKNOWN_PERSON
from app.models.changes import Column as ChangeColumn
from app.models.item_roles import ItemRole
from app.paths import snapshot_file
from app.review.findings import Rule
from app.review.matrix import MatrixFilter
from app.review.people import ORPHANED_PREFIX
from app.review.snapshot_store import CANCELLED, COMPLETE, SnapshotStore
from app.tasks import TaskRunner
from app.views.review_banner import age_words
from app.views.review_findings import FindingsView
from app.views.review_matrix import MatrixView
from app.views.review_window import ReviewWindow
from tests.graph.client.conftest import set_faults
from tests.graph_client import ADELE, ADMIN_ROLES, ALEX, CHRISTIE, LEE, MEGAN, PATTI
from tests.odd_shapes import ODD_SHAPES, UNREACHABLE, without_odd_shapes
from tests.test_snapshots import sync_all
from tests.views.conftest import LOAD_TIMEOUT_MS, matrix_settled, save_screenshot

OUTSIDER = "accounts@fabrikam.example"
AUDITOR = "audit@northwind.example"


def permission_of(admin, mailbox: str, address: str | None) -> dict:
    """``address`` None: "My Organization"."""
    return next(p for p in admin.get_all(f"/users/{mailbox}/calendar/calendarPermissions")
                if p["emailAddress"].get("address") == address
                and (address is not None or not p["isRemovable"]))


def set_role(admin, mailbox: str, address: str | None, role: str) -> None:
    permission = permission_of(admin, mailbox, address)
    response = admin.patch(f"/users/{mailbox}/calendar/calendarPermissions/{permission['id']}",
                           {"role": role})
    assert response.status_code == 200, response.text


def share(admin, mailbox: str, address: str, name: str, role: str) -> None:
    response = admin.post(f"/users/{mailbox}/calendar/calendarPermissions",
                          {"emailAddress": {"address": address, "name": name}, "role": role})
    assert response.status_code == 201, response.text


@pytest.fixture
def review(qtbot):
    """``review(store, session=None)`` -> a ReviewWindow showing the newest snapshot."""
    runners: list[TaskRunner] = []
    windows: list[ReviewWindow] = []

    def open_(store: SnapshotStore, session=None) -> ReviewWindow:
        runner = TaskRunner()
        window = ReviewWindow(store, runner, session=session)
        runners.append(runner)
        windows.append(window)
        window.show()
        with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
            window.reload()
        return window

    yield open_
    for runner, window in zip(runners, windows, strict=True):
        runner.shutdown()
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def table_rows(view) -> list[tuple[str, ...]]:
    model = view.model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def test_changes_view_shows_exactly_what_changed_between_two_syncs(
        emulator, graph, review, qtbot, tmp_path):
    store = SnapshotStore(tmp_path / "snapshots.db")
    before, _ = sync_all(emulator, store)
    admin = graph(roles=ADMIN_ROLES)
    set_role(admin, ALEX, ADELE, "read")
    set_role(admin, PATTI, ADELE, "write")
    set_role(admin, LEE, ADELE, "limitedRead")
    share(admin, CHRISTIE, OUTSIDER, "Fabrikam accounts", "read")
    megan = permission_of(admin, ALEX, MEGAN)
    assert admin.delete(f"/users/{ALEX}/calendar/calendarPermissions/{megan['id']}"
                        ).status_code == 204
    after, _ = sync_all(emulator, store)

    window = review(store)
    window.show_view("changes")
    view = window.changes_view
    assert (view.older_box.currentData(), view.newer_box.currentData()) == (before, after)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=LOAD_TIMEOUT_MS)
    rows = {(r[ChangeColumn.MAILBOX], r[ChangeColumn.PERSON], r[ChangeColumn.CHANGE],
             r[ChangeColumn.BEFORE], r[ChangeColumn.AFTER]) for r in table_rows(view.table)}
    assert rows == {
        (f"Alex Wilber <{ALEX}>", f"Adele Vance <{ADELE}>", "Changed", "Delegate",
         "Can view all details"),
        (f"Patti Fernandez <{PATTI}>", f"Adele Vance <{ADELE}>", "Changed",
         "Delegate, with private events", "Can edit"),
        (f"Lee Gu <{LEE}>", f"Adele Vance <{ADELE}>", "Changed", "Can view all details",
         "Can view titles and locations"),
        (f"Christie Cline <{CHRISTIE}>", f"Fabrikam accounts <{OUTSIDER}>", "Added", "—",
         "Can view all details"),
        (f"Alex Wilber <{ALEX}>", f"Megan Bowen <{MEGAN}>", "Removed",
         "Delegate, with private events", "—"),
    }
    assert view.summary.text().startswith("3 roles changed, 1 added, 1 removed")
    # Sorting by person puts Adele's three changes together.
    view.order_box.setCurrentIndex(view.order_box.findData(int(ChangeColumn.PERSON)))
    people = [r[ChangeColumn.PERSON] for r in table_rows(view.table)]
    assert people[:3] == [f"Adele Vance <{ADELE}>"] * 3
    save_screenshot(window, "review-changes.png", tmp_path)
    # The changes CSV, from the File menu: the same five, streamed from the snapshot file.
    path = tmp_path / "changes.csv"
    with qtbot.waitSignal(window.exported, timeout=LOAD_TIMEOUT_MS):
        window.files.export_csv_to("changes", str(path))
    with path.open(encoding="utf-8-sig", newline="") as file:
        written = [(r[0], r[2], r[4], r[5], r[6]) for r in csv.reader(file)]
    assert [row for row in written if row[2] in {"Added", "Removed", "Changed"}] == [
        (ALEX, "Adele Vance", "Changed", "Delegate", "Can view all details"),
        (ALEX, "Megan Bowen", "Removed", "Delegate, with private events", ""),
        (CHRISTIE, "Fabrikam accounts", "Added", "", "Can view all details"),
        (LEE, "Adele Vance", "Changed", "Can view all details", "Can view titles and locations"),
        (PATTI, "Adele Vance", "Changed", "Delegate, with private events", "Can edit"),
    ]


def odd_findings(quirks) -> set[tuple[Rule, str, str]]:
    """The seed's odd shapes (tests/odd_shapes.py) the review flags, where played:
    access Graph can't describe, and entries for no one with an address."""
    christie = CHRISTIE.casefold()
    odd = {("custom-calendar-role", (Rule.UNDESCRIBED_ACCESS, PATTI, christie)),
           ("unknown-calendar-role", (Rule.UNDESCRIBED_ACCESS, MEGAN, christie)),
           ("orphaned-calendar-permission",
            (Rule.NO_ADDRESS, PATTI, f"{ORPHANED_PREFIX}{UNKNOWN_PERSON.casefold()}")),
           ("orphaned-calendar-permission",
            (Rule.NO_ADDRESS, LEE, f"{ORPHANED_PREFIX}isaiah langer"))}
    return {finding for quirk, finding in odd if quirks.on(quirk)}


def findings_in_place(qtbot, view) -> None:
    """Until the Findings table shows the rows asked for (made ready on a worker)."""
    qtbot.waitUntil(lambda: not view.model.pending, timeout=LOAD_TIMEOUT_MS)


def findings_of_each_rule(qtbot, view) -> list:
    """Every rule chosen in turn, as a person clicks down the list: the rows shown."""
    shown = []
    for row in range(view.rules.count()):
        view.rules.setCurrentRow(row)
        findings_in_place(qtbot, view)
        shown += [view.model.index(r, 0).data(ItemRole.OBJECT)
                  for r in range(view.model.rowCount())]
    return shown


def test_findings_flag_exactly_the_expected_rows(qtbot, emulator, graph, review, tmp_path):
    admin = graph(roles=ADMIN_ROLES)
    share(admin, CHRISTIE, OUTSIDER, "Fabrikam accounts", "read")  # outside, above free/busy
    share(admin, LEE, AUDITOR, "Northwind audit", "limitedRead")  # outside, titles
    share(admin, MEGAN, "rooms@fabrikam.example", "Fabrikam rooms", "freeBusyRead")  # fine
    set_role(admin, MEGAN, None, "read")  # everyone inside sees Megan's details
    store = SnapshotStore(tmp_path / "snapshots.db")
    sync_all(emulator, store)

    window = review(store)
    window.show_view("findings")
    found = {(f.rule, f.row.mailbox, f.person.key)
             for f in findings_of_each_rule(qtbot, window.findings_view)}
    assert found == {
        (Rule.EXTERNAL_ABOVE_FREE_BUSY, CHRISTIE, OUTSIDER),
        (Rule.EXTERNAL_ABOVE_FREE_BUSY, LEE, AUDITOR),
        (Rule.ORGANIZATION_ABOVE_FREE_BUSY, MEGAN, "my organization"),
        # Alex's meeting requests go to his delegates only (the Contoso seed).
        (Rule.DELEGATES_ONLY_DELIVERY, ALEX, ADELE.casefold()),
        (Rule.DELEGATES_ONLY_DELIVERY, ALEX, MEGAN.casefold()),
        (Rule.DELEGATE_WITH_PRIVATE, ALEX, MEGAN.casefold()),
        (Rule.DELEGATE_WITH_PRIVATE, PATTI, ADELE.casefold()),
    } | odd_findings(emulator.quirks)
    rules = window.findings_view.rules
    # Graph gives people outside only view roles; older grants are checked in
    # tests/test_review_rules.py.
    rules.setCurrentRow(list(Rule).index(Rule.EXTERNAL_WRITE_OR_DELEGATE))
    model = window.findings_view.model
    assert model.rowCount() == 0
    assert rules.currentItem().text().endswith("(0)")
    rules.setCurrentRow(list(Rule).index(Rule.EXTERNAL_ABOVE_FREE_BUSY))
    assert model.rowCount() == 2  # at once: the rows were made ready already
    assert rules.currentItem().text().endswith("(2)")
    # What Graph can't describe, and entries for no one, are counted under rules of
    # their own (as many as the profile plays).
    for rule in (Rule.UNDESCRIBED_ACCESS, Rule.NO_ADDRESS):
        rules.setCurrentRow(list(Rule).index(rule))
        count = sum(1 for f in found if f[0] is rule)
        assert rules.currentItem().text() == f"{rule.title} ({count})"
        assert model.rowCount() == count
    rules.setCurrentRow(list(Rule).index(Rule.EXTERNAL_ABOVE_FREE_BUSY))

    # A finding opens the matrix on that mailbox and person.
    window.findings_view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    index = model.index(0, 0)  # Christie's, the first by mailbox
    window.findings_view.table.doubleClicked.emit(index)
    matrix = window.matrix_view
    assert window.view_shown is matrix
    matrix_settled(qtbot, matrix)
    assert matrix.model.shown() == (1, 1)
    assert matrix.table.model().index(0, 1).data() == "All details"

    # The matrix's "outside" filter keeps the three outside people, and their mailboxes.
    matrix.set_filter(MatrixFilter(external=True))
    matrix_settled(qtbot, matrix)
    people = {matrix.table.model().headerData(c, Qt.Orientation.Horizontal)
              for c in range(1, matrix.table.model().columnCount())}
    assert people == {"Fabrikam accounts (outside)", "Northwind audit (outside)",
                      "Fabrikam rooms (outside)"}
    assert matrix.model.shown() == (3, 3)
    save_screenshot(window, "review-findings.png", tmp_path)


def test_each_review_view_is_made_as_it_is_first_shown(qtbot, emulator, tmp_path):
    """The window's first picture comes before its matrix is made (one long wait made
    two); Findings, not yet looked at, is made by Ctrl+2 with the counts already in."""
    store = SnapshotStore(tmp_path / "snapshots.db")
    sync_all(emulator, store)
    runner = TaskRunner()
    window = ReviewWindow(store, runner)
    try:
        window.show()
        assert window.findChild(MatrixView) is None  # not within the window's first event
        qtbot.waitUntil(lambda: window.findChild(MatrixView) is not None)
        with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
            window.reload()
        assert window.findChild(FindingsView) is None
        window.activateWindow()  # the window manager's part, which offscreen has none of
        qtbot.waitUntil(window.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        findings = window.findChild(FindingsView)
        assert findings is not None and window.view_shown is findings
        flagged = Counter(finding.rule for finding in window.current.findings)
        assert sum(flagged.values()) > 0
        rules = [findings.rules.item(row).text() for row in range(findings.rules.count())]
        assert rules == [f"{rule.title} ({flagged[rule]})" for rule in Rule]
        qtbot.waitUntil(lambda: findings.model.rowCount() > 0, timeout=LOAD_TIMEOUT_MS)
    finally:
        runner.shutdown()
        window.close()
        window.deleteLater()
        store.close()


def test_offline_review_works_with_no_emulator_and_no_network(offline_review):
    # A snapshot taken while connected; the counts below are the seed's documented rows.
    with EmulatorServer("contoso", quirks=without_odd_shapes()) as server:
        store = SnapshotStore(snapshot_file())
        sync_all(server, store)
        store.close()

    window = offline_review()

    assert window.banner.headline.text().startswith("Offline — snapshot of ")
    assert window.banner.headline.text().endswith(", 6 mailboxes")
    assert window.matrix_view.model.shown() == (6, 3)
    assert not window.sync.button.isEnabled()
    assert "offline" in window.sync.button.toolTip()
    assert not window.sync.sync_action.isEnabled()
    assert sum(window.findings_view.counts.values()) == 4


def test_a_broken_snapshot_file_is_set_aside_and_a_new_sync_works(open_deputy, qtbot,
                                                                   emulator):
    # The seed's rows, as counted: without its oddities (tests/odd_shapes.py).
    emulator.set_quirks(emulator.quirks.without(*ODD_SHAPES, *UNREACHABLE))
    snapshot_file().parent.mkdir(parents=True, exist_ok=True)
    snapshot_file().write_bytes(b"this is not a database" * 100)
    window = open_deputy(None)
    review = window.open_review()
    qtbot.waitUntil(lambda: review.banner.headline.text() == "No snapshot yet",
                    timeout=LOAD_TIMEOUT_MS)
    assert review.message_bar.isVisible()
    assert "could not be read" in review.message_bar.text.text()
    assert list(snapshot_file().parent.glob("snapshots.db.broken-*"))
    with qtbot.waitSignal(review.synced, timeout=LOAD_TIMEOUT_MS) as synced:
        review.work.sync()
    assert review.store.snapshot(synced.args[0]).status == COMPLETE
    qtbot.waitUntil(lambda: review.current is not None, timeout=LOAD_TIMEOUT_MS)
    assert review.matrix_view.model.shown() == (6, 3)


def slow_sync_begun(open_deputy, emulator, qtbot) -> ReviewWindow:
    """The review, its first figures shown after Sync now was clicked: the seed's 6
    mailboxes at 300 ms a request."""
    emulator.set_quirks(emulator.quirks.without(*UNREACHABLE))
    window = open_deputy(None)
    review = window.open_review()
    qtbot.waitUntil(lambda: review.banner.headline.text() == "No snapshot yet",
                    timeout=LOAD_TIMEOUT_MS)
    set_faults(emulator, latency_ms=300)
    qtbot.mouseClick(review.sync.button, Qt.MouseButton.LeftButton)
    assert review.sync.panel.isVisible()
    qtbot.waitUntil(lambda: "/6 mailboxes · " in review.sync.panel.label.text(),
                    timeout=LOAD_TIMEOUT_MS)
    return review


def test_a_sync_shows_figures_and_can_be_cancelled(open_deputy, emulator, qtbot):
    review = slow_sync_begun(open_deputy, emulator, qtbot)
    with qtbot.waitSignal(review.synced, timeout=LOAD_TIMEOUT_MS) as synced:
        review.sync.cancel_action.trigger()
    assert review.store.snapshot(synced.args[0]).status == CANCELLED
    assert not review.sync.panel.isVisible()
    assert review.sync.button.isEnabled()
    assert "cancelled" in review.message_bar.text.text()


def sync_processes() -> list[str]:
    return [p.name for p in multiprocessing.active_children() if p.name == "deputy-sync"]


def test_closing_the_review_during_a_sync_stops_its_process_and_keeps_what_it_stored(
        open_deputy, emulator, qtbot):
    """The sync reads in a process of its own (app.review.sync_process): closing the
    window that started it (Ctrl+W) stops it, as its Cancel does, and leaves nothing
    running."""
    review = slow_sync_begun(open_deputy, emulator, qtbot)
    assert sync_processes() == ["deputy-sync"]
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    qtbot.keyClick(review, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert not review.isVisible()
    qtbot.waitUntil(lambda: not sync_processes(), timeout=LOAD_TIMEOUT_MS)
    store = SnapshotStore(snapshot_file())
    try:
        [snapshot] = store.snapshots()
        assert snapshot.status == CANCELLED
    finally:
        store.close()


def choose_file(qtbot, window: ReviewWindow, path, signal) -> None:
    """Answer the file dialog the last action opened, as a user would."""
    dialog = window.files.dialog
    assert dialog is not None
    with qtbot.waitSignal(signal, timeout=LOAD_TIMEOUT_MS):
        dialog.selectFile(str(path))
        dialog.accept()


def test_exports_and_a_snapshot_reviewed_on_another_computer(emulator, review, qtbot, tmp_path):
    # The seed's rows, as counted: without its oddities (tests/odd_shapes.py).
    emulator.set_quirks(emulator.quirks.without(*ODD_SHAPES, *UNREACHABLE))
    store = SnapshotStore(tmp_path / "snapshots.db")
    sync_all(emulator, store)
    window = review(store)
    exports = tmp_path / "exports"
    exports.mkdir()

    window.files.export_actions[0].trigger()  # Export report (HTML)
    choose_file(qtbot, window, exports / "review.html", window.exported)
    page = (exports / "review.html").read_text(encoding="utf-8")
    assert "Patti Fernandez" in page and "<script" not in page.casefold()
    window.files.export_csv_to("findings", str(exports / "findings.csv"))
    qtbot.waitUntil(lambda: (exports / "findings.csv").exists(), timeout=LOAD_TIMEOUT_MS)
    assert "Delegate who sees private events" in (
        exports / "findings.csv").read_text(encoding="utf-8-sig")
    window.files.export_actions[-1].trigger()  # Export this snapshot
    choose_file(qtbot, window, exports / "contoso.deputy", window.exported)

    # Another workstation: a store of its own, offline; junk is refused, the export opens.
    elsewhere = review(SnapshotStore(tmp_path / "elsewhere" / "snapshots.db"))
    assert elsewhere.banner.headline.text() == "Offline — no snapshot yet"
    junk = tmp_path / "notes.deputy"
    junk.write_text("minutes of the audit meeting")
    elsewhere.files.import_snapshot_from(str(junk))
    qtbot.waitUntil(elsewhere.message_bar.isVisible, timeout=LOAD_TIMEOUT_MS)
    assert "is not a Deputy snapshot" in elsewhere.message_bar.text.text()
    elsewhere.files.import_action.trigger()
    choose_file(qtbot, elsewhere, exports / "contoso.deputy", elsewhere.loaded)
    qtbot.waitUntil(lambda: elsewhere.current is not None, timeout=LOAD_TIMEOUT_MS)
    assert elsewhere.matrix_view.model.shown() == (6, 3)
    assert sum(elsewhere.findings_view.counts.values()) == 4


def test_the_journal_tab_shows_changes_made_in_deputy(open_deputy, qtbot):
    window = open_deputy("AlexW@contoso.com")
    window.show_view("sharing")
    window.workspace.sharing.set_delivery_option("sendToDelegateAndPrincipal")
    qtbot.waitUntil(lambda: not window.workspace.busy, timeout=LOAD_TIMEOUT_MS)
    review = window.open_review()
    journal = review.journal_view
    assert journal is not None
    review.activateWindow()  # shortcuts go to the active window, as on a desktop
    qtbot.waitUntil(review.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
    with qtbot.waitSignal(journal.loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(review, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert review.view_shown is journal
    assert journal.model.rowCount() == 1
    assert "Delegates and Alex Wilber" in " ".join(
        str(journal.model.index(0, c).data()) for c in range(journal.model.columnCount()))


@pytest.mark.parametrize(("days", "words"), [
    (0, "today"), (1, "yesterday"), (6, "6 days ago"), (15, "2 weeks ago"),
    (31, "a month ago"), (75, "2 months ago"), (400, "a year ago"), (800, "2 years ago")])
def test_snapshot_ages_read_as_people_say_them(days, words):
    now = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    taken = (now - timedelta(days=days)).isoformat()
    assert age_words(taken, now) == words


def test_findings_sort_by_a_header_click_and_the_chosen_one_stays_chosen(
        emulator, graph, review, tmp_path, qtbot, qtmodeltester):
    """The rows are made ready and sorted on a worker (on 100,000 mailboxes, doing it on
    the GUI thread froze the window for seconds); the table takes each order as it comes,
    the row chosen staying chosen, and a later click wins over an earlier one."""
    admin = graph(roles=ADMIN_ROLES)
    for mailbox in (CHRISTIE, LEE, MEGAN, PATTI):  # outsiders above free/busy: findings
        share(admin, mailbox, OUTSIDER, "Fabrikam accounts", "read")
        share(admin, mailbox, AUDITOR, "Northwind audit", "limitedRead")
    store = SnapshotStore(tmp_path / "snapshots.db")
    sync_all(emulator, store)
    window = review(store)
    view = window.findings_view
    model, table = view.model, view.table
    window.show_view("findings")
    assert model.pending and model.rowCount() == 0  # being made ready on a worker
    findings_in_place(qtbot, view)
    assert model.rowCount() > 2
    assert {f.rule for f in (model.index(r, 0).data(ItemRole.OBJECT)
                             for r in range(model.rowCount()))} == {view.rule()}

    def column(number: int) -> list[str]:
        return [model.index(r, number).data() for r in range(model.rowCount())]

    table.selectRow(model.rowCount() - 1)
    chosen = table.currentIndex().data(ItemRole.OBJECT)
    header = table.horizontalHeader()
    person = 2  # the Person column
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_centre(header, person))
    findings_in_place(qtbot, view)
    people = column(person)
    assert people == sorted(people, key=str.casefold)
    assert table.currentIndex().data(ItemRole.OBJECT) == chosen
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_centre(header, person))  # again: descending
    people = column(person)  # the other way round at once: made with the first
    assert people == sorted(people, key=str.casefold, reverse=True)
    assert table.currentIndex().data(ItemRole.OBJECT) == chosen  # still the one chosen
    assert [index.data(ItemRole.OBJECT) for index in table.selectionModel().selectedRows()
            ] == [chosen]
    qtmodeltester.check(model)

    # Two clicks before the first order is ready: the table ends in the second's.
    calendar, organization = 1, 3
    shown: list[list[str]] = []
    model.layoutChanged.connect(lambda *_: shown.append(column(calendar)))
    for number in (calendar, organization):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=_section_centre(header, number))
    assert model.pending
    findings_in_place(qtbot, view)
    where = column(organization)
    assert where == sorted(where, key=str.casefold)
    assert header.sortIndicatorSection() == organization
    assert len(shown) == 1, "an older click's order was shown"
    assert table.currentIndex().data(ItemRole.OBJECT) == chosen


def _section_centre(header, section: int) -> QPoint:
    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2,
                  header.height() // 2)
