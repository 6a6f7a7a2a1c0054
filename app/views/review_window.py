"""The permission review's window: a snapshot's matrix, findings and changes, online or
offline.

It shows what ``app.review_work.ReviewWork`` reads (only the snapshot file, so it works
the same on a plane); when a session is given it can also sync a new snapshot, with
progress (mailboxes, requests, throttling waits) and Cancel. Offline, "Sync now" stays
visible, disabled, with the reason. The window itself reads and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSettings, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, settings
from app.fixes.matrix_cells import PickedCell, rows_of_cells
from app.gui_collector import keep_what_lives_now
from app.journal import ChangeJournal
from app.messages import MessageBridge, Place
from app.models.changes import ChangeTable
from app.problems import user_words
from app.review.changes import Comparison
from app.review.data import SnapshotData
from app.review.findings import Finding, Rule
from app.review.matrix import MatrixFilter
from app.review.snapshot_store import PermissionRow, Snapshot, SnapshotStore
from app.review_work import Listing, ReviewWork, SyncEnd
from app.tasks import Outcome, TaskRunner
from app.views.fix_dialog import FixDialog, only_rule
from app.views.journal_view import JournalView
from app.views.lazy_page import LazyPage
from app.views.message_bar import MessageBar
from app.views.placement import keep_within_screen, place
from app.views.review_banner import ReviewBanner, snapshot_words
from app.views.review_changes import ChangesView
from app.views.review_copy_setup import ReviewCopySetup
from app.views.review_files import ReviewFiles
from app.views.review_findings import FindingsView
from app.views.review_matrix import MatrixView
from app.views.review_sync import ReviewSync
from app.views.review_tabs import REVIEW_VIEWS
from app.views.status_message import StatusBar

if TYPE_CHECKING:  # requests: none for a review read offline
    from app.signin.accounts import Session

PREFERRED_SIZE = QSize(1200, 720)  # or what the screen has room for
OFFLINE_REASON = "Deputy is offline: sign in while connected to sync a new snapshot."


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

    def __init__(self, store: SnapshotStore | Path, runner: TaskRunner, *,
                 session: Session | None = None, journal: ChangeJournal | None = None,
                 offline_reason: str = "", admin_settings: QSettings | None = None,
                 sign_in_http_client: Any = None, messages: MessageBridge | None = None,
                 parent: QWidget | None = None) -> None:
        """``store``: the snapshot file, or its path (then opened off the GUI thread);
        ``admin_settings``: where a real tenant's administrators' app is set up (None:
        the demo, whose administrator signs in by itself); ``sign_in_http_client``:
        MSAL's, for tests against a fake Entra ID; ``messages``: the running Deputy's
        message bridge (None: one of its own)."""
        super().__init__(parent)
        self.runner, self.session = runner, session
        self.admin_settings = admin_settings
        self.work = ReviewWork(store, runner, session=session, admin_settings=admin_settings,
                               sign_in_http_client=sign_in_http_client, messages=messages,
                               parent=self)
        self.comparison: tuple[SnapshotData, Comparison] | None = None  # older, and changes
        self.offline = session is None
        self.offline_reason = offline_reason or OFFLINE_REASON
        self.current: SnapshotData | None = None
        self._shown_id: int | None = None  # the snapshot asked for, until it shows
        # The findings of the snapshot just shown once the matrix has painted, and the
        # comparison with the one before once the findings' changes have: a timer of
        # the event loop fires after the paint asked for before it
        # (``QTimer.singleShot(0)`` is a queued call, run before it). At 100,000
        # mailboxes a comparison started earlier, and its worker held the interpreter
        # lock the paints kept asking for: 40-110 ms each, not 10-20.
        self._findings_to_show: SnapshotData | None = None
        self._findings_after_the_paint = self._after_the_paint(self._show_findings)
        self._compare_after_the_paint = self._after_the_paint(self._compare_with_the_last)
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
        # The picker takes the room there is, up to the longest words it may show.
        self.snapshot_box.setMaximumWidth(self.snapshot_box.fontMetrics().horizontalAdvance(
            "#12 · 21 Nov 2026 14:03 (a month ago) · Administrator · 1,200 mailboxes "
            "(interrupted)") + 40)
        top = QHBoxLayout()
        top.addWidget(snapshot_label)
        top.addWidget(self.snapshot_box, 1)
        top.addStretch(0)

        self.journal = journal
        self.fix_dialog: FixDialog | None = None
        # Each view is made as it is first shown or asked for (app.views.lazy_page); the
        # matrix, shown as the window opens, just after the window's first picture.
        self._matrix_page = LazyPage(self._make_matrix_view, after_first_paint=True)
        self._findings_page = LazyPage(self._make_findings_view)
        self._changes_page = LazyPage(self._make_changes_view)
        self._journal_page = LazyPage(self._make_journal_view) if journal is not None \
            else None
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Review views")
        for page, name in self._pages():
            self.tabs.addTab(page, name)
        self.tabs.currentChanged.connect(self.on_tabs_current_changed)

        status_bar = StatusBar()  # its messages are said to screen readers too
        status_bar.listen(self.work.messages, Place.REVIEW)
        self.setStatusBar(status_bar)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._build_menus()
        top.insertWidget(2, self.sync.button)
        layout.insertWidget(3, self.sync.panel)

        self.snapshot_box.activated.connect(self.on_snapshot_box_activated)
        work = self.work
        work.listed.connect(self.on_work_listed)
        work.shown.connect(self.on_work_shown)
        work.compared.connect(self.on_work_compared)
        self.message_bar.listen(work.messages, Place.REVIEW)
        work.failed.connect(self.loaded.emit)
        work.exported.connect(self.exported.emit)
        work.sync_ended.connect(self.on_work_sync_ended)
        if isinstance(store, SnapshotStore) and store.notice:
            self.work.problem(store.notice)
        self._placed = False

    def _pages(self) -> list[tuple[LazyPage, str]]:
        """The tabs, in order, with their names (Ctrl+1 to Ctrl+4 in the same order)."""
        pages = [(self._matrix_page, "&Matrix"),
                 (self._findings_page, "F&indings"),  # Alt+F: the File menu
                 (self._changes_page, "What c&hanged")]
        if self._journal_page is not None:
            pages.append((self._journal_page, "Change &journal"))
        return pages

    @property
    def matrix_view(self) -> MatrixView:
        return cast("MatrixView", self._matrix_page.view)

    @property
    def findings_view(self) -> FindingsView:
        return cast("FindingsView", self._findings_page.view)

    @property
    def changes_view(self) -> ChangesView:
        return cast("ChangesView", self._changes_page.view)

    @property
    def journal_view(self) -> JournalView | None:
        """None without a change journal."""
        page = self._journal_page
        return None if page is None else cast("JournalView", page.view)

    @property
    def view_shown(self) -> QWidget:
        """The view of the tab shown (made now if it is not yet)."""
        page = self.tabs.currentWidget()
        return page.view if isinstance(page, LazyPage) else page

    def _set_fixable(self, view: MatrixView | FindingsView) -> None:
        if self.session is not None and self.journal is not None:
            view.set_fixable(True)
        elif self.session is not None:
            view.set_fixable(False, "Deputy can't open its change journal, so it fixes "
                             "nothing: a fix must be recorded to be undone.")

    def _make_matrix_view(self) -> QWidget:
        view = MatrixView(self.runner)
        self._set_fixable(view)
        view.fix_requested.connect(self.on_matrix_fix_requested)
        return view

    def _make_findings_view(self) -> QWidget:
        """Shows the findings of the snapshot shown, if they are in."""
        view = FindingsView(self.runner)
        self._set_fixable(view)
        view.show_in_matrix.connect(self.on_findings_show_in_matrix)
        view.fix_requested.connect(self.on_findings_fix_requested)
        if self.current is not None:
            view.set_findings(self.current.findings, self.current.names)
        return view

    def _make_changes_view(self) -> QWidget:
        view = ChangesView()
        view.pair_chosen.connect(self.on_changes_pair_chosen)
        return view

    def _make_journal_view(self) -> QWidget:
        assert self.journal is not None
        return JournalView(self.journal, self.runner, session=self.session)

    def on_findings_fix_requested(self, findings: list[Finding]) -> None:
        """The preview dialog for the chosen rows; the journal tab reads the run."""
        self.open_fix_dialog([f.row for f in findings], only_rule(findings))

    def on_matrix_fix_requested(self, cells: list[PickedCell]) -> None:
        """The cells' permissions read from the snapshot file (off the GUI thread: a
        selection may span 1,000 mailboxes), then the same preview as for findings."""
        store, current = self.store, self.current
        if store is None or current is None or self.session is None or self.journal is None:
            return
        snapshot_id = current.snapshot.id

        def done(outcome: Outcome) -> None:
            if not outcome.ok:
                self.work.problem(f"Could not read the selected cells' permissions from "
                                  f"the snapshot file: {user_words(outcome.error)}")
            elif self.current is current:  # not if another snapshot is shown since
                self.open_fix_dialog(outcome.value, None)

        self.runner.run("Reading the selected cells' permissions",
                        lambda _task: rows_of_cells(store, snapshot_id, cells), done,
                        owner=self)

    def open_fix_dialog(self, rows: list[PermissionRow], rule: Rule | None) -> None:
        if self.session is None or self.journal is None or self.current is None or not rows:
            return
        dialog = FixDialog(rows, self.current.names, self.session, self.journal,
                           self.runner, parent=self, rule=rule)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished_run.connect(self.on_fix_dialog_finished_run)
        self.fix_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "fix_dialog", None))
        dialog.show()

    def on_fix_dialog_finished_run(self, _result: object) -> None:
        """The journal tab shows the run: now if it is the tab shown, else when it is
        (``on_tabs_current_changed``): showing 1,000 new changes in a tab no one looks
        at held the GUI thread for half a second as the run ended."""
        page = self._journal_page
        if page is not None and page.made and self.tabs.currentWidget() is page:
            cast("JournalView", page.view).reload()

    @property
    def store(self) -> SnapshotStore | None:
        """The snapshot file, once open."""
        return self.work.store

    @property
    def snapshots(self) -> list[Snapshot]:
        return self.work.snapshots

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
        self.files = ReviewFiles(self.work, file_menu, lambda: (self.current, self.comparison),
                                 self)
        file_menu.addSeparator()
        close = file_menu.addAction("C&lose")
        close.setShortcuts(QKeySequence.StandardKey.Close)  # Ctrl+W too, not only the first
        close.triggered.connect(self.close)

        review = self.menuBar().addMenu("&Review")
        self.sync = ReviewSync(self.work, self.runner, review, session=self.session,
                               offline_reason=self.offline_reason,
                               admin_settings=self.admin_settings, parent=self)
        review.addSeparator()
        for number, (page, name) in enumerate(self._pages(), start=1):
            action = review.addAction(name)
            action.setShortcut(f"Ctrl+{number}")
            action.triggered.connect(self._show_tab_slot(page))
        review.addSeparator()
        self.copy_setup = ReviewCopySetup(review, self.session, self.journal, self.runner,
                                          lambda: self.current, self)
        self.copy_setup.finished_run.connect(self.on_fix_dialog_finished_run)

    def _show_tab_slot(self, page: LazyPage):
        def show() -> None:
            self.tabs.setCurrentWidget(page)
        return show

    def on_tabs_current_changed(self, index: int) -> None:
        page = self._journal_page
        if page is not None and self.tabs.widget(index) is page:
            cast("JournalView", page.view).reload()  # changes made since last shown

    def show_view(self, name: str) -> None:
        """``review`` (the matrix), ``findings`` or ``changes``."""
        self.tabs.setCurrentIndex(REVIEW_VIEWS.index(name))

    # ------------------------------------------------------------------ snapshots

    def reload(self, select: int | None = None) -> None:
        """Read the list of snapshots and show ``select`` (default: the newest finished)."""
        self.work.reload(select)

    def on_work_listed(self, listing: Listing) -> None:
        several = len({(s.identity_key, s.tenant) for s in listing.snapshots}) > 1
        with QSignalBlocker(self.snapshot_box):
            self.snapshot_box.clear()
            for snapshot in listing.snapshots:
                self.snapshot_box.addItem(snapshot_words(snapshot, who=several), snapshot.id)
        if listing.wanted is None:
            self.current = None
            self.banner.show_snapshot(None, offline=self.offline,
                                      reason=self.offline_reason if self.offline else "")
            self.loaded.emit()
            return
        self.snapshot_box.setCurrentIndex(self.snapshot_box.findData(listing.wanted))
        self.show_snapshot(listing.wanted)

    def on_snapshot_box_activated(self, index: int) -> None:
        snapshot_id = self.snapshot_box.itemData(index)
        if snapshot_id is not None:
            self.show_snapshot(snapshot_id)

    def show_snapshot(self, snapshot_id: int) -> None:
        self._shown_id = snapshot_id
        self.work.show(snapshot_id)

    def on_work_shown(self, data: SnapshotData) -> None:
        keep_what_lives_now()  # the snapshot's data lives while it shows: not walked again
        self.banner.show_snapshot(data.snapshot, offline=self.offline,
                                  reason=self.offline_reason, unreadable=data.unreadable)
        self.matrix_view.set_matrix(data.matrix)
        # The findings on a later turn of the event loop: the window paints the matrix
        # in between, and neither half freezes it for long (1,000 mailboxes: some 40 ms
        # each, 90 ms in one go).
        self._findings_to_show = data
        self._findings_after_the_paint.start()

    def _after_the_paint(self, slot: Callable[[], None]) -> QTimer:
        """A timer that calls ``slot`` once the paints asked for before it start are
        done (``start()``)."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(slot)
        return timer

    def _show_findings(self) -> None:
        data, self._findings_to_show = self._findings_to_show, None
        if data is None or self._shown_id != data.snapshot.id:
            return  # another snapshot was chosen meanwhile
        self.current = data  # now that all of it shows
        self.copy_setup.update()
        if self._findings_page.made:  # else as it is made
            self.findings_view.set_findings(data.findings, data.names)
        for action in self.files.export_actions:
            action.setEnabled(True)
        self._compare_after_the_paint.start()

    def _compare_with_the_last(self) -> None:
        """The shown snapshot compared with the one before (``loaded`` once it is in)."""
        data = self.current
        if data is None or self._shown_id != data.snapshot.id:
            return  # another snapshot was chosen meanwhile
        self._comparing = False
        self.changes_view.set_snapshots(self.snapshots, data.snapshot.id)
        if not self._comparing:  # else ``loaded`` once the comparison is in
            self.loaded.emit()

    def on_changes_pair_chosen(self, older_id: int, newer_id: int) -> None:
        self._comparing = True
        self.work.compare(older_id, newer_id, lambda: (
            self.changes_view.older_box.currentData(),
            self.changes_view.newer_box.currentData()) == (older_id, newer_id),
            self.changes_view.sort_column())

    def on_work_compared(self, older: SnapshotData, newer: SnapshotData,
                         comparison: Comparison, table: ChangeTable) -> None:
        keep_what_lives_now()  # the older snapshot's data, kept while compared
        current = self.current
        self.comparison = (older, comparison) if current is not None \
            and newer.snapshot.id == current.snapshot.id else None
        self.changes_view.show_comparison(comparison, table)
        if self._comparing:
            self._comparing = False
            self.loaded.emit()

    def on_findings_show_in_matrix(self, finding: Finding) -> None:
        self.matrix_view.set_filter(MatrixFilter(person=finding.person.key,
                                                 mailbox=finding.row.mailbox))
        self.tabs.setCurrentWidget(self._matrix_page)

    def on_work_sync_ended(self, end: SyncEnd | None) -> None:
        if end is not None:
            self.synced.emit(end.snapshot_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync.cancel()
        store = settings.open_store()
        settings.REVIEW_GEOMETRY.write(store, self.saveGeometry())
        store.sync()
        super().closeEvent(event)
