"""Sync: read many mailboxes' sharing into a new snapshot, and ``deputy sync``.

Mailboxes are read in groups (``$batch`` and per-mailbox concurrency are the
client's); each group is stored in one transaction as soon as it is read, so the
snapshot grows as the sync goes, and a kill loses at most the group in flight.
Throttling and transient faults are retried by the client; what still can't be read
is recorded per mailbox, and the snapshot is then "partial", never silently short.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app import paths
from app.graph.audit import read_sharing
from app.graph.http import Cancelled, GraphClient
from app.snapshot_store import CANCELLED, COMPLETE, PARTIAL, SnapshotStore

GROUP = 50  # mailboxes stored per transaction


def snapshot_file() -> Path:
    return paths.data_dir() / "snapshots.db"


@dataclass(frozen=True)
class SyncScope:
    """Whose mailboxes a sync reads, and who reads them (for the snapshot's record).

    Attributes:
        names: display names of the mailboxes, where known, for the review.
    """

    tenant: str
    identity: str
    description: str
    mailboxes: Sequence[str]
    names: Mapping[str, str] = field(default_factory=dict)


def run_sync(client: GraphClient, store: SnapshotStore, scope: SyncScope, *,
             cancel: threading.Event | None = None,
             on_progress: Callable[[int, int], None] | None = None) -> int:
    """Read ``scope`` into a new snapshot; its id. The status says how it ended."""
    mailboxes = list(dict.fromkeys(scope.mailboxes))
    snapshot_id = store.begin(tenant=scope.tenant, identity=scope.identity,
                              scope=scope.description, planned=len(mailboxes))
    partial = False
    for start in range(0, len(mailboxes), GROUP):
        group = mailboxes[start:start + GROUP]
        try:
            read = read_sharing(client, group, cancel=cancel)
        except Cancelled:
            store.finish(snapshot_id, CANCELLED)
            return snapshot_id
        store.add(snapshot_id, list(read.values()), scope.names)
        partial = partial or any(not sharing.complete for sharing in read.values())
        if on_progress is not None:
            on_progress(start + len(group), len(mailboxes))
    store.finish(snapshot_id, PARTIAL if partial else COMPLETE)
    return snapshot_id


# ---------------------------------------------------------------------- deputy sync

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deputy sync",
        description="Read who can see whose calendar into a snapshot for offline review.")
    parser.add_argument("--demo", action="store_true",
                        help="sync the built-in demo tenant (its Graph emulator)")
    parser.add_argument("--seed", default="contoso",
                        help="with --demo: the tenant to build (contoso, or scale:N[:SEED])")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--as-admin", action="store_true",
                     help="as the administrator's app: every mailbox can be read")
    who.add_argument("--as", dest="as_user", metavar="UPN",
                     help="as this person: their mailbox and their executives'")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--all", action="store_true", help="every mailbox in the tenant")
    what.add_argument("--mailboxes", metavar="FILE", type=Path,
                      help="a file with one mailbox address per line")
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.demo:
        print("deputy sync: only the demo tenant can be synced from the command line yet; "
              "add --demo.", file=sys.stderr)
        return 2
    if not (args.as_admin or args.as_user):
        parser.error("say who reads: --as-admin or --as UPN")
    wanted: list[str] | None = None
    if args.mailboxes is not None:
        try:
            wanted = [line.strip() for line in args.mailboxes.read_text().splitlines()
                      if line.strip() and not line.startswith("#")]
        except OSError as exc:
            print(f"deputy sync: can't read {args.mailboxes}: {exc.strerror}.",
                  file=sys.stderr)
            return 2
    from app.accounts import DemoAccounts
    from app.graph.emulator import EmulatorServer
    from app.graph.errors import GraphError

    with EmulatorServer(args.seed) as server:
        accounts = DemoAccounts(server.base_url)
        people = accounts.candidates()
        wanted_user = "" if args.as_admin else args.as_user.casefold()  # "": the admin app
        person = next((p for p in people if (p.username or "").casefold() == wanted_user),
                      None)
        if person is None:
            print(f"deputy sync: {args.as_user} is not in the demo tenant.", file=sys.stderr)
            return 1
        session = accounts.open(person)
        try:
            service = session.service
            if session.app_only:
                names = {u.user_principal_name: u.display_name for u in service.users()}
            else:
                names = {c.owner.address: c.owner.name or c.owner.address
                         for c in service.calendars() if c.owner.address}
            if wanted is None:
                wanted = sorted(names, key=str.casefold)
            description = ("listed mailboxes" if args.mailboxes else
                           "all mailboxes" if session.app_only else "me and my executives")
            scope = SyncScope(server.base_url, session.label, description, wanted, names)
            store = SnapshotStore(snapshot_file())
            if store.notice:
                print(f"deputy sync: {store.notice}", file=sys.stderr)

            def progress(done: int, total: int) -> None:
                print(f"{done}/{total} mailboxes", flush=True)

            snapshot_id = run_sync(service.client, store, scope, on_progress=progress)
        except GraphError as exc:
            print(f"deputy sync: {exc.message}", file=sys.stderr)
            return 1
        finally:
            session.close()
    snapshot = next(s for s in store.snapshots() if s.id == snapshot_id)
    unreadable = store.problems(snapshot_id)
    store.close()
    print(f"Snapshot {snapshot.id}: {snapshot.status}, {snapshot.mailboxes_stored} mailboxes"
          + (f", {len(unreadable)} could not be read completely" if unreadable else "") + ".")
    return 0 if snapshot.status in (COMPLETE, PARTIAL) else 1
