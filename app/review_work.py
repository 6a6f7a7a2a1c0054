"""The permission review's data and actions, apart from its window.

Snapshots are listed, read, compared, exported, imported and synced here, each on the
task runner (the snapshot file is opened there too: a 300 MB file's check must not
freeze the window); the window only shows what arrives through the signals. So the
window is a view, the sync is never started by a widget, and the same work can be
driven without one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal

from app import settings
from app.gui_collector import making_long_lived_data
from app.messages import MessageBridge, Place
from app.models.changes import ChangeTable, Column, change_table
from app.problems import os_reason
from app.review import report
from app.review.changes import Comparison
from app.review.data import SnapshotData
from app.review.report import Table
from app.review.snapshot_store import (
    CANCELLED,
    COMPLETE,
    PARTIAL,
    Snapshot,
    SnapshotStore,
)
from app.review.whose import offered
from app.signin.tenant_config import NotSetUp, admin_is_set_up, open_admin_session
from app.tasks import Outcome, Task, TaskRunner
from app.words import counted

if TYPE_CHECKING:  # requests: not loaded for a review read offline
    from app.signin.accounts import Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Listing:
    """The snapshots this review offers, and the one to show (None: there is none)."""

    snapshots: list[Snapshot]
    wanted: int | None


@dataclass(frozen=True)
class SyncEnd:
    """How a sync ended: its snapshot, as the store has it afterwards."""

    snapshot_id: int
    snapshot: Snapshot | None
    had_finished: bool  # a complete or partial snapshot was offered before it


def sync_finished_words(snapshot: Snapshot) -> str:
    """"Sync finished: 300 mailboxes read." ("…; partial: some could not be read, see
    above." when the snapshot is partial, its banner saying which)."""
    words = f"Sync finished: {counted(snapshot.mailboxes_stored, 'mailbox')} read"
    if snapshot.status == PARTIAL:
        return f"{words}; partial: some could not be read, see above."
    return f"{words}."


def cancelled_words(end: SyncEnd) -> str:
    snapshot = end.snapshot
    assert snapshot is not None
    return (f"Sync cancelled after {snapshot.mailboxes_stored:,} of "
            f"{counted(snapshot.mailboxes_planned, 'mailbox')}. That incomplete snapshot "
            "stays in the list, marked cancelled" + (
                "; the review shows the last finished one." if end.had_finished else "."))


class ReviewWork(QObject):
    """One review window's work.

    Signals:
        listed(Listing): the snapshot list was read.
        shown(SnapshotData): the chosen snapshot is read, its matrix and findings built.
        compared(older, newer, Comparison, ChangeTable): two snapshots were compared;
            the table is the changes' rows, sorted.
        failed(): a read failed (the window stops waiting for it).
        exported(path): a report, a table or the snapshot was written there.
        imported(snapshot_id): a snapshot file was imported.
        sync_started(), sync_progress(SyncProgress), sync_ended(SyncEnd | None).

    Attributes:
        store: the snapshot file, once open (None until the first read has opened it).
        messages: where its problems and notices go, for the review window.
        session: the identity syncs run as (None: offline).
    """

    listed = Signal(object)
    shown = Signal(object)
    compared = Signal(object, object, object, object)
    failed = Signal()
    exported = Signal(str)
    imported = Signal(int)
    sync_started = Signal()
    sync_progress = Signal(object)
    sync_ended = Signal(object)

    def __init__(self, store: SnapshotStore | Path, runner: TaskRunner, *,
                 session: Session | None = None, admin_settings: QSettings | None = None,
                 sign_in_http_client: Any = None, messages: MessageBridge | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.messages = messages if messages is not None else MessageBridge(self)
        self.store: SnapshotStore | None = store if isinstance(store, SnapshotStore) else None
        self._store_path = store if isinstance(store, Path) else None
        self.runner, self.session = runner, session
        self.admin_settings, self.sign_in_http_client = admin_settings, sign_in_http_client
        self.snapshots: list[Snapshot] = []
        self._read: dict[int, SnapshotData] = {}  # the shown and the compared, no more
        self._shown_id: int | None = None
        self._left_out_said: set[int] = set()  # snapshots the store left out, said already
        self._asked = 0  # the newest request for a snapshot; older answers are dropped
        self._sync_task: Task | None = None

    @property
    def syncing(self) -> bool:
        return self._sync_task is not None

    def _open_store(self) -> SnapshotStore:
        """On the worker: the snapshot file, opened (and checked) once."""
        if self.store is None:
            assert self._store_path is not None
            self.store = SnapshotStore(self._store_path)
            if self.store.notice:
                self.problem(self.store.notice)
        return self.store

    # ------------------------------------------------------------------ snapshots

    def reload(self, select: int | None = None) -> None:
        """Read the list of snapshots; ``select`` (default: the newest finished) is the
        one to show."""
        whose = self._whose()  # the settings are read here, on the GUI thread

        def work(_task: Task) -> list[Snapshot]:
            return offered(self._open_store().snapshots(), **whose)

        def done(outcome: Outcome) -> None:
            if not outcome.ok:
                self._fail(outcome.error, "read the snapshot list")
                return
            self.snapshots = outcome.value
            store = self.store
            assert store is not None
            # Imported by an older Deputy, which did not check: said once per window.
            unsaid = [s for i, s in store.left_out.items() if i not in self._left_out_said]
            if unsaid:
                self._left_out_said.update(store.left_out)
                self.problem(" ".join(unsaid))
            # ``select`` may not be offered here (another identity's): the newest instead.
            chosen = select if any(s.id == select for s in self.snapshots) else None
            wanted = chosen if chosen is not None else next(
                (s.id for s in self.snapshots if s.status in (COMPLETE, PARTIAL)),
                self.snapshots[0].id if self.snapshots else None)
            self.listed.emit(Listing(self.snapshots, wanted))

        self._run("Reading the snapshot list", work, done)

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

    def show(self, snapshot_id: int) -> None:
        """Read ``snapshot_id`` with its matrix and findings built, off the GUI thread."""
        self._asked += 1
        asked = self._asked
        snapshot = next(s for s in self.snapshots if s.id == snapshot_id)
        cached = self._read.get(snapshot_id)

        def work(_task: Task) -> SnapshotData:
            with making_long_lived_data():
                data = cached or SnapshotData.read(self._open_store(), snapshot, lazy=True)
                data.matrix  # noqa: B018 - built here, off the GUI thread
                data.findings  # noqa: B018
                data.unreadable  # noqa: B018 - a look at 100,000 mailboxes
                return data

        def done(outcome: Outcome) -> None:
            if asked != self._asked:
                return  # another snapshot was chosen meanwhile
            if not outcome.ok:
                self._fail(outcome.error, "read this snapshot")
                return
            self._read = {snapshot_id: outcome.value}  # one big snapshot in memory
            self._shown_id = snapshot_id
            self.shown.emit(outcome.value)

        self._run("Reading the snapshot", work, done)

    def compare(self, older_id: int, newer_id: int, still_wanted: Callable[[], bool],
                sorted_by: Column = Column.MAILBOX) -> None:
        """Compare two snapshots, the changes' rows sorted by ``sorted_by``;
        ``still_wanted()`` says, when the answer comes, whether the person still asks
        for this pair."""
        older, newer = (next(s for s in self.snapshots if s.id == i) for i in (older_id, newer_id))
        cached = dict(self._read)

        def work(_task: Task) -> tuple[list[SnapshotData], Comparison, ChangeTable]:
            with making_long_lived_data():
                store = self._open_store()
                read = [cached.get(s.id) or SnapshotData.read(store, s, lazy=True)
                        for s in (older, newer)]
                comparison = read[1].compare_with(read[0])
                # Both names in a Python loop: ``{**a, **b}`` of 100,000 names each is
                # 20 ms of C, the GUI thread waiting for the interpreter lock throughout.
                names = {mailbox: name for data in read for mailbox, name in data.names.items()}
                return read, comparison, change_table(comparison, names, sorted_by)

        def done(outcome: Outcome) -> None:
            if not still_wanted():
                return  # the person picked another pair meanwhile
            if not outcome.ok:
                self._fail(outcome.error, "compare the two snapshots")
                return
            read, comparison, table = outcome.value
            # Kept: the pair compared and the one shown, not every snapshot ever compared.
            shown = self._read.get(self._shown_id) if self._shown_id is not None else None
            self._read = {data.snapshot.id: data for data in (*read, shown) if data}
            self.compared.emit(read[0], read[1], comparison, table)

        self._run("Comparing snapshots", work, done)

    # ------------------------------------------------------------------ export, import

    def export_csv(self, path: Path, table: Table, data: SnapshotData,
                   older: SnapshotData | None) -> None:
        """One table, streamed from the snapshot file; the changes since ``older``."""
        self._write_file(path, lambda target: report.write_csv(
            target, table, self._open_store(), data.snapshot.id,
            older.snapshot.id if older is not None else None))

    def export_report(self, path: Path, data: SnapshotData,
                      older: SnapshotData | None) -> None:
        """The matrix, findings and the changes shown, in one page."""
        self._write_file(path, lambda target: report.write_html(target, data, older))

    def export_snapshot(self, path: Path, data: SnapshotData) -> None:
        """The whole snapshot in one file, to review on another computer (Import)."""
        self._write_file(path, lambda target: self._open_store().export_snapshot(
            data.snapshot.id, target))

    def _write_file(self, target: Path, write: Callable[[Path], object]) -> None:
        def done(outcome: Outcome) -> None:
            if outcome.ok:
                self.notice(f"Saved {target}.")
                self.exported.emit(str(target))
            else:
                log.warning("Export to %s failed: %s", target, outcome.error)
                self.problem(
                    f"Deputy could not write {target} ({os_reason(outcome.error)}). Choose "
                    "another folder and try again.")

        self._run(f"Writing {target.name}", lambda _task: write(target), done)

    def import_snapshot(self, source: Path) -> None:
        def done(outcome: Outcome) -> None:
            if outcome.ok:
                self.notice(f"Imported {source.name}.")
                self.imported.emit(outcome.value)
                self.reload(select=outcome.value)
            elif isinstance(outcome.error, ValueError):  # not a snapshot: its own words
                self.problem(str(outcome.error))
            else:
                log.warning("Import of %s failed: %s", source, outcome.error)
                self.problem(f"Deputy could not read {source} "
                             f"({os_reason(outcome.error)}).")

        self._run(f"Importing {source.name}",
                  lambda _task: self._open_store().import_snapshot(source), done)

    # ------------------------------------------------------------------ sync

    def sync(self) -> None:
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
            self.problem(str(exc))
            return
        self._start_sync(session, owned=True)

    def _start_sync(self, session: Session, *, owned: bool) -> None:
        """``owned``: a session opened for this sync, closed when it ends."""
        if self._sync_task is not None:
            if owned:
                session.close()
            return
        had_finished = any(s.status in (COMPLETE, PARTIAL) for s in self.snapshots)
        self.sync_started.emit()

        def work(task: Task) -> SyncEnd:
            # requests: not loaded for a review read offline
            from app.review.sync_process import sync_in_process

            try:
                store = self._open_store()
                snapshot_id = sync_in_process(session, store, cancel=task.cancel_requested,
                                              on_progress=task.note)
                return SyncEnd(snapshot_id, store.snapshot(snapshot_id), had_finished)
            finally:
                if owned:
                    session.close()

        self._sync_task = self._run("Syncing a snapshot", work, self._sync_done,
                                    on_note=self.sync_progress.emit)

    def cancel_sync(self) -> None:
        if self._sync_task is not None:
            self._sync_task.cancel()

    def _sync_done(self, outcome: Outcome) -> None:
        self._sync_task = None
        if not outcome.ok:
            self.sync_ended.emit(None)
            self._fail(outcome.error, "sync")
            return
        end: SyncEnd = outcome.value
        if end.snapshot is not None and end.snapshot.status == CANCELLED:
            self.problem(cancelled_words(end))
            self.reload()
        else:
            if end.snapshot is not None:
                self.notice(sync_finished_words(end.snapshot))
            self.reload(select=end.snapshot_id)
        self.sync_ended.emit(end)

    # ------------------------------------------------------------------ running work

    def problem(self, words: str) -> None:
        """Show a problem in the review window's message bar."""
        self.messages.problem(words, Place.REVIEW)

    def notice(self, words: str) -> None:
        """Say in the review window's status bar that something was done."""
        self.messages.notice(words, Place.REVIEW)

    def _run(self, description: str, work: Callable[[Task], Any],
             on_done: Callable[[Outcome], None], **options: Any) -> Task:
        """On the task runner; no call back once the window that owns this is gone."""
        return self.runner.run(description, work, on_done, owner=self, **options)

    def _fail(self, error: BaseException | None, what: str) -> None:
        self.messages.problem(error, Place.REVIEW, doing=what)
        self.failed.emit()

