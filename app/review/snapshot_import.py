"""Reading a snapshot file someone gave you, trusting nothing in it.

A ``.deputy`` file is an SQLite database, and SQLite runs what a database holds: a view
is a query that may never end (a recursive one hung the import), a trigger runs on a
write, a value may be of any type and any size. So before one row is read:

- The file must be a regular file (a named pipe would block the read for ever) of at
  most ``MAX_FILE_BYTES``.
- It is copied into a private temporary file beside the store (0600, in the user's own
  data folder), and only the copy is opened, read-only and ``immutable``. Opening the
  user's file itself, even read-only, lets SQLite create ``-wal`` and ``-shm`` files
  beside it (it does for a file whose header says WAL) or read a journal someone left
  there; the copy has neither, can't change between the checks and the reading, and
  is the one place the size limit is enforced while reading (a file that grows is cut
  off at the limit, not read to its end).
- Its schema must be the store's: only its tables, no view, trigger, index of its own
  or virtual table, no generated column, every column as the store declares it.
- ``PRAGMA integrity_check`` must pass, and every value must be what Deputy writes
  (``app.review.snapshot_rows``).
- Every query runs under a progress handler that stops it after ``CHECK_SECONDS``
  (the whole import shares that budget), and SQLite refuses any value longer than
  ``LONGEST_VALUE``, so neither time nor memory depends on what the file says.

A refusal is a ``ValueError`` whose text is one sentence for the user: what was wrong
and what to do.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sqlite3
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.private_files import kind_words
from app.review.snapshot_rows import (
    LONGEST_VALUE,
    TABLES,
    BadValueError,
    bad_row_words,
    check_head,
    first_bad_row_query,
    shown,
)
from app.review.snapshot_schema import (
    EXPORT_APPLICATION_ID,
    EXPORT_FORMAT,
    EXPORT_INFO,
    SCHEMA,
    SNAPSHOT_COLUMNS,
    SNAPSHOT_DEFAULTS,
    TABLE_COLUMNS,
)

log = logging.getLogger(__name__)

# A 100,000-mailbox snapshot weighs about 300 MB (issue 20's table: 3 KB a mailbox), the
# largest tenants Deputy is built for; about three times that leaves room for busier
# sharing, and a bigger file is refused before it is read.
MAX_FILE_BYTES = 1_000_000_000
# A 291 MB, 100,000-mailbox snapshot is checked in 2 s and imported in 23 s on a 2-core
# machine (``python -m bench.imports``); a file that takes five times as long is doing
# something Deputy's files don't.
CHECK_SECONDS = 120.0
_PROGRESS_STEPS = 1_000  # SQLite instructions between looks at the clock: some 20 µs
_COPY_CHUNK = 1_024 * 1_024
_SQLITE_HEADER = b"SQLite format 3\x00"
_OPTIONAL_TABLES = frozenset({"imports"})  # written empty by every export; never read


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB"


def _changed(path: Path, words: str) -> ValueError:
    log.info("Snapshot file %s refused: %s", path, words)
    return ValueError(f"{path.name} was not made by Deputy's Export, or it was changed "
                      f"since: {words}; ask whoever sent it to export the snapshot again.")


def damaged(path: Path, cause: object) -> ValueError:
    log.info("Snapshot file %s refused as damaged: %s", path, cause)
    return ValueError(f"{path.name} is damaged, so Deputy can't import it. Export the "
                      "snapshot again and copy the new file.")


def _copy_checked(path: Path, scratch: Path) -> None:
    """Copy ``path`` into ``scratch`` if it is a regular Deputy snapshot file of at most
    ``MAX_FILE_BYTES``; raises ValueError with the sentence otherwise."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer.
        source = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                         | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ValueError(f"Deputy can't read {path.name}: {exc.strerror}.") from exc
    found = os.fstat(source)
    if not stat.S_ISREG(found.st_mode):
        os.close(source)
        raise ValueError(f"{path.name} is {kind_words(found.st_mode)}, not a snapshot "
                         "file: choose the .deputy file that was exported.")
    with os.fdopen(source, "rb") as file:
        if found.st_size > MAX_FILE_BYTES:
            raise _too_big(path, found.st_size)
        header = file.read(100)
        # SQLite keeps the application_id at offset 68 of its header: other SQLite
        # files are refused before SQLite even opens them.
        if (len(header) < 100 or not header.startswith(_SQLITE_HEADER)
                or int.from_bytes(header[68:72], "big") != EXPORT_APPLICATION_ID):
            raise ValueError(f"{path.name} is not a Deputy snapshot file.")
        copied = len(header)
        with scratch.open("wb") as out:
            out.write(header)
            while chunk := file.read(_COPY_CHUNK):
                copied += len(chunk)
                if copied > MAX_FILE_BYTES:  # it grew while being read
                    raise _too_big(path, copied)
                out.write(chunk)


