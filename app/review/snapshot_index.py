"""A snapshot's review worked out once and kept in the snapshot file, beside its rows.

Building the matrix and the findings of a 100,000-mailbox snapshot from its 700,000
permissions takes some 13 s of Python, every time the review opens it. A finished
snapshot never changes, so what they are made of (the compact cells' arrays, the
people, the mailboxes, the findings' rows) is kept in the table ``review_index`` once
worked out, and read back as a few large values: the arrays as their bytes, the rest as
JSON lists. Reading them back takes a fraction of a second.

The table is not in the store's schema: a snapshot file carries the permissions alone
(an export, an import, a file of an older Deputy), and the index is made on the first
opening that lacks it. Its ``head`` part says how it was written (``FORMAT``, the
machine's integer size and byte order): any other is made again, never misread. Only
finished snapshots are kept (a running one still grows). It is written through a
connection of its own in one transaction, so a reader sees all of it or none, and a
sync writing meanwhile (in this process or another) only means it is kept next time.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from hashlib import blake2b
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple, overload

from app.review.cells import Cells
from app.review.findings import Finding, Rule
from app.review.in_steps import emptied, encoded_in_steps, in_chunks, joined, loads_in_steps
from app.review.matrix import Matrix
from app.review.people import People, person_of
from app.review.snapshot_store import PERMISSION_COLUMNS, PermissionRow, permission_row

log = logging.getLogger(__name__)

FORMAT = 3  # 2, 3: long lists kept in chunks (in_steps.in_chunks)
TABLE = """CREATE TABLE IF NOT EXISTS review_index (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    part TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (snapshot_id, part)
)"""
WRITE_WAIT_S = 0.5  # a sync holding the file: keep the index next time, don't wait
RULES = list(Rule)
READ_WHOLE: list[str] = []  # the problems of a mailbox read completely
# The findings' rows, a JSON list per field (PermissionRow's, in order).
ROW_FIELDS = PermissionRow._fields


def _machine() -> list[object]:
    return [FORMAT, array("l").itemsize, sys.byteorder]


class StoredFindings(Sequence[Finding]):
    """The findings, in ``find``'s order, each made when asked for from columns of
    values: 134,000 findings of a 100,000-mailbox snapshot are a few arrays, not
    400,000 objects, until someone reads them all (a report, a fix of a whole rule).
    One of them (``[at]``) and each one's parts (``parts``) are made alone."""

    def __init__(self, rules: bytes, fields: dict[str, list[Any]],
                 row_of: array[int]) -> None:
        self._rules, self._fields, self._row_of = rules, fields, row_of
        self._made: list[Finding] | None = None

    def _every(self) -> list[Finding]:
        """Made all at once when first asked for: a column of values at a time is
        several times faster than a finding at a time."""
        if self._made is None:
            rows = [PermissionRow._make(values)
                    for values in zip(*self._fields.values(), strict=True)]
            people = [person_of(row) for row in rows]
            self._made = [Finding(RULES[rule], rows[at], people[at])
                          for rule, at in zip(self._rules, self._row_of, strict=True)]
            self._fields = {}
        return self._made

    def __len__(self) -> int:
        return len(self._rules)

    @overload
    def __getitem__(self, at: int) -> Finding: ...

    @overload
    def __getitem__(self, at: slice) -> list[Finding]: ...

    def __getitem__(self, at: int | slice) -> Finding | list[Finding]:
        fields = self._fields
        if isinstance(at, int) and self._made is None and fields:
            return self._one(range(len(self))[at], fields)
        return self._every()[at]

    def _one(self, at: int, fields: dict[str, list[Any]]) -> Finding:
        """One finding, made alone (a row of the findings table asked for its object):
        making all of them for one held the GUI thread a second at 100,000 mailboxes."""
        row = self._row(self._row_of[at], list(fields.values()))
        return Finding(RULES[self._rules[at]], row, person_of(row))

    @staticmethod
    def _row(at: int, columns: list[list[Any]]) -> PermissionRow:
        return PermissionRow._make([column[at] for column in columns])

    def parts(self) -> Iterator[tuple[Rule, PermissionRow]]:
        """Each finding's rule and row, in order, made one at a time and not kept: the
        findings table's texts need no Finding objects, which with their rows and
        people are some 670,000 objects for the garbage collector to walk at 100,000
        mailboxes (its walks on the GUI thread held it 30-70 ms as they were made)."""
        fields = self._fields  # a reader making them all meanwhile leaves this one be
        if self._made is not None or not fields:
            yield from ((finding.rule, finding.row) for finding in self._every())
            return
        columns = list(fields.values())
        for rule, at in zip(self._rules, self._row_of, strict=True):
            yield RULES[rule], self._row(at, columns)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._every())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self._every() == list(other)

    __hash__ = None  # type: ignore[assignment]  # a sequence, compared by its items

    def counts(self) -> Counter[Rule]:
        """How many findings each rule has, without making them."""
        return Counter({rule: count for number, rule in enumerate(RULES)
                        if (count := self._rules.count(number))})  # a short scan each


