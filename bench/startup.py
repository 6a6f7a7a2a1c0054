"""How long from double-click to a window with data, against a bare PySide6 window.

``python -m bench.startup [--frozen dist/deputy/deputy] [--runs 5]``

Each start is timed from just before the process is spawned to the moment the window
shows its data: Deputy prints it with DEPUTY_PRINT_READY set (``deputy --demo --as
AdeleV@contoso.com --screenshot FILE`` says "ready" once the calendars are in, before
the picture is taken); the floor, ``bench/floor_window.py``, once its one label shows.
In one run, interleaved so that a busy moment of the machine hits each alike: the
floor, Deputy from source (``python -m app``) and the frozen onedir app, if built; each
of Deputy's twice: with ``--demo`` (Deputy starts the demo's emulator as it starts, from
source in a process of its own, and waits for it: as a person trying Deputy has it) and with
``--demo --emulator URL`` (the emulator already running, as Microsoft 365 is for a
real tenant: Deputy's own start).
Each is started once untimed first (disk cache, compiled bytecode). Target: Deputy
within 1.5 x the floor + 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import ROOT, emulator, report, shown_path

DEFAULT_FROZEN = ROOT / "dist" / "deputy" / "deputy"
READY = "deputy: ready "
USER = "AdeleV@contoso.com"
TIMEOUT_S = 120


@dataclass
class Variant:
    """One way to start, and its timed starts.

    Attributes:
        till_exit: no "ready" line came (an older build): timed to its exit instead.
    """

    name: str
    words: str
    command: list[str] | None  # None: not built
    seconds: list[float] = field(default_factory=list)
    till_exit: bool = False
    failure: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def best(self) -> float | None:
        return min(self.seconds) if self.seconds else None


def child_environment(home: Path) -> dict[str, str]:
    """Deputy's files in ``home``; no display needed; compiled bytecode kept (outside
    the source tree), as after any install."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({"DEPUTY_HOME": str(home / "home"), "DEPUTY_PRINT_READY": "1",
                "QT_QPA_PLATFORM": "offscreen",
                "PYTHONPYCACHEPREFIX": str(home / "bytecode")})
    return env


def start_once(command: list[str], env: dict[str, str]) -> tuple[float, bool]:
    """Seconds from spawn to "ready" (or to exit, True, when no such line came)."""
    begun = time.time()
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT) as process:
        assert process.stderr is not None
        ready: float | None = None
        other: list[str] = []
        for line in process.stderr:
            if line.startswith(READY) and ready is None:
                ready = float(line[len(READY):])
            else:
                other.append(line.rstrip())
        code = process.wait(timeout=TIMEOUT_S)
        ended = time.time()
    if code != 0:
        raise RuntimeError(f"exit code {code}: {' / '.join(other[-3:])}")
    return ((ready if ready is not None else ended) - begun), ready is None


def measure(variants: list[Variant], runs: int, home: Path) -> None:
    env = child_environment(home)
    active = [v for v in variants if v.command is not None]
    for variant in active:  # untimed: fills the disk cache and compiles bytecode
        try:
            start_once(variant.command, env)  # type: ignore[arg-type]
        except (OSError, RuntimeError) as exc:
            variant.failure = str(exc)
    for _run in range(runs):
        for variant in active:
            if variant.failure:
                continue
            try:
                took, till_exit = start_once(variant.command, env)  # type: ignore[arg-type]
            except (OSError, RuntimeError) as exc:
                variant.failure = str(exc)
                continue
            variant.seconds.append(took)
            variant.till_exit = variant.till_exit or till_exit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed starts of each")
    parser.add_argument("--frozen", type=Path, default=DEFAULT_FROZEN,
                        help="the onedir app's executable (default: dist/deputy/deputy)")
    args = parser.parse_args(argv)
    frozen = args.frozen.resolve()
    built = frozen.is_file() and os.access(frozen, os.X_OK)
    with tempfile.TemporaryDirectory(prefix="deputy-bench-") as folder, \
            emulator("contoso") as service:
        home = Path(folder)
        demo = ["--demo", "--as", USER, "--screenshot", str(home / "start.png")]
        served = ["--emulator", service.base_url, *demo]
        source = [sys.executable, "-m", "app"]
        variants = [
            Variant("floor", "Floor: a bare PySide6 window, one label",
                    [sys.executable, str(ROOT / "bench" / "floor_window.py")]),
            Variant("source_served", "Deputy from source, Graph in its own process",
                    [*source, *served]),
            Variant("source", "Deputy from source, --demo starting its emulator",
                    [*source, *demo]),
            Variant("frozen_served", f"Deputy frozen ({shown_path(frozen)}), Graph in its "
                    "own process", [str(frozen), *served] if built else None),
            Variant("frozen", f"Deputy frozen ({shown_path(frozen)}), --demo starting its "
                    "emulator", [str(frozen), *demo] if built else None),
        ]
        measure(variants, args.runs, home)
    floor = variants[0].median
    target = 1.5 * floor + 0.3 if floor is not None else None

    def verdict(variant: Variant) -> str:
        if variant.command is None:
            return "not built"
        if variant.failure and not variant.seconds:
            return "failed"
        if variant.name == "floor" or target is None or variant.median is None:
            return "-"
        return "yes" if variant.median <= target else "NO"

    rows = [[v.words, v.median, v.best, len(v.seconds),
             (f"{v.median / floor:.1f}x" if v.median is not None and floor else "-"),
             verdict(v)] for v in variants]
    notes = [
        "Seconds from spawning the process to the window showing its data (Deputy: the "
        f"demo tenant's calendars as {USER}, offscreen); median and best of {args.runs}. "
        "\"Graph in its own process\": the emulator started once beforehand, as Microsoft "
        "365 runs apart from Deputy (--emulator URL); \"--demo starting its emulator\": "
        "Deputy starts it as it starts (from source a process of its own, the frozen app "
        "inside it), seeds it and waits for it.",
        (f"Target: within 1.5 x the floor + 300 ms = {target:.2f} s." if target is not None
         else "The floor did not start: no target."),
        *[f"{v.words}: timed to its exit (this build prints no ready line), so slower "
          "than it is." for v in variants if v.till_exit],
        *[f"{v.words} failed: {v.failure}" for v in variants if v.failure],
    ]
    results: dict[str, Any] = {"target_s": None if target is None else round(target, 3)}
    for v in variants:
        results[v.name] = ({"built": False} if v.command is None else {
            "median_s": None if v.median is None else round(v.median, 3),
            "min_s": None if v.best is None else round(v.best, 3),
            "runs_s": [round(s, 3) for s in v.seconds], "till_exit": v.till_exit,
            "failure": v.failure or None,
            **({} if v.name == "floor" else {"target_met": verdict(v) == "yes"})})
    report("startup", parameters={"runs": args.runs, "frozen": str(args.frozen)},
           results=results, header=["Start", "Median s", "Best s", "Runs", "x floor",
                                    "Within target"],
           rows=rows, notes=notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
