"""A snapshot's review kept in its file reads back as it was worked out.

Real syncs of the Contoso tenant (custom and unknown roles, entries with no address,
people outside, a mailbox that could not be read) and of a generated tenant of a few
hundred mailboxes; the first reading works the review out from the rows and keeps it,
the next reads it back, and both are compared with a reading of every row.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from app.graph.emulator import EmulatorServer
from app.review import import_cli, snapshot_index
from app.review import sync as sync_cli
from app.review.changes import Kind
from app.review.data import SnapshotData
from app.review.snapshot_index import rule_counts
from app.review.snapshot_store import RUNNING, SnapshotStore
from tests.test_report import synced_before_and_after
from tests.test_snapshots import sync_all


@pytest.fixture(scope="module", params=["contoso", "scale:300"])
def synced(request, tmp_path_factory):
    """A file holding one finished snapshot, never opened by a review yet."""
    path = tmp_path_factory.mktemp("store") / "snapshots.db"
    store = SnapshotStore(path)
    with EmulatorServer(request.param) as server:
        snapshot_id, _retried = sync_all(server, store)
    store.close()
    return path, snapshot_id


@pytest.fixture
def store(synced, tmp_path):
    """A copy of the synced file, open: each test starts from a file with no index."""
    path, _ = synced
    copy = tmp_path / "snapshots.db"
    shutil.copyfile(path, copy)
    opened = SnapshotStore(copy)
    yield opened
    opened.close()


def read_lazily(store: SnapshotStore, snapshot_id: int) -> SnapshotData:
    snapshot = store.snapshot(snapshot_id)
    assert snapshot is not None
    return SnapshotData.read(store, snapshot, lazy=True)


def test_the_first_reading_keeps_the_review_and_the_next_reads_it_back(synced, store):
    _, snapshot_id = synced
    assert snapshot_index.read(store.path, snapshot_id) is None  # a file of before
    first = read_lazily(store, snapshot_id)
    assert snapshot_index.read(store.path, snapshot_id) is not None
    again = read_lazily(store, snapshot_id)
    whole = SnapshotData.read(store, first.snapshot)
    for data in (first, again):
        assert data.mailboxes == whole.mailboxes
        assert data.unreadable == whole.unreadable
        assert data.delivery == whole.delivery
        assert data.names == whole.names
        assert data.matrix.mailboxes == whole.matrix.mailboxes
        assert data.matrix.people == whole.matrix.people
        assert data.matrix.names == whole.matrix.names
        assert dict(data.matrix.cells.items()) == dict(whole.matrix.cells.items())
        assert list(data.matrix.label_rank) == list(whole.matrix.label_rank)
        assert data.matrix.executive_rows == whole.matrix.executive_rows
        assert [(f.rule, f.row, f.person) for f in data.findings] == [
            (f.rule, f.row, f.person) for f in whole.findings]
        assert rule_counts(data.findings) == rule_counts(list(whole.findings))
        assert data.rows == whole.rows  # asked for, read from the rows
    assert len(again.findings) == len(whole.findings) > 0
    assert again.findings[-1] == whole.findings[-1]
    assert again.findings[1:3] == whole.findings[1:3]
    column = len(whole.matrix.people) - 1
    assert again.matrix.cells.rank_by_row(column) == whole.matrix.cells.rank_by_row(column)


def test_kept_findings_make_one_finding_or_each_one_s_parts_alone(synced, store):
    """The findings table reads each finding's rule and row, and the rows it shows,
    without making every finding first (670,000 objects at 100,000 mailboxes)."""
    _, snapshot_id = synced
    read_lazily(store, snapshot_id)  # works the review out and keeps it
    data = read_lazily(store, snapshot_id)
    kept, whole = data.findings, SnapshotData.read(store, data.snapshot).findings
    assert len(kept) == len(whole) > 0
    assert kept[-1] == whole[-1] and kept[0] == whole[0]
    assert list(kept.parts()) == [(f.rule, f.row) for f in whole]
    assert kept._made is None  # none of it made them all
    with pytest.raises(IndexError):
        kept[len(whole)]
    assert list(kept) == list(whole)
    assert list(kept.parts()) == [(f.rule, f.row) for f in whole]  # from those made


def test_a_review_kept_by_another_deputy_is_worked_out_again(synced, store):
    _, snapshot_id = synced
    read_lazily(store, snapshot_id)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE review_index SET data = ? WHERE part = 'head'",
                   (b'{"machine": [99, 8, "little"]}',))
    assert snapshot_index.read(store.path, snapshot_id) is None
    data = read_lazily(store, snapshot_id)
    assert data.findings and data.matrix.people
    assert snapshot_index.read(store.path, snapshot_id) is not None  # kept anew


def test_a_running_snapshot_is_not_kept(synced, store):
    _, snapshot_id = synced
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE snapshots SET status = ? WHERE id = ?", (RUNNING, snapshot_id))
    data = read_lazily(store, snapshot_id)
    assert data.matrix.mailboxes
    assert snapshot_index.read(store.path, snapshot_id) is None


def test_a_file_busy_with_a_sync_is_read_and_its_review_kept_next_time(synced, store):
    _, snapshot_id = synced
    writer = sqlite3.connect(store.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # as a sync in another process, mid-batch
    try:
        data = read_lazily(store, snapshot_id)
        assert data.matrix.mailboxes and data.findings
        assert snapshot_index.read(store.path, snapshot_id) is None
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    read_lazily(store, snapshot_id)
    assert snapshot_index.read(store.path, snapshot_id) is not None


def test_a_deleted_snapshot_takes_its_review_along(synced, store):
    _, snapshot_id = synced
    read_lazily(store, snapshot_id)
    with sqlite3.connect(store.path) as db:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("DELETE FROM snapshots WHERE id = ?", (snapshot_id,))
        assert db.execute("SELECT COUNT(*) FROM review_index").fetchone() == (0,)


def test_a_comparison_from_the_digests_kept_is_that_of_every_row(tmp_path):
    store = SnapshotStore(tmp_path / "snapshots.db")
    first, second = synced_before_and_after(store)
    try:
        with sqlite3.connect(store.path) as db:  # a mailbox the newer one did not read
            for table, column in (("permissions", "mailbox"), ("calendars", "mailbox"),
                                  ("mailboxes", "address")):
                db.execute(f"DELETE FROM {table} WHERE snapshot_id = ? AND {column} = "
                           "'AlexW@contoso.com'", (second,))
        older, newer = read_lazily(store, first), read_lazily(store, second)  # kept now
        older, newer = read_lazily(store, first), read_lazily(store, second)
        assert older._kept is not None and newer._kept is not None
        digested = snapshot_index.unmatched(store.path, older._kept, newer._kept, first,
                                            second)
        assert digested is not None
        assert (sorted(digested[0]), sorted(digested[1])) == (
            sorted(store.unmatched(first, second)), sorted(store.unmatched(second, first)))
        whole = SnapshotData.read(store, newer.snapshot).compare_with(
            SnapshotData.read(store, older.snapshot))
        assert newer.compare_with(older) == whole
        assert {c.kind for c in whole.changes} == {Kind.ADDED, Kind.REMOVED, Kind.CHANGED}
        assert whole.not_compared == ["AlexW@contoso.com"]

        # A row digested no longer there (the file rewritten since): SQLite is asked.
        with sqlite3.connect(store.path) as db:
            db.execute("DELETE FROM permissions WHERE snapshot_id = ? AND person_address "
                       "= 'evil@adatum.example'", (second,))
        assert snapshot_index.unmatched(store.path, older._kept, newer._kept, first,
                                        second) is None
        without = SnapshotData.read(store, newer.snapshot).compare_with(
            SnapshotData.read(store, older.snapshot))
        assert newer.compare_with(older) == without != whole
    finally:
        store.close()


def test_deputy_sync_and_deputy_import_keep_the_review_of_what_they_stored(tmp_path):
    assert sync_cli.main(["--demo", "--as-admin", "--all"]) == 0
    path = sync_cli.snapshot_file()
    store = SnapshotStore(path)
    try:
        synced = store.latest()
        assert synced is not None
        assert snapshot_index.read(path, synced.id) is not None
        store.export_snapshot(synced.id, tmp_path / "contoso.deputy")
    finally:
        store.close()
    assert import_cli.run(tmp_path / "contoso.deputy").startswith("Imported contoso.deputy "
                                                                  f"as snapshot {synced.id + 1} ")
    assert snapshot_index.read(path, synced.id + 1) is not None
