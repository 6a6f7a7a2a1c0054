"""Opening one of Deputy's own SQLite files: the user's only, checked, and never a dead end.

The snapshot store and the change journal both keep their data this way. The file is
created readable and writable by the user only (and put back to that if an older
Deputy or a copy loosened it), runs in WAL mode so readers never wait for a writer,
and is checked before use. A file SQLite can't read is moved aside and a new one is
started: Deputy still starts, and says what it did. (Closing the failed connection
lets SQLite fold or drop the broken file's WAL, so none is left for the new file.)

A file is checked whole once (``PRAGMA quick_check`` reads every page: 0.6 s for the
380 MB of a 100,000-mailbox tenant's snapshots), then not again while it is as it was
left: its size, modification time and inode (and its WAL's, if it holds anything)
are recorded beside it (``<file>.checked``) after a check, and when Deputy closes it
having written through SQLite. A file changed any other way (replaced, truncated,
copied over) differs and is checked again. Damage that changes none of these (bits
rotting on the disk in place) shows only when SQLite reads the damaged page: then
that read fails with a message, as it would have after the check.

Busy is not broken: opening a file of the current version writes nothing, so a sync
writing in another process never stops it (WAL readers don't wait for writers), and a
file locked longer than Deputy waits (to create or upgrade it) raises ``StoreBusy``
with a sentence; it is never set aside.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from app.private_files import keep_private, replacing
from app.problems import Said

log = logging.getLogger(__name__)

# (connection, the user_version the file had before) -> None; runs after the schema script.
Upgrade = Callable[[sqlite3.Connection, int], None]
# How long opening waits for another process's write lock before saying it is busy.
BUSY_WAIT_S = 10.0


class StoreBusy(sqlite3.OperationalError, Said):
    """Another process holds the file's write lock: the file is fine, try again later."""


def _busy(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def open_private_sqlite(path: Path, schema: str, version: int, *, what: str, advice: str = "",
                        upgrade: Upgrade | None = None) -> tuple[sqlite3.Connection, str]:
    """Open (or create) ``path`` with ``schema`` at ``version``; returns (connection, notice).

    ``notice`` is "" or a sentence for the user saying the file could not be read and was
    moved aside; ``what`` names the file in it ("The snapshot file") and ``advice`` ends
    it ("Sync again to review permissions offline."). ``upgrade(db, old_version)`` adds
    what the schema script can't (a column to an existing table). The connection runs
    in autocommit mode and may be used from any thread: callers serialise its use.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open(path, schema, version, upgrade), ""
    except sqlite3.DatabaseError as exc:
        if _busy(exc):
            log.warning("%s %s is busy: %s", what, path, exc)
            raise StoreBusy(f"{what} is being written by another Deputy (a sync, or another "
                            "window). Try again when it has finished.") from exc
        aside = path.with_name(f"{path.name}.broken-{datetime.now():%Y%m%d-%H%M%S}")
        path.replace(aside)
        log.warning("%s %s unreadable (%s); moved to %s", what, path, exc, aside)
        notice = (f"{what} could not be read, so Deputy moved it to {aside.name} and "
                  f"started a new one.")
        return _open(path, schema, version, upgrade), f"{notice} {advice}".strip()


def _open(path: Path, schema: str, version: int, upgrade: Upgrade | None) -> sqlite3.Connection:
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    keep_private(path)  # the user's only, also when an older Deputy made it
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                         timeout=BUSY_WAIT_S)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        if not _known_good(path) and db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
        found = db.execute("PRAGMA user_version").fetchone()[0]
        if found != version:  # new or older: the only opening that writes
            db.executescript(schema)
            if upgrade is not None and 0 < found < version:
                upgrade(db, found)
            db.execute(f"PRAGMA user_version = {int(version)}")
    except sqlite3.DatabaseError:
        db.close()
        raise
    _remember_good(path)
    return db


def close_private_sqlite(db: sqlite3.Connection, path: Path) -> None:
    """Close ``db``, a connection to ``path`` that ``open_private_sqlite`` opened: the
    file as it is left now needs no check at its next opening."""
    db.close()
    _remember_good(path)


def _checked_record(path: Path) -> Path:
    return path.with_name(f"{path.name}.checked")


def _state(path: Path) -> list[list[int]]:
    """What any write changes: the file's size, modification time and inode, and its
    WAL's while that holds anything (an empty one is made and removed by readers)."""
    found = path.stat()
    state = [[found.st_size, found.st_mtime_ns, found.st_ino]]
    try:
        wal = path.with_name(f"{path.name}-wal").stat()
    except FileNotFoundError:
        return state
    return state + ([[wal.st_size, wal.st_mtime_ns, wal.st_ino]] if wal.st_size else [])


def _known_good(path: Path) -> bool:
    """Checked, and as it was then."""
    try:
        return bool(json.loads(_checked_record(path).read_text()) == _state(path))
    except (OSError, ValueError):
        return False


def _remember_good(path: Path) -> None:
    try:
        with replacing(_checked_record(path)) as record:
            json.dump(_state(path), record)
    except OSError as exc:  # a folder read-only, say: checked again next time
        log.debug("Could not record %s as checked: %s", path, exc)

