"""Snapshots of who can see whose calendar, kept in one SQLite file for offline review.

A snapshot is written as it is read: its row first (status "running"), then each
batch of mailboxes in its own transaction, then its final status ("complete", or
"partial" when some mailboxes could not be read, with why). A sync killed half-way
leaves earlier snapshots untouched and its own marked "running" for ever, which
readers show as interrupted: never silently incomplete.

The file is readable by the user only, holds no tokens or secrets, and a file that
SQLite can't read is moved aside (with a message) so Deputy still starts.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.graph.audit import MailboxSharing
from app.private_sqlite import open_private_sqlite

log = logging.getLogger(__name__)

RUNNING, COMPLETE, PARTIAL, CANCELLED = "running", "complete", "partial", "cancelled"
SCHEMA_VERSION = 2  # 2: mailboxes.name
_SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY,
    taken_at TEXT NOT NULL,
    finished_at TEXT,
    tenant TEXT NOT NULL,
    identity TEXT NOT NULL,
    scope TEXT NOT NULL,
    mailboxes_planned INTEGER NOT NULL,
    status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mailboxes (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    delivery_option TEXT,
    problems TEXT NOT NULL DEFAULT '[]',
    name TEXT,
    PRIMARY KEY (snapshot_id, address)
);
CREATE TABLE IF NOT EXISTS calendars (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    mailbox TEXT NOT NULL,
    calendar_id TEXT NOT NULL,
    name TEXT NOT NULL,
    is_default INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, mailbox, calendar_id)
);
CREATE TABLE IF NOT EXISTS permissions (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    mailbox TEXT NOT NULL,
    calendar_id TEXT NOT NULL,
    permission_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    person_address TEXT,
    role TEXT NOT NULL,
    allowed_roles TEXT NOT NULL,
    inside INTEGER NOT NULL,
    removable INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, mailbox, calendar_id, permission_id)
);
"""


@dataclass(frozen=True)
class Snapshot:
    """One sync's record. ``status`` "running" after the sync is gone means interrupted."""

    id: int
    taken_at: str
    finished_at: str | None
    tenant: str
    identity: str
    scope: str
    mailboxes_planned: int
    status: str
    mailboxes_stored: int = 0

    @property
    def complete(self) -> bool:
        return self.status == COMPLETE


@dataclass(frozen=True)
class PermissionRow:
    """One person's access to one calendar, as a snapshot holds it."""

    mailbox: str
    calendar_id: str
    calendar_name: str
    is_default: bool
    permission_id: str
    person_name: str
    person_address: str | None
    role: str
    inside: bool
    removable: bool


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SnapshotStore:
    """The snapshot file. ``notice`` says what was done at opening (a file set aside).

    Attributes:
        path: the SQLite file.
        notice: "" or a sentence for the user about a broken file moved aside.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db, self.notice = open_private_sqlite(
            path, _SCHEMA, SCHEMA_VERSION, what="The snapshot file",
            advice="Sync again to review permissions offline.", upgrade=self._upgrade)

    @staticmethod
    def _upgrade(db: sqlite3.Connection, found: int) -> None:
        """A file of an older Deputy: add what ``CREATE TABLE IF NOT EXISTS`` can't."""
        if found < 2:
            db.execute("ALTER TABLE mailboxes ADD COLUMN name TEXT")

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # ------------------------------------------------------------------ writing

    def begin(self, *, tenant: str, identity: str, scope: str, planned: int) -> int:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO snapshots (taken_at, tenant, identity, scope, mailboxes_planned,"
                " status) VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), tenant, identity, scope, planned, RUNNING))
            return int(cursor.lastrowid or 0)

    def add(self, snapshot_id: int, read: Sequence[MailboxSharing],
            names: Mapping[str, str] | None = None) -> None:
        """Store a batch of mailboxes, all or none of them; ``names``: display names."""
        names = names or {}
        with self._transaction() as db:
            for sharing in read:
                db.execute("INSERT OR REPLACE INTO mailboxes VALUES (?, ?, ?, ?, ?)",
                           (snapshot_id, sharing.mailbox, sharing.delivery_option,
                            json.dumps(sharing.problems), names.get(sharing.mailbox)))
                for calendar in sharing.calendars:
                    db.execute("INSERT OR REPLACE INTO calendars VALUES (?, ?, ?, ?, ?)",
                               (snapshot_id, sharing.mailbox, calendar.id, calendar.name,
                                int(bool(calendar.is_default_calendar))))
                    for permission in sharing.permissions.get(calendar.id, []):
                        email = permission.email_address
                        db.execute(
                            "INSERT OR REPLACE INTO permissions VALUES "
                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (snapshot_id, sharing.mailbox, calendar.id, permission.id,
                             email.name or email.address or "", email.address,
                             permission.role, json.dumps(permission.allowed_roles),
                             int(permission.is_inside_organization),
                             int(permission.is_removable)))

    def finish(self, snapshot_id: int, status: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE snapshots SET status = ?, finished_at = ? WHERE id = ?",
                       (status, _now(), snapshot_id))

    # ------------------------------------------------------------------ reading

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, newest first, with how many mailboxes it holds."""
        rows = self._db.execute(
            "SELECT s.*, (SELECT COUNT(*) FROM mailboxes m WHERE m.snapshot_id = s.id) "
            "FROM snapshots s ORDER BY s.id DESC").fetchall()
        return [Snapshot(*row) for row in rows]

    def latest(self, *, complete_only: bool = False) -> Snapshot | None:
        return next((s for s in self.snapshots() if s.complete or not complete_only), None)

    def permissions(self, snapshot_id: int) -> list[PermissionRow]:
        rows = self._db.execute(
            "SELECT p.mailbox, p.calendar_id, c.name, c.is_default, p.permission_id, "
            "p.person_name, p.person_address, p.role, p.inside, p.removable "
            "FROM permissions p JOIN calendars c USING (snapshot_id, mailbox, calendar_id) "
            "WHERE p.snapshot_id = ? ORDER BY p.mailbox, c.name, p.person_name",
            (snapshot_id,)).fetchall()
        return [PermissionRow(m, cid, name, bool(d), pid, person, address, role, bool(i),
                              bool(r)) for m, cid, name, d, pid, person, address, role, i, r
                in rows]

    def problems(self, snapshot_id: int) -> dict[str, list[str]]:
        """What could not be read, by mailbox (only mailboxes with problems)."""
        return {address: problems
                for address, problems in self.mailboxes(snapshot_id).items() if problems}

    def mailboxes(self, snapshot_id: int) -> dict[str, list[str]]:
        """Every mailbox the snapshot holds, with what could not be read in it."""
        rows = self._db.execute(
            "SELECT address, problems FROM mailboxes WHERE snapshot_id = ? "
            "ORDER BY address COLLATE NOCASE", (snapshot_id,)).fetchall()
        return {address: json.loads(text) for address, text in rows}

    def mailbox_names(self, snapshot_id: int) -> dict[str, str]:
        """Display names of the mailboxes, where the sync knew them."""
        rows = self._db.execute("SELECT address, name FROM mailboxes WHERE snapshot_id = ? "
                                "AND name IS NOT NULL", (snapshot_id,)).fetchall()
        return dict(rows)

    def snapshot(self, snapshot_id: int) -> Snapshot | None:
        return next((s for s in self.snapshots() if s.id == snapshot_id), None)

    def delivery_options(self, snapshot_id: int) -> dict[str, str | None]:
        rows = self._db.execute(
            "SELECT address, delivery_option FROM mailboxes WHERE snapshot_id = ?",
            (snapshot_id,)).fetchall()
        return dict(rows)
