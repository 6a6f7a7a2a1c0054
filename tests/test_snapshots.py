"""Snapshots: a sync into SQLite that survives faults, and a store that survives damage."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import replace

import pytest

from app.graph.emulator import EmulatorServer
from app.graph.emulator.quirks import ENVIRONMENT_VARIABLE, Quirks
from app.graph.http import GraphClient, RetryPolicy
from app.review.snapshot_store import COMPLETE, PARTIAL, RUNNING, SnapshotStore
from app.review.sync import SyncScope, run_sync
from tests.graph.client.conftest import RecordedSleep, demo_tokens, set_faults
from tests.odd_shapes import UNREACHABLE
from tests.platforms import readable_by_the_user_alone


def admin_client(base_url: str) -> GraphClient:
    return GraphClient(base_url, demo_tokens(base_url, None), sleep=RecordedSleep(),
                       retry=RetryPolicy(attempts=12))


def sync_all(server, store: SnapshotStore) -> tuple[int, int]:
    """A sync of every mailbox: the snapshot's id, and how many requests were retried."""
    client = admin_client(server.base_url)
    try:
        users = client.get_all("/users", scopes=["User.Read.All"],
                               params={"$select": "userPrincipalName,displayName",
                                       "$top": "100"})
        scope = SyncScope("scale", "Administrator (app-only)", "all mailboxes",
                          [u["userPrincipalName"] for u in users],
                          {u["userPrincipalName"]: u["displayName"] for u in users})
        return run_sync(client, store, scope), client.stats.retries
    finally:
        client.close()


def content(store: SnapshotStore, snapshot_id: int):
    return (sorted(store.permissions(snapshot_id), key=repr),
            store.delivery_options(snapshot_id), store.problems(snapshot_id))


@pytest.fixture(scope="module")
def scale_server():
    with EmulatorServer("scale:300:7") as server:
        yield server


def test_a_sync_with_faults_stores_exactly_what_a_clean_sync_stores(scale_server, tmp_path):
    store = SnapshotStore(tmp_path / "snapshots.db")
    clean, _ = sync_all(scale_server, store)
    set_faults(scale_server, fail_rate=0.2, fail_with=[429, 503, "reset", "timeout"],
               random_seed=11, retry_after=0, hang_seconds=0.2)
    try:
        faulty, retried = sync_all(scale_server, store)
    finally:
        set_faults(scale_server)
    snapshots = {s.id: s for s in store.snapshots()}
    assert snapshots[clean].status == snapshots[faulty].status == COMPLETE
    assert snapshots[clean].mailboxes_stored == 300
    assert retried >= 5  # the faults did happen (about one in five of some 60 batches)
    assert content(store, faulty) == content(store, clean)
    assert len(store.permissions(clean)) > 300


def test_the_snapshot_file_is_the_users_only_and_a_broken_one_is_set_aside(tmp_path):
    path = tmp_path / "snapshots.db"
    store = SnapshotStore(path)
    first = store.begin(tenant="t", identity="me", scope="all", planned=1)
    store.close()
    assert readable_by_the_user_alone(path)
    path.write_bytes(b"this is not a database" * 100)
    store = SnapshotStore(path)
    assert "moved it to snapshots.db.broken-" in store.notice
    assert store.snapshots() == []
    assert store.begin(tenant="t", identity="me", scope="all", planned=1) == first
    assert [p.name for p in tmp_path.glob("snapshots.db.broken-*")]
    store.close()


def test_an_unfinished_snapshot_stays_marked_running(tmp_path):
    store = SnapshotStore(tmp_path / "snapshots.db")
    done = store.begin(tenant="t", identity="me", scope="all", planned=0)
    store.finish(done, PARTIAL)
    store.begin(tenant="t", identity="me", scope="all", planned=3)
    assert [s.status for s in store.snapshots()] == [RUNNING, PARTIAL]
    assert store.latest(complete_only=True) is None


