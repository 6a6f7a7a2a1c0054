"""How much memory Deputy takes with a big snapshot open, and how big it is to install.

``python -m bench.memory --mailboxes 1000 [--frozen dist/deputy]``

A snapshot of an N-mailbox demo tenant is synced first (``deputy sync --demo --seed
scale:N --as-admin --all``, not measured). Then each of these runs as a process of its
own, and its peak resident memory is read when it ends (bench.peak_memory: the kernel's
high-water mark of that process alone): the floor, a bare PySide6 window with one
label (``bench/floor_window.py``); Deputy from source opening that snapshot offline
in the review, matrix shown (``deputy --offline --screenshot FILE --view review``);
the same with the frozen onedir app, if built. Also the onedir folder's size and the
installers' (``dist/*.tar.gz``, ``dist/*.deb``, ``dist/*setup.exe``), where built.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.common import ROOT, report, shown_path
from bench.peak_memory import wait_for_peak

DEFAULT_FROZEN = ROOT / "dist" / "deputy"
MIB = 1024 * 1024
TIMEOUT_S = 600
INSTALLERS = (("tar.gz", "*.tar.gz", "tarball"), ("deb", "*.deb", "Debian package"),
              ("setup.exe", "*setup.exe", "Windows installer"))


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DEPUTY_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"})
    return env


def peak_rss(command: list[str], env: dict[str, str]) -> int:
    """Run ``command`` to its end; its peak resident set, in bytes."""
    return run_measured(command, env)[0]


def run_measured(command: list[str], env: dict[str, str],
                 cwd: Path = ROOT) -> tuple[int, str]:
    """Run ``command`` to its end in ``cwd``: its peak resident set in bytes, and what it
    wrote to stderr."""
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, cwd=cwd) as process:
        peak, errors = wait_for_peak(process)
    if process.returncode != 0:
        raise RuntimeError(f"exit code {process.returncode}: {errors[-300:]}")
    return peak, errors


def folder_size(folder: Path) -> int:
    """Bytes in the files under ``folder`` (their lengths, as ``du -sb`` counts)."""
    return sum(path.lstat().st_size for path in folder.rglob("*")
               if path.is_file() or path.is_symlink())


def sync_snapshot(mailboxes: int, env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "app", "sync", "--demo", "--seed", f"scale:{mailboxes}",
               "--as-admin", "--all"]
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=TIMEOUT_S, cwd=ROOT,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"deputy sync failed: {done.stderr.strip()[-300:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--mailboxes", type=int, default=1000,
                        help="the snapshot's size (the demo's scale:N)")
    parser.add_argument("--frozen", type=Path, default=DEFAULT_FROZEN,
                        help="the onedir app's folder (default: dist/deputy)")
    args = parser.parse_args(argv)
    folder = args.frozen.resolve()
    executable = next((folder / name for name in ("deputy", "deputy.exe")
                       if (folder / name).is_file()), None)
    rss: dict[str, int | None] = {}
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="deputy-bench-") as temporary:
        home = Path(temporary)
        env = environment(home / "home")
        sync_snapshot(args.mailboxes, env)
        snapshot_bytes = (home / "home" / "data" / "snapshots.db").stat().st_size
        review = ["--offline", "--screenshot", str(home / "review.png"), "--view", "review"]
        runs = [("floor", [sys.executable, str(ROOT / "bench" / "floor_window.py")]),
                ("source", [sys.executable, "-m", "app", *review]),
                ("frozen", [str(executable), *review] if executable else None)]
        for name, command in runs:
            if command is None:
                rss[name] = None
                continue
            try:
                rss[name] = peak_rss(command, env)
            except (OSError, RuntimeError) as exc:
                rss[name] = None
                failures.append(f"{name}: {exc}")
    floor = rss["floor"]

    def times_floor(value: int | None) -> str:
        return f"{value / floor:.1f}x" if value and floor else "-"

    def mib(value: int | None) -> float | None:
        return None if value is None else round(value / MIB, 1)

    words = {"floor": "Floor: a bare PySide6 window, one label",
             "source": f"Deputy from source, review of {args.mailboxes:,} mailboxes",
             "frozen": f"Deputy frozen, review of {args.mailboxes:,} mailboxes"}
    rows: list[list[Any]] = [
        [words[name], "peak RSS", mib(value) if value is not None else
         ("not built" if name == "frozen" and executable is None else "failed"),
         times_floor(value)] for name, value in rss.items()]
    sizes: dict[str, float | None] = {}
    onedir = folder_size(folder) if executable else None
    sizes["onedir"] = mib(onedir)
    rows.append([f"Onedir app ({shown_path(folder)})", "on disk",
                 mib(onedir) if onedir is not None else "not built", "-"])
    for key, pattern, what in INSTALLERS:
        found = sorted((ROOT / "dist").glob(pattern)) if (ROOT / "dist").is_dir() else []
        sizes[key] = mib(found[-1].stat().st_size) if found else None
        rows.append([f"{what} ({shown_path(found[-1])})" if found else what, "file",
                     sizes[key] if found else "not built", "-"])
    rows.append([f"The snapshot file ({args.mailboxes:,} mailboxes)", "file",
                 mib(snapshot_bytes), "-"])
    notes = [f"Peak RSS: the kernel's high-water mark of each process alone, read when it "
             f"ends; Deputy opens the synced {args.mailboxes:,}-mailbox snapshot offline, "
             "shows the matrix and saves a picture of it. MiB: 1,048,576 bytes.",
             *[f"Failed: {failure}" for failure in failures]]
    report("memory", parameters={"mailboxes": args.mailboxes, "frozen": str(args.frozen)},
           results={"peak_rss_mib": {name: mib(value) for name, value in rss.items()},
                    "sizes_mib": sizes, "snapshot_mib": mib(snapshot_bytes),
                    "failures": failures},
           header=["What", "Measure", "MiB", "x floor"], rows=rows, notes=notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
