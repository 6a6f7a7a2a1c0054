"""The task runner: work off the GUI thread, outcomes back on it."""

from __future__ import annotations

import threading

import requests
from PySide6.QtCore import QThread

from app import cancellation
from app.graph.http import Cancelled
from app.tasks import TaskRunner
from tests.test_snapshots import admin_client


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


class _Noted:
    """Notes the thread that frees it: a Qt object freed there is destroyed there."""

    def __init__(self, freed_on: list[int]) -> None:
        self._freed_on = freed_on

    def __del__(self) -> None:
        self._freed_on.append(threading.get_ident())


def test_what_a_task_held_last_is_freed_on_the_gui_thread(qtbot):
    """A window closed while its work ran may leave the work's closure holding the last
    reference to a Qt object. Freed on a pool thread as the pool deleted its runnable,
    that object was destroyed away from its thread: the whole suite's segmentation
    fault, in a thread with no Python frame."""
    runner = TaskRunner()
    freed_on: list[int] = []
    outcomes = []
    held = _Noted(freed_on)
    runner.run("holds the last reference", lambda _task, held=held: None, outcomes.append)
    del held  # the work's closure holds it now, and nothing else
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    assert runner.shutdown()
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
    assert freed_on == [threading.get_ident()]


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


def test_a_read_stopped_while_it_waits_to_retry_sends_nothing_more(qtbot, emulator):
    """Graph refuses (503, retry in 20 s); the person stops the read meanwhile: the
    task ends at once as cancelled, with no request after the first, though the code
    that read was given no cancel event of its own (``app.cancellation``)."""
    requests.post(f"{emulator.base_url}/_emulator/faults", timeout=5,
                  json={"fail_rate": 1.0, "fail_with": [503], "retry_after": 20})
    client = admin_client(emulator.base_url)  # without a cancellation, it waits no time
    runner, outcomes = TaskRunner(), []
    try:
        task = runner.run("read", lambda _task: client.get(
            "/users", scopes=["User.Read.All"]), outcomes.append)
        qtbot.waitUntil(lambda: client.stats.requests >= 1, timeout=5000)
        task.cancel()
        qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
        assert isinstance(outcomes[0].error, Cancelled)
        assert client.stats.requests == 1
    finally:
        assert runner.shutdown()
        client.close()


def test_a_write_is_not_stopped_halfway(qtbot, emulator):
    """A change runs to its end even when its task is cancelled (the window closing):
    the cancellation reads obey is not given to writes."""
    seen = []
    runner = TaskRunner()
    runner.run("write", lambda _task: seen.append(cancellation.current()), lambda _o: None,
               write=True)
    runner.run("read", lambda task: seen.append(cancellation.current() is task.cancel_requested),
               lambda _o: None)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert None in seen and True in seen
    assert runner.shutdown()


def test_a_read_asked_for_after_shutdown_makes_no_request(qtbot, emulator):
    """A closing window's last timer asks for a read after the runner shut down: it is
    stopped before its first request, instead of running on into what comes next."""
    client = admin_client(emulator.base_url)
    runner, outcomes = TaskRunner(), []
    try:
        assert runner.shutdown()
        runner.run("late read", lambda _task: client.get("/users", scopes=["User.Read.All"]),
                   outcomes.append)
        qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
        assert isinstance(outcomes[0].error, Cancelled)
        assert client.stats.requests == 0
    finally:
        assert runner.shutdown()
        client.close()
