"""One snapshot read whole from the store, ready for the matrix, findings and reports."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from app.review.changes import Comparison, compare
from app.review.findings import Finding, find
from app.review.matrix import Matrix
from app.review.snapshot_store import PermissionRow, Snapshot, SnapshotStore


@dataclass
class SnapshotData:
    """A snapshot's rows. Built off the GUI thread; the matrix and findings on first use.

    Attributes:
        mailboxes: every mailbox held, with what could not be read in it.
        delivery: each mailbox's delegate meeting-message delivery option.
        names: the mailboxes' display names, where the sync knew them.
    """

    snapshot: Snapshot
    rows: list[PermissionRow]
    mailboxes: dict[str, list[str]]
    delivery: dict[str, str | None]
    names: dict[str, str]

    @classmethod
    def read(cls, store: SnapshotStore, snapshot: Snapshot) -> SnapshotData:
        """Raises UnreadableSnapshotError, with the sentence, for a snapshot holding a
        value Deputy doesn't write."""
        store.check_rows(snapshot.id)
        return cls(snapshot, store.permissions(snapshot.id), store.mailboxes(snapshot.id),
                   store.delivery_options(snapshot.id), store.mailbox_names(snapshot.id))

    @cached_property
    def matrix(self) -> Matrix:
        return Matrix.build(self.rows, list(self.mailboxes), self.names)

    @cached_property
    def findings(self) -> list[Finding]:
        return find(self.rows, self.delivery)

    @property
    def unreadable(self) -> dict[str, list[str]]:
        return {m: problems for m, problems in self.mailboxes.items() if problems}

    def compare_with(self, older: SnapshotData) -> Comparison:
        """What changed from ``older`` to this snapshot."""
        return compare(older.rows, self.rows, old_mailboxes=older.mailboxes,
                       new_mailboxes=self.mailboxes, old_delivery=older.delivery,
                       new_delivery=self.delivery)
