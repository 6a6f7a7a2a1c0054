"""Snapshots of who can see whose calendar, kept in one SQLite file for offline review.

A snapshot is written as it is read: its row first (status "running"), then each
batch of mailboxes in its own transaction, then its final status ("complete", or
"partial" when some mailboxes could not be read, with why). A sync killed half-way
leaves earlier snapshots untouched and its own marked "running" for ever, which
readers show as interrupted: never silently incomplete.

How a reader tells a live sync from an interrupted one: while a sync writes snapshot
N, its process holds an OS file lock on ``<file>.sync-N.lock``. The system drops the
lock when the process ends, however it ends (SIGKILL, a crash, power loss), so a
"running" snapshot whose lock can be taken is interrupted. A recorded pid could not
say this safely (pids are reused, and mean nothing on another computer), and a
heartbeat would need a timer and a guess at how long is too long.

A snapshot travels as one file (``export_snapshot``, ``import_snapshot``): a small
SQLite database with the same tables, holding that snapshot alone, marked as a Deputy
snapshot with a format version, so an auditor can review it on another workstation.

The file is readable by the user only, holds no tokens or secrets, and a file that
SQLite can't read is moved aside (with a message) so Deputy still starts.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import filelock

from app import __version__
from app.graph.roles import DELEGATE_ROLES, ROLE_ORDER, role_rank
from app.private_files import replacing_path
from app.private_sqlite import close_private_sqlite, open_private_sqlite
from app.problems import Said
from app.review.limits import Unreadable
from app.review.snapshot_import import CHECK_SECONDS, damaged, opened_export
from app.review.snapshot_rows import (
    TABLES,
    BadValueError,
    bad_row_words,
    check_head,
    first_bad_row_query,
)
from app.review.snapshot_schema import (
    EXPORT_APPLICATION_ID,
    EXPORT_FORMAT,
    EXPORT_INFO,
    SCHEMA,
    SCHEMA_VERSION,
    SNAPSHOT_COLUMNS,
    TABLE_COLUMNS,
)

if TYPE_CHECKING:  # the sync's; a review reads snapshots without loading requests
    from app.graph.audit import MailboxSharing

log = logging.getLogger(__name__)

RUNNING, COMPLETE, PARTIAL, CANCELLED = "running", "complete", "partial", "cancelled"
INTERRUPTED = "interrupted"  # not a stored status: "running" with no sync behind it
# Under SQLite's oldest limit on a statement's parameters (999), the snapshot's id too.
MAILBOXES_PER_QUERY = 900


class UnreadableSnapshotError(ValueError, Said):
    """A stored snapshot holds a value Deputy doesn't write; ``str()``: the sentence."""


@dataclass(frozen=True)
class Snapshot:
    """One sync's record. ``status`` "running" after the sync is gone means interrupted.

    Attributes:
        identity: who took it, in words ("Adele Vance (AdeleV@contoso.com)").
        identity_key: who took it, for telling whose it is: the person's user principal
            name in lower case, or "app-only" for an administrators' app.
        unreadable: what the identity may not read, so the sync did not ask (not a
            failure: the snapshot is complete without it).
        imported_at: when it was imported from a snapshot file; None if synced here.
        live: for a "running" snapshot, True while a sync is still writing it.
    """

    id: int
    taken_at: str
    finished_at: str | None
    tenant: str
    identity: str
    scope: str
    mailboxes_planned: int
    status: str
    mailboxes_stored: int = 0
    imported_at: str | None = None
    live: bool = False
    identity_key: str = ""
    unreadable: tuple[Unreadable, ...] = ()

    @property
    def complete(self) -> bool:
        return self.status == COMPLETE

    @property
    def interrupted(self) -> bool:
        """Started, never finished, and no sync is writing it any more."""
        return self.status == RUNNING and not self.live

    @property
    def imported(self) -> bool:
        return self.imported_at is not None

    @property
    def state_words(self) -> str:
        """How the sync ended, in a word: "complete", "partial" (some mailboxes could not
        be read), "cancelled", "running" (a sync is writing it now) or "interrupted"."""
        return INTERRUPTED if self.interrupted else self.status


class PermissionRow(NamedTuple):
    """One person's access to one calendar, as a snapshot holds it.

    A tuple, not a dataclass: a 100,000-mailbox snapshot holds some 700,000 of them,
    and a tuple is made three times faster and takes half the memory."""

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


# What ``SnapshotStore.grants`` gives for each permission: mailbox, calendar's name, main
# calendar (0 or 1), person's name, person's address, role, inside (0 or 1), removable.
GrantValues = tuple[str, str, int, str, str | None, str, int, int]


