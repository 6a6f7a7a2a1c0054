"""deputy sync's reading where the service throttles inside $batch and writes Retry-After
as a decimal ("0.249", quirk decimal-retry-after; microsoft-graph-docs#3877)."""

from __future__ import annotations

from app.graph.emulator import EmulatorServer
from app.graph.emulator.quirks import Quirks
from app.graph.http import GraphClient, RetryPolicy
from app.snapshot_store import COMPLETE, SnapshotStore
from app.sync import SyncProgress, SyncScope, run_sync
from tests.graph.client.conftest import RecordedSleep, demo_tokens


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
