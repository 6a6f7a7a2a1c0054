"""The change journal: every change Deputy makes, kept on this computer.

An auditor asks who changed what, when, for whom, and how Microsoft can trace it. So
each change is recorded once it has run, done or failed, with the signed-in identity,
whose mailbox or calendar it touched, what it was before and after (in the words
Deputy shows, not Graph's), and Graph's ``request-id``, which Microsoft support can
look up. The file is the user's only (``private_sqlite``) and holds names, addresses,
calendar names and meeting subjects: never tokens or other secrets.

Changes are recorded from the task runner's worker threads and read from others, so
every use of the one connection holds a lock.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from app import paths
from app.addresses import name_and_address
from app.csv_export import write_rows
from app.private_sqlite import StoreBusy, open_private_sqlite

SCHEMA_VERSION = 3  # 2: runs of many changes (fixes) and their items; 3: their expiries
_SCHEMA = """
CREATE TABLE IF NOT EXISTS changes (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    identity TEXT NOT NULL,
    on_behalf TEXT NOT NULL,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    before_words TEXT NOT NULL,
    after_words TEXT NOT NULL,
    request_id TEXT NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_time ON changes (time);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    identity TEXT NOT NULL,
    what TEXT NOT NULL,
    status TEXT NOT NULL,
    undoes INTEGER REFERENCES runs (id)
);
CREATE TABLE IF NOT EXISTS run_items (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL REFERENCES runs (id),
    detail TEXT NOT NULL,
    outcome TEXT NOT NULL,
    change_id INTEGER REFERENCES changes (id)
);
CREATE INDEX IF NOT EXISTS run_items_by_run ON run_items (run);
CREATE TABLE IF NOT EXISTS expiries (
    run INTEGER PRIMARY KEY REFERENCES runs (id),
    until TEXT NOT NULL,
    done TEXT,
    reverted_by INTEGER REFERENCES runs (id),
    problem TEXT NOT NULL DEFAULT ''
);
"""
_COLUMNS = ("time, identity, on_behalf, kind, target, before_words, after_words, request_id,"
            " outcome")

DONE = "done"
NOT_SENT = "not sent"  # a run's item before its answer came (or when none ever will)
SKIPPED_PREFIX = "skipped: "
# A run's status; "stopped": sending ended on a failure (sign-in or network lost), and
# what it had sent was read back from the tenant where it could be.
RUNNING, FINISHED, CANCELLED, STOPPED = "running", "finished", "cancelled", "stopped"
CSV_HEADERS = ("Time (UTC)", "Who", "On behalf of", "Change", "Target", "Before", "After",
               "Request id", "Outcome")


log = logging.getLogger(__name__)


class ChangeKind(StrEnum):
    """What sort of change; the value is what the file and the CSV hold."""

    PERMISSION_ADDED = "permission added"
    ROLE_CHANGED = "role changed"
    PERMISSION_REMOVED = "permission removed"
    DELIVERY_OPTION = "delivery option"
    CALENDAR_RENAMED = "calendar renamed"
    SHARED_CALENDAR_ADDED = "shared calendar added"
    INVITATION_SENT = "invitation sent"
    RESPONSE_SENT = "response sent"

    @property
    def label(self) -> str:
        """For menus and tables: "Role changed"."""
        return self.value.capitalize()


@dataclass(frozen=True)
class ChangeDraft:
    """What a change is, as its caller describes it before it runs.

    Attributes:
        on_behalf: whose mailbox or calendar it touches ("Alex Wilber <AlexW@contoso.com>").
        target: what it touches ("Alex Wilber's Calendar — Christie Cline", a subject).
        before, after: the state in words ("Can view", "Delegates only"); "" when none.
    """

    kind: ChangeKind
    on_behalf: str
    target: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class JournalEntry:
    """One recorded change.

    Attributes:
        time: when it finished, UTC, ISO 8601 ("2026-11-21T14:03:07+00:00").
        identity: who was signed in ("Adele Vance (AdeleV@contoso.com)").
        request_id: Graph's ``request-id`` of the change's answer; "" when none came.
        outcome: "done", or "failed: " and the sentence the user was shown.
        id: the row's number in the file (0 before it is stored).
        run: the run (a fix, a copy, an undo) the change was made in, to undo it whole;
            None for a change made on its own, or before it is read back.
    """

    time: str
    identity: str
    on_behalf: str
    kind: ChangeKind | str  # str: a kind a newer Deputy wrote
    target: str
    before: str
    after: str
    request_id: str
    outcome: str
    id: int = 0
    run: int | None = None

    @property
    def failed(self) -> bool:
        return self.outcome != DONE

    @property
    def kind_label(self) -> str:
        return self.kind.label if isinstance(self.kind, ChangeKind) else str(self.kind)

    def matches(self, text: str) -> bool:
        """Whether ``text`` (any case) is in any of its words, the request id included."""
        wanted = text.strip().casefold()
        return not wanted or any(wanted in str(value).casefold() for value in (
            self.identity, self.on_behalf, self.kind_label, self.target, self.before,
            self.after, self.request_id, self.outcome))

    def csv_row(self) -> tuple[str, ...]:
        """The row as written, before ``csv_export`` makes formula-like cells text."""
        return tuple(str(v) for v in (
            self.time, self.identity, self.on_behalf, self.kind, self.target, self.before,
            self.after, self.request_id, self.outcome))


@dataclass(frozen=True)
class Run:
    """Many changes made as one (a fix, an undo), so they can be shown and undone together.

    Attributes:
        what: what was asked, in words ("remove: Outside the organization, ...").
        status: "running" (or interrupted, when no Deputy runs it any more), "stopped",
            "finished" or "cancelled".
        undoes: the run this one undoes, if any.
    """

    id: int
    started: str
    finished: str | None
    identity: str
    what: str
    status: str
    undoes: int | None


@dataclass(frozen=True)
class RunItem:
    """One change of a run: what it was (``detail``, as its caller stored it), how it
    ended, and Graph's request-id when it was sent."""

    id: int
    detail: dict[str, Any]
    outcome: str
    request_id: str = ""

    @property
    def done(self) -> bool:
        return self.outcome == DONE


