"""The permission review: a snapshot's matrix, findings and changes, online or offline.

It reads only the snapshot file, so it works the same on a plane; when a session is
given it can also sync a new snapshot, with progress (mailboxes, requests, throttling
waits) and Cancel. Offline, "Sync now" stays visible, disabled, with the reason.
Everything slow (reading a snapshot, comparing two, syncing) runs on the task runner.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, settings
from app.accounts import Session
from app.graph.errors import GraphError
from app.journal import ChangeJournal
from app.review import report
from app.review.changes import Comparison
from app.review.data import SnapshotData
from app.review.findings import Finding
from app.review.matrix import MatrixFilter
from app.review.report import Table
from app.review.scope import scope_of
from app.review.whose import offered
from app.snapshot_store import (
    CANCELLED,
    COMPLETE,
    PARTIAL,
    Snapshot,
    SnapshotStore,
    UnreadableSnapshotError,
)
from app.sync import SyncProgress, run_sync
from app.tasks import Outcome, Task, TaskRunner
from app.tenant_config import NotSetUp, admin_is_set_up, open_admin_session
from app.views.dialog_parts import ask_for_file, os_reason
from app.views.journal_view import JournalView
from app.views.message_bar import MessageBar
from app.views.placement import keep_within_screen, place
from app.views.plain_text import plain_label, plain_tip
from app.views.review_banner import ReviewBanner, snapshot_words
from app.views.review_changes import ChangesView
from app.views.review_findings import FindingsView
from app.views.review_matrix import MatrixView
from app.views.status_message import StatusBar
from app.words import counted

if TYPE_CHECKING:  # the dialog needs MSAL and cryptography: imported when it opens
    from app.views.admin_setup import AdminSetupDialog

log = logging.getLogger(__name__)

REVIEW_VIEWS = ("review", "findings", "changes")
STATUS_TIMEOUT_MS = 6000
PREFERRED_SIZE = QSize(1200, 720)  # or what the screen has room for
PERSON_SYNC_TIP = ("Reads who can see your own calendars. Who can see your executives' "
                   "calendars only they or an administrator can read.")
OFFLINE_REASON = "Deputy is offline: sign in while connected to sync a new snapshot."


def sync_finished_words(snapshot: Snapshot) -> str:
    """"Sync finished: 300 mailboxes read." ("…; partial: some could not be read, see
    above." when the snapshot is partial, its banner saying which)."""
    words = f"Sync finished: {counted(snapshot.mailboxes_stored, 'mailbox')} read"
    if snapshot.status == PARTIAL:
        return f"{words}; partial: some could not be read, see above."
    return f"{words}."


class SyncPanel(QWidget):
    """A sync's progress in figures, with Cancel; hidden when no sync runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Sync progress")
        self.bar.setMaximumWidth(220)
        self.label = plain_label()
        self.label.setAccessibleDescription("Sync figures")
        self.cancel_button = QPushButton("&Cancel sync")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.cancel_button)
        self.hide()

    def start(self) -> None:
        self.bar.setRange(0, 0)
        self.label.setText("Finding the mailboxes to read…")
        self.cancel_button.setEnabled(True)
        self.show()

    def progress(self, step: SyncProgress) -> None:
        self.bar.setRange(0, 1000)
        self.bar.setValue(round(step.fraction * 1000))
        self.label.setText(step.line)


class ReviewWindow(QMainWindow):
    """Matrix, findings and changes of the chosen snapshot.

    Signals:
        loaded: the chosen snapshot (or the news that there is none) is showing.
        synced(snapshot_id): a sync ended (complete, partial or cancelled).
        exported(path): a report, a table or the snapshot was written there.

    Attributes:
        offline: no session; nothing can be changed.
    """

    loaded = Signal()
    synced = Signal(int)
    exported = Signal(str)

    def __init__(self, store: SnapshotStore, runner: TaskRunner, *,
                 session: Session | None = None, journal: ChangeJournal | None = None,
                 offline_reason: str = "", admin_settings: QSettings | None = None,
                 sign_in_http_client: Any = None, parent: QWidget | None = None) -> None:
        """``admin_settings``: where a real tenant's administrators' app is set up (None:
        the demo, whose administrator signs in by itself); ``sign_in_http_client``:
        MSAL's, for tests against a fake Entra ID."""
        super().__init__(parent)
        self.store, self.runner, self.session = store, runner, session
        self.admin_settings = admin_settings
        self.sign_in_http_client = sign_in_http_client
        self.comparison: tuple[SnapshotData, Comparison] | None = None  # older, and changes
        self.dialog: QFileDialog | None = None  # the open export/import file dialog
        self.offline = session is None
        self.offline_reason = offline_reason or OFFLINE_REASON
        self.snapshots: list[Snapshot] = []
        self.current: SnapshotData | None = None
        self._left_out_said: set[int] = set()  # snapshots the store left out, said already
        self._read: dict[int, SnapshotData] = {}
        self._asked = 0  # the newest request for a snapshot; older answers are dropped
        self._sync_task: Task | None = None
        self._comparing = False  # a comparison is on its way
        title = "Offline review" if self.offline else "Permission review"
        self.setWindowTitle(f"{APP_NAME} — {title}")

        self.message_bar = MessageBar()
        self.banner = ReviewBanner()
        self.snapshot_box = QComboBox()
        self.snapshot_box.setAccessibleName("Snapshot")
        self.snapshot_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.snapshot_box.setMinimumContentsLength(30)
        snapshot_label = QLabel("S&napshot:")
        snapshot_label.setBuddy(self.snapshot_box)
        self.sync_button = QPushButton("&Sync now")
        self.sync_panel = SyncPanel()
        # The picker takes the room there is, up to the longest words it may show.
        self.snapshot_box.setMaximumWidth(self.snapshot_box.fontMetrics().horizontalAdvance(
            "#12 · 21 Nov 2026 14:03 (a month ago) · Administrator · 1,200 mailboxes "
            "(interrupted)") + 40)
        top = QHBoxLayout()
        top.addWidget(snapshot_label)
        top.addWidget(self.snapshot_box, 1)
        top.addWidget(self.sync_button)
        top.addStretch(0)

        self.matrix_view = MatrixView()
        self.findings_view = FindingsView()
        self.changes_view = ChangesView()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Review views")
        self.tabs.addTab(self.matrix_view, "&Matrix")
        self.tabs.addTab(self.findings_view, "F&indings")  # Alt+F: the File menu
        self.tabs.addTab(self.changes_view, "What c&hanged")
        self.journal_view = JournalView(journal, runner) if journal is not None else None
        if self.journal_view is not None:
            self.tabs.addTab(self.journal_view, "Change &journal")
            self.tabs.currentChanged.connect(self.on_tabs_current_changed)

        self.setStatusBar(StatusBar())  # its messages are said to screen readers too
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.sync_panel)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._build_menus()

        if self.offline:
            self.sync_button.setEnabled(False)
            self.sync_action.setEnabled(False)
            for widget in (self.sync_button, self.sync_action):
                widget.setToolTip(plain_tip(self.offline_reason))
                widget.setStatusTip(self.offline_reason)
        elif not session.app_only:
            # What a person's sync can read, before they press it (GUIDE §1).
            for widget in (self.sync_button, self.sync_action):
                widget.setToolTip(PERSON_SYNC_TIP)
                widget.setStatusTip(PERSON_SYNC_TIP)
        self.sync_button.clicked.connect(self.sync_now)
        self.sync_panel.cancel_button.clicked.connect(self.cancel_sync)
        self.snapshot_box.activated.connect(self.on_snapshot_box_activated)
        self.changes_view.pair_chosen.connect(self.on_changes_pair_chosen)
        self.findings_view.show_in_matrix.connect(self.on_findings_show_in_matrix)
        if store.notice:
            self.message_bar.show_problem(store.notice)
        self._placed = False

    def setVisible(self, visible: bool) -> None:
        """The first time it shows: within the screen of the window it was opened from,
        where it was last if that still fits (``app.views.placement``)."""
        if visible and not self._placed:
            self._placed = True
            saved = settings.REVIEW_GEOMETRY.read(settings.open_store())
            place(self, self.parentWidget(), PREFERRED_SIZE, saved)
        super().setVisible(visible)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The window manager's frame is known once shown: keep all of it on the screen.
        QTimer.singleShot(0, self, lambda: keep_within_screen(self))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.export_actions = []
        for text, shortcut, slot in (
                ("Export &report (HTML)…", "Ctrl+Shift+E", self.export_report),
                ("Export the &matrix to CSV…", "", self._export_csv_slot("matrix")),
                ("Export the &findings to CSV…", "", self._export_csv_slot("findings")),
                ("Export the &changes to CSV…", "", self._export_csv_slot("changes")),
                ("Export this &snapshot…", "", self.export_snapshot)):
            action = file_menu.addAction(text)
            if shortcut:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            action.setEnabled(False)
            self.export_actions.append(action)
        self.import_action = file_menu.addAction("&Import a snapshot…")
        self.import_action.triggered.connect(self.import_snapshot)
        file_menu.addSeparator()
        close = file_menu.addAction("C&lose")
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)

        review = self.menuBar().addMenu("&Review")
        self.sync_action = review.addAction("&Sync now")
        self.sync_action.setShortcut("Ctrl+R")
        self.sync_action.triggered.connect(self.sync_now)
        self.cancel_action = review.addAction("&Cancel sync")
        self.cancel_action.setShortcut("Esc")
        self.cancel_action.triggered.connect(self.cancel_sync)
        self.admin_sync_action = self.admin_setup_action = None
        if self.admin_settings is not None and self.session is not None \
                and not self.session.app_only:
            review.addSeparator()
            self.admin_sync_action = review.addAction(
                "Sync &every mailbox as the administrators' app")
            self.admin_sync_action.triggered.connect(self.sync_every_mailbox)
            self.admin_setup_action = review.addAction("Set up the administrators' &app…")
            self.admin_setup_action.triggered.connect(self.set_up_admin_app)
            self._update_admin_sync()
        review.addSeparator()
        tabs: list[tuple[str, QWidget]] = [("&Matrix", self.matrix_view),
                                           ("F&indings", self.findings_view),
                                           ("What c&hanged", self.changes_view)]
        if self.journal_view is not None:
            tabs.append(("Change &journal", self.journal_view))
        for number, (name, view) in enumerate(tabs, start=1):
            action = review.addAction(name)
            action.setShortcut(f"Ctrl+{number}")
            action.triggered.connect(self._show_tab_slot(view))

    def _show_tab_slot(self, view: QWidget):
        def show() -> None:
            self.tabs.setCurrentWidget(view)
        return show

    def on_tabs_current_changed(self, index: int) -> None:
        if self.journal_view is not None and self.tabs.widget(index) is self.journal_view:
            self.journal_view.reload()  # changes made since it was last shown

    def show_view(self, name: str) -> None:
        """``review`` (the matrix), ``findings`` or ``changes``."""
        self.tabs.setCurrentIndex(REVIEW_VIEWS.index(name))

    # ------------------------------------------------------------------ snapshots

    def reload(self, select: int | None = None) -> None:
        """Read the list of snapshots and show ``select`` (default: the newest finished)."""
        def done(outcome: Outcome) -> None:
            if not outcome.ok:
                self._fail(outcome.error, "read the snapshot list")
                return
            self.snapshots = outcome.value
            # Imported by an older Deputy, which did not check: said once per window.
            unsaid = [s for i, s in self.store.left_out.items() if i not in self._left_out_said]
            if unsaid:
                self._left_out_said.update(self.store.left_out)
                self.message_bar.show_problem(" ".join(unsaid))
            several = len({(s.identity_key, s.tenant) for s in self.snapshots}) > 1
            with QSignalBlocker(self.snapshot_box):
                self.snapshot_box.clear()
                for snapshot in self.snapshots:
                    self.snapshot_box.addItem(snapshot_words(snapshot, who=several),
                                              snapshot.id)
            # ``select`` may not be offered here (another identity's): the newest instead.
            chosen = select if any(s.id == select for s in self.snapshots) else None
            wanted = chosen if chosen is not None else next(
                (s.id for s in self.snapshots if s.status in (COMPLETE, PARTIAL)),
                self.snapshots[0].id if self.snapshots else None)
            if wanted is None:
                self.current = None
                self.banner.show_snapshot(None, offline=self.offline,
                                          reason=self.offline_reason if self.offline else "")
                self.loaded.emit()
                return
            self.snapshot_box.setCurrentIndex(self.snapshot_box.findData(wanted))
            self.show_snapshot(wanted)

        whose = self._whose()  # the settings are read here, on the GUI thread
        self._run("Reading the snapshot list",
                  lambda _task: offered(self.store.snapshots(), **whose), done)

    def _whose(self) -> dict[str, Any]:
        """Whose snapshots this review offers (``app.review.whose``): its identity's own."""
        session = self.session
        if session is None:
            return {"identity_key": None}
        admin_tenant = (settings.TENANT.read(self.admin_settings)
                        if self.admin_settings is not None and not session.app_only
                        and admin_is_set_up(self.admin_settings) else None)
        return {"identity_key": session.state_key, "tenant": session.tenant,
                "admin_tenant": admin_tenant}

    def on_snapshot_box_activated(self, index: int) -> None:
        snapshot_id = self.snapshot_box.itemData(index)
        if snapshot_id is not None:
            self.show_snapshot(snapshot_id)

    def show_snapshot(self, snapshot_id: int) -> None:
        self._asked += 1
        asked = self._asked
        snapshot = next(s for s in self.snapshots if s.id == snapshot_id)

        def work(_task: Task) -> SnapshotData:
            data = self._read.get(snapshot_id) or SnapshotData.read(self.store, snapshot)
            data.matrix  # noqa: B018 - built here, off the GUI thread
            data.findings  # noqa: B018
            return data

        def done(outcome: Outcome) -> None:
            if asked != self._asked:
                return  # another snapshot was chosen meanwhile
            if not outcome.ok:
                self._fail(outcome.error, "read this snapshot")
                return
            data: SnapshotData = outcome.value
            self._read = {snapshot_id: data}  # one big snapshot in memory, not every one seen
            self.banner.show_snapshot(data.snapshot, offline=self.offline,
                                      reason=self.offline_reason,
                                      unreadable=data.unreadable)
            self.matrix_view.set_matrix(data.matrix)
            # The findings on the next turn of the event loop: the window paints the
            # matrix in between, and neither half freezes it for long (1,000 mailboxes:
            # some 40 ms each, 90 ms in one go).
            QTimer.singleShot(0, self, lambda: show_findings(data))

        def show_findings(data: SnapshotData) -> None:
            if asked != self._asked:
                return
            self.current = data  # now that all of it shows
            self.findings_view.set_findings(data.findings, data.names)
            for action in self.export_actions:
                action.setEnabled(True)
            self._comparing = False
            self.changes_view.set_snapshots(self.snapshots, snapshot_id)
            if not self._comparing:  # else ``loaded`` once the comparison is in
                self.loaded.emit()

        self._run("Reading the snapshot", work, done)

    def on_changes_pair_chosen(self, older_id: int, newer_id: int) -> None:
        self._comparing = True
        older, newer = (next(s for s in self.snapshots if s.id == i) for i in (older_id, newer_id))
        cached = dict(self._read)

        def work(_task: Task):
            read = [cached.get(s.id) or SnapshotData.read(self.store, s) for s in (older, newer)]
            return read, read[1].compare_with(read[0])

        def done(outcome: Outcome) -> None:
            if (self.changes_view.older_box.currentData(),
                    self.changes_view.newer_box.currentData()) != (older_id, newer_id):
                return  # the user picked another pair meanwhile
            if not outcome.ok:
                self._fail(outcome.error, "compare the two snapshots")
                return
            read, comparison = outcome.value
            self._read = {data.snapshot.id: data for data in (*read, self.current) if data}
            self.comparison = (read[0], comparison) if read[1] is self.current else None
            self.changes_view.show_comparison(comparison, {**read[0].names, **read[1].names})
            if self._comparing:
                self._comparing = False
                self.loaded.emit()

        self._run("Comparing snapshots", work, done)

    def on_findings_show_in_matrix(self, finding: Finding) -> None:
        self.matrix_view.set_filter(MatrixFilter(person=finding.person.key,
                                                 mailbox=finding.row.mailbox))
        self.tabs.setCurrentWidget(self.matrix_view)

    # ------------------------------------------------------------------ export, import

    def _export_csv_slot(self, table: Table):
        def ask() -> None:
            self.dialog = ask_for_file(self, f"Export the {table} to CSV",
                                       f"deputy-{table}.csv", "CSV files (*.csv)",
                                       self._csv_writer(table))
        return ask

    def _csv_writer(self, table: Table):
        def write(path: str) -> None:
            self.export_csv_to(table, path)
        return write

    def export_csv_to(self, table: Table, path: str) -> None:
        data, comparison = self.current, self.comparison
        if data is None:
            return
        self._write_file(path, lambda target: report.write_csv(
            target, table, data, comparison[1] if comparison else None))

    def export_report(self) -> None:
        self.dialog = ask_for_file(self, "Export the review as a report",
                                   "deputy-review.html", "Web pages (*.html)",
                                   self.export_report_to)

    def export_report_to(self, path: str) -> None:
        """The matrix, findings and the changes shown in the Changes tab, in one page."""
        data, comparison = self.current, self.comparison
        if data is not None:
            older = comparison[0] if comparison else None
            self._write_file(path, lambda target: report.write_html(target, data, older))

    def export_snapshot(self) -> None:
        self.dialog = ask_for_file(self, "Export this snapshot", "deputy-snapshot.deputy",
                                   "Deputy snapshots (*.deputy)", self.export_snapshot_to)

    def export_snapshot_to(self, path: str) -> None:
        """The whole snapshot in one file, to review on another computer (Import)."""
        data = self.current
        if data is not None:
            self._write_file(path, lambda target: self.store.export_snapshot(
                data.snapshot.id, target))

    def _write_file(self, path: str, write) -> None:
        target = Path(path)

        def done(outcome: Outcome) -> None:
            if outcome.ok:
                self.statusBar().showMessage(f"Saved {target}.", STATUS_TIMEOUT_MS)
                self.exported.emit(str(target))
            else:
                log.warning("Export to %s failed: %s", target, outcome.error)
                self.message_bar.show_problem(
                    f"Deputy could not write {target} ({os_reason(outcome.error)}). Choose "
                    "another folder and try again.")

        self._run(f"Writing {target.name}", lambda _task: write(target), done)

    def import_snapshot(self) -> None:
        self.dialog = ask_for_file(self, "Import a snapshot", "",
                                   "Deputy snapshots (*.deputy);;All files (*)",
                                   self.import_snapshot_from, save=False)

    def import_snapshot_from(self, path: str) -> None:
        source = Path(path)

        def done(outcome: Outcome) -> None:
            if outcome.ok:
                self.statusBar().showMessage(f"Imported {source.name}.", STATUS_TIMEOUT_MS)
                self.reload(select=outcome.value)
            elif isinstance(outcome.error, ValueError):  # not a snapshot: its own words
                self.message_bar.show_problem(str(outcome.error))
            else:
                log.warning("Import of %s failed: %s", source, outcome.error)
                self.message_bar.show_problem(
                    f"Deputy could not read {source} ({os_reason(outcome.error)}).")

        self._run(f"Importing {source.name}",
                        lambda _task: self.store.import_snapshot(source), done)

    # ------------------------------------------------------------------ sync

    def sync_now(self) -> None:
        """A snapshot as the signed-in identity: every mailbox for an administrator,
        "me and my executives" for a person."""
        if self.session is not None:
            self._start_sync(self.session, owned=False)

    def sync_every_mailbox(self) -> None:
        """A snapshot of every mailbox, signed in as the administrators' app."""
        if self.admin_settings is None or self._sync_task is not None:
            return
        try:
            session = open_admin_session(self.admin_settings,
                                         http_client=self.sign_in_http_client)
        except NotSetUp as exc:
            self.message_bar.show_problem(str(exc))
            return
        self._start_sync(session, owned=True)

    def set_up_admin_app(self) -> AdminSetupDialog | None:
        if self.admin_settings is None:
            return None
        from app.views.admin_setup import AdminSetupDialog

        dialog = AdminSetupDialog(self.admin_settings, self.runner,
                                  http_client=self.sign_in_http_client, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._update_admin_sync)
        dialog.open()
        return dialog

    def _update_admin_sync(self) -> None:
        if self.admin_sync_action is None or self.admin_settings is None:
            return
        ready = admin_is_set_up(self.admin_settings)
        self.admin_sync_action.setEnabled(ready and self._sync_task is None)
        self.admin_sync_action.setStatusTip(
            "" if ready else "Set up the administrators' app first (Review menu).")

    def _start_sync(self, session: Session, *, owned: bool) -> None:
        """``owned``: a session opened for this sync, closed when it ends."""
        if self._sync_task is not None:
            if owned:
                session.close()
            return
        store = self.store
        self._enable_syncs(False)
        self.sync_panel.start()

        def work(task: Task) -> int:
            try:
                return run_sync(session.service.client, store, scope_of(session),
                                cancel=task.cancel_requested, on_progress=task.note)
            finally:
                if owned:
                    session.close()

        self._sync_task = self._run("Syncing a snapshot", work, self._sync_done,
                                    on_note=self.on_sync_noted)

    def _enable_syncs(self, enabled: bool) -> None:
        self.sync_button.setEnabled(enabled and not self.offline)
        self.sync_action.setEnabled(enabled and not self.offline)
        if self.admin_sync_action is not None:
            self._update_admin_sync()

    def on_sync_noted(self, step: SyncProgress) -> None:
        self.sync_panel.progress(step)

    def cancel_sync(self) -> None:
        if self._sync_task is not None:
            self._sync_task.cancel()
            self.sync_panel.cancel_button.setEnabled(False)
            self.sync_panel.label.setText("Stopping after the mailboxes being read…")

    def _sync_done(self, outcome: Outcome) -> None:
        self._sync_task = None
        self.sync_panel.hide()
        self._enable_syncs(True)
        if not outcome.ok:
            self._fail(outcome.error, "sync")
            return
        snapshot_id: int = outcome.value
        cancelled = self.store.snapshot(snapshot_id)
        if cancelled is not None and cancelled.status != CANCELLED:
            self.statusBar().showMessage(sync_finished_words(cancelled), STATUS_TIMEOUT_MS)
        if cancelled is not None and cancelled.status == CANCELLED:
            finished = any(s.status in (COMPLETE, PARTIAL) for s in self.snapshots)
            self.message_bar.show_problem(
                f"Sync cancelled after {cancelled.mailboxes_stored:,} of "
                f"{counted(cancelled.mailboxes_planned, 'mailbox')}. That incomplete snapshot "
                "stays in the list, marked cancelled" + (
                    "; the review shows the last finished one." if finished else "."))
            self.reload()
        else:
            self.reload(select=snapshot_id)
        self.synced.emit(snapshot_id)

    def _run(self, description: str, work, on_done, **options) -> Task:
        """On the task runner; no call back once this window is gone."""
        return self.runner.run(description, work, on_done, owner=self, **options)

    def _fail(self, error: BaseException | None, what: str) -> None:
        if isinstance(error, GraphError):
            log.info("Review: could not %s: %s", what, error.log_line)
            text = error.message
        elif isinstance(error, UnreadableSnapshotError):  # said and logged by the store
            text = str(error)
        else:
            log.error("Review: could not %s", what, exc_info=error)
            text = f"Deputy could not {what}. The details are in the log."
        self.message_bar.show_problem(text)
        self.loaded.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel_sync()
        store = settings.open_store()
        settings.REVIEW_GEOMETRY.write(store, self.saveGeometry())
        store.sync()
        super().closeEvent(event)
