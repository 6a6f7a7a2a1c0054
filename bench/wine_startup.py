"""Start-up of Deputy's Windows build under Wine, against a bare PySide6 window there.

``python -m bench.wine_startup --python C:\\Python311\\python.exe --frozen DIR\\deputy.exe``

Run on the Linux host with Wine's WINEPREFIX and DISPLAY set (build_under_wine.sh runs
it after the build). As ``bench.startup``, interleaved in one run and timed from spawn
to "ready": the floor, ``bench/floor_window.py`` under the Windows Python, and the
frozen ``deputy.exe --demo --as AdeleV@contoso.com --screenshot``. Both render with
Qt's offscreen platform (what --screenshot uses), set inside Wine, which drops the QT_*
variables of the Linux environment; both through ``cmd /c``, so alike. Wine's own cost
(its server, the DLL loader) is in both: the ratio says what Deputy adds. The sizes of
the onedir folder and the installer are reported too.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.common import ROOT, machine, report
from bench.startup import USER, Variant, measure


def folder_megabytes(folder: Path) -> float | None:
    if not folder.is_dir():
        return None
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6, 1)


def windows_path(path: Path) -> str:
    result = subprocess.run(["winepath", "-w", str(path)], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, check=True, timeout=60)
    return result.stdout.strip()


def under_wine(*command: str) -> list[str]:
    """A Windows command under Wine, rendering offscreen (set inside: Wine drops QT_*)."""
    return ["wine", "cmd", "/c", "set QT_QPA_PLATFORM=offscreen&& " + " ".join(command)]


def wine_version() -> str:
    result = subprocess.run(["wine", "--version"], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, check=False, timeout=60)
    return result.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wine_startup",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed starts of each")
    parser.add_argument("--python", required=True, help="the Windows python.exe, as Wine sees it")
    parser.add_argument("--frozen", type=Path, required=True,
                        help="the frozen deputy.exe (a Linux path)")
    parser.add_argument("--installer", type=Path, help="the setup.exe, for its size")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deputy-wine-bench-") as folder:
        home = Path(folder)
        picture = windows_path(home / "start.png")
        variants = [
            Variant("floor", "Floor under Wine: a bare PySide6 window (Windows Python)",
                    under_wine(args.python, windows_path(ROOT / "bench" / "floor_window.py"))),
            Variant("frozen", "Deputy's deputy.exe under Wine",
                    under_wine(windows_path(args.frozen), "--demo", "--as", USER,
                               "--screenshot", picture) if args.frozen.is_file() else None),
        ]
        measure(variants, args.runs, home)
    floor, frozen = variants[0].median, variants[1].median
    ratio = frozen / floor if floor and frozen else None
    onedir_mb = folder_megabytes(args.frozen.parent)
    installer_mb = (round(args.installer.stat().st_size / 1e6, 1)
                    if args.installer and args.installer.is_file() else None)
    rows = [[v.words, v.median, v.best, len(v.seconds),
             f"{v.median / floor:.1f}x" if v.median is not None and floor else "-"]
            for v in variants]
    notes = [
        f"Seconds from spawning `wine` to the window showing its data ({wine_version()}, "
        f"offscreen); median and best of {args.runs}, after one untimed start each.",
        f"The onedir folder: {onedir_mb} MB; the installer: {installer_mb} MB.",
        *[f"{v.words} failed: {v.failure}" for v in variants if v.failure],
    ]
    results: dict[str, Any] = {
        "onedir_mb": onedir_mb, "installer_mb": installer_mb,
        "frozen_over_floor": None if ratio is None else round(ratio, 2)}
    for v in variants:
        results[v.name] = {"median_s": None if v.median is None else round(v.median, 3),
                           "min_s": None if v.best is None else round(v.best, 3),
                           "runs_s": [round(s, 3) for s in v.seconds],
                           "failure": v.failure or None}
    # The Windows Python's PySide6 (the host's may have none): the pinned one.
    pins = (ROOT / "packaging" / "windows" / "requirements.txt").read_text(encoding="utf-8")
    pyside = next((line.split("==")[1] for line in pins.splitlines()
                   if line.lower().startswith("pyside6-essentials==")), None)
    info = {**machine(), "pyside6": pyside, "wine": wine_version()}
    report("wine_startup", parameters={"runs": args.runs, "frozen": str(args.frozen)},
           results=results, header=["Start", "Median s", "Best s", "Runs", "x floor"],
           rows=rows, notes=notes, machine_info=info)
    failed = any(v.failure for v in variants)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
