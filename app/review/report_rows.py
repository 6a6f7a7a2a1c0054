"""The exported tables read straight from the snapshot file, one row at a time.

A 100,000-mailbox snapshot holds some 600,000 permissions: read whole into Python
objects it takes over a gigabyte, and the CSV only needs each row once, in order. So
SQLite sorts (in its own bounded cache, spilling to a temporary file past it) and
Python holds one batch of rows at a time: the memory a table takes does not grow with
the number of mailboxes.

The rows are the same, in the same order, as the review computes them in memory
(``app.review.findings``, ``app.review.changes``, ``app.review.people`` decide; this
module only feeds them): Python's ``casefold`` and the people's keys are SQL functions
here, so SQLite sorts by exactly the keys the review sorts by. Findings and changes
are gathered in temporary tables of this connection (never in the snapshot file), then
read back in the review's order.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from app.review.changes import Change, Comparison, Kind
from app.review.findings import Finding, Rule, find
from app.review.people import Person, person_key, person_of
from app.review.snapshot_store import (
    PERMISSION_COLUMNS,
    PermissionRow,
    SnapshotStore,
    permission_row,
)

BATCH = 5_000  # rows fetched (and findings or changes written) at a time
_RULES = list(Rule)


def _label_row(name: str, address: str | None, removable: int) -> PermissionRow:
    """Just enough of a row for ``app.review.people`` to say who it is for."""
    return PermissionRow("", "", "", False, "", name, address, "", False, bool(removable))


def _person_name(name: str, address: str | None, removable: int) -> str:
    return person_of(_label_row(name, address, removable)).name.casefold()


def _person_key(name: str, address: str | None, removable: int) -> str:
    return person_key(_label_row(name, address, removable))


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def _read_completely(problems: str) -> int:
    """1 when the stored problems (a JSON list) are none."""
    return int(not json.loads(problems))


@dataclass(frozen=True)
class ChangeRow:
    """A change as ``app.review.changes.Change`` holds it, from the rows on each side."""

    kind: Kind
    row: PermissionRow  # the newer side's, or the older's for a removal
    person: Person
    before: str | None
    after: str | None


class ReportRows:
    """Streaming reads of one snapshot file, on a connection of its own.

    Use as a context manager: ``with ReportRows(store) as rows: ...``.
    """

    def __init__(self, store: SnapshotStore) -> None:
        # Its own connection: a long read must not hold the store's (the review's
        # worker shares it), and the temporary tables die with it.
        self._db = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
        for name, arity, function in (("casefold", 1, _casefold),
                                      ("person_name", 3, _person_name),
                                      ("person_key", 3, _person_key),
                                      ("read_completely", 1, _read_completely)):
            self._db.create_function(name, arity, function, deterministic=True)

    def __enter__(self) -> ReportRows:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()

    def _stream(self, query: str, parameters: Sequence[object] = ()) -> Iterator[tuple[Any, ...]]:
        with closing(self._db.execute(query, parameters)) as cursor:
            while batch := cursor.fetchmany(BATCH):
                yield from batch

    # ------------------------------------------------------------------ the matrix

    def permissions(self, snapshot_id: int) -> Iterator[tuple[PermissionRow, str | None]]:
        """Every permission with its mailbox's display name, in the matrix CSV's order:
        by mailbox, the main calendar first, calendar, person (each case-insensitive)."""
        query = (f"SELECT {PERMISSION_COLUMNS}, m.name FROM permissions p "
                 "JOIN calendars c USING (snapshot_id, mailbox, calendar_id) "
                 "LEFT JOIN mailboxes m ON m.snapshot_id = p.snapshot_id "
                 "AND m.address = p.mailbox WHERE p.snapshot_id = ? "
                 "ORDER BY casefold(p.mailbox), NOT c.is_default, casefold(c.name), "
                 "person_name(p.person_name, p.person_address, p.removable), "
                 "p.mailbox, c.name, p.person_name")
        for values in self._stream(query, (snapshot_id,)):
            yield permission_row(values[:-1]), values[-1]

    # ------------------------------------------------------------------ findings

    def findings(self, snapshot_id: int) -> Iterator[Finding]:
        """Every finding, in ``app.review.findings.find``'s order: by rule, then mailbox,
        person and calendar. The rules are ``find``'s own, run a batch of rows at a time."""
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS found (rule INTEGER, mailbox TEXT, "
                         "calendar_id TEXT, permission_id TEXT)")
        self._db.execute("DELETE FROM temp.found")
        query = (f"SELECT {PERMISSION_COLUMNS}, m.delivery_option FROM permissions p "
                 "JOIN calendars c USING (snapshot_id, mailbox, calendar_id) "
                 "LEFT JOIN mailboxes m ON m.snapshot_id = p.snapshot_id "
                 "AND m.address = p.mailbox WHERE p.snapshot_id = ?")
        with closing(self._db.execute(query, (snapshot_id,))) as cursor:
            while batch := cursor.fetchmany(BATCH):
                delivery = {values[0]: values[-1] for values in batch}
                found = find((permission_row(values[:-1]) for values in batch), delivery)
                self._db.executemany(
                    "INSERT INTO temp.found VALUES (?, ?, ?, ?)",
                    [(_RULES.index(f.rule), f.row.mailbox, f.row.calendar_id,
                      f.row.permission_id) for f in found])
        ordered = (f"SELECT f.rule, {PERMISSION_COLUMNS} FROM temp.found f "
                   "JOIN permissions p ON p.snapshot_id = ? AND p.mailbox = f.mailbox "
                   "AND p.calendar_id = f.calendar_id AND p.permission_id = f.permission_id "
                   "JOIN calendars c USING (snapshot_id, mailbox, calendar_id) "
                   "ORDER BY f.rule, casefold(p.mailbox), "
                   "person_name(p.person_name, p.person_address, p.removable), c.name, "
                   "p.mailbox, p.person_name")
        for values in self._stream(ordered, (snapshot_id,)):
            row = permission_row(values[1:])
            yield Finding(_RULES[values[0]], row, person_of(row))

    # ------------------------------------------------------------------ changes

    def _compared(self, older_id: int, newer_id: int) -> None:
        """temp.compared: the mailboxes (case-folded) read completely in both."""
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS compared (mailbox TEXT PRIMARY KEY)")
        self._db.execute("DELETE FROM temp.compared")
        self._db.execute(
            "INSERT OR IGNORE INTO temp.compared SELECT casefold(o.address) FROM mailboxes o "
            "WHERE o.snapshot_id = ? AND read_completely(o.problems) AND casefold(o.address) IN "
            "(SELECT casefold(n.address) FROM mailboxes n WHERE n.snapshot_id = ? "
            "AND read_completely(n.problems))", (older_id, newer_id))

    def _side(self, snapshot_id: int) -> Iterator[tuple[tuple[str, str, str], PermissionRow]]:
        """One snapshot's rows in the compared mailboxes, by (mailbox, calendar, person)
        key; of rows sharing a key, the last ``SnapshotStore.permissions`` would give."""
        query = (f"SELECT casefold(p.mailbox), p.calendar_id, "
                 "person_key(p.person_name, p.person_address, p.removable), "
                 f"{PERMISSION_COLUMNS} FROM permissions p "
                 "JOIN calendars c USING (snapshot_id, mailbox, calendar_id) "
                 "WHERE p.snapshot_id = ? AND casefold(p.mailbox) IN temp.compared "
                 "ORDER BY 1, 2, 3, p.mailbox, c.name, p.person_name")
        rows = ((tuple(values[:3]), permission_row(values[3:]))
                for values in self._stream(query, (snapshot_id,)))
        for key, same in groupby(rows, key=lambda pair: pair[0]):
            *_, last = same
            yield key, last[1]

    def _merged(self, older_id: int, newer_id: int) -> Iterator[ChangeRow]:
        """The changes in the compared mailboxes: the two sides walked side by side."""
        old, new = self._side(older_id), self._side(newer_id)
        was, now = next(old, None), next(new, None)
        while was is not None or now is not None:
            if now is None or (was is not None and was[0] < now[0]):
                assert was is not None
                yield ChangeRow(Kind.REMOVED, was[1], person_of(was[1]), was[1].role, None)
                was = next(old, None)
            elif was is None or now[0] < was[0]:
                yield ChangeRow(Kind.ADDED, now[1], person_of(now[1]), None, now[1].role)
                now = next(new, None)
            else:
                if was[1].role != now[1].role:
                    yield ChangeRow(Kind.CHANGED, now[1], person_of(now[1]), was[1].role,
                                    now[1].role)
                was, now = next(old, None), next(new, None)

    def changes(self, older_id: int, newer_id: int) -> Iterator[ChangeRow]:
        """What changed from the older snapshot to the newer, in the order of
        ``app.review.changes.compare``: by mailbox, calendar, person."""
        self._compared(older_id, newer_id)
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS changed (kind TEXT, mailbox TEXT, "
                         "calendar_id TEXT, calendar_name TEXT, is_default INTEGER, "
                         "permission_id TEXT, person_name TEXT, person_address TEXT, "
                         "inside INTEGER, removable INTEGER, before TEXT, after TEXT)")
        self._db.execute("DELETE FROM temp.changed")
        merged = self._merged(older_id, newer_id)
        while batch := [change for _, change in zip(range(BATCH), merged, strict=False)]:
            self._db.executemany(
                "INSERT INTO temp.changed VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(c.kind.name, c.row.mailbox, c.row.calendar_id, c.row.calendar_name,
                  c.row.is_default, c.row.permission_id, c.row.person_name,
                  c.row.person_address, c.row.inside, c.row.removable, c.before, c.after)
                 for c in batch])
        query = ("SELECT * FROM temp.changed ORDER BY casefold(mailbox), casefold(calendar_name),"
                 " person_name(person_name, person_address, removable)")
        for (kind, mailbox, calendar_id, calendar_name, is_default, permission_id, name,
             address, inside, removable, before, after) in self._stream(query):
            row = PermissionRow(mailbox, calendar_id, calendar_name, bool(is_default),
                                permission_id, name, address, after or before, bool(inside),
                                bool(removable))
            yield ChangeRow(Kind[kind], row, person_of(row), before, after)

    def comparison(self, older_id: int, newer_id: int) -> Comparison:
        """``app.review.changes.compare`` of the two snapshots, neither read whole: only
        the changes are held."""
        changes = [Change(c.kind, c.row.mailbox, c.row.calendar_name, c.person, c.before,
                          c.after) for c in self.changes(older_id, newer_id)]
        delivery = {mailbox: (before, after) for mailbox, before, after
                    in self.delivery_changes(older_id, newer_id)}
        return Comparison(changes, list(self.not_compared(older_id, newer_id)), delivery)

    def delivery_changes(self, older_id: int,
                         newer_id: int) -> Iterator[tuple[str, str | None, str | None]]:
        """(mailbox, before, after) where a compared mailbox's delivery option changed.
        Call after ``changes`` (which finds the mailboxes compared)."""
        yield from self._stream(
            "SELECT n.address, o.delivery_option, n.delivery_option FROM mailboxes n "
            "JOIN mailboxes o ON o.snapshot_id = ? AND o.address = n.address "
            "WHERE n.snapshot_id = ? AND casefold(n.address) IN temp.compared "
            "AND o.delivery_option IS NOT n.delivery_option ORDER BY casefold(n.address)",
            (older_id, newer_id))

    def not_compared(self, older_id: int, newer_id: int) -> Iterator[str]:
        """The mailboxes not read completely in both (or held by one), as the newer
        snapshot spells them where it has them. Call after ``changes``."""
        query = ("SELECT address FROM mailboxes WHERE snapshot_id IN (?, ?) "
                 "AND casefold(address) NOT IN temp.compared "
                 "ORDER BY casefold(address), snapshot_id = ?")
        rows = self._stream(query, (older_id, newer_id, newer_id))
        for _, same in groupby(rows, key=lambda values: values[0].casefold()):
            *_, last = same
            yield last[0]