def rule_counts(findings: Sequence[Finding]) -> Counter[Rule]:
    """How many findings each rule has (read from the numbers where they are kept)."""
    if isinstance(findings, StoredFindings):
        return findings.counts()
    # Counted by identity, in C: an Enum's hash is a call into Python, and 134,000
    # findings held the GUI thread 0.1 s.
    by_id = Counter(map(id, map(attrgetter("rule"), findings)))
    return Counter({rule: by_id[id(rule)] for rule in RULES if id(rule) in by_id})


def _digest(values: Sequence[object]) -> int:
    """A permission's 64 bits, the same for the same values in any file and process."""
    text = repr(tuple(values)).encode(errors="surrogatepass")
    return int.from_bytes(blake2b(text, digest_size=8).digest(), "little", signed=True)


# What makes a permission the same in two snapshots (as ``SnapshotStore.unmatched``).
DIGESTED = ("mailbox, calendar_id, permission_id, role, person_name, person_address, "
            "inside, removable")


class Digests(NamedTuple):
    """A snapshot's permissions as numbers, mailbox by mailbox in its mailboxes' order:
    two snapshots are compared on the mailboxes whose digest differs (a few among
    100,000), and within those on their permissions' digests.

    Attributes:
        start: where each mailbox's permissions begin in ``digests`` (and one past the end).
        digests: each permission's (``_digest``), ascending within its mailbox.
        rowids: each permission's row in the table, by ``digests``.
        mailboxes: each mailbox's digest, of its permissions' digests.
    """

    start: array[int]
    digests: array[int]
    rowids: array[int]
    mailboxes: array[int]


def _digests(db: sqlite3.Connection, snapshot_id: int, addresses: list[str]) -> Digests:
    """Raises KeyError for a permission of a mailbox the snapshot does not list."""
    position = {m.casefold(): at for at, m in enumerate(addresses)}
    by_mailbox: list[list[tuple[int, int]]] = [[] for _ in addresses]
    for rowid, *values in db.execute(f"SELECT rowid, {DIGESTED} FROM permissions "
                                     "WHERE snapshot_id = ?", (snapshot_id,)):
        by_mailbox[position[values[0].casefold()]].append((_digest(values), rowid))
    made = Digests(array("l", [0]), array("q"), array("q"), array("q"))
    for at, pairs in enumerate(by_mailbox):
        by_mailbox[at] = []  # freed a mailbox at a time (in_steps.emptied)
        pairs.sort()
        first = len(made.digests)
        made.digests.extend(d for d, _ in pairs)
        made.rowids.extend(r for _, r in pairs)
        made.start.append(len(made.digests))
        made.mailboxes.append(int.from_bytes(blake2b(
            made.digests[first:].tobytes(), digest_size=8).digest(), "little", signed=True))
    return made


BLOB_STEP = 1 << 20  # bytes written at a time: a millisecond or so


def _insert_part(db: sqlite3.Connection, snapshot_id: int, part: str, data: bytes) -> None:
    """One part, written into its row a megabyte at a time: bound whole, SQLite copies
    the value while Python's interpreter lock is held (25 MB of findings at 100,000
    mailboxes: some 75 ms in which the window could not run)."""
    cursor = db.execute("INSERT INTO review_index VALUES (?, ?, zeroblob(?))",
                        (snapshot_id, part, len(data)))
    assert cursor.lastrowid is not None
    with db.blobopen("review_index", "data", cursor.lastrowid) as blob:
        view = memoryview(data)
        for start in range(0, len(data), BLOB_STEP):
            blob.write(view[start:start + BLOB_STEP])


