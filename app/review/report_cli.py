"""``deputy report``: write a snapshot's review to HTML, CSV or JSON without the GUI.

Reads only the local snapshot store (no network, no sign-in, no Qt), so an auditor can
run it on a workstation with no tenant access. Every failure is one line on stderr
and a non-zero exit; success is one line saying what was written.

For scheduled audits (``deputy sync`` then ``deputy report --since previous``): with
``--since`` given, the exit code says whether a rule has findings the earlier snapshot
did not have (``NEW_FINDINGS``, 3) or not (0), whatever the format; ``--format json``
writes counts by rule and the new rows for a monitoring system (to stdout without
``--out``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.paths import snapshot_file
from app.private_files import not_a_regular_file, replacing
from app.private_sqlite import StoreBusy
from app.review import new_findings, report
from app.review.data import SnapshotData
from app.review.snapshot_store import (
    COMPLETE,
    PARTIAL,
    Snapshot,
    SnapshotStore,
    UnreadableSnapshotError,
)
from app.words import counted

NO_SNAPSHOT = "No snapshot yet: run `deputy sync` first."
NEW_FINDINGS = 3  # the exit code of a report --since that found something new


class ReportError(Exception):
    """What went wrong, in one sentence for the user."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deputy report",
        description="Write who can see whose calendar, the findings and the changes "
                    "from a snapshot, as one HTML file or a CSV table.")
    parser.add_argument("--snapshot", default="latest", metavar="latest|ID",
                        help="which snapshot (default: the newest complete or partial one)")
    parser.add_argument("--format", choices=("html", "csv", "json"), default="html",
                        help="html: the whole report in one file; csv: one table; json: "
                             "findings by rule and the new ones, for monitoring")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="the file to write (replaced if it is a regular file); with "
                             "--format json, stdout when left out")
    parser.add_argument("--table", choices=report.TABLES,
                        help="with --format csv: which table (default: matrix)")
    parser.add_argument("--since", metavar="previous|ID",
                        help="the snapshot to show changes from (default: the one before); "
                             f"given, the exit code is {NEW_FINDINGS} when a rule has new "
                             "findings since it, 0 when not")
    return parser


def _usable(snapshot: Snapshot) -> bool:
    """Finished, even with unreadable mailboxes; not interrupted or cancelled."""
    return snapshot.status in (COMPLETE, PARTIAL)


def pick_snapshot(snapshots: list[Snapshot], wanted: str, what: str) -> Snapshot:
    """The snapshot ``wanted`` ("latest" or a number) names; ``what``: the option that
    named it, for the sentence when there is none. Raises ReportError."""
    if wanted == "latest":
        found = next((s for s in snapshots if _usable(s)), None)
        if found is None:
            raise ReportError(NO_SNAPSHOT if not snapshots else
                              "No finished snapshot yet (the last sync was interrupted): "
                              "run `deputy sync` again.")
        return found
    if not wanted.isdigit():
        raise ReportError(f"{what} must be a snapshot number or \"latest\", not {wanted!r}.")
    found = next((s for s in snapshots if s.id == int(wanted)), None)
    if found is None:
        known = ", ".join(str(s.id) for s in reversed(snapshots))
        raise ReportError(f"There is no snapshot {wanted}; the snapshots are {known}.")
    return found


def _older(snapshots: list[Snapshot], newer: Snapshot, since: str | None) -> Snapshot | None:
    """The snapshot to compare with: the previous finished one, or the one named."""
    if since in (None, "previous"):
        return next((s for s in snapshots if s.id < newer.id and _usable(s)), None)
    older = pick_snapshot(snapshots, since, "--since")
    if older.id == newer.id:
        raise ReportError(f"--since {since} is the snapshot being reported on.")
    return older


def write(args: argparse.Namespace) -> tuple[str, int]:
    """Write the report; what was written, in one line, and how many findings are new
    since the earlier snapshot (0 when there is none). Raises ReportError."""
    if args.out is not None:
        problem = not_a_regular_file(args.out)
        if problem:
            raise ReportError(f"Can't write {args.out}: {problem}; choose another name for "
                              "--out.")
        folder = args.out.resolve().parent
        if not folder.is_dir():
            raise ReportError(f"The folder {folder} does not exist.")
    path = snapshot_file()
    if not path.exists():
        raise ReportError(NO_SNAPSHOT)
    try:
        store = SnapshotStore(path)
    except StoreBusy as exc:
        raise ReportError(str(exc)) from exc
    try:
        if store.notice:
            print(f"deputy report: {store.notice}", file=sys.stderr)
        snapshots = store.snapshots()
        for sentence in store.left_out.values():
            print(f"deputy report: {sentence}", file=sys.stderr)
        snapshot = pick_snapshot(snapshots, args.snapshot, "--snapshot")
        older = _older(snapshots, snapshot, args.since)
        new = 0
        if args.since is not None or args.format == "json":
            findings = new_findings.findings_of(store, snapshot.id)
            fresh = new_findings.new_since(new_findings.findings_of(store, older.id),
                                           findings) if older is not None else []
            new = len(fresh)
        if args.format == "json":
            return _write_json(args.out, new_findings.summary(snapshot, findings, older,
                                                              fresh)), new
        if args.format == "html":
            return _write_html(args.out, store, snapshot, older), new
        return _write_csv(args.out, args.table or "matrix", store, snapshot, older), new
    except UnreadableSnapshotError as exc:
        raise ReportError(str(exc)) from exc
    except OSError as exc:
        raise ReportError(f"Can't write {args.out}: {exc.strerror or exc}.") from exc
    finally:
        store.close()


def _write_json(out: Path | None, summary: dict[str, Any]) -> str:
    text = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        sys.stdout.write(text)
        return ""
    with replacing(out, encoding="utf-8") as stream:
        stream.write(text)
    new = summary["new"]
    return (f"Wrote the findings of snapshot {summary['snapshot']['id']} "
            f"({counted(len(new), 'new finding')}) to {out}.")


def _write_html(out: Path, store: SnapshotStore, snapshot: Snapshot,
                older: Snapshot | None) -> str:
    # Lazily: the matrix and findings from SQLite, the rows never read whole, and the
    # earlier snapshot compared in the file: only what changed is held.
    data = SnapshotData.read(store, snapshot, lazy=True)
    since = report.changes_since(store, older, snapshot.id) if older is not None else None
    size = report.write_html(out, data, since=since)
    return (f"Wrote the report of snapshot {snapshot.id} "
            f"({counted(len(data.mailboxes), 'mailbox')}, {size / 1024:,.0f} KB) to {out}.")


def _write_csv(out: Path, table: report.Table, store: SnapshotStore, snapshot: Snapshot,
               older: Snapshot | None) -> str:
    """Streamed from the file: the snapshot is never read whole."""
    if table == "changes" and older is None:
        raise ReportError(f"There is no snapshot before snapshot {snapshot.id} to compare "
                          "with.")
    for checked in (snapshot, older) if table == "changes" else (snapshot,):
        assert checked is not None
        store.check_rows(checked.id)
    rows = report.write_csv(out, table, store, snapshot.id,
                            older.id if older is not None else None)
    return f"Wrote the {table} of snapshot {snapshot.id} ({rows:,} rows) to {out}."


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.table and args.format != "csv":
        parser.error("--table goes with --format csv; the HTML report holds every table")
    if args.out is None and args.format != "json":
        parser.error("say where to write it: --out FILE")
    try:
        said, new = write(args)
    except ReportError as exc:
        print(f"deputy report: {exc}", file=sys.stderr)
        return 1
    if said:
        print(said)
    return NEW_FINDINGS if args.since is not None and new else 0
