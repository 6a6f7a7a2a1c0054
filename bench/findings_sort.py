"""How long the Findings tab holds the window: its first fill, a header click, a rule
chosen, on a real snapshot's findings.

``python -m bench.findings_sort --snapshot PATH/snapshots.db [--repeat 3]``

The snapshot's findings, read as the review reads them (not timed), are given to the
review's Findings tab, hidden, as the review gives them; then, each timed by a heartbeat
on the GUI thread (``bench.responsiveness.Heartbeat``) until the table shows the rows
asked for: the tab shown (its rows made ready on the task runner), a click on the Person
header, a second click (descending), another rule chosen, the first rule again. A row is
selected before the clicks: it must still be the one selected after them. Make a large
snapshot with ``python -m bench.scale --mailboxes 100000``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import report
from bench.responsiveness import TARGET_MS, Heartbeat, Stalls, run_until, settle

INTERVAL_MS = 5


def measure(snapshot_path: Path, repeat: int) -> tuple[dict[str, list[tuple[Stalls, float]]],
                                                      dict[str, Any]]:
    from PySide6.QtWidgets import QApplication

    from app.gui import GUI_SWITCH_INTERVAL_S
    from app.review.data import SnapshotData
    from app.review.snapshot_store import SnapshotStore
    from app.tasks import TaskRunner
    from app.views.review_findings import FindingsView

    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)  # as Deputy's application() sets it
    _app = QApplication.instance() or QApplication([])
    store = SnapshotStore(snapshot_path)
    snapshot = store.latest()
    if snapshot is None:
        raise SystemExit("That file holds no finished snapshot.")
    runner = TaskRunner()
    beat = Heartbeat(INTERVAL_MS)
    stages: dict[str, list[tuple[Stalls, float]]] = {}
    facts: dict[str, Any] = {"mailboxes": snapshot.mailboxes_stored, "selection_kept": True}
    try:
        beat.start()
        for _run in range(repeat):
            data = SnapshotData.read(store, snapshot, lazy=True)  # as the review's worker
            one_run(FindingsView(runner), data, beat, stages, facts)
    finally:
        beat.stop()
        runner.shutdown()
        store.close()
    return stages, facts


def one_run(view: Any, data: Any, beat: Heartbeat,
            stages: dict[str, list[tuple[Stalls, float]]], facts: dict[str, Any]) -> None:
    """The tab given the findings, shown, sorted twice, another rule and back."""
    from PySide6.QtCore import Qt

    from app.models.findings import Column
    from app.models.item_roles import ItemRole

    def stage(name: str, act: Callable[[], None]) -> None:
        settle(50)
        start = time.perf_counter()
        act()
        run_until(lambda: not view.model.pending)
        ended = time.perf_counter()
        settle(100)
        stages.setdefault(name, []).append((beat.stalls(start, time.perf_counter()),
                                            ended - start))

    view.resize(1000, 700)
    model, rules, table = view.model, view.rules, view.table
    findings = data.findings
    stage("counts", lambda: view.set_findings(findings, data.names))
    stage("fill", view.show)
    facts["findings"] = len(findings)
    facts["rows_shown"] = model.rowCount()
    table.selectRow(min(10, model.rowCount() - 1))
    chosen = table.currentIndex().data(ItemRole.OBJECT)
    stage("sort", lambda: table.sortByColumn(Column.PERSON, Qt.SortOrder.AscendingOrder))
    stage("sort_again", lambda: table.sortByColumn(Column.PERSON,
                                                   Qt.SortOrder.DescendingOrder))
    if table.currentIndex().data(ItemRole.OBJECT) != chosen:
        facts["selection_kept"] = False
    first = rules.currentRow()
    other = max((r for r in range(rules.count()) if r != first),
                key=lambda r: view.counts[rules.item(r).data(ItemRole.OBJECT)])
    stage("rule", lambda: rules.setCurrentRow(other))
    facts["other_rule_rows"] = model.rowCount()
    stage("rule_back", lambda: rules.setCurrentRow(first))
    view.close()
    view.deleteLater()
    settle(50)


WORDS = {"counts": "Findings given, tab hidden (counts)",
         "fill": "Tab shown: rows made ready, table filled",
         "sort": "Header click: sort by person",
         "sort_again": "Header click again: descending",
         "rule": "Another rule chosen",
         "rule_back": "The first rule again"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.findings_sort")
    parser.add_argument("--snapshot", type=Path, required=True, help="a snapshots.db")
    parser.add_argument("--repeat", type=int, default=2)
    options = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    stages, facts = measure(options.snapshot, options.repeat)
    rows, results = [], {}
    for name, runs in stages.items():
        longest = statistics.median(stalls.longest_ms for stalls, _seconds in runs)
        seconds = statistics.median(seconds for _stalls, seconds in runs)
        results[name] = {"longest_stall_ms": round(longest, 1),
                         "worst_run_ms": round(max(s.longest_ms for s, _ in runs), 1),
                         "seconds_until_shown": round(seconds, 3)}
        rows.append((WORDS[name], round(longest, 1), f"{seconds:.2f}",
                     "yes" if longest < TARGET_MS else "NO"))
    report("findings_sort",
           parameters={"snapshot": str(options.snapshot), "repeat": options.repeat,
                       "findings": facts["findings"], "mailboxes": facts["mailboxes"]},
           results={"stages": results, **facts},
           header=("While", "Longest GUI stall ms", "Seconds until shown", "Under 50 ms"),
           rows=rows,
           notes=[f"{facts['findings']:,} findings of {facts['mailboxes']:,} mailboxes; "
                  f"the first rule shows {facts['rows_shown']:,} rows, the other "
                  f"{facts['other_rule_rows']:,}. Median of {options.repeat} runs; a "
                  f"{INTERVAL_MS} ms heartbeat. The selected row stayed selected through "
                  f"the sorts: {'yes' if facts['selection_kept'] else 'NO'}."])


if __name__ == "__main__":
    main()
