"""Garbage is collected on the GUI thread only, once the task runner exists: a cycle
dropped on a reader thread is freed on the GUI thread, where its Qt objects live."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

import pytest
from PySide6.QtCore import QObject

from app import gui_collector
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


class _Node:
    """A tracked object, as a review's people and findings are."""

    def __init__(self) -> None:
        self.next: _Node | None = None


def _long_lived() -> int:
    """Objects that outlived a full collection: in the oldest generation, or frozen."""
    return gc.get_freeze_count() + len(gc.get_objects(2))


def _work_until_full_collections_are_weighed(collector) -> None:
    """Short-lived cycles, as a sync's parsing makes, collected as the timer would,
    until the collector has weighed a full collection (a hundred middle ones; a
    collection comes once a count passes its threshold, so twice as many allocations
    as the thresholds' product are enough)."""
    young, middle, full = (threshold + 1 for threshold in THRESHOLDS)
    for _ in range(young * middle * full * 2 // 100):  # twice over: enough, and not more
        for _ in range(100):
            cycle = _Node()
            cycle.next = cycle
        collector.collect_what_is_due()


@pytest.fixture
def full_collections():
    """A list that grows by one at each full collection's start."""
    full: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    gc.callbacks.append(note)
    yield full
    gc.callbacks.remove(note)


def test_full_collections_wait_until_what_lasts_has_grown_by_a_quarter(
        qtbot, monkeypatch, full_collections):
    """As Python's own rule: a sync that makes little that lasts, beside a large review
    open, does not walk the review again and again (0.3-0.4 s each at 100,000)."""
    runner = TaskRunner()
    monkeypatch.setattr(gui_collector, "FULL_SPACING", 0)  # the rule by count alone
    monkeypatch.setattr(gui_collector, "FREEZE_AFTER_S", 1e9)  # and nothing frozen
    collector = gui_collector._collector
    collector.walk_everything()  # a known start: everything walked once
    full = full_collections
    full.clear()
    try:
        # What a review holds while open: a third as much as lasts already.
        review = [_Node() for _ in range(_long_lived() // 3)]
        _work_until_full_collections_are_weighed(collector)
        assert full  # the review's objects are weighed once
        full.clear()
        for _ in range(3):
            _work_until_full_collections_are_weighed(collector)
        assert full == []  # only short-lived garbage since: never walked again
        review += [_Node() for _ in range(_long_lived() // 3)]  # a third as much again
        _work_until_full_collections_are_weighed(collector)
        assert full
    finally:
        assert runner.shutdown()


class _Cycle:
    """A cycle that notes when it is freed."""

    freed: ClassVar[list[bool]] = []

    def __init__(self) -> None:
        self.itself = self

    def __del__(self) -> None:
        _Cycle.freed.append(True)


def test_what_outlives_a_long_full_collection_is_frozen_and_walked_again_when_idle(
        qtbot, monkeypatch):
    runner = TaskRunner()
    monkeypatch.setattr(gui_collector, "FULL_SPACING", 0)
    monkeypatch.setattr(gui_collector, "FREEZE_AFTER_S", 0.0)  # every one is long here
    collector = gui_collector._collector
    _Cycle.freed.clear()
    collector.walk_everything()  # a known start: everything walked once, and frozen
    window_part = _Cycle()  # alive at the next full collection: frozen by it
    frozen_before = gc.get_freeze_count()
    # A window's worth of objects that last, enough for a full collection to be due.
    window = [_Node() for _ in range(_long_lived() // 3)]
    _work_until_full_collections_are_weighed(collector)
    assert gc.get_freeze_count() > frozen_before + len(window)
    del window_part  # the window closes: its cycle is garbage now, frozen
    _work_until_full_collections_are_weighed(collector)
    assert _Cycle.freed == []  # frozen: walked by no collection while Deputy works
    monkeypatch.setattr(gui_collector, "WALK_ALL_WHEN_IDLE_S", 0.0)
    monkeypatch.setattr(gui_collector, "WALK_ALL_WHEN_ACTIVE_IDLE_S", 0.0)  # or in front
    collector.on_timer_timeout()  # nothing made since: idle
    assert _Cycle.freed == [True]
    assert runner.shutdown()


def test_no_full_collection_walks_data_a_worker_is_making_to_keep(
        qtbot, monkeypatch, full_collections):
    """A snapshot's review being read (a million objects at 100,000 mailboxes) is not
    walked half made; the window freezes it whole once it shows it."""
    runner = TaskRunner()
    monkeypatch.setattr(gui_collector, "FULL_SPACING", 0)
    monkeypatch.setattr(gui_collector, "FREEZE_AFTER_S", 1e9)
    monkeypatch.setattr(gui_collector, "SHOW_GRACE_S", 0.0)
    collector = gui_collector._collector
    collector.walk_everything()
    full_collections.clear()
    with gui_collector.making_long_lived_data():
        review = [_Node() for _ in range(_long_lived() // 3)]  # enough for one to be due
        _work_until_full_collections_are_weighed(collector)
        assert full_collections == []
    _work_until_full_collections_are_weighed(collector)
    assert full_collections and review
    assert runner.shutdown()


def test_no_young_collection_walks_data_a_worker_is_making_to_keep(qtbot, monkeypatch):
    """Each young collection walked what a reader had made since the last, all of which
    lasts: 20-50 ms each as a 100,000-mailbox review opened. None while it is made and
    until it is shown (and frozen); collections go on after."""
    runner = TaskRunner()
    monkeypatch.setattr(gui_collector, "SHOW_GRACE_S", 0.0)
    collector = gui_collector._collector
    collections: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(note)
    try:
        with gui_collector.making_long_lived_data():
            review = [_Node() for _ in range(THRESHOLDS[0] * 10)]
            assert gc.get_count()[0] > THRESHOLDS[0]
            assert collector.collect_what_is_due() is None
            assert collections == []
        assert collector.collect_what_is_due() is not None
        assert collections and review
    finally:
        gc.callbacks.remove(note)
        assert runner.shutdown()
