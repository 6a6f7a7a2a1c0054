"""One snapshot, ready for the matrix, findings and reports.

Read lazily from the store (the review's window), a snapshot's permissions are not held
as rows: the matrix is built from their values straight from SQLite into compact cells
(``Matrix.from_values``), the findings from the rows a rule could flag, which SQLite
picks (``SnapshotStore.flaggable``). The rows themselves, 700,000 of them in a
100,000-mailbox snapshot, are read only when a reader asks for them (a report, a
comparison), and kept then.

A finished snapshot's matrix, findings and mailboxes, once worked out, are kept in its
file (``app.review.snapshot_index``): the review reads them back from there the next
time instead of building them again (13 s on 100,000 mailboxes, then some 0.3 s).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cached_property

from app.review import snapshot_index
from app.review.changes import Comparison, compare
from app.review.findings import Finding, find
from app.review.matrix import Matrix
from app.review.snapshot_store import (
    RUNNING,
    PermissionRow,
    Snapshot,
    SnapshotStore,
    UnreadableSnapshotError,
)

log = logging.getLogger(__name__)


class SnapshotData:
    """A snapshot's data. Built off the GUI thread; the matrix and findings on first use.

    Attributes:
        snapshot: the store's record of it.
        mailboxes: every mailbox held, with what could not be read in it.
        delivery: each mailbox's delegate meeting-message delivery option.
        names: the mailboxes' display names, where the sync knew them.
    """

    def __init__(self, snapshot: Snapshot, rows: Sequence[PermissionRow] | None,
                 mailboxes: dict[str, list[str]], delivery: dict[str, str | None],
                 names: dict[str, str], *, store: SnapshotStore | None = None) -> None:
        """``rows``: every permission; None to read them from ``store`` when asked."""
        if rows is None and store is None:
            raise ValueError("a snapshot's rows, or the store to read them from")
        self.snapshot, self.mailboxes, self.delivery, self.names = (snapshot, mailboxes,
                                                                    delivery, names)
        self._rows = None if rows is None else list(rows)
        self._store = store
        self._kept: snapshot_index.Kept | None = None  # read from the file's index

    @classmethod
    def read(cls, store: SnapshotStore, snapshot: Snapshot, *,
             lazy: bool = False) -> SnapshotData:
        """``lazy``: the rows are read when asked for, so ``store`` must stay open while
        this is used (the review's window); otherwise they are read now. Read lazily, a
        finished snapshot's matrix and findings come from its file's index, which is
        made and kept the first time (``keep``).

        Raises UnreadableSnapshotError, with the sentence, for a snapshot holding a
        value Deputy doesn't write."""
        store.check_rows(snapshot.id)
        if lazy:
            kept = snapshot_index.read(store.path, snapshot.id)
            if kept is not None:
                data = cls(snapshot, None, kept.mailboxes, kept.delivery, kept.names,
                           store=store)
                data._kept = kept
                return data
        data = cls(snapshot, None if lazy else store.permissions(snapshot.id),
                   store.mailboxes(snapshot.id), store.delivery_options(snapshot.id),
                   store.mailbox_names(snapshot.id), store=store if lazy else None)
        if lazy and snapshot.status != RUNNING:
            data.keep(store)
        return data

    def keep(self, store: SnapshotStore) -> None:
        """Work out the matrix and findings now and keep them in ``store``'s file, for
        the next reader (``app.review.snapshot_index``). A finished snapshot only."""
        snapshot_index.write(store.path, self.snapshot.id, mailboxes=self.mailboxes,
                             delivery=self.delivery, names=self.names, matrix=self.matrix,
                             findings=self.findings)

    @property
    def rows(self) -> list[PermissionRow]:
        """Every permission, by mailbox, calendar and person's name (read on first use)."""
        if self._rows is None:
            assert self._store is not None
            self._rows = self._store.permissions(self.snapshot.id)
        return self._rows

    @cached_property
    def matrix(self) -> Matrix:
        if self._kept is not None:
            return self._kept.matrix()
        if self._rows is None:
            assert self._store is not None
            return Matrix.from_values(self._store.grants(self.snapshot.id),
                                      list(self.mailboxes), self.names)
        return Matrix.build(self._rows, list(self.mailboxes), self.names)

    @cached_property
    def findings(self) -> Sequence[Finding]:
        if self._kept is not None:
            return self._kept.findings()
        if self._rows is None:
            assert self._store is not None
            return find(self._store.flaggable(self.snapshot.id), self.delivery)
        return find(self._rows, self.delivery)

    @cached_property
    def unreadable(self) -> dict[str, list[str]]:
        """The mailboxes not read completely, with why (worked out by the worker that
        reads the snapshot: 100,000 mailboxes looked at took the window 10-20 ms)."""
        return {m: problems for m, problems in self.mailboxes.items() if problems}

    def compare_with(self, older: SnapshotData) -> Comparison:
        """What changed from ``older`` to this snapshot.

        Two snapshots of one store, their rows unread, are compared on the rows that
        are not the same in both: a permission the same in both is no change, whichever
        way it is matched. Those rows are found from the digests kept in the file
        (``snapshot_index.unmatched``), else by SQLite (``SnapshotStore.unmatched``)."""
        store = self._store
        if store is not None and older._store is store and self._rows is None \
                and older._rows is None:
            digested = None
            if self._kept is not None and older._kept is not None:
                digested = snapshot_index.unmatched(store.path, older._kept, self._kept,
                                                    older.snapshot.id, self.snapshot.id)
            old, new = digested or (store.unmatched(older.snapshot.id, self.snapshot.id),
                                    store.unmatched(self.snapshot.id, older.snapshot.id))
        else:
            old, new = older.rows, self.rows
        return compare(old, new, old_mailboxes=older.mailboxes, new_mailboxes=self.mailboxes,
                       old_delivery=older.delivery, new_delivery=self.delivery)


def keep_review(store: SnapshotStore, snapshot_id: int) -> None:
    """Work out a snapshot just synced or imported for review and keep it in the file
    (``SnapshotData.keep``), so that the review's first opening reads it back: 20 s at
    the end of a 100,000-mailbox sync of minutes, not at the review's opening. A
    snapshot that can't be shown is left for the review to say so."""
    snapshot = store.snapshot(snapshot_id)
    if snapshot is None or snapshot.status == RUNNING:
        return
    try:
        SnapshotData.read(store, snapshot, lazy=True)
    except UnreadableSnapshotError as exc:
        log.info("Snapshot %s not kept for review: %s", snapshot_id, exc)