def _too_big(path: Path, size: int) -> ValueError:
    log.info("Snapshot file %s refused: %s bytes", path, size)
    return ValueError(f"{path.name} is larger than any snapshot Deputy exports "
                      f"({_megabytes(size)}; at most {_megabytes(MAX_FILE_BYTES)}), so it "
                      "was not imported: check that it is the .deputy file that was exported.")


def _shapes(db: sqlite3.Connection, table: str) -> dict[str, tuple[Any, ...]]:
    """Each column of ``table``: (type, not null, default, primary key, hidden)."""
    return {row[1]: (row[2].upper(), row[3], row[4], row[5], row[6])
            for row in db.execute(f'PRAGMA table_xinfo("{table}")')}


@functools.cache
def _expected_shapes() -> dict[str, dict[str, tuple[Any, ...]]]:
    reference = sqlite3.connect(":memory:")
    try:
        reference.executescript(SCHEMA + EXPORT_INFO)
        names = [row[0] for row in reference.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: _shapes(reference, name) for name in names}
    finally:
        reference.close()


class ExportFile:
    """A checked snapshot file, open read-only: its snapshot row, and its other rows.

    Attributes:
        head: the snapshot's row, in ``SNAPSHOT_COLUMNS`` order, every value checked.
    """

    def __init__(self, path: Path, db: sqlite3.Connection, seconds: float) -> None:
        self.path, self._db, self._seconds = path, db, seconds
        self._deadline = time.monotonic() + seconds
        db.set_progress_handler(self._past_deadline, _PROGRESS_STEPS)
        self._snapshot_id = 0
        self.head: tuple[Any, ...] = ()

    def _past_deadline(self) -> int:
        return int(time.monotonic() > self._deadline)

    @contextmanager
    def refusing(self) -> Iterator[None]:
        """SQLite's errors reading the file, as the sentence for the user."""
        try:
            yield
        except sqlite3.Error as exc:
            if self._past_deadline():
                raise _changed(self.path, f"checking it took more than {self._seconds:.0f} "
                                          "seconds") from exc
            raise damaged(self.path, exc) from exc

    def check(self) -> None:
        """Everything but the rows' values: what the file holds, its format, its
        integrity, its one snapshot row. Raises ValueError."""
        with self.refusing():
            self._check_objects()
            # export_info first: a newer Deputy's file says so, whatever else it holds
            self._check_tables(["export_info"])
            self._check_format()
            self._check_tables([t for t in _expected_shapes() if t != "export_info"])
            if self._db.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":
                raise damaged(self.path, "integrity_check failed")
            self._read_head()
            for table in TABLES:
                found = self._db.execute(first_bad_row_query(table),
                                         (self._snapshot_id,)).fetchone()
                if found is not None:
                    raise _changed(self.path, bad_row_words(table, found))

    def _check_objects(self) -> None:
        expected = _expected_shapes()
        tables = set()
        for kind, name, table, sql in self._db.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master"):
            autoindex = (kind == "index" and sql is None
                         and str(name).startswith(f"sqlite_autoindex_{table}_"))
            plain_table = (kind == "table" and name in expected
                           and str(sql).upper().startswith("CREATE TABLE"))
            if not (autoindex or plain_table):
                what = {"table": "a table", "index": "an index", "view": "a view",
                        "trigger": "a trigger"}.get(str(kind), "an object")
                raise _changed(self.path, f"it holds {what} Deputy doesn't write, "
                                          f"{shown(str(name))}")
            tables.add(name)
        missing = sorted(set(expected) - _OPTIONAL_TABLES - tables)
        if missing:
            raise _changed(self.path, f"it has no table {shown(missing[0])}")

    def _check_format(self) -> None:
        info = dict(self._db.execute("SELECT key, value FROM export_info LIMIT 100"))
        text = info.get("format")
        found = int(text) if isinstance(text, str) and text.isdigit() and len(text) < 6 else 0
        if found > EXPORT_FORMAT:
            raise ValueError(f"{self.path.name} was written by a newer Deputy (snapshot "
                             f"format {found}; this Deputy reads {EXPORT_FORMAT}). Update "
                             "Deputy to import it.")
        if found < 1:
            raise _changed(self.path, "it says no format")

    def _check_tables(self, tables: list[str]) -> None:
        for table in tables:
            if table in _OPTIONAL_TABLES:
                continue
            columns = _expected_shapes()[table]
            found = _shapes(self._db, table)
            wanted = {name: shape for name, shape in columns.items()
                      if table != "snapshots" or name not in SNAPSHOT_DEFAULTS
                      or name in found}  # an older Deputy's file lacks these
            if found != wanted:
                odd = sorted(set(found) ^ set(wanted)) or sorted(
                    name for name in wanted if found[name] != wanted[name])
                raise _changed(self.path, f"the column {shown(odd[0])} of the table "
                                          f"{shown(table)} is not as Deputy makes it")

    def _read_head(self) -> None:
        present = set(_shapes(self._db, "snapshots"))
        selected = ", ".join(c if c in present else f"'{SNAPSHOT_DEFAULTS[c]}'"
                             for c in SNAPSHOT_COLUMNS)
        heads = self._db.execute(f"SELECT id, {selected} FROM snapshots LIMIT 2").fetchall()
        if len(heads) != 1:
            raise _changed(self.path, "it holds no snapshot" if not heads
                           else "it holds more than one snapshot")
        try:
            check_head(heads[0][1:])
        except BadValueError as exc:
            raise _changed(self.path, str(exc)) from exc
        self._snapshot_id, self.head = heads[0][0], heads[0][1:]

    def rows(self, table: str) -> Iterator[tuple[Any, ...]]:
        """The snapshot's rows of ``table``, in ``TABLE_COLUMNS`` order (checked by
        ``check``); SQLite's errors reading them raise the sentence for the user."""
        with self.refusing():
            yield from self._db.execute(
                f"SELECT {', '.join(TABLE_COLUMNS[table])} FROM {table} "
                "WHERE snapshot_id = ?", (self._snapshot_id,))


@contextmanager
def opened_export(path: Path, scratch_folder: Path, *,
                  seconds: float = CHECK_SECONDS) -> Iterator[ExportFile]:
    """``path`` checked (``ExportFile.check``), from a private copy in ``scratch_folder``
    that is removed afterwards. Raises ValueError with the sentence for the user."""
    handle, name = tempfile.mkstemp(dir=scratch_folder, prefix=".import-", suffix=".tmp")
    os.close(handle)
    scratch = Path(name)
    try:
        _copy_checked(path, scratch)
        try:
            db = sqlite3.connect(f"{scratch.resolve().as_uri()}?mode=ro&immutable=1",
                                 uri=True, check_same_thread=False)
        except sqlite3.DatabaseError as exc:
            raise damaged(path, exc) from exc
        try:
            db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LONGEST_VALUE)
            db.execute("PRAGMA trusted_schema = OFF")
            db.execute("PRAGMA cell_size_check = ON")
            export = ExportFile(path, db, seconds)
            export.check()
            yield export
        finally:
            db.close()
    finally:
        with contextlib.suppress(OSError):
            scratch.unlink()
