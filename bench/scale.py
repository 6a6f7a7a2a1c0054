"""The review at the largest tenants: sync, snapshot, review ready, memory, findings and
the comparison, at several sizes side by side.

``python -m bench.scale --mailboxes 1000 20000 100000``

For each size a snapshot of the demo's ``scale:N`` tenant is synced (``deputy sync
--demo --seed scale:N --as-admin --all``) into a home folder of its own under
``--homes``, kept there: a later run reuses it (a 100,000-mailbox sync takes minutes)
and says so; ``--fresh`` syncs again. For the comparison, a copy of that file holds a
second snapshot beside it: the first with every 100th role changed, copied in SQL (not
a second sync: the demo tenant is the same each time, so it would change nothing).

Then, each in a process of its own: the review opened offline (``deputy --offline
--screenshot FILE --view review``), timed from the process's start to the moment the
matrix shows (``DEPUTY_PRINT_READY``), with the process's CPU time and its peak
resident memory (as ``bench.memory``: the kernel's high-water mark of that process
alone); and the findings and the comparison of the two snapshots, as the review's
worker makes them (``SnapshotData``), wall and CPU time.

The snapshots' reviews are kept in their file once worked out (``deputy sync`` keeps
it; ``app.review.snapshot_index``), so what is measured is a review opened again, as
every opening but the first is. With ``--before DIR`` (a checkout of older code, e.g.
``git archive <commit> | tar -x -C DIR``) the review and the comparison also run from
there, side by side in the same run, on the same files.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, report, shown_path
from bench.memory import MIB, environment, run_measured, sync_snapshot

DEFAULT_HOMES = Path(tempfile.gettempdir()) / "deputy-bench-scale"
CHANGED_EVERY = 100  # the copy's changes: every 100th permission's role
COMPARE_TIMEOUT_S = 600


def snapshot_file(home: Path) -> Path:
    return home / "data" / "snapshots.db"


def pair_file(home: Path) -> Path:
    """The synced snapshot and its changed copy, apart from the review's file: with two
    snapshots there, the review would compare them before it says it is ready."""
    return home / "pair.db"


def prepared(size: int, homes: Path, fresh: bool) -> tuple[Path, dict[str, Any]]:
    """The home folder holding ``size``'s two snapshots, and what its sync measured
    (``sync_seconds``, ``snapshot_bytes``: the file with the one snapshot synced)."""
    home = homes / f"scale-{size}"
    facts = home / "bench-scale.json"
    if facts.exists() and not fresh and pair_file(home).exists():
        return home, {**json.loads(facts.read_text()), "reused": True}
    if home.exists():
        for path in sorted(home.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
    home.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    sync_snapshot(size, environment(home))
    synced = {"sync_seconds": round(time.perf_counter() - started, 1),
              "snapshot_bytes": snapshot_file(home).stat().st_size}
    shutil.copyfile(snapshot_file(home), pair_file(home))
    _copy_with_changes(pair_file(home))
    facts.write_text(json.dumps(synced))
    return home, {**synced, "reused": False}


def _copy_with_changes(path: Path) -> None:
    """Snapshot 2: snapshot 1 an hour later, every ``CHANGED_EVERY``th role different."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN")
        columns = [row[1] for row in db.execute("PRAGMA table_info(snapshots)")
                   if row[1] != "id"]
        listed = ", ".join(columns)
        shifted = listed.replace("taken_at", "datetime(taken_at, '+1 hour') || '+00:00'")
        db.execute(f"INSERT INTO snapshots ({listed}) SELECT {shifted} FROM snapshots "
                   "WHERE id = 1")
        for table in ("mailboxes", "calendars", "permissions"):
            names = [row[1] for row in db.execute(f"PRAGMA table_info({table})")
                     if row[1] != "snapshot_id"]
            db.execute(f"INSERT INTO {table} (snapshot_id, {', '.join(names)}) "
                       f"SELECT 2, {', '.join(names)} FROM {table} WHERE snapshot_id = 1")
        db.execute("UPDATE permissions SET role = CASE role WHEN 'read' THEN 'write' "
                   "ELSE 'read' END WHERE snapshot_id = 2 AND rowid % ? = 0",
                   (CHANGED_EVERY,))
        db.execute("COMMIT")
    finally:
        db.close()


