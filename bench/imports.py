"""How long importing a big snapshot file takes, and refusing a changed one, and in how
much memory.

``python -m bench.imports --mailboxes 1000 --copies 100``

A snapshot of an N-mailbox demo tenant is synced and exported (``deputy sync --demo
--seed scale:N --as-admin --all``, then Export; not measured), and its rows repeated
``copies`` times under new addresses: 1,000 mailboxes a hundred times is a
100,000-mailbox file of about 300 MB, as issue 20 measured one. Then each of these is
``deputy import FILE`` in a process of its own, into an empty store, timed, with its
peak resident memory read when it ends (``wait4``):

- that file as exported (imported);
- the same with the last permission's role stored as bytes (refused after checking
  every row);
- the same with ``export_info`` replaced by a view with a recursive query that never
  ends (refused before any query runs);
- a file longer than the limit (refused unread).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from app.review.snapshot_import import MAX_FILE_BYTES
from app.review.snapshot_schema import TABLE_COLUMNS
from bench.common import ROOT, report
from bench.memory import MIB, TIMEOUT_S, environment, sync_snapshot
from bench.peak_memory import wait_for_peak


def export_latest(env: dict[str, str], path: Path) -> None:
    code = ("import sys\nfrom pathlib import Path\nfrom app.review.snapshot_store import "
            "SnapshotStore\nfrom app.paths import snapshot_file\nstore = "
            "SnapshotStore(snapshot_file())\nstore.export_snapshot(store.latest().id, "
            f"Path({str(path)!r}))\n")
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                   timeout=TIMEOUT_S)


def repeated(path: Path, copies: int) -> None:
    """Every mailbox's rows ``copies`` times in all, under addresses "2.alex@…", …"""
    db = sqlite3.connect(path)
    try:
        for table, columns in TABLE_COLUMNS.items():
            key = "address" if table == "mailboxes" else "mailbox"
            others = ", ".join(c for c in columns if c != key)
            db.execute(f"CREATE TEMP TABLE original_{table} AS SELECT * FROM {table}")
            for copy in range(2, copies + 1):
                db.execute(f"INSERT INTO {table} (snapshot_id, {key}, {others}) SELECT "
                           f"snapshot_id, '{copy}.' || {key}, {others} FROM original_{table}")
        db.execute("UPDATE snapshots SET mailboxes_planned = (SELECT COUNT(*) FROM mailboxes)")
        db.commit()
        db.execute("VACUUM")
    finally:
        db.close()


def changed(source: Path, path: Path, sql: str) -> Path:
    shutil.copyfile(source, path)
    db = sqlite3.connect(path)
    try:
        db.executescript(sql)
    finally:
        db.close()
    return path


def import_run(path: Path, home: Path) -> dict[str, Any]:
    """``deputy import path`` into a new store: exit code, seconds, peak RSS, what it said."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "app", "import", str(path)],
                                   env=environment(home), stdout=output,
                                   stderr=subprocess.STDOUT, cwd=ROOT)
        peak, _errors = wait_for_peak(process)  # its stderr goes to output
        seconds = time.perf_counter() - started
        output.seek(0)
        said = output.read().decode(errors="replace").strip()
    return {"code": process.returncode, "seconds": round(seconds, 2),
            "peak_rss_mib": round(peak / MIB, 1), "said": said}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.imports",
                                     description=__doc__.split("\n\n")[0])
    for option, default, words in (
            ("--mailboxes", 1000, "the synced snapshot's size (the demo's scale:N)"),
            ("--copies", 100, "how many times its rows are in the measured file")):
        parser.add_argument(option, type=int, default=default, help=words)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deputy-bench-") as temporary:
        folder = Path(temporary)
        env = environment(folder / "synced")
        sync_snapshot(args.mailboxes, env)
        big = folder / "big.deputy"
        export_latest(env, big)
        repeated(big, args.copies)
        files = {
            "as exported": big,
            "last role as bytes": changed(big, folder / "role.deputy", (
                "UPDATE permissions SET role = CAST(role AS BLOB) "
                "WHERE rowid = (SELECT max(rowid) FROM permissions);")),
            "recursive view": changed(big, folder / "view.deputy", (
                "DROP TABLE export_info; CREATE VIEW export_info AS WITH RECURSIVE n(i) AS "
                "(SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT 'format' AS key, i AS value "
                "FROM n;")),
        }
        oversized = folder / "oversized.deputy"
        shutil.copyfile(big, oversized)
        with oversized.open("r+b") as file:
            file.truncate(MAX_FILE_BYTES + 50_000_000)  # a hole: no disk
        files["over the limit"] = oversized
        sizes = {name: path.stat().st_size for name, path in files.items()}
        runs = {name: import_run(path, folder / f"home-{index}")
                for index, (name, path) in enumerate(files.items())}
    rows = [[name, round(sizes[name] / 1_000_000), "imported" if run["code"] == 0 else
             "refused", run["seconds"], run["peak_rss_mib"]] for name, run in runs.items()]
    notes = [f"{args.mailboxes:,} synced mailboxes repeated {args.copies} times "
             f"({args.mailboxes * args.copies:,} mailboxes). Peak RSS: the kernel's "
             "high-water mark of the `deputy import` process alone; MiB: 1,048,576 bytes.",
             *[f"{name}: {run['said']}" for name, run in runs.items()]]
    report("imports", parameters={"mailboxes": args.mailboxes, "copies": args.copies},
           results={"sizes_bytes": sizes, "runs": runs},
           header=["File", "MB", "Outcome", "Seconds", "Peak RSS MiB"], rows=rows,
           notes=notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
