"""Snapshots: a sync into SQLite that survives faults, and a store that survives damage."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from app.graph.emulator import EmulatorServer
from app.graph.http import GraphClient, RetryPolicy
from app.snapshot_store import COMPLETE, PARTIAL, RUNNING, SnapshotStore
from app.sync import SyncScope, run_sync
from tests.graph.client.conftest import RecordedSleep, demo_tokens, set_faults


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
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
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
    env = {**os.environ, "DEPUTY_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-m", "app", "sync", "--demo", "--as-admin",
                             "--all"], capture_output=True, text=True, timeout=120,
                            env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Snapshot 1: complete, 6 mailboxes."
    refused = subprocess.run([sys.executable, "-m", "app", "sync", "--as-admin"],
                             capture_output=True, text=True, timeout=60, env=env, check=False)
    assert refused.returncode == 2 and "--demo" in refused.stderr