@dataclass(frozen=True)
class Expiry:
    """A run made until a moment, to be undone then.

    Attributes:
        until: when, UTC, ISO 8601.
        done: when it was undone whole; None while due or to come.
        reverted_by: the latest run that undid (some of) it.
        problem: why it is not undone whole yet ("" when nothing went wrong).
    """

    run: int
    until: str
    done: str | None = None
    reverted_by: int | None = None
    problem: str = ""


@dataclass(frozen=True)
class Settlement:
    """How one item of a run ended, for ``ChangeJournal.settle_all``.

    Attributes:
        item: the item's id (from ``begin_run``).
        draft: the change, when it was sent: it is recorded with ``request_id`` and
            ``outcome``; None for an item never sent (skipped, not sent).
    """

    item: int
    outcome: str
    draft: ChangeDraft | None = None
    request_id: str = ""


def skipped_outcome(why: str) -> str:
    return f"{SKIPPED_PREFIX}{why}"


def failed_outcome(message: str) -> str:
    """The outcome of a change that failed, with the sentence the user was shown."""
    return f"failed: {message}"


person_words = name_and_address  # whom a change was for


def _utc_iso(moment: datetime) -> str:
    """Aware times are converted; a naive one is taken as this computer's local time."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _kind(value: str) -> ChangeKind | str:
    try:
        return ChangeKind(value)
    except ValueError:
        return value


def _entry_of_draft(draft: ChangeDraft, time: str, identity: str, request_id: str,
                    outcome: str) -> JournalEntry:
    return JournalEntry(time, identity, draft.on_behalf, draft.kind, draft.target,
                        draft.before, draft.after, request_id, outcome)


def _entry_of(row: tuple[str, str, str, str, str, str, str, str, str, int, int | None]
              ) -> JournalEntry:
    """A row of ``SELECT {_COLUMNS}, id, run`` as an entry (every column text but the
    ids)."""
    time, identity, on_behalf, kind, target, before, after, request_id, outcome, row_id, run = row
    return JournalEntry(time, identity, on_behalf, _kind(kind), target, before, after,
                        request_id, outcome, row_id, run)


class ChangeJournal:
    """The journal file. ``notice`` says what was done at opening (a file set aside).

    Attributes:
        path: the SQLite file, normally ``paths.data_dir() / "journal.db"``.
        notice: "" or a sentence for the user about a broken file moved aside.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db, self.notice = open_private_sqlite(
            path, _SCHEMA, SCHEMA_VERSION, what="The change journal",
            advice="Changes from now on are recorded in the new one.")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def record(self, draft: ChangeDraft, *, identity: str, request_id: str | None,
               outcome: str, time: datetime | None = None) -> JournalEntry:
        """Store one change that has run; safe to call from any thread."""
        entry = _entry_of_draft(draft, _utc_iso(time or datetime.now(UTC)), identity,
                                request_id or "", outcome)
        with self._lock:
            return self._insert(entry)

    def _insert(self, entry: JournalEntry) -> JournalEntry:
        """Store ``entry`` (the lock held); it, with its row's id."""
        cursor = self._db.execute(
            f"INSERT INTO changes ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            entry.csv_row())
        return replace(entry, id=int(cursor.lastrowid or 0))

    # ------------------------------------------------------------------ runs

    def begin_run(self, *, identity: str, what: str, details: Iterable[dict[str, Any]],
                  undoes: int | None = None) -> tuple[int, list[int]]:
        """A new running run with its items, each "not sent"; its id and the items' ids,
        in the order of ``details``. Written before anything is sent: a run killed
        half-way still names every change it was to make."""
        with self._transaction():
            run_id = int(self._db.execute(
                "INSERT INTO runs (started, identity, what, status, undoes) "
                "VALUES (?, ?, ?, ?, ?)",
                (_utc_iso(datetime.now(UTC)), identity, what, RUNNING, undoes),
            ).lastrowid or 0)
            self._db.executemany(
                "INSERT INTO run_items (run, detail, outcome) VALUES (?, ?, ?)",
                ((run_id, json.dumps(detail), NOT_SENT) for detail in details))
            # Inserted in order, each with a rowid above the one before (the file's
            # largest plus one, in the one transaction that writes it).
            items = [row[0] for row in self._db.execute(
                "SELECT id FROM run_items WHERE run = ? ORDER BY id", (run_id,))]
        return run_id, items

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction, the lock held: committed whole, or rolled back."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def settle(self, item_id: int, outcome: str, entry: JournalEntry | None = None) -> None:
        """How a run's item ended; ``entry``: the change recorded for it, if it was sent."""
        with self._lock:
            self._db.execute("UPDATE run_items SET outcome = ?, change_id = ? WHERE id = ?",
                             (outcome, entry.id if entry is not None else None, item_id))

    def settle_all(self, settlements: Iterable[Settlement], *, identity: str,
                   time: datetime | None = None) -> None:
        """Many items of runs settled in one transaction, each one sent recorded as a
        change (as ``record`` does) and linked to its item.

        All or none: a Deputy killed while writing leaves every one of them "not
        sent", as they were before their answers came, never a change recorded
        without its item. One commit for a whole ``$batch`` answer, not two per
        change: each commit waits for the disk, and a fix of 1,000 changes spent most
        of its time on the 2,000 of them."""
        moment = _utc_iso(time or datetime.now(UTC))
        items = []
        with self._transaction():
            for one in settlements:
                change_id = None
                if one.draft is not None:
                    change_id = self._db.execute(
                        f"INSERT INTO changes ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        _entry_of_draft(one.draft, moment, identity, one.request_id,
                                        one.outcome).csv_row()).lastrowid
                items.append((one.outcome, change_id, one.item))
            self._db.executemany("UPDATE run_items SET outcome = ?, change_id = ? WHERE id = ?",
                                 items)

    def finish_run(self, run_id: int, status: str) -> None:
        with self._lock:
            self._db.execute("UPDATE runs SET status = ?, finished = ? WHERE id = ?",
                             (status, _utc_iso(datetime.now(UTC)), run_id))

    def set_expiry(self, run_id: int, until: datetime) -> None:
        """Run ``run_id`` is to be undone at ``until``."""
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO expiries (run, until) VALUES (?, ?)",
                             (run_id, _utc_iso(until)))

    def expiries(self, *, due_by: datetime | None = None,
                 pending: bool = True) -> list[Expiry]:
        """Expiries, soonest first: not done yet (``pending``), at or before ``due_by``."""
        sql = "SELECT run, until, done, reverted_by, problem FROM expiries"
        where, values = [], []
        if pending:
            where.append("done IS NULL")
        if due_by is not None:
            where.append("until <= ?")
            values.append(_utc_iso(due_by))
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY until, run", values).fetchall()
        return [Expiry(*row) for row in rows]

    def settle_expiry(self, run_id: int, *, reverted_by: int | None, problem: str,
                      done: bool, time: datetime) -> None:
        """How an attempt at an expiry went; ``done``: the run is undone whole."""
        with self._lock:
            self._db.execute(
                "UPDATE expiries SET done = ?, reverted_by = COALESCE(?, reverted_by), "
                "problem = ? WHERE run = ?",
                (_utc_iso(time) if done else None, reverted_by, problem, run_id))

    def runs(self) -> list[Run]:
        """Every run, newest first."""
        with self._lock:
            rows = self._db.execute("SELECT id, started, finished, identity, what, status, "
                                    "undoes FROM runs ORDER BY id DESC").fetchall()
        return [Run(*row) for row in rows]

    def run(self, run_id: int) -> Run | None:
        return next((r for r in self.runs() if r.id == run_id), None)

    def run_items(self, run_id: int) -> list[RunItem]:
        """A run's items in the order they were planned."""
        with self._lock:
            rows = self._db.execute(
                "SELECT i.id, i.detail, i.outcome, COALESCE(c.request_id, '') FROM run_items i "
                "LEFT JOIN changes c ON c.id = i.change_id WHERE i.run = ? ORDER BY i.id",
                (run_id,)).fetchall()
        return [RunItem(item_id, json.loads(detail), outcome, request_id)
                for item_id, detail, outcome, request_id in rows]

    def entries(self, *, kind: ChangeKind | None = None, text: str = "",
                since: datetime | None = None) -> list[JournalEntry]:
        """The recorded changes, newest first: of one kind, containing ``text`` (any
        case, in any field), at or after ``since``; each filter left out keeps all."""
        where, values = [], []
        if kind is not None:
            where.append("kind = ?")
            values.append(kind.value)
        if since is not None:
            where.append("time >= ?")
            values.append(_utc_iso(since))
        # Each change with the run it was made in: the subquery names only its own two
        # columns, so the changes' (outcome, id) stay unambiguous.
        sql = (f"SELECT {_COLUMNS}, id, r.run FROM changes LEFT JOIN (SELECT change_id, run "
               "FROM run_items WHERE change_id IS NOT NULL) AS r ON r.change_id = changes.id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY time DESC, id DESC", values).fetchall()
        found = [_entry_of(row) for row in rows]
        # Filtered here, not with LIKE: SQLite folds the case of ASCII letters only.
        return [e for e in found if e.matches(text)] if text.strip() else found

    def export_csv(self, path: Path, *, kind: ChangeKind | None = None, text: str = "",
                   since: datetime | None = None) -> int:
        """Write the changes ``entries`` gives for these filters to ``path``; returns
        how many."""
        entries = self.entries(kind=kind, text=text, since=since)
        write_csv(entries, path)
        return len(entries)


def write_csv(entries: Iterable[JournalEntry], path: Path) -> None:
    """Changes as CSV with a header row, in UTF-8 with a byte order mark (so Excel
    reads names with accents right), written whole or not at all. Like the journal,
    the file is readable by the user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_rows(path, [CSV_HEADERS, *(entry.csv_row() for entry in entries)])


UNAVAILABLE = ("Deputy can't open its change journal, so changes are made but not recorded. "
               "The details are in the log.")


def journal_file() -> Path:
    return paths.data_dir() / "journal.db"


def open_journal() -> tuple[ChangeJournal | None, str]:
    """The data folder's journal, and what to tell the user ("" when nothing): a broken
    file set aside, or no journal at all (then changes still go ahead, unrecorded)."""
    try:
        journal = ChangeJournal(journal_file())
    except StoreBusy as exc:  # another Deputy is writing it: this one records nothing
        return None, str(exc)
    except (OSError, sqlite3.Error) as exc:
        log.warning("Change journal unavailable: %s", exc)
        return None, UNAVAILABLE
    return journal, journal.notice