# A PermissionRow's fields in order, from ``permissions p JOIN calendars c`` (as
# ``SnapshotStore.permissions`` reads them; the reports stream them, ``report_rows``).
PERMISSION_COLUMNS = ("p.mailbox, p.calendar_id, c.name, c.is_default, p.permission_id, "
                      "p.person_name, p.person_address, p.role, p.inside, p.removable")


def permission_row(values: Sequence[Any]) -> PermissionRow:
    """A row from the values of ``PERMISSION_COLUMNS``."""
    (mailbox, calendar_id, calendar_name, is_default, permission_id, person_name,
     person_address, role, inside, removable) = values
    return PermissionRow(mailbox, calendar_id, calendar_name, bool(is_default), permission_id,
                         person_name, person_address, role, bool(inside), bool(removable))


def identity_key_of(identity: str) -> str:
    """The key of an identity as older snapshots wrote it only in words: the address in
    "Adele Vance (AdeleV@contoso.com)", else an administrators' app."""
    inside = identity.rpartition("(")[2].rstrip(")").strip()
    return inside.casefold() if "@" in inside else "app-only"


def _unreadable_of(text: str) -> tuple[Unreadable, ...]:
    try:
        items = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(Unreadable.from_json(i) for i in items if isinstance(i, dict))


def _utc_now() -> datetime:
    return datetime.now(UTC)


# The sync locks this process holds, by lock file: a second SnapshotStore on the same
# file in this process (a reader beside the sync) must see the sync as live, and an
# OS lock taken twice by one process would not tell it.
_held: dict[str, filelock.BaseFileLock] = {}
_held_guard = threading.Lock()


def _sync_lock_path(store_path: Path, snapshot_id: int) -> Path:
    return store_path.with_name(f"{store_path.name}.sync-{snapshot_id}.lock")


def _take_sync_lock(store_path: Path, snapshot_id: int) -> None:
    path = _sync_lock_path(store_path, snapshot_id)
    with _held_guard:
        # Held already: by a sync of a file since set aside as broken (ids start again).
        stale = _held.pop(str(path), None)
    if stale is not None:
        stale.release()
    lock = filelock.FileLock(path, mode=0o600)
    lock.acquire(timeout=5)
    with _held_guard:
        _held[str(path)] = lock


def _drop_sync_lock(store_path: Path, snapshot_id: int) -> None:
    path = _sync_lock_path(store_path, snapshot_id)
    with _held_guard:
        lock = _held.pop(str(path), None)
    if lock is not None:
        with contextlib.suppress(OSError):
            path.unlink()  # while still held: nobody takes a lock on a dying file
        lock.release()


def _sync_is_live(store_path: Path, snapshot_id: int) -> bool:
    """True while some process (this one included) holds the snapshot's sync lock."""
    path = _sync_lock_path(store_path, snapshot_id)
    with _held_guard:
        if str(path) in _held:
            return True
    if not path.exists():
        return False  # finished cleanly, or a sync older than the locks
    probe = filelock.FileLock(path, mode=0o600)
    try:
        probe.acquire(timeout=0)
    except filelock.Timeout:
        return True
    except OSError:
        return False  # can't even open it: nobody can be writing through it
    with contextlib.suppress(OSError):
        path.unlink()  # the sync died: tidy its lock away
    probe.release()
    return False