def test_deputy_sync_from_the_command_line(tmp_path):
    # Every mailbox readable (those Graph can't open: tests/test_sync.py).
    env = {**os.environ, "DEPUTY_HOME": str(tmp_path / "home"),
           ENVIRONMENT_VARIABLE: Quirks.from_environment().without(*UNREACHABLE).describe()}
    result = subprocess.run([sys.executable, "-m", "app", "sync", "--demo", "--as-admin",
                             "--all"], capture_output=True, text=True, timeout=120,
                            env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Snapshot 1: complete, 6 mailboxes."
    refused = subprocess.run([sys.executable, "-m", "app", "sync", "--as-admin"],
                             capture_output=True, text=True, timeout=60, env=env, check=False)
    assert refused.returncode == 2 and "--demo" in refused.stderr


def test_a_running_snapshot_reads_running_while_its_sync_lives_and_interrupted_after(tmp_path):
    path = tmp_path / "snapshots.db"
    writer = SnapshotStore(path)
    snapshot_id = writer.begin(tenant="t", identity="me", scope="all", planned=3)
    reader = SnapshotStore(path)  # the review, beside the sync
    assert reader.snapshot(snapshot_id).state_words == "running"
    assert reader.snapshot(snapshot_id).live
    writer.abandon(snapshot_id)  # the sync stopped on an error (a kill: tests/test_sync.py)
    snapshot = reader.snapshot(snapshot_id)
    assert (snapshot.status, snapshot.state_words, snapshot.interrupted) == (
        RUNNING, "interrupted", True)
    finished = writer.begin(tenant="t", identity="me", scope="all", planned=0)
    writer.finish(finished, PARTIAL)
    assert reader.snapshot(finished).state_words == "partial"
    assert not list(tmp_path.glob("*.lock"))
    writer.close()
    reader.close()


# ---------------------------------------------------------------------- one snapshot, one file

@pytest.fixture
def exported(scale_server, tmp_path):
    """(store, snapshot id, the file it was exported to)."""
    store = SnapshotStore(tmp_path / "snapshots.db")
    snapshot_id, _ = sync_all(scale_server, store)
    (tmp_path / "usb").mkdir()
    path = tmp_path / "usb" / "audit.deputy-snapshot"
    store.export_snapshot(snapshot_id, path)
    yield store, snapshot_id, path
    store.close()


def test_a_snapshot_exported_to_one_file_imports_whole_on_another_workstation(
        exported, tmp_path):
    store, snapshot_id, path = exported
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    assert readable_by_the_user_alone(path)
    elsewhere = SnapshotStore(tmp_path / "elsewhere" / "snapshots.db")
    imported_id = elsewhere.import_snapshot(path)
    original, imported = store.snapshot(snapshot_id), elsewhere.snapshot(imported_id)
    assert replace(imported, id=original.id, imported_at=None) == original
    assert imported.imported and not original.imported and imported.imported_at
    assert imported.state_words == "complete"
    assert content(elsewhere, imported_id) == content(store, snapshot_id)
    assert len(elsewhere.permissions(imported_id)) > 300
    assert elsewhere.mailbox_names(imported_id) == store.mailbox_names(snapshot_id)
    again = elsewhere.import_snapshot(path)  # a second copy is a second snapshot
    assert again != imported_id and content(elsewhere, again) == content(store, snapshot_id)
    elsewhere.close()


def test_neither_the_snapshot_file_nor_an_export_holds_a_token(exported):
    store, _, path = exported
    for data in (path.read_bytes(), store.path.read_bytes()):
        assert b"eyJ" not in data and b"Bearer" not in data


def test_import_refuses_junk_other_databases_newer_formats_and_damage(exported, tmp_path):
    store, _, path = exported
    before = store.snapshots()

    def refused(candidate) -> str:
        with pytest.raises(ValueError) as refusal:
            store.import_snapshot(candidate)
        return str(refusal.value)

    junk = tmp_path / "notes.txt"
    junk.write_text("Meeting notes, not a snapshot. " * 50)
    assert refused(junk) == "notes.txt is not a Deputy snapshot file."
    assert refused(store.path) == "snapshots.db is not a Deputy snapshot file."
    assert "can't read missing.deputy-snapshot" in refused(tmp_path / "missing.deputy-snapshot")

    newer = tmp_path / "newer.deputy-snapshot"
    newer.write_bytes(path.read_bytes())
    with sqlite3.connect(newer) as db:
        db.execute("UPDATE export_info SET value = '2' WHERE key = 'format'")
    db.close()
    assert "written by a newer Deputy" in refused(newer)

    data = path.read_bytes()
    truncated = tmp_path / "truncated.deputy-snapshot"
    truncated.write_bytes(data[:len(data) // 2])
    scribbled = tmp_path / "scribbled.deputy-snapshot"
    page = 4096
    scribbled.write_bytes(data[:3 * page] + b"\xff" * page + data[4 * page:])
    for damaged in (truncated, scribbled):
        assert refused(damaged) == (f"{damaged.name} is damaged, so Deputy can't import it. "
                                    "Export the snapshot again and copy the new file.")
    assert store.snapshots() == before  # nothing half-imported


def test_a_file_of_an_older_deputy_says_whose_its_snapshots_are(tmp_path):
    """Schema 2 kept who took a snapshot only in words; the upgrade works out the key,
    so a person's review still finds their own snapshots, and an admin's."""
    path = tmp_path / "snapshots.db"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE snapshots (id INTEGER PRIMARY KEY, taken_at TEXT NOT NULL,
            finished_at TEXT, tenant TEXT NOT NULL, identity TEXT NOT NULL,
            scope TEXT NOT NULL, mailboxes_planned INTEGER NOT NULL, status TEXT NOT NULL);
        INSERT INTO snapshots VALUES (1, '2026-11-01T10:00:00+00:00', NULL, 'Contoso',
            'Adele Vance (AdeleV@contoso.com)', 'me and my executives', 1, 'complete');
        INSERT INTO snapshots VALUES (2, '2026-11-02T10:00:00+00:00', NULL, 'Contoso',
            'Administrator (app-only)', 'all mailboxes', 6, 'complete');
        PRAGMA user_version = 2;""")
    old.close()
    store = SnapshotStore(path)
    assert [(s.id, s.identity_key, s.unreadable) for s in store.snapshots()] == [
        (2, "app-only", ()), (1, "adelev@contoso.com", ())]
    store.close()
