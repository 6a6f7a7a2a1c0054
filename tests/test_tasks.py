"""The task runner: work off the GUI thread, outcomes back on it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from app.tasks import TaskRunner


def test_outcome_arrives_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    seen = {}
    gui = QThread.currentThread()

    def work(task):
        seen["worker_is_gui"] = QThread.currentThread() is gui
        return 42

    def done(outcome):
        seen["callback_is_gui"] = QThread.currentThread() is gui
        seen["value"] = outcome.value

    runner.run("answer", work, done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen == {"worker_is_gui": False, "callback_is_gui": True, "value": 42}
    assert runner.running == []
    assert runner.shutdown()


def test_errors_come_back_as_outcomes(qtbot):
    runner = TaskRunner()
    outcomes = []
    runner.run("fails", lambda task: 1 / 0, outcomes.append)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    assert isinstance(outcomes[0].error, ZeroDivisionError)
    assert not outcomes[0].ok
    runner.shutdown()


def test_progress_and_cancel(qtbot):
    runner = TaskRunner()
    started = threading.Event()
    progress, outcomes = [], []

    def long_work(task):
        for step in range(1000):
            task.report(step, 1000)
            started.set()
            if task.cancel_requested.wait(0.01):
                return f"stopped at {step}"
        return "finished"

    task = runner.run("long", long_work, outcomes.append)
    task.progressed.connect(lambda done, total: progress.append((done, total)))
    assert started.wait(5)
    qtbot.waitUntil(lambda: bool(progress), timeout=5000)
    task.cancel()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    assert outcomes[0].value.startswith("stopped at")
    assert progress[0][1] == 1000
    runner.shutdown()


def test_writes_run_one_at_a_time_in_order(qtbot):
    runner = TaskRunner()
    order, active, overlap = [], [0], []
    lock = threading.Lock()

    def write(n):
        def work(task):
            with lock:
                active[0] += 1
                overlap.append(active[0])
            threading.Event().wait(0.01)
            with lock:
                active[0] -= 1
            return n
        return work

    for n in range(5):
        runner.run(f"write {n}", write(n), lambda o: order.append(o.value), write=True)
    qtbot.waitUntil(lambda: len(order) == 5, timeout=5000)
    assert order == [0, 1, 2, 3, 4]
    assert max(overlap) == 1
    runner.shutdown()


def test_shutdown_cancels_and_waits(qtbot):
    runner = TaskRunner()
    outcomes = []
    runner.run("forever", lambda task: task.cancel_requested.wait(30), outcomes.append)
    assert runner.shutdown(timeout_ms=5000)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    assert outcomes[0].value is True
