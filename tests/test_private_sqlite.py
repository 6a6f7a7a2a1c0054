"""Deputy's own SQLite files: the user's only, upgraded in place, and set aside when broken."""

from __future__ import annotations

import os
import sqlite3

from app.private_sqlite import close_private_sqlite, open_private_sqlite
from app.review.snapshot_store import SCHEMA_VERSION, SnapshotStore
from tests.platforms import readable_by_the_user_alone

SCHEMA = "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"


def test_a_new_file_is_the_users_only_and_an_older_one_is_made_so(tmp_path):
    path = tmp_path / "notes.db"
    db, notice = open_private_sqlite(path, SCHEMA, 1, what="The notes")
    db.execute("INSERT INTO notes (text) VALUES ('kept')")
    db.close()
    assert notice == ""
    assert readable_by_the_user_alone(path)
    path.chmod(0o644)
    db, notice = open_private_sqlite(path, SCHEMA, 1, what="The notes")
    assert readable_by_the_user_alone(path)
    assert db.execute("SELECT text FROM notes").fetchall() == [("kept",)]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_a_broken_file_is_set_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"not a database at all " * 200)
    (tmp_path / "notes.db-wal").write_bytes(b"stale")  # a writer's leftover, not replayed
    db, notice = open_private_sqlite(path, SCHEMA, 1, what="The notes file",
                                     advice="Nothing was lost that matters.")
    assert notice.startswith("The notes file could not be read, so Deputy moved it to "
                             "notes.db.broken-")
    assert notice.endswith("and started a new one. Nothing was lost that matters.")
    assert len(list(tmp_path.glob("notes.db.broken-*"))) == 1
    assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    db.close()


def test_a_file_as_deputy_left_it_is_not_read_whole_again_and_a_changed_one_is(tmp_path):
    """Damage that leaves the size, time and inode as Deputy left them is not looked
    for at opening (a 380 MB file took 0.6 s to read whole); any other change is."""
    path = tmp_path / "notes.db"
    db, _ = open_private_sqlite(path, SCHEMA, 1, what="The notes")
    db.executemany("INSERT INTO notes (text) VALUES (?)", [("x" * 200,)] * 2000)
    close_private_sqlite(db, path)
    as_left = path.stat()
    damaged = bytearray(path.read_bytes())
    damaged[50 * 4096:51 * 4096] = b"\xff" * 4096  # a page of the table, garbage
    path.write_bytes(bytes(damaged))
    os.utime(path, ns=(as_left.st_atime_ns, as_left.st_mtime_ns))  # as Deputy left it
    db, notice = open_private_sqlite(path, SCHEMA, 1, what="The notes")
    db.close()
    assert notice == ""  # not read whole: the damage shows when that page is read
    path.write_bytes(bytes(damaged))  # changed since: checked whole, and set aside
    db, notice = open_private_sqlite(path, SCHEMA, 1, what="The notes")
    db.close()
    assert notice.startswith("The notes could not be read, so Deputy moved it to ")


def test_the_upgrade_runs_for_an_older_version_only(tmp_path):
    path = tmp_path / "notes.db"
    seen: list[int] = []
    db, _ = open_private_sqlite(path, SCHEMA, 1, what="The notes",
                                upgrade=lambda _db, found: seen.append(found))
    db.close()
    assert seen == []  # a new file has the current schema already
    db, _ = open_private_sqlite(path, SCHEMA, 3, what="The notes",
                                upgrade=lambda _db, found: seen.append(found))
    assert seen == [1]
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    db.close()


def test_a_version_1_snapshot_file_gains_mailbox_names(tmp_path):
    path = tmp_path / "snapshots.db"
    old = sqlite3.connect(path)
    old.executescript("CREATE TABLE mailboxes (snapshot_id INTEGER NOT NULL, address TEXT NOT NULL,"
                      " delivery_option TEXT, problems TEXT NOT NULL DEFAULT '[]',"
                      " PRIMARY KEY (snapshot_id, address)); PRAGMA user_version = 1;")
    old.close()
    store = SnapshotStore(path)
    store.close()
    db = sqlite3.connect(path)
    columns = [row[1] for row in db.execute("PRAGMA table_info(mailboxes)")]
    assert "name" in columns
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
