"""How long ``deputy report`` takes, how much memory it needs and how big its files are.

``python -m bench.report --mailboxes 1000 20000 [--homes DIR] [--before DIR]``

For each size a snapshot of the demo tenant ``scale:N`` is synced once (``deputy sync
--demo --as-admin --all --seed scale:N``, not measured; kept in ``--homes`` to be used
again). A copy of it is the "previous" snapshot, and a second copy with one role in
50 made "Can edit" and one permission in 100 removed is the newest, so the report has
changes to show. Then each of these runs as a process of its own, and its wall time,
its peak resident memory (``wait4``: the kernel's high-water mark of that process
alone) and the file it wrote are measured: ``deputy report --format html`` and
``--format csv --table matrix|findings|changes``. With ``--before DIR`` (a checkout of
older code, e.g. ``git archive <commit> | tar -x -C DIR``) the same commands run from
there too, side by side in the same run. With Chromium installed, the HTML page is
also opened headless and photographed, against a blank page as the floor.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import ROOT, report, shown_path
from bench.peak_memory import wait_for_peak

MIB = 1024 * 1024
TIMEOUT_S = 1800
BROWSER_TIMEOUT_S = 120
CHROMIUM = Path("/usr/bin/chromium")
OUTPUTS = (("html", ["--format", "html"]),
           *((f"csv {table}", ["--format", "csv", "--table", table])
             for table in ("matrix", "findings", "changes")))


@dataclass
class Run:
    """One ``deputy report`` process: how long, how much memory, what it wrote."""

    wall_s: float | None
    peak_rss_mib: float | None
    file_bytes: int | None
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"wall_s": self.wall_s, "peak_rss_mib": self.peak_rss_mib,
                "file_bytes": self.file_bytes,
                "file_mib": None if self.file_bytes is None else round(self.file_bytes / MIB, 2),
                "error": self.error}


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "DEPUTY_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


def measure(command: list[str], env: dict[str, str], cwd: Path, out: Path) -> Run:
    """Run ``command`` to its end from ``cwd``: its wall time, peak RSS and ``out``'s size."""
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, cwd=cwd) as process:
        peak, errors = wait_for_peak(process)
    wall = time.perf_counter() - start
    if process.returncode != 0:
        return Run(None, None, None, f"exit code {process.returncode}: {errors[-200:]}")
    return Run(round(wall, 2), round(peak / MIB, 1), out.stat().st_size)


def synced_home(homes: Path, mailboxes: int) -> Path:
    """A home with one snapshot of ``scale:N``, synced the first time it is asked for."""
    home = homes / f"scale-{mailboxes}"
    if not (home / "data" / "snapshots.db").exists():
        command = [sys.executable, "-m", "app", "sync", "--demo", "--seed",
                   f"scale:{mailboxes}", "--as-admin", "--all"]
        done = subprocess.run(command, env=environment(home), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, timeout=TIMEOUT_S, cwd=ROOT,
                              check=False)
        if done.returncode != 0:
            raise RuntimeError(f"deputy sync failed: {done.stderr.strip()[-300:]}")
    return home


def with_changes(source: Path, home: Path) -> None:
    """``home`` holds the synced snapshot (the previous one) and a copy of it, taken a
    minute later, with one role in 50 made "write" and one permission in 100 removed."""
    data = home / "data"
    data.mkdir(parents=True, exist_ok=True)
    target = data / "snapshots.db"
    with sqlite3.connect(source / "data" / "snapshots.db") as db, \
            sqlite3.connect(target) as copy:
        db.backup(copy)
    with sqlite3.connect(target) as db:
        (first,) = db.execute("SELECT MAX(id) FROM snapshots").fetchone()
        columns = [row[1] for row in db.execute("PRAGMA table_info(snapshots)")][1:]
        listed = ", ".join(columns)
        taken = "strftime('%Y-%m-%dT%H:%M:%S+00:00', taken_at, '+1 minute')"
        db.execute(f"INSERT INTO snapshots ({listed}) SELECT "
                   + ", ".join(taken if c == "taken_at" else c for c in columns)
                   + " FROM snapshots WHERE id = ?", (first,))
        (second,) = db.execute("SELECT MAX(id) FROM snapshots").fetchone()
        for table in ("mailboxes", "calendars", "permissions"):
            names = [row[1] for row in db.execute(f"PRAGMA table_info({table})")][1:]
            values = ", ".join("CASE WHEN rowid % 50 = 0 THEN 'write' ELSE role END"
                               if n == "role" else n for n in names)
            where = " AND rowid % 100 != 1" if table == "permissions" else ""
            db.execute(f"INSERT INTO {table} (snapshot_id, {', '.join(names)}) "
                       f"SELECT ?, {values} FROM {table} WHERE snapshot_id = ?{where}",
                       (second, first))
    target.chmod(0o600)


