"""``deputy import FILE``: add a snapshot someone exported to the snapshots on this computer.

For an auditor working without the window: import the ``.deputy`` file, then write its
report with ``deputy report --snapshot N``. Reads only the file and the local snapshot
store (no network, no sign-in, no Qt). A refused file is one line on stderr, saying
what was wrong and what to do, and a non-zero exit; nothing is imported then.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from app.paths import snapshot_file
from app.private_sqlite import StoreBusy
from app.review.data import keep_review
from app.review.snapshot_store import SnapshotStore
from app.words import counted


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deputy import",
        description="Add a snapshot exported by Deputy (a .deputy file) to the snapshots "
                    "on this computer, to review or report on.")
    parser.add_argument("file", type=Path, metavar="FILE", help="the .deputy file")
    return parser


def run(path: Path) -> str:
    """Import ``path``; what was done, in one line. Raises ValueError with the sentence."""
    try:
        store = SnapshotStore(snapshot_file())
    except StoreBusy as exc:
        raise ValueError(str(exc)) from exc
    try:
        if store.notice:
            print(f"deputy import: {store.notice}", file=sys.stderr)
        snapshot_id = store.import_snapshot(path)
        keep_review(store, snapshot_id)
        snapshot = store.snapshot(snapshot_id)
    except (OSError, sqlite3.Error) as exc:  # the store, not the file: disk full, locked
        raise ValueError(f"Deputy could not store the snapshot of {path.name} ({exc}); "
                         "nothing was imported.") from exc
    finally:
        store.close()
    mailboxes = counted(snapshot.mailboxes_stored, "mailbox") if snapshot else "no mailboxes"
    return (f"Imported {path.name} as snapshot {snapshot_id} ({mailboxes}); write its report "
            f"with `deputy report --snapshot {snapshot_id} --out FILE`.")


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        print(run(args.file))
    except ValueError as exc:
        print(f"deputy import: {exc}", file=sys.stderr)
        return 1
    return 0
