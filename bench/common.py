"""What every benchmark shares: the machine it ran on, the emulator, and the report.

A benchmark prints a title, a table and notes for people, then exactly one JSON line
for tools::

    {"benchmark": "sync", "machine": {...}, "parameters": {...}, "results": {...}}

``json_line(output)`` finds that line again (tests, scripts that collect figures).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent  # the checkout


def shown_path(path: Path) -> str:
    """``path`` relative to the checkout where it is inside it: shorter in a table."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def machine() -> dict[str, Any]:
    """The computer and software a figure was measured on.

    ``load_average`` (1 minute, at the start) shows whether others were using the
    machine: figures from a busy machine are slower than the machine can do.
    """
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "os": _os_name(),
        "python": platform.python_version(),
        "pyside6": _version("PySide6-Essentials") or _version("PySide6"),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


# ---------------------------------------------------------------------- the emulator

@dataclass
class Emulator:
    """A running Graph emulator, as a benchmark sees it.

    Attributes:
        base_url: Graph is under ``base_url + "/v1.0/"``.
        pid: the emulator's process, when it runs in one of its own.
    """

    base_url: str
    pid: int | None = None

    def stats(self) -> dict[str, Any]:
        """``GET /_emulator/stats``: requests, batch sub-requests, 429s, server CPU."""
        response = requests.get(f"{self.base_url}/_emulator/stats", timeout=10)
        response.raise_for_status()
        return response.json()

    def set_faults(self, **faults: Any) -> None:
        """``POST /_emulator/faults`` (``latency_ms``, ``fail_rate``...); none clears."""
        requests.post(f"{self.base_url}/_emulator/faults", json=faults,
                      timeout=10).raise_for_status()

    def process_cpu_seconds(self) -> float | None:
        """CPU the emulator's process used so far, all its threads (Linux only), or None.

        ``stats()["cpu_seconds"]`` counts only the work of Graph operations; this adds
        HTTP parsing, JSON and threads, which a real service spreads over many machines.
        """
        if self.pid is None:
            return None
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def emulator(seed: str = "contoso", *, latency_ms: float = 0.0,
             own_process: bool = True) -> Iterator[Emulator]:
    """The emulator with ``seed``, adding ``latency_ms`` to every Graph HTTP request.

    In its own process (the default) it does not share the benchmark's interpreter
    lock, as Microsoft Graph doesn't; ``own_process=False`` runs it on a thread here.
    """
    if not own_process:
        from app.graph.emulator import EmulatorServer

        with EmulatorServer(seed, latency_ms=latency_ms) as server:
            yield Emulator(server.base_url)
        return
    command = [sys.executable, "-m", "app.graph.emulator.cli", "--seed", seed,
               "--latency-ms", str(latency_ms)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline().strip()  # the base URL, once it listens
            if not first.startswith("http"):
                raise RuntimeError(f"The emulator did not start (seed {seed!r}).")
            yield Emulator(first, process.pid)
        finally:
            process.terminate()
            process.wait(timeout=10)


# ---------------------------------------------------------------------- the report

def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain text table: the first column left-aligned, the others right-aligned."""
    cells = [[str(c) for c in header]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def report(name: str, *, parameters: dict[str, Any], results: dict[str, Any],
           header: Sequence[str], rows: Sequence[Sequence[Any]],
           notes: Sequence[str] = (), machine_info: dict[str, Any] | None = None) -> None:
    """Print the title, the table, the notes, then the one JSON line."""
    info = machine_info or machine()
    print(f"bench.{name} on {info['cpu']} ({info['cores']} cores, {info['ram_gb']} GB), "
          f"{info['os']}, Python {info['python']}, PySide6 {info['pyside6']}, "
          f"load {info['load_average']}")
    print()
    print(table(header, rows))
    if notes:
        print()
        for note in notes:
            print(note)
    print()
    print(json.dumps({"benchmark": name, "machine": info, "parameters": parameters,
                      "results": results}), flush=True)


def json_line(output: str) -> dict[str, Any]:
    """The one JSON line of a benchmark's output; ValueError unless there is exactly one."""
    found = [line for line in output.splitlines() if line.startswith("{")]
    if len(found) != 1:
        raise ValueError(f"Expected one JSON line, found {len(found)}.")
    return json.loads(found[0])


class Stopwatch:
    """Wall and this process's CPU time of a block: ``with Stopwatch() as watch: ...``."""

    def __enter__(self) -> Stopwatch:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        self.wall = self.cpu = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def spread_sample(items: list[str], sample: int) -> list[str]:
    """``sample`` of ``items`` spread evenly (all of them for 0 or more than there are)."""
    if not sample or sample >= len(items):
        return list(items)
    return [items[i * len(items) // sample] for i in range(sample)]


def extrapolated(listing: Stopwatch, reading: Stopwatch, mailboxes: int, read: int,
                 listing_requests: int, requests: int, throttled: int) -> dict[str, Any]:
    """A client's figures for all ``mailboxes`` from reading ``read`` of them: the
    listing as measured, the reading scaled linearly."""
    scale = mailboxes / read
    return {
        "mailboxes_read": read, "mailboxes": mailboxes, "extrapolated": read < mailboxes,
        "wall_s": listing.wall + reading.wall * scale,
        "client_cpu_s": listing.cpu + reading.cpu * scale,
        "requests": round(listing_requests + (requests - listing_requests) * scale),
        "throttled": round(throttled * scale),
        "measured_wall_s": listing.wall + reading.wall, "measured_requests": requests,
    }