def browser_seconds(page: Path, profile: Path) -> float | None:
    """Chromium, headless, opening ``page`` and photographing it: wall seconds, or None
    (not installed, or not done within ``BROWSER_TIMEOUT_S``)."""
    if not CHROMIUM.exists():
        return None
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--hide-scrollbars",
               f"--user-data-dir={profile}", f"--screenshot={profile / 'shot.png'}",
               "--window-size=1400,900", page.as_uri()]
    start = time.perf_counter()
    try:
        subprocess.run(command, capture_output=True, timeout=BROWSER_TIMEOUT_S, check=True)
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
        return None
    return round(time.perf_counter() - start, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--mailboxes", type=int, nargs="+", default=[1000],
                        help="the snapshots' sizes (the demo's scale:N)")
    parser.add_argument("--homes", type=Path,
                        help="where synced snapshots are kept between runs "
                             "(default: a temporary folder)")
    parser.add_argument("--before", type=Path,
                        help="a checkout of older code to run side by side")
    parser.add_argument("--outputs", nargs="+", choices=[name for name, _ in OUTPUTS],
                        default=[name for name, _ in OUTPUTS], metavar="OUTPUT",
                        help="which of html, 'csv matrix', 'csv findings', 'csv changes' "
                             "(default: all)")
    parser.add_argument("--no-browser", action="store_true",
                        help="don't open the HTML page in Chromium")
    args = parser.parse_args(argv)
    browser = (lambda page, profile: None) if args.no_browser else browser_seconds
    codes = [("after", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    results: dict[str, Any] = {}
    rows: list[list[Any]] = []
    with tempfile.TemporaryDirectory(prefix="deputy-bench-report-") as temporary:
        work = Path(temporary)
        homes = args.homes.resolve() if args.homes else work / "homes"
        blank = work / "blank.html"
        blank.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
        floor = browser(blank, work / "profile-blank")
        for mailboxes in args.mailboxes:
            home = work / f"report-{mailboxes}"
            with_changes(synced_home(homes, mailboxes), home)
            figures: dict[str, dict[str, Any]] = {}
            for output, options in (o for o in OUTPUTS if o[0] in args.outputs):
                for code, folder in codes:
                    out = work / f"{code}-{mailboxes}-{output.replace(' ', '.')}"
                    run = measure([sys.executable, "-m", "app", "report", *options,
                                   "--out", str(out)], environment(home), folder, out)
                    entry = run.to_json()
                    if output == "html" and run.error == "":
                        entry["browser_s"] = browser(out, work / f"profile-{code}")
                    figures.setdefault(output, {})[code] = entry
                if output != "html" and len(codes) == 2:
                    outs = [work / f"{code}-{mailboxes}-{output.replace(' ', '.')}"
                            for code, _ in codes]
                    figures[output]["same_bytes"] = all(o.exists() for o in outs) and (
                        _digest(outs[0]) == _digest(outs[1]))
                rows.append([f"{mailboxes:,} mailboxes, {output}",
                             *(_figure(figures[output], code, key) for key in
                               ("wall_s", "peak_rss_mib", "file_mib", "browser_s")
                               for code, _ in reversed(codes)),
                             *([figures[output].get("same_bytes", "-")] if args.before
                               else [])])
            results[str(mailboxes)] = figures
    header = ["report", *(f"{what} {code}" for what in ("s", "RSS MiB", "file MiB", "browser s")
                          for code, _ in reversed(codes)),
              *(["same CSV"] if args.before else [])]
    notes = [
        "s: wall time of the whole `deputy report` process (start-up, reading the snapshot, "
        "writing); RSS MiB: its peak resident memory; file MiB: what it wrote; browser s: "
        "headless Chromium opening the HTML page and photographing it, against "
        f"{floor if floor is not None else '-'} s for a blank page (- : not installed, or "
        f"more than {BROWSER_TIMEOUT_S} s).",
        "The snapshot: the demo tenant scale:N synced once; the newest is a copy with one "
        "role in 50 made \"Can edit\" and one permission in 100 removed, so the report and "
        "the changes CSV compare two N-mailbox snapshots.",
        *([f"before: the code in {shown_path(args.before.resolve())}; same CSV: the file "
           "it wrote and this code's are the same bytes."] if args.before else []),
    ]
    report("report", parameters={"mailboxes": args.mailboxes,
                                 "before": str(args.before) if args.before else None},
           results={"blank_page_browser_s": floor, "by_mailboxes": results},
           header=header, rows=rows, notes=notes)
    return 0


def _digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _figure(figures: dict[str, dict[str, Any]], code: str, key: str) -> Any:
    entry = figures.get(code, {})
    if entry.get("error"):
        return "failed"
    return entry.get(key)


if __name__ == "__main__":
    sys.exit(main())
