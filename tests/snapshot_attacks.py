"""Snapshot files someone could hand an auditor, built from a real export.

Each attack is a copy of a file Deputy exported after a sync against the emulator,
changed by SQL kept in ``tests/data/snapshot_attacks.json`` with what Deputy's refusal
says after "it was changed since: ". The same SQL, run on a store, leaves it as an
older Deputy left it when it imported such a file without looking.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.review.snapshot_store import SnapshotStore
from tests.test_snapshots import sync_all

ATTACKS_FILE = Path(__file__).parent / "data" / "snapshot_attacks.json"


@dataclass(frozen=True)
class Attack:
    """``sql`` changes a snapshot file; ``says``: the words of the refusal."""

    name: str
    sql: str
    says: str


ATTACKS = [Attack(**item) for item in json.loads(ATTACKS_FILE.read_text(encoding="utf-8"))]


def attack(name: str) -> Attack:
    return next(a for a in ATTACKS if a.name == name)


def real_export(server, folder: Path) -> Path:
    """A snapshot synced from ``server`` (an emulator) by Deputy and exported to a file."""
    folder.mkdir(parents=True, exist_ok=True)
    store = SnapshotStore(folder / "synced.db")
    try:
        snapshot_id, _ = sync_all(server, store)
        path = folder / "contoso.deputy"
        store.export_snapshot(snapshot_id, path)
    finally:
        store.close()
    return path


def run_sql(path: Path, sql: str) -> None:
    """``sql`` run on the SQLite file ``path``, as anyone with the sqlite3 tool could."""
    db = sqlite3.connect(path)
    try:
        db.executescript(sql)
    finally:
        db.close()


def copy_changed(export: Path, copy: Path, sql: str) -> Path:
    """``export`` copied to ``copy``, which ``sql`` then changes."""
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(export, copy)
    run_sql(copy, sql)
    return copy


def changed_copy(export: Path, folder: Path, change: Attack) -> Path:
    """A copy of ``export`` in ``folder``, changed by ``change``."""
    return copy_changed(export, folder / f"{change.name}.deputy", change.sql)


def padded_to(export: Path, path: Path, size: int) -> Path:
    """``export`` made ``size`` bytes long with a hole at its end (it takes no disk)."""
    shutil.copyfile(export, path)
    with path.open("r+b") as file:
        file.truncate(size)
    return path