def review_ready(home: Path, code: Path = ROOT) -> dict[str, float | None]:
    """The review opened by the code in ``code``: seconds from the start to the matrix
    showing, the process's CPU seconds and peak resident MiB."""
    env = {**environment(home), "DEPUTY_PRINT_READY": "1"}
    picture = home / "review.png"
    started = time.time()
    children = _children_cpu()
    rss, errors = run_measured([sys.executable, "-m", "app", "--offline", "--screenshot",
                                str(picture), "--view", "review"], env, cwd=code)
    cpu = _children_cpu()
    ready = [float(line.split()[-1]) for line in errors.splitlines()
             if line.startswith("deputy: ready")]
    if not ready:
        raise RuntimeError(f"the review never said it was ready: {errors[-300:]}")
    return {"ready_seconds": round(ready[0] - started, 2),
            "cpu_seconds": None if cpu is None or children is None
            else round(cpu - children, 2),
            "peak_rss_mib": round(rss / MIB, 1)}


def _children_cpu() -> float | None:
    """The CPU seconds of this process's children waited for so far (None on Windows)."""
    try:
        import resource
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def findings_and_comparison(home: Path, code: Path = ROOT) -> dict[str, float | None]:
    """In a process of its own, as the review's worker does them, by the code in ``code``."""
    done = subprocess.run([sys.executable, "-m", "bench.scale", "--compare-in", str(home)],
                          env=environment(home), capture_output=True, text=True,
                          timeout=COMPARE_TIMEOUT_S, cwd=code, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the comparison failed: {done.stderr.strip()[-300:]}")
    return json.loads(done.stdout.splitlines()[-1])


def compare_here(home: Path) -> dict[str, Any]:
    """Read the newer snapshot with its findings, the older, and compare them."""
    from app.review.data import SnapshotData
    from app.review.snapshot_store import SnapshotStore
    from bench.common import Stopwatch

    store = SnapshotStore(pair_file(home))
    older, newer = sorted(store.snapshots(), key=lambda s: s.id)[:2]
    with Stopwatch() as watch:
        data = SnapshotData.read(store, newer, lazy=True)
        findings = len(data.findings)
        comparison = data.compare_with(SnapshotData.read(store, older, lazy=True))
    return {"seconds": round(watch.wall, 3), "cpu_seconds": round(watch.cpu, 3),
            "findings": findings, "changes": len(comparison.changes)}


def keep_reviews(home: Path) -> None:
    """Each snapshot's review kept in both files, as ``deputy sync`` keeps it (the
    changed copy is made in SQL, and snapshots of an older run have none): the review
    measured is one opened again, as every opening after a sync is.

    In a process of its own: a process started from this one would count this one's
    size in its peak resident set (the kernel's high-water mark starts at the fork)."""
    subprocess.run([sys.executable, "-m", "bench.scale", "--keep-in", str(home)],
                   env=environment(home), timeout=COMPARE_TIMEOUT_S, cwd=ROOT, check=True)


def keep_here(home: Path) -> None:
    from app.review.data import keep_review
    from app.review.snapshot_store import SnapshotStore

    for path in (snapshot_file(home), pair_file(home)):
        store = SnapshotStore(path)
        try:
            for snapshot in store.snapshots():
                keep_review(store, snapshot.id)
        finally:
            store.close()


def measure(size: int, homes: Path, fresh: bool, before: Path | None) -> dict[str, Any]:
    home, synced = prepared(size, homes, fresh)
    keep_reviews(home)
    failures: list[str] = []
    found: dict[str, Any] = {"sync_seconds": synced["sync_seconds"],
                             "reused": synced["reused"],
                             "snapshot_mib": round(synced["snapshot_bytes"] / MIB, 1)}
    for name, code in [("after", ROOT), *([("before", before)] if before else [])]:
        said = "" if name == "after" else " (before)"
        try:
            review = review_ready(home, code)
        except RuntimeError as exc:  # e.g. not shown within --screenshot's 30 s
            review = {"ready_seconds": None, "cpu_seconds": None, "peak_rss_mib": None}
            failures.append(f"review of {size:,}{said}: {exc}")
        try:
            compared = findings_and_comparison(home, code)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            compared = {"seconds": None, "cpu_seconds": None}
            failures.append(f"comparison of {size:,}{said}: {exc}")
        figures = {"review_ready_seconds": review["ready_seconds"],
                   "review_cpu_seconds": review["cpu_seconds"],
                   "review_peak_rss_mib": review["peak_rss_mib"],
                   "findings_and_comparison": compared}
        if name == "after":
            found.update(figures)
        else:
            found["before"] = figures
    return {**found, "failures": failures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--mailboxes", type=int, nargs="+", default=[1000],
                        help="the tenants' sizes (the demo's scale:N)")
    parser.add_argument("--homes", type=Path, default=DEFAULT_HOMES,
                        help="where each size's snapshots are kept between runs")
    parser.add_argument("--fresh", action="store_true",
                        help="sync again even where an earlier run's snapshot is kept")
    parser.add_argument("--before", type=Path,
                        help="a checkout of older code to run side by side")
    parser.add_argument("--compare-in", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep-in", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.keep_in is not None:  # the child process of ``keep_reviews``
        keep_here(args.keep_in)
        return 0
    if args.compare_in is not None:  # the child process of ``findings_and_comparison``
        print(json.dumps(compare_here(args.compare_in)))
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    before = args.before.resolve() if args.before else None
    results = {str(size): measure(size, args.homes, args.fresh, before)
               for size in args.mailboxes}
    rows = []
    for size, found in results.items():
        row = [f"{int(size):,} mailboxes",
               f"{found['sync_seconds']:,.1f}" + (" (earlier)" if found["reused"] else ""),
               found["snapshot_mib"]]
        for figures in [found, *([found["before"]] if before else [])]:
            compared = figures["findings_and_comparison"]
            row += [figures["review_ready_seconds"], figures["review_cpu_seconds"],
                    figures["review_peak_rss_mib"], compared["seconds"],
                    compared["cpu_seconds"]]
        rows.append(row)
    reused = [f"{int(size):,}" for size, found in results.items() if found["reused"]]
    notes = [
        "Sync: deputy sync --demo --seed scale:N --as-admin --all, no added latency. "
        "Review ready: from the process's start to the matrix showing, offline, with the "
        "process's CPU time. Memory: the review process's peak resident set (MiB). "
        "Findings + comparison: the newer snapshot read with its findings, the older "
        "read, the two compared (its second snapshot is the first copied with every "
        f"{CHANGED_EVERY}th role changed). Targets at 100,000 mailboxes: ready under 2 s "
        "in under 400 MiB, findings + comparison under 3 s.",
        *([f"Reused the snapshots an earlier run made ({', '.join(reused)} mailboxes; "
           f"kept in {args.homes}; --fresh syncs again): their sync time is that run's, "
           "marked (earlier)."] if reused else []),
        *([f"before: the code in {shown_path(before)}, on the same files."]
          if before else []),
    ]
    notes += [f"Failed: {f}" for found in results.values() for f in found["failures"]]
    figures_header = ["Ready s", "(CPU s)", "Review MiB", "Findings+compare s", "(CPU s)"]
    report("scale", parameters={"mailboxes": args.mailboxes, "homes": str(args.homes),
                                "fresh": args.fresh,
                                "before": str(before) if before else None},
           results=results,
           header=["Tenant", "Sync s", "Snapshot MiB", *figures_header,
                   *([f"{h} before" for h in figures_header] if before else [])],
           rows=rows, notes=notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
