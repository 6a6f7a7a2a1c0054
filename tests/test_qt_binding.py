"""The Qt binding Deputy runs on keeps Python's objects alive.

PySide6 6.12.0 released a reference to ``None`` on every Qt call that returns
nothing, and Python aborted once ``None``'s count ran out (a few thousand table
cells shown); pyproject.toml leaves that release out, and this test catches a
binding with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QStringListModel, Qt


def test_qt_calls_that_return_nothing_leave_nones_reference_count_alone(qapp):
    model = QStringListModel(["a"])
    before = sys.getrefcount(None)
    for _ in range(1000):
        model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
        model.setStringList(["a"])
    assert sys.getrefcount(None) - before > -100
