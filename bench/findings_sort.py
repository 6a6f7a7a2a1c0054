"""How long a click on a Findings column keeps the window busy, by who sorts.

``python -m bench.findings_sort --snapshot PATH/snapshots.db [--repeat 3]``

The snapshot's findings (read as the review reads them) fill the review's findings
model. In one run, side by side, each best of ``--repeat``: the model sorting itself by
the Person column (what a header click does now: ``FindingsModel.sort``), and a plain
``QSortFilterProxyModel`` sorting the same rows (what it did before: two calls into
Python per comparison). Both run on this thread, as a header click runs on the GUI
thread. Make a large snapshot with ``python -m bench.scale --mailboxes 20000``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication

from app.models.findings import Column, FindingsModel, RuleFilter
from app.models.item_roles import ItemRole
from app.review.data import SnapshotData
from app.review.snapshot_store import SnapshotStore
from bench.common import report


def best_of(repeat: int, model: QSortFilterProxyModel) -> float:
    """The best time of sorting by person, each time from the mailbox order (a sort by
    the column already sorted is no work)."""
    times = []
    for _ in range(repeat):
        model.sort(int(Column.MAILBOX), Qt.SortOrder.AscendingOrder)
        started = time.perf_counter()
        model.sort(int(Column.PERSON), Qt.SortOrder.AscendingOrder)
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.findings_sort")
    parser.add_argument("--snapshot", type=Path, required=True, help="a snapshots.db")
    parser.add_argument("--repeat", type=int, default=2)
    options = parser.parse_args(argv)
    _app = QApplication.instance() or QApplication([])
    store = SnapshotStore(options.snapshot)
    snapshot = store.latest()
    if snapshot is None:
        raise SystemExit("That file holds no finished snapshot.")
    data = SnapshotData.read(store, snapshot, lazy=True)
    model = FindingsModel()
    model.set_findings(data.findings, data.names)
    own = RuleFilter()
    own.setSourceModel(model)
    proxy = QSortFilterProxyModel()
    proxy.setSortRole(ItemRole.SORT)
    proxy.setSourceModel(model)
    mine = best_of(options.repeat, own)
    before = best_of(options.repeat, proxy)
    store.close()
    rows = [("the findings model sorts itself (now)", f"{mine:.3f}"),
            ("a sorting proxy over the model (before)", f"{before:.3f}")]
    report("findings_sort",
           parameters={"snapshot": str(options.snapshot), "repeat": options.repeat,
                       "findings": model.rowCount(), "mailboxes": snapshot.mailboxes_stored},
           results={"own_sort_s": round(mine, 4), "proxy_sort_s": round(before, 4),
                    "ratio": round(before / mine, 1) if mine else None},
           header=("sort by person", "GUI thread busy, s"), rows=rows,
           notes=[f"{model.rowCount():,} findings of {snapshot.mailboxes_stored:,} mailboxes; "
                  f"best of {options.repeat}."])


if __name__ == "__main__":
    main()
