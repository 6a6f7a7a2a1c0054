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

import json
import logging
import sqlite3
import sys
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, overload

from app.review.cells import Cells
from app.review.findings import Finding, Rule
from app.review.matrix import Matrix
from app.review.people import Person, person_of
from app.review.snapshot_store import PermissionRow

log = logging.getLogger(__name__)

FORMAT = 1
TABLE = """CREATE TABLE IF NOT EXISTS review_index (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    part TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (snapshot_id, part)
)"""
WRITE_WAIT_S = 0.5  # a sync holding the file: keep the index next time, don't wait
RULES = list(Rule)
# The findings' rows, a JSON list per field (PermissionRow's, in order).
ROW_FIELDS = PermissionRow._fields


def _machine() -> list[object]:
    return [FORMAT, array("l").itemsize, sys.byteorder]


class StoredFindings(Sequence[Finding]):
    """The findings, in ``find``'s order, each made when asked for from columns of
    values: 134,000 findings of a 100,000-mailbox snapshot are a few arrays, not
    400,000 objects, until someone reads them all (the findings table, a report)."""

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
        return self._every()[at]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._every())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self._every() == list(other)

    __hash__ = None  # type: ignore[assignment]  # a sequence, compared by its items

    def counts(self) -> Counter[Rule]:
        """How many findings each rule has, without making them."""
        return Counter({RULES[number]: count
                        for number, count in Counter(self._rules).items()})


def rule_counts(findings: Sequence[Finding]) -> Counter[Rule]:
    """How many findings each rule has (read from the numbers where they are kept)."""
    if isinstance(findings, StoredFindings):
        return findings.counts()
    return Counter(f.rule for f in findings)


class Stored:
    """What ``SnapshotData`` is made of, read back from the index."""

    def __init__(self, mailboxes: dict[str, list[str]], delivery: dict[str, str | None],
                 names: dict[str, str], matrix: Matrix, findings: StoredFindings) -> None:
        self.mailboxes, self.delivery, self.names = mailboxes, delivery, names
        self.matrix, self.findings = matrix, findings


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
    rows: dict[tuple[object, ...], int] = {}
    row_of = array("l", (rows.setdefault(tuple(f.row), len(rows)) for f in findings))
    numbers = {f"cells.{name}": values for name, values in matrix.cells.numbers().items()}
    numbers["label_rank"] = matrix.label_rank
    numbers["findings.row"] = row_of
    calendars, roles = matrix.cells.names
    options = sorted(set(delivery.values()), key=str)
    # The matrix's names are the mailboxes' own, but for those a permission named.
    named = {m: name for m, name in names.items() if name}
    head = {
        "machine": _machine(),
        "mailboxes": addresses,
        "problems": {m: problems for m, problems in mailboxes.items() if problems},
        "names": [names.get(m) for m in addresses],
        "delivery_options": options,
        "other_names": {m: matrix.names.get(m) for m in {*named, *matrix.names}
                        if matrix.names.get(m) != named.get(m)},
        "people": [[p.key, p.name, p.address, p.inside] for p in matrix.people],
        "cells": [matrix.cells.rows, matrix.cells.columns, calendars, roles],
    }
    number_of = {option: at for at, option in enumerate(options)}
    delivered = bytes(number_of[delivery[m]] if m in delivery else 255 for m in addresses)
    order = {rule: number for number, rule in enumerate(RULES)}
    parts: dict[str, bytes] = {
        "findings.rules": bytes(order[f.rule] for f in findings),
        "delivery": delivered,
        "findings.fields": json.dumps(
            dict(zip(ROW_FIELDS, zip(*rows, strict=True), strict=True)) if rows
            else {field: [] for field in ROW_FIELDS}).encode(),
        **{name: values.tobytes() if isinstance(values, array) else bytes(values)
           for name, values in numbers.items()},
        "head": json.dumps(head).encode(),  # last: read first, it says the rest is there
    }
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=WRITE_WAIT_S)
    except sqlite3.Error as exc:
        log.info("The review of snapshot %s is not kept: %s", snapshot_id, exc)
        return False
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN IMMEDIATE")
        db.execute(TABLE)
        db.execute("DELETE FROM review_index WHERE snapshot_id = ?", (snapshot_id,))
        db.executemany("INSERT INTO review_index VALUES (?, ?, ?)",
                       [(snapshot_id, part, data) for part, data in parts.items()])
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        log.info("The review of snapshot %s is not kept: %s", snapshot_id, exc)
        if db.in_transaction:
            db.execute("ROLLBACK")
        return False
    finally:
        db.close()
    log.info("Kept the review of snapshot %s", snapshot_id)
    return True


def read(path: Path, snapshot_id: int) -> Stored | None:
    """Snapshot ``snapshot_id``'s review as ``write`` kept it in the file at ``path``;
    None when it was not kept, or kept by a Deputy that writes it otherwise."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                         timeout=WRITE_WAIT_S)
    try:
        return _read(db, snapshot_id)
    finally:
        db.close()


def _read(db: sqlite3.Connection, snapshot_id: int) -> Stored | None:
    try:
        found = db.execute("SELECT data FROM review_index WHERE snapshot_id = ? AND "
                           "part = 'head'", (snapshot_id,)).fetchone()
    except sqlite3.OperationalError:  # no such table: a file no review has opened yet
        return None
    if found is None:
        return None
    head = json.loads(found[0])
    if head.get("machine") != _machine():
        return None
    parts = dict(db.execute("SELECT part, data FROM review_index WHERE snapshot_id = ? "
                            "AND part != 'head'", (snapshot_id,)))

    def numbers(name: str) -> array[int]:
        values = array("l")
        values.frombytes(parts.pop(name))
        return values

    rows, columns, calendars, roles = head["cells"]
    cells = Cells.from_numbers(rows, columns, {
        name: bytearray(parts.pop(f"cells.{name}")) if name in ("marks", "is_default")
        else numbers(f"cells.{name}")
        for name in ("row_start", "column", "best", "marks", "grant_start", "calendar",
                     "role", "is_default", "cell_row", "column_start", "by_column")},
        calendars, roles)
    addresses = head["mailboxes"]
    names = {m: name for m, name in zip(addresses, head["names"], strict=True)
             if name is not None}
    matrix_names = {m: name for m, name in names.items() if name}
    for mailbox, name in head["other_names"].items():
        if name is None:
            del matrix_names[mailbox]
        else:
            matrix_names[mailbox] = name
    matrix = Matrix(addresses, [Person(*p) for p in head["people"]], cells, matrix_names)
    matrix.__dict__["label_rank"] = numbers("label_rank")  # the cached property, kept
    problems = head["problems"]
    options = head["delivery_options"]
    delivery = {m: options[number] for m, number in zip(addresses, parts.pop("delivery"),
                                                        strict=True) if number != 255}
    fields = json.loads(parts.pop("findings.fields"))
    findings = StoredFindings(parts.pop("findings.rules"), fields, numbers("findings.row"))
    return Stored({m: problems.get(m, []) for m in addresses}, delivery, names, matrix,
                  findings)
