"""The task runner: every Graph call runs off the GUI thread, and its outcome comes back
on the GUI thread.

As in Picard's ``run_task``: a callable runs on a thread pool and its result, or the
exception it raised, is handed to a callback on the GUI thread. Reads share a pool of
a few threads; writes go through a pool of one thread, so two changes to the same
calendar never overlap and always reach Graph in the order the user made them.

Garbage is collected on the GUI thread only once a runner exists
(``app.gui_collector``): a pool thread that collected a cycle holding a Qt object would
destroy it away from its thread, and a full collection there froze the window at a
moment nobody chose.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app import cancellation
from app.gui_collector import collect_on_gui_thread

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What a task produced: its value, or the exception it raised."""

    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class Task(QObject):
    """One piece of background work, as the GUI sees it.

    Signals:
        progressed(done, total): reported by the work, delivered on the GUI thread.
        noted(value): richer progress (a sync's requests and waits), also on the GUI thread.
        finished(outcome): the Outcome, delivered on the GUI thread.

    Attributes:
        cancel_requested: set by ``cancel``; long work checks it and stops early.
    """

    progressed = Signal(int, int)
    noted = Signal(object)
    finished = Signal(object)

    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description
        self.cancel_requested = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self.cancel_requested.set()

    def report(self, done: int, total: int) -> None:
        """Called by the work, on its thread; Qt queues the signal to the GUI thread."""
        self.progressed.emit(done, total)

    def note(self, value: object) -> None:
        """Called by the work with any progress value; queued to the GUI thread."""
        self.noted.emit(value)


class _Courier(QObject):
    """Carries a finished task's parcel to the GUI thread (it lives there)."""

    arrived = Signal(object)


class _Worker(QRunnable):
    """Runs a task's work; a read's Graph calls obey its cancellation (``app.cancellation``):
    stopped, it makes no further request. A write runs to its end, whatever happens to
    the window: half a change is worse than a late one.

    Nothing of the task stays with the worker once the work is done: the pool deletes
    its runnable on the pool's thread as ``run`` returns, and whatever that freed last (a
    Task, or a window the work's closure kept after it was closed) was destroyed away
    from its thread: the whole suite's segmentation fault, in a thread with no Python
    frame. The task, its outcome and the work go to the GUI thread in one parcel, which
    the GUI thread empties (``TaskRunner._deliver``)."""

    def __init__(self, task: Task, work: Callable[[Task], Any], courier: _Courier, *,
                 write: bool) -> None:
        super().__init__()
        self.parcel: list[Any] | None = [task, work, courier]
        self.write = write

    def run(self) -> None:
        assert self.parcel is not None
        parcel, self.parcel = self.parcel, None
        task, work, courier = parcel
        try:
            with cancellation.obeying(None if self.write else task.cancel_requested):
                outcome = Outcome(value=work(task))
        except Exception as exc:  # every failure goes back to the GUI, none is lost
            outcome = Outcome(error=exc)
        parcel[:] = [task, work, outcome]
        del task, work, outcome  # the parcel holds them, and the GUI thread empties it
        try:
            courier.arrived.emit(parcel)
        except RuntimeError:  # the app is quitting and the runner is gone: nobody waits
            log.debug("A task finished after its runner was deleted")


class TaskRunner(QObject):
    """Runs work on thread pools; outcomes arrive by signal on the GUI thread.

    Signals:
        busy_changed(count): how many tasks are running, for the status bar.
    """

    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None, *, readers: int = 4) -> None:
        super().__init__(parent)
        collect_on_gui_thread()  # never on these pools' threads
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(readers)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._running: set[Task] = set()
        self._shut = False  # shutdown() was called: a read started after is stopped
        self._courier = _Courier(self)
        self._courier.arrived.connect(self._deliver)

    def run(self, description: str, work: Callable[[Task], Any],
            on_done: Callable[[Outcome], None], *, write: bool = False,
            on_note: Callable[[object], None] | None = None,
            owner: QObject | None = None) -> Task:
        """Start ``work(task)``; ``on_done(outcome)`` runs later on the GUI thread, as does
        ``on_note(value)`` for each ``task.note(value)`` (connected before the work starts,
        so no note is missed). With an ``owner`` (a window), neither runs once the owner
        is deleted: a window closed while its work ran is not called back."""
        task = Task(description)
        task.moveToThread(self.thread())
        self._running.add(task)
        if on_note is not None:
            task.noted.connect(on_note if owner is None else _while_alive(owner, on_note))

        @Slot(object)
        def finish(outcome: Outcome) -> None:
            task.done = True
            self._running.discard(task)
            self.busy_changed.emit(len(self._running))
            if owner is None or shiboken6.isValid(owner):
                on_done(outcome)

        task.finished.connect(finish)
        if self._shut and not write:
            # A read asked for after shutdown (a closing window's last timer, say) is
            # stopped before it starts: it makes no Graph request (app.cancellation),
            # and does not run on into whatever comes next (a test seen under Wine).
            task.cancel()
        self.busy_changed.emit(len(self._running))
        (self._writes if write else self._reads).start(
            _Worker(task, work, self._courier, write=write))
        return task

    @Slot(object)
    def _deliver(self, parcel: list[Any]) -> None:
        """On the GUI thread: the task's outcome to its ``finished``; what the parcel held
        is freed here, not on the pool's thread."""
        task, _work, outcome = parcel
        parcel.clear()
        task.finished.emit(outcome)

    @property
    def running(self) -> list[Task]:
        return list(self._running)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel what runs and wait for it: a thread alive at exit aborts the process.
        Reads asked for afterwards are stopped as they start."""
        self._shut = True
        for task in list(self._running):
            task.cancel()
        finished = self._reads.waitForDone(timeout_ms) and self._writes.waitForDone(timeout_ms)
        if not finished:
            log.warning("Background work did not stop within %d ms", timeout_ms)
        return finished


def _while_alive(owner: QObject, slot: Callable[[object], None]) -> Callable[[object], None]:
    def call(value: object) -> None:
        if shiboken6.isValid(owner):
            slot(value)
    return call
