"""The benchmarks of what users feel, run small: each prints a table and one JSON line.

Each runs as its own process, as people run it (``python -m bench.NAME``), at a size
that keeps the three to a few seconds each; the figures themselves are not checked,
only that they are there.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.common import json_line

ROOT = Path(__file__).resolve().parent.parent


def run_bench(*argv: str) -> tuple[str, dict]:
    done = subprocess.run([sys.executable, "-m", *argv], capture_output=True, text=True,
                          timeout=180, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    return done.stdout, json_line(done.stdout)


def table_header(output: str) -> list[str]:
    """The words of the table's header: the line above the rule of dashes."""
    lines = output.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    return lines[rule - 1].split("  ")


@pytest.mark.parametrize("argv, header, keys", [
    (("bench.responsiveness", "--mailboxes", "20", "--runs", "1"),
     "While", {"target_ms", "target_met", "longest_stall_ms", "stages", "matrix"}),
    (("bench.startup", "--runs", "1", "--frozen", "no-such-build/deputy"),
     "Start", {"target_s", "floor", "source", "frozen"}),
    (("bench.memory", "--mailboxes", "20", "--frozen", "no-such-build"),
     "What", {"peak_rss_mib", "sizes_mib", "snapshot_mib", "failures"}),
    (("bench.assistant_desk", "--executives", "3", "--events", "40", "--week-events", "20",
      "--latency-ms", "0", "--steps", "3"),
     "Measure", {"needs_attention", "week_grid", "targets_met"}),
], ids=["responsiveness", "startup", "memory", "assistant_desk"])
def test_bench_prints_a_table_and_one_json_line(argv, header, keys):
    output, line = run_bench(*argv)
    assert table_header(output)[0] == header
    assert line["benchmark"] == argv[0].removeprefix("bench.")
    assert {"cpu", "cores", "load_average"} <= set(line["machine"])
    assert keys <= set(line["results"])
    results = line["results"]
    if argv[0] == "bench.responsiveness":
        assert set(results["stages"]) == {"idle", "open_review", "sync", "after_sync",
                                          "findings_tab", "findings_sort", "findings_rule",
                                          "sort", "filter", "unfilter", "scroll"}
        assert results["matrix"]["mailboxes"] == 20
        assert all(stage["ticks"] > 0 for stage in results["stages"].values())
    elif argv[0] == "bench.assistant_desk":
        assert results["needs_attention"]["rows"] > 0
        assert results["week_grid"]["columns"] == 3 * 7  # three executives' weeks
        assert results["week_grid"]["frames"] > 0
    elif argv[0] == "bench.startup":
        assert results["frozen"] == {"built": False}
        assert "not built" in output
        assert results["floor"]["median_s"] > 0 and results["source"]["median_s"] > 0
    else:
        assert results["peak_rss_mib"]["frozen"] is None and "not built" in output
        assert results["peak_rss_mib"]["source"] > results["peak_rss_mib"]["floor"] > 0
        assert results["failures"] == []


def test_fix_removals_times_the_apply_against_the_floor_and_watches_the_window():
    output, line = run_bench("bench.fix_removals", "--removals", "15", "--runs", "2",
                             "--latency-ms", "20")
    assert [w.strip() for w in table_header(output) if w.strip()] == [
        "figure", "apply", "flow alone", "preview", "in the window"]
    results = line["results"]
    removals = results["removals"]
    assert 0 < removals <= 15 and results["mailboxes"] == removals  # one per mailbox
    # Each sending removed every one: the tenant was reset before each.
    for figures in (results["apply"], results["flow_alone"]):
        assert figures["writes"] == figures["done"] == removals
    assert results["preview"]["writes"] == 0
    window = results["window"]
    assert window["sent"] == window["done"] == window["writes"] == removals
    assert window["stalls"]["ticks"] > 0 and window["idle_stalls"]["ticks"] > 0
    assert results["floor"]["round_trips"] == 1  # one batch, one mailbox each
    assert results["floor"]["seconds"] == pytest.approx(0.02)
    assert {"floor", "stall"} == set(results["targets"])
    assert len(results["apply_runs"]) == len(results["flow_runs"]) == 2