def write(path: Path, snapshot_id: int, *, mailboxes: Mapping[str, list[str]],
          delivery: Mapping[str, str | None], names: Mapping[str, str], matrix: Matrix,
          findings: Sequence[Finding]) -> bool:
    """Keep snapshot ``snapshot_id``'s review in the file at ``path``; False when the
    file is busy or can't be written (then it is worked out again next time)."""
    addresses = list(mailboxes)
    if matrix.mailboxes != addresses:  # never so: the matrix is made from them
        log.warning("The review of snapshot %s is not kept: its rows are not its "
                    "mailboxes", snapshot_id)
        return False
    numbered: dict[tuple[object, ...], int] = {}
    row_of = array("l", (numbered.setdefault(tuple(f.row), len(numbered)) for f in findings))
    rows = list(numbered)
    numbered.clear()  # the rows are freed a few thousand at a time below (``emptied``)
    numbers: dict[str, array[int] | bytearray] = {
        f"cells.{name}": values for name, values in matrix.cells.numbers().items()}
    numbers["label_rank"] = matrix.label_rank
    numbers["findings.row"] = row_of
    calendars, roles = matrix.cells.names
    options = sorted(set(delivery.values()), key=str)
    number_of = {option: at for at, option in enumerate(options)}
    # The matrix's names are the mailboxes' own, but for those a permission named.
    named = {m: name for m, name in names.items() if name}
    head = {
        "machine": _machine(),
        "mailboxes": in_chunks(addresses),
        "problems": in_chunks([[m, problems] for m, problems in mailboxes.items()
                               if problems]),
        "names": in_chunks([names.get(m) for m in addresses]),
        "delivery_options": options,
    }
    people = [[p.key, p.name, p.address, p.inside] for p in matrix.people]
    shape = {
        "other_names": {m: matrix.names.get(m) for m in {*named, *matrix.names}
                        if matrix.names.get(m) != named.get(m)},
        "people": people,
        "cells": [matrix.cells.rows, matrix.cells.columns, calendars, roles],
    }
    order = {rule: number for number, rule in enumerate(RULES)}
    parts: dict[str, bytes] = {
        "delivery": bytes(number_of[delivery[m]] if m in delivery else 255
                          for m in addresses),
        "matrix": encoded_in_steps(shape),
        "findings.rules": bytes(order[f.rule] for f in findings),
        "findings.fields": encoded_in_steps(
            {field: in_chunks([row[at] for row in rows])
             for at, field in enumerate(ROW_FIELDS)}),
        **{name: bytes(values) if isinstance(values, bytearray) else values.tobytes()
           for name, values in numbers.items()},
    }
    # Made for the moment, and freed in steps: as the function returned, the 134,000
    # findings' rows and 100,000 people's records were freed in one call into C that
    # held the interpreter lock 40-70 ms.
    emptied(rows)
    emptied(people)
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=WRITE_WAIT_S)
    except sqlite3.Error as exc:
        log.info("The review of snapshot %s is not kept: %s", snapshot_id, exc)
        return False
    try:
        parts.update({f"digests.{name}": values.tobytes() for name, values
                      in _digests(db, snapshot_id, addresses)._asdict().items()})
        parts["head"] = encoded_in_steps(head)  # last: it says the rest is there
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN IMMEDIATE")
        db.execute(TABLE)
        db.execute("DELETE FROM review_index WHERE snapshot_id = ?", (snapshot_id,))
        for part, data in parts.items():
            _insert_part(db, snapshot_id, part, data)
        db.execute("COMMIT")
    except (sqlite3.Error, KeyError) as exc:
        log.info("The review of snapshot %s is not kept: %s", snapshot_id, exc)
        if db.in_transaction:
            db.execute("ROLLBACK")
        return False
    finally:
        db.close()
    log.info("Kept the review of snapshot %s", snapshot_id)
    return True


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """The file, read-only, through a connection of this reader's own."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                         timeout=WRITE_WAIT_S)
    try:
        yield db
    finally:
        db.close()


class Kept:
    """A snapshot's review as ``write`` kept it: the mailboxes read at once, the matrix,
    the findings and the digests each when first asked for (the review's worker asks
    for the first two; a comparison needs neither).

    Attributes:
        mailboxes, delivery, names: as ``SnapshotData`` holds them.
    """

    def __init__(self, path: Path, snapshot_id: int, head: dict[str, Any],
                 delivery: bytes) -> None:
        self._path, self._id = path, snapshot_id
        addresses: list[str] = head["mailboxes"]
        problems, options = head["problems"], head["delivery_options"]
        # One empty list for every mailbox read completely (readers never change it):
        # 100,000 lists would take a tenth of a second to make. A few thousand at a
        # time: ``dict.fromkeys`` of 100,000 new addresses is 20-50 ms in one call into
        # C, and the GUI thread waits that long for the interpreter lock.
        self.mailboxes: dict[str, list[str]] = {}
        for start in range(0, len(addresses), ADDRESSES_AT_A_TIME):
            self.mailboxes.update(dict.fromkeys(
                addresses[start:start + ADDRESSES_AT_A_TIME], READ_WHOLE))
        self.mailboxes.update(problems)
        self.delivery: dict[str, str | None] = {
            m: options[number] for m, number in zip(addresses, delivery, strict=True)
            if number != 255}
        self.names: dict[str, str] = {
            m: name for m, name in zip(addresses, head["names"], strict=True)
            if name is not None}
        self._addresses = addresses

    def _parts(self, *names: str) -> dict[str, bytes]:
        with _reading(self._path) as db:
            found = dict(db.execute(
                f"SELECT part, data FROM review_index WHERE snapshot_id = ? AND part IN "
                f"({', '.join('?' * len(names))})", (self._id, *names)))
        if len(found) != len(names):
            raise sqlite3.DatabaseError(f"the review kept of snapshot {self._id} lacks "
                                        f"{sorted(set(names) - found.keys())}")
        return found

    def matrix(self) -> Matrix:
        arrays = [f"cells.{name}" for name in CELL_ARRAYS]
        parts = self._parts("matrix", "label_rank", *arrays)
        shape = loads_in_steps(parts["matrix"])
        rows, columns, calendars, roles = shape["cells"]
        cells = Cells.from_numbers(rows, columns, {
            name: bytearray(parts[f"cells.{name}"]) if name in CELL_BYTES
            else _numbers(parts[f"cells.{name}"]) for name in CELL_ARRAYS},
            calendars, roles)
        names = {m: name for m, name in self.names.items() if name}
        for mailbox, name in shape["other_names"].items():
            if name is None:
                del names[mailbox]
            else:
                names[mailbox] = name
        keys, people_names, addresses, inside = (list(column) for column in zip(
            *shape["people"], strict=True)) if shape["people"] else ([], [], [], [])
        matrix = Matrix(self._addresses, People(keys, people_names, addresses,
                                                bytearray(inside)), cells, names)
        matrix.__dict__["label_rank"] = _numbers(parts["label_rank"])  # the cached property
        matrix.work_out_lookups()
        return matrix

    def findings(self) -> StoredFindings:
        parts = self._parts("findings.rules", "findings.fields", "findings.row")
        fields = {field: joined(chunks)
                  for field, chunks in loads_in_steps(parts["findings.fields"]).items()}
        return StoredFindings(parts["findings.rules"], fields, _numbers(parts["findings.row"]))

    @property
    def addresses(self) -> list[str]:
        """The mailboxes, in the order of the matrix's rows and the digests'."""
        return self._addresses

    def digests(self) -> Digests:
        parts = self._parts(*(f"digests.{name}" for name in Digests._fields))
        return Digests(*(_numbers(parts[f"digests.{name}"], "l" if name == "start" else "q")
                         for name in Digests._fields))


ADDRESSES_AT_A_TIME = 4096  # about a millisecond of C each

CELL_ARRAYS = ("row_start", "column", "best", "marks", "grant_start", "calendar", "role",
               "is_default", "cell_row", "column_start", "by_column")
CELL_BYTES = ("marks", "is_default")


NUMBERS_AT_A_TIME = 1 << 16  # 512 KB of 8-byte numbers: well under a millisecond of C


def _numbers(data: bytes, typecode: str = "l") -> array[int]:
    """The numbers of ``data``, a part at a time: a 100,000-mailbox review's arrays are
    5-6 MB each, and read in one call held the interpreter lock."""
    values = array(typecode)
    step = NUMBERS_AT_A_TIME * values.itemsize
    view = memoryview(data)
    for start in range(0, len(data), step):
        values.frombytes(view[start:start + step])
    return values


def read(path: Path, snapshot_id: int) -> Kept | None:
    """Snapshot ``snapshot_id``'s review as ``write`` kept it in the file at ``path``;
    None when it was not kept, or kept by a Deputy that writes it otherwise."""
    with _reading(path) as db:
        try:
            found = dict(db.execute(
                "SELECT part, data FROM review_index WHERE snapshot_id = ? AND part IN "
                "('head', 'delivery')", (snapshot_id,)))
        except sqlite3.OperationalError:  # no such table: a file no review has opened yet
            return None
    if "head" not in found:
        return None
    head = loads_in_steps(found["head"])
    if head.get("machine") != _machine() or "delivery" not in found:
        return None
    head["mailboxes"], head["names"] = joined(head["mailboxes"]), joined(head["names"])
    head["problems"] = dict(joined(head["problems"]))
    return Kept(path, snapshot_id, head, found["delivery"])


def unmatched(path: Path, old: Kept, new: Kept, old_id: int,
              new_id: int) -> tuple[list[PermissionRow], list[PermissionRow]] | None:
    """``SnapshotStore.unmatched`` both ways, from the digests kept: the permissions of
    each snapshot whose digest the other has not, looked for in the mailboxes whose
    digests differ only. SQLite matches the 700,000 rows of a 100,000-mailbox snapshot
    one by one in 7 s; this takes a few hundredths of a second and the changed rows'
    reading. None when a row found is not the one digested (the file was rewritten
    since): then SQLite is asked."""
    sides = old.digests(), new.digests()
    gone: dict[int, int] = {}  # digest -> row, of the older snapshot's
    came: dict[int, int] = {}
    for before, after in _differing(old.addresses, new.addresses, *sides):
        was, now = _of_mailbox(sides[0], before), _of_mailbox(sides[1], after)
        gone.update((d, was[d]) for d in was.keys() - now.keys())
        came.update((d, now[d]) for d in now.keys() - was.keys())
    with _reading(path) as db:
        rows = _rows_digested(db, old_id, gone), _rows_digested(db, new_id, came)
    return None if rows[0] is None or rows[1] is None else (rows[0], rows[1])


def _of_mailbox(side: Digests, at: int | None) -> dict[int, int]:
    """Mailbox number ``at``'s permissions: digest -> row."""
    if at is None:
        return {}
    first, last = side.start[at], side.start[at + 1]
    return dict(zip(side.digests[first:last], side.rowids[first:last], strict=True))


