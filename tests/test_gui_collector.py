"""Garbage is collected on the GUI thread only, once the task runner exists: a cycle
dropped on a reader thread is freed on the GUI thread, where its Qt objects live."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from PySide6.QtCore import QObject

from app.gui_collector import THRESHOLDS
from app.tasks import TaskRunner


class _CycleWithAQtObject:
    """A cycle holding a QObject, as a Task and the closure connected to it make one;
    it notes the thread it was freed on."""

    freed_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.itself = self
        self.qt_object = QObject()

    def __del__(self) -> None:
        _CycleWithAQtObject.freed_on.append(threading.current_thread().name)


def test_a_cycle_dropped_on_a_reader_thread_is_freed_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    assert not gc.isenabled()  # no collection starts on a pool thread by itself
    _CycleWithAQtObject.freed_on.clear()
    outcomes = []

    def read_a_page(task):
        _CycleWithAQtObject()  # unreachable at once; only a collection frees it
        # as a page's parsing does: many young objects, well past generation 0's threshold
        return [{"id": str(number)} for number in range(THRESHOLDS[0] * 20)]

    runner.run("read", read_a_page, outcomes.append)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    assert len(outcomes[0].value) == THRESHOLDS[0] * 20
    qtbot.waitUntil(lambda: bool(_CycleWithAQtObject.freed_on), timeout=5000)
    assert _CycleWithAQtObject.freed_on == [threading.main_thread().name]
    assert runner.shutdown()
