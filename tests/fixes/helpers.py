"""What the fix tests share: a tenant synced as the administrator, its journal, and the
emulator's count of writes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import requests

from app.graph.http import GraphClient
from app.journal import ChangeJournal
from app.review.snapshot_store import PermissionRow, SnapshotStore
from tests.test_snapshots import admin_client, sync_all

OUTSIDER = "ben@fabrikam.com"


def synced(server, folder: Path, name: str = "snapshots.db") -> tuple[SnapshotStore, int]:
    """A new snapshot of every mailbox, as the administrator, in ``folder / name``."""
    store = SnapshotStore(folder / name)
    snapshot_id, _ = sync_all(server, store)
    return store, snapshot_id


def live_rows(server, folder: Path) -> set[PermissionRow]:
    """Every permission as a fresh sync reads it now."""
    store, snapshot_id = synced(server, folder, f"fresh-{len(list(folder.glob('fresh-*')))}.db")
    try:
        return set(store.permissions(snapshot_id))
    finally:
        store.close()


def writes(server) -> int:
    """Requests that would change the tenant, served so far ($batch sub-requests too)."""
    stats = requests.get(f"{server.base_url}/_emulator/stats", timeout=5).json()
    return sum(stats["writes"].values())


def calendar_id(client: GraphClient, mailbox: str, name: str) -> str:
    calendars = client.get_all(f"/users/{mailbox}/calendars", scopes=["Calendars.Read"])
    return next(c["id"] for c in calendars if c["name"] == name)


def share(server, mailbox: str, calendar: str, address: str, role: str) -> None:
    """As the administrator, give ``address`` ``role`` on a calendar (set-up)."""
    client = admin_client(server.base_url)
    try:
        calendar = quote(calendar_id(client, mailbox, calendar), safe="")
        path = f"/users/{mailbox}/calendars/{calendar}"
        client.post(f"{path}/calendarPermissions",
                    {"emailAddress": {"address": address, "name": address}, "role": role},
                    scopes=["Calendars.ReadWrite"])
    finally:
        client.close()


def set_role(server, row: PermissionRow, role: str) -> None:
    """As the administrator, change one permission behind the snapshot's back."""
    client = admin_client(server.base_url)
    try:
        client.patch(f"/users/{row.mailbox}/calendars/{quote(row.calendar_id, safe='')}/"
                     f"calendarPermissions/{quote(row.permission_id, safe='')}",
                     {"role": role}, scopes=["Calendars.ReadWrite"])
    finally:
        client.close()


def journal_at(folder: Path) -> ChangeJournal:
    return ChangeJournal(folder / "journal.db")