class SnapshotStore:
    """The snapshot file. ``notice`` says what was done at opening (a file set aside).

    Attributes:
        path: the SQLite file.
        notice: "" or a sentence for the user about a broken file moved aside.
        left_out: by id, a sentence for each snapshot ``snapshots`` leaves out.
    """

    def __init__(self, path: Path, *, clock: Callable[[], datetime] = _utc_now) -> None:
        """``clock``: when snapshots are taken; a test of "since last month" takes one a
        month ago."""
        self.path = path
        self._clock = clock
        self.left_out: dict[int, str] = {}
        self._rows_checked: set[int] = set()  # by ``check_rows``, and found right
        self._db, self.notice = open_private_sqlite(
            path, SCHEMA, SCHEMA_VERSION, what="The snapshot file",
            advice="Sync again to review permissions offline.", upgrade=self._upgrade)

    @staticmethod
    def _upgrade(db: sqlite3.Connection, found: int) -> None:
        """A file of an older Deputy: add what ``CREATE TABLE IF NOT EXISTS`` can't."""
        if found < 2:
            db.execute("ALTER TABLE mailboxes ADD COLUMN name TEXT")
        present = {row[1] for row in db.execute("PRAGMA table_info(snapshots)")}
        if found < 3 and "identity_key" not in present:  # else made new by the schema
            db.execute("ALTER TABLE snapshots ADD COLUMN identity_key TEXT NOT NULL "
                       "DEFAULT ''")
            db.execute("ALTER TABLE snapshots ADD COLUMN unreadable TEXT NOT NULL "
                       "DEFAULT '[]'")
            for snapshot_id, identity in db.execute(
                    "SELECT id, identity FROM snapshots").fetchall():
                db.execute("UPDATE snapshots SET identity_key = ? WHERE id = ?",
                           (identity_key_of(identity), snapshot_id))

    def close(self) -> None:
        close_private_sqlite(self._db, self.path)

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="seconds")

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

    def begin(self, *, tenant: str, identity: str, scope: str, planned: int,
              identity_key: str = "", unreadable: Sequence[Unreadable] = ()) -> int:
        """A new "running" snapshot; this process holds its sync lock until ``finish``.

        ``identity_key``: whose snapshot it is (default: worked out from ``identity``);
        ``unreadable``: what the identity may not read, so the sync does not ask."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO snapshots (taken_at, tenant, identity, scope, mailboxes_planned,"
                " status, identity_key, unreadable) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self._now(), tenant, identity, scope, planned, RUNNING,
                 identity_key or identity_key_of(identity),
                 json.dumps([u.to_json() for u in unreadable])))
            snapshot_id = int(cursor.lastrowid or 0)
            # Before the commit: no reader ever sees this row without its sync's lock.
            _take_sync_lock(self.path, snapshot_id)
        return snapshot_id

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
                       (status, self._now(), snapshot_id))
        _drop_sync_lock(self.path, snapshot_id)

    def abandon(self, snapshot_id: int) -> None:
        """The sync stopped on an error: its snapshot stays "running" with no sync behind
        it, which readers show as interrupted, with the groups already stored."""
        _drop_sync_lock(self.path, snapshot_id)

    # ------------------------------------------------------------------ reading

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, newest first (by when it was taken: an imported one takes its
        place in time), with how many mailboxes it holds.

        A snapshot whose own row holds a value Deputy doesn't write (an older Deputy
        imported files without looking) is left out, and said in ``left_out``."""
        columns = ", ".join(f"s.{c}" for c in ("id", *SNAPSHOT_COLUMNS))
        rows = self._db.execute(
            f"SELECT {columns}, (SELECT COUNT(*) FROM mailboxes m WHERE m.snapshot_id = s.id),"
            " i.imported_at FROM snapshots s LEFT JOIN imports i ON i.snapshot_id = s.id"
            " ORDER BY s.taken_at DESC, s.id DESC").fetchall()
        return [self._snapshot_of(row) for row in rows
                if self._readable_head(row[0], row[1:10])]

    def _snapshot_of(self, row: Sequence[Any]) -> Snapshot:
        """A snapshot from its row as ``snapshots()`` selects it, once its values are
        checked: the id, ``SNAPSHOT_COLUMNS`` in order, the mailboxes stored, when it
        was imported."""
        (snapshot_id, taken_at, finished_at, tenant, identity, scope, planned, status,
         identity_key, unreadable, stored, imported_at) = row
        return Snapshot(snapshot_id, taken_at, finished_at, tenant, identity, scope, planned,
                        status, mailboxes_stored=stored, imported_at=imported_at,
                        live=status == RUNNING and _sync_is_live(self.path, snapshot_id),
                        identity_key=identity_key or identity_key_of(identity),
                        unreadable=_unreadable_of(unreadable))

    def _readable_head(self, snapshot_id: int, values: Sequence[object]) -> bool:
        try:
            check_head(values)
        except BadValueError as exc:
            if snapshot_id not in self.left_out:
                log.info("Snapshot %s left out: %s", snapshot_id, exc)
                self.left_out[snapshot_id] = (
                    f"Snapshot {snapshot_id} is left out because {exc}; import it again "
                    "from a new export.")
            return False
        return True

    def check_rows(self, snapshot_id: int) -> None:
        """Raises UnreadableSnapshotError if a row of the snapshot holds a value Deputy doesn't
        write: readers count on every value being what Deputy writes
        (``app.review.snapshot_rows``), and an older Deputy imported files without looking.

        Only imported snapshots are checked (a sync writes what Deputy's typed Graph
        resources hold), once per store: on 100,000 mailboxes the check takes 2 s."""
        if snapshot_id in self._rows_checked:
            return
        imported = self._db.execute("SELECT 1 FROM imports WHERE snapshot_id = ?",
                                    (snapshot_id,)).fetchone()
        for table in TABLES if imported else ():
            found = self._db.execute(first_bad_row_query(table), (snapshot_id,)).fetchone()
            if found is not None:
                words = bad_row_words(table, found)
                log.info("Snapshot %s can't be shown: %s", snapshot_id, words)
                raise UnreadableSnapshotError(
                    f"Snapshot {snapshot_id} can't be shown because {words}; import it "
                    "again from a new export.")
        self._rows_checked.add(snapshot_id)

    def latest(self, *, complete_only: bool = False) -> Snapshot | None:
        return next((s for s in self.snapshots() if s.complete or not complete_only), None)

    def permissions(self, snapshot_id: int) -> list[PermissionRow]:
        """Every permission of the snapshot, by mailbox, calendar and person's name."""
        return self._rows(" ORDER BY p.mailbox, c.name, p.person_name", (snapshot_id,))

    def _rows(self, rest: str, parameters: Sequence[object]) -> list[PermissionRow]:
        """Permissions, ``rest`` the SQL after "WHERE p.snapshot_id = ?".

        Equal values are one string (a mailbox's address in each of its rows, the
        names of calendars and roles in every row): the 700,000 rows of a
        100,000-mailbox snapshot take a third of the memory they would otherwise."""
        cursor = self._db.execute(
            "SELECT p.mailbox, p.calendar_id, c.name, c.is_default, p.permission_id, "
            "p.person_name, p.person_address, p.role, p.inside, p.removable "
            "FROM permissions p JOIN calendars c USING (snapshot_id, mailbox, calendar_id) "
            "WHERE p.snapshot_id = ?" + rest, parameters)
        seen: dict[Any, Any] = {}
        one = seen.setdefault
        make = PermissionRow
        return [make(one(m, m), one(cid, cid), one(name, name), d == 1, pid,
                     one(person, person), one(address, address), one(role, role), i == 1,
                     r == 1)
                for m, cid, name, d, pid, person, address, role, i, r in cursor]

    def permissions_of(self, snapshot_id: int, mailboxes: Iterable[str]) -> list[PermissionRow]:
        """The permissions of ``mailboxes`` alone (found through the table's key), by
        mailbox, calendar and person's name: cells picked in the matrix read these few,
        not the 700,000 of a 100,000-mailbox snapshot."""
        wanted = sorted(set(mailboxes))
        rows: list[PermissionRow] = []
        for start in range(0, len(wanted), MAILBOXES_PER_QUERY):
            some = wanted[start:start + MAILBOXES_PER_QUERY]
            rows += self._rows(f" AND p.mailbox IN ({', '.join('?' * len(some))})"
                               " ORDER BY p.mailbox, c.name, p.person_name",
                               (snapshot_id, *some))
        return rows

    def grants(self, snapshot_id: int) -> Iterator[GrantValues]:
        """Each permission's values the matrix needs, as stored, one at a time: for
        ``Matrix.from_values``, which holds them as numbers."""
        return self._db.execute(
            "SELECT p.mailbox, c.name, c.is_default, p.person_name, p.person_address, "
            "p.role, p.inside, p.removable FROM permissions p "
            "JOIN calendars c USING (snapshot_id, mailbox, calendar_id) "
            "WHERE p.snapshot_id = ?", (snapshot_id,))

    def flaggable(self, snapshot_id: int) -> list[PermissionRow]:
        """The permissions a finding's rule could flag (``app.review.findings``): all
        but "My Organization"'s and other people's up to free/busy, and the view and edit
        roles of people inside. A 100,000-mailbox snapshot's 700,000 permissions are
        left to SQLite; some 130,000 come back."""
        quiet = [r for r in ROLE_ORDER if r not in DELEGATE_ROLES]
        least = [r for r in quiet if role_rank(r) <= role_rank("freeBusyRead")]
        return self._rows(
            " AND NOT (p.role IN ({}) AND (p.person_address IS NOT NULL AND "
            "p.person_address != '' OR p.removable = 0))".format(", ".join("?" * len(least)))
            + " AND NOT (p.role IN ({}) AND p.inside = 1 AND p.person_address IS NOT NULL "
            "AND p.person_address != '') ORDER BY p.mailbox, c.name, p.person_name"
            .format(", ".join("?" * len(quiet))), (snapshot_id, *least, *quiet))

    def unmatched(self, snapshot_id: int, other_id: int) -> list[PermissionRow]:
        """The permissions of ``snapshot_id`` that ``other_id`` does not hold as they are
        (same mailbox, calendar, permission, person and role): what a comparison must
        look at. Between two syncs of a tenant almost every permission is the same; the
        700,000 of a 100,000-mailbox snapshot are matched by SQLite through the table's
        key, and the few others come back as rows."""
        return self._rows(
            " AND NOT EXISTS (SELECT 1 FROM permissions o WHERE o.snapshot_id = ? "
            "AND o.mailbox = p.mailbox AND o.calendar_id = p.calendar_id "
            "AND o.permission_id = p.permission_id AND o.role = p.role "
            "AND o.person_name = p.person_name AND o.person_address IS p.person_address "
            "AND o.inside = p.inside AND o.removable = p.removable)",
            (snapshot_id, other_id))

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

    # ------------------------------------------------------------------ one snapshot, one file

    def export_snapshot(self, snapshot_id: int, path: Path) -> None:
        """Write snapshot ``snapshot_id`` alone to ``path``: replaced atomically, user-only.

        Raises ValueError for an unknown snapshot or one a sync is still writing, and
        OSError when the file can't be written.
        """
        snapshot = self.snapshot(snapshot_id)
        if snapshot is None:
            raise ValueError(f"There is no snapshot {snapshot_id}.")
        if snapshot.live:
            raise ValueError(f"Snapshot {snapshot_id} is still being synced; export it once "
                             "the sync has finished.")
        path = Path(path)
        head = self._db.execute(f"SELECT {', '.join(SNAPSHOT_COLUMNS)} FROM snapshots "
                                "WHERE id = ?", (snapshot_id,)).fetchone()
        rows = {table: self._db.execute(f"SELECT {', '.join(columns)} FROM {table} "
                                        "WHERE snapshot_id = ?", (snapshot_id,)).fetchall()
                for table, columns in TABLE_COLUMNS.items()}
        with replacing_path(path) as temporary:
            out = sqlite3.connect(temporary, isolation_level=None)
            try:
                out.execute(f"PRAGMA application_id = {EXPORT_APPLICATION_ID}")
                out.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                out.executescript(SCHEMA + EXPORT_INFO)
                out.execute("BEGIN")
                out.executemany("INSERT INTO export_info VALUES (?, ?)", [
                    ("format", str(EXPORT_FORMAT)), ("exported_at", self._now()),
                    ("deputy", __version__)])
                out.execute(f"INSERT INTO snapshots (id, {', '.join(SNAPSHOT_COLUMNS)}) "
                            f"VALUES (1, {', '.join('?' * len(SNAPSHOT_COLUMNS))})", head)
                for table, columns in TABLE_COLUMNS.items():
                    out.executemany(f"INSERT INTO {table} (snapshot_id, {', '.join(columns)}) "
                                    f"VALUES (1, {', '.join('?' * len(columns))})", rows[table])
                out.execute("COMMIT")
            finally:
                out.close()
        log.info("Exported snapshot %s to %s", snapshot_id, path)

    def import_snapshot(self, path: Path, *, seconds: float = CHECK_SECONDS) -> int:
        """Add the snapshot in a file ``export_snapshot`` wrote; the new snapshot's id.

        It keeps its time, tenant, identity, scope and status, and is marked imported
        (``Snapshot.imported_at``). Raises ValueError, with a sentence for the user, for
        a file that is not a Deputy snapshot, comes from a newer Deputy, is damaged, was
        changed, or takes longer than ``seconds`` to check and read
        (``app.review.snapshot_import``); then nothing is imported. The file is never written.
        """
        path = Path(path)
        with opened_export(path, self.path.parent, seconds=seconds) as export:
            try:
                # One transaction: a refusal half-way (a value SQLite can't read, the
                # time up) rolls back every row already copied.
                with self._transaction() as db:
                    cursor = db.execute(
                        f"INSERT INTO snapshots ({', '.join(SNAPSHOT_COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(SNAPSHOT_COLUMNS))})", export.head)
                    snapshot_id = int(cursor.lastrowid or 0)
                    db.execute("INSERT INTO imports VALUES (?, ?, ?)",
                               (snapshot_id, self._now(), path.name))
                    for table, columns in TABLE_COLUMNS.items():
                        db.executemany(
                            f"INSERT INTO {table} (snapshot_id, {', '.join(columns)}) "
                            f"VALUES ({snapshot_id}, {', '.join('?' * len(columns))})",
                            export.rows(table))
            except sqlite3.IntegrityError as exc:  # a row twice: not from an export
                raise damaged(path, exc) from exc
        log.info("Imported snapshot %s from %s", snapshot_id, path)
        return snapshot_id
