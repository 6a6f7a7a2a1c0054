"""deputy sync's reading where the service throttles inside $batch and writes Retry-After
as a decimal ("0.249", quirk decimal-retry-after; microsoft-graph-docs#3877), and its
progress counting 429s and lost time as the emulator's own stats do."""

from __future__ import annotations

from app.graph.emulator import EmulatorServer
from app.graph.emulator.quirks import Quirks
from app.graph.http import GraphClient, RetryPolicy
from app.review.snapshot_store import COMPLETE, SnapshotStore
from app.review.sync import SyncProgress, SyncScope, run_sync
from tests.graph.client.conftest import RecordedSleep, demo_tokens, emulator_stats, set_faults


def test_a_sync_throttled_inside_its_batches_waits_what_they_say_and_completes(tmp_path):
    # Two requests at once per mailbox, where Deputy sends four: the service's answer to
    # an app that is busier than it likes.
    with EmulatorServer("scale:30:3", concurrency_limit=2,
                        quirks=Quirks({"decimal-retry-after"})) as server:
        store = SnapshotStore(tmp_path / "snapshots.db")
        sleep = RecordedSleep()
        client = GraphClient(server.base_url, demo_tokens(server.base_url, None), sleep=sleep,
                             retry=RetryPolicy(attempts=12))
        mailboxes = sorted(u.address for u in server.tenant.users())
        seen: list[SyncProgress] = []
        try:
            snapshot_id = run_sync(client, store, SyncScope(
                "scale", "Administrator (app-only)", "all mailboxes", mailboxes),
                on_progress=seen.append)
        finally:
            client.close()
        assert store.snapshot(snapshot_id).status == COMPLETE
        last = seen[-1]
        assert last.throttled > 0 and last.fraction == 1.0
        waits = sleep.waits
        assert waits and set(waits) == {0.249}  # as the service wrote it, not a back-off
        assert server.stats.by_status["429"] == last.throttled
        assert {r.mailbox for r in store.permissions(snapshot_id)} <= set(mailboxes)
        assert len({r.mailbox for r in store.permissions(snapshot_id)}) == len(mailboxes)


def sync_with_faults(tmp_path, **faults) -> tuple[SyncProgress, dict]:
    """``deputy sync``'s reading of 40 mailboxes with ``faults`` injected; its last
    progress report and the emulator's own stats."""
    with EmulatorServer("scale:40:3") as server:
        set_faults(server, **faults)
        client = GraphClient(server.base_url, demo_tokens(server.base_url, None),
                             sleep=RecordedSleep(), retry=RetryPolicy(attempts=20))
        seen: list[SyncProgress] = []
        try:
            store = SnapshotStore(tmp_path / "snapshots.db")
            snapshot_id = run_sync(client, store, SyncScope(
                "scale", "Administrator (app-only)", "all mailboxes",
                sorted(u.address for u in server.tenant.users())), on_progress=seen.append)
        finally:
            client.close()
        assert store.snapshot(snapshot_id).status == COMPLETE
        return seen[-1], emulator_stats(server)


def test_a_whole_batch_refused_counts_as_one_throttled_answer(tmp_path):
    last, stats = sync_with_faults(tmp_path, fail_rate=0.3, fail_with=[429], random_seed=3,
                                   retry_after=1)
    refused_whole = stats["by_status"]["429"]
    assert refused_whole >= 3
    assert last.throttled == stats["throttled"] == refused_whole
    assert f"· {refused_whole} throttled, waited " in last.line


def test_each_request_refused_inside_a_batch_counts_once(tmp_path):
    last, stats = sync_with_faults(tmp_path, fail_rate=0.1, fail_with=[429], in_batch=True,
                                   random_seed=4, retry_after=1)
    assert stats["throttled"] >= 5
    assert last.throttled == stats["throttled"]


def test_time_lost_to_timeouts_shows_apart_from_waiting(tmp_path):
    # Two calls get no answer for 0.4 s each, then their connection drops.
    last, stats = sync_with_faults(tmp_path, fail_next=2, fail_with=["timeout"],
                                   hang_seconds=0.4)
    assert stats["faults_injected"] == 2
    assert 0.8 <= last.lost_seconds < 5
    assert last.throttled == 0
    assert last.line.endswith(f" · lost {last.lost_seconds:.0f} s to timeouts")