def _rows_digested(db: sqlite3.Connection, snapshot_id: int,
                   digested: dict[int, int]) -> list[PermissionRow] | None:
    """The rows of ``digested`` (digest -> row); None unless each is of snapshot
    ``snapshot_id`` and has its digest."""
    rowids = sorted(digested.values())
    rows = []
    for at in range(0, len(rowids), 500):
        chunk = rowids[at:at + 500]
        for values in db.execute(
                f"SELECT p.snapshot_id, {DIGESTED_P}, {PERMISSION_COLUMNS} "
                "FROM permissions p JOIN calendars c USING (snapshot_id, mailbox, "
                f"calendar_id) WHERE p.rowid IN ({', '.join('?' * len(chunk))})", chunk):
            if values[0] != snapshot_id or _digest(values[1:9]) not in digested:
                return None
            rows.append(permission_row(values[9:]))
    return rows if len(rows) == len(rowids) else None


def _differing(old: list[str], new: list[str], old_digests: Digests,
               new_digests: Digests) -> Iterator[tuple[int | None, int | None]]:
    """(old mailbox, new mailbox) of each mailbox whose permissions differ, by its
    number in each snapshot (None: not in that one), matched ignoring case."""
    if old == new:  # the same mailboxes, as between two syncs of one tenant
        for at, (was, now) in enumerate(zip(old_digests.mailboxes, new_digests.mailboxes,
                                            strict=True)):
            if was != now:
                yield at, at
        return
    new_at = {m.casefold(): at for at, m in enumerate(new)}
    old_at = {m.casefold(): at for at, m in enumerate(old)}
    for key, before in old_at.items():
        after = new_at.get(key)
        if after is None or old_digests.mailboxes[before] != new_digests.mailboxes[after]:
            yield before, after
    for key, after in new_at.items():
        if key not in old_at:
            yield None, after


DIGESTED_P = ", ".join(f"p.{column.strip()}" for column in DIGESTED.split(","))
