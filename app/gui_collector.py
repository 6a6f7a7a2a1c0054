"""Python's cyclic garbage is collected on the GUI thread only, while the GUI runs.

Python runs its collector on whichever thread happens to allocate when a threshold is
crossed: often one of the task runner's readers, parsing a page of Graph's answer. A
cycle that holds a Qt object (a Task and the closure connected to its signal, a dialog
and its slots) is then destroyed there, away from the thread that owns it; Qt objects
may not be deleted from another thread, and a whole-suite run crashed so (a
segmentation fault on a reader thread while it was "Garbage-collecting"). As
pyqtgraph's ``GarbageCollector`` does (after "Should Python garbage collector be
disabled in Qt apps", pydev.blogspot.com, 2014), automatic collection is off while
Deputy's GUI runs, and a timer on the GUI thread collects each generation whose
threshold was crossed.

The same timer keeps full collections short and rare: what is alive when the GUI
starts (modules, classes, the Qt bindings: some 55,000 objects) is never garbage, so
full collections stop walking it (``gc.freeze``). A full collection holds the
interpreter lock for as long as it walks every object (40-120 ms with a 1,000-mailbox
snapshot open, 80-430 ms with a 100,000-mailbox review open), and on a reader thread it
froze the window at a moment nobody chose; here it runs between two events, and only
when Python's own rule would run it: once the objects that reached the oldest
generation since the last one are a quarter of those that outlived it. A sync that
reads 100,000 mailboxes while such a review is open makes few objects that last, and
ran a full collection every 8-20 s before (each 0.3-0.4 s), none now.

What outlives a long full collection is frozen too: at that size it is the review's
data, alive while its window is, and the next full collections walk only what was made
since. The price: a cycle among frozen objects that becomes garbage (a closed window's
Python side) is not freed until everything is walked again, which the timer does once
Deputy has made nothing for a minute while another application is in front (or for ten
minutes while Deputy is).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication

# Generation 0 as Python's default. The middle one every third collection, not every
# tenth: on this timer a collection of generation 0 holds all a reader made in 16 ms,
# and ten of them made a collection of the middle one that walked a whole parsed
# calendar (30-62 ms on the GUI thread; 10-27 ms every third, in bench.assistant_desk).
# A full collection after 100 of the middle one.
THRESHOLDS = (700, 3, 100)
# How often the GUI thread looks at the counts: every frame while objects are being
# made (readers parsing pages), so that each collection has few young objects to walk;
# slower and slower while nothing is, so an idle Deputy does not wake the computer.
BUSY_CHECK_MS = 16
IDLE_CHECK_MS = 500
# A full collection waits at least this many times as long as the last one took.
FULL_SPACING = 20
# What outlived a full collection that took this long is frozen out of the next ones.
FREEZE_AFTER_S = 0.020
# Once nothing has been made for this long, what was frozen is walked once more.
# Walked then only while Deputy is not the active application (the person is in
# another one: a walk of a 100,000-mailbox review's objects takes 0.1-0.4 s), or after
# this long even while it is.
WALK_ALL_WHEN_IDLE_S = 60.0
WALK_ALL_WHEN_ACTIVE_IDLE_S = 600.0
# After data that will live long is made (``making_long_lived_data``), this long for
# the window to show it (and freeze it) before a full collection may walk it.
SHOW_GRACE_S = 2.0


class GuiThreadCollector(QObject):
    """Collects on a timer of the GUI thread what Python would collect on its own;
    automatic collection is back on once the application goes (the CLI's later work,
    a test's next application)."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        gc.freeze()
        gc.set_threshold(*THRESHOLDS)
        gc.disable()
        self._middle_collections = 0  # since the last full collection, or the last look
        self._last_full_ended = time.monotonic()
        self._last_full_took = 0.0
        self._in_oldest = 0  # objects in the oldest generation after the last one
        self._long_lived: int | None = None  # those and the frozen ones, then
        # Counted here: ``gc.get_freeze_count`` walks them all (80 ms for 500,000).
        self._frozen = gc.get_freeze_count()
        self._frozen_since_walk = False  # frozen while busy, not walked whole since
        self._idle_since = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(BUSY_CHECK_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._timer.start()
        self.destroyed.connect(_collect_automatically_again)

    def on_timer_timeout(self) -> None:
        if self.collect_what_is_due() is not None:
            self._timer.setInterval(BUSY_CHECK_MS)
            self._idle_since = time.monotonic()
            return
        self._timer.setInterval(min(IDLE_CHECK_MS, self._timer.interval() * 2))
        idle = time.monotonic() - self._idle_since
        if self._frozen_since_walk and (idle >= WALK_ALL_WHEN_ACTIVE_IDLE_S or (
                idle >= WALK_ALL_WHEN_IDLE_S and not _deputy_is_active())):
            self.walk_everything()

    def walk_everything(self) -> int:
        """A full collection of everything, the frozen objects too: cycles that became
        garbage after they were frozen (a closed window's) are freed; while idle, once
        after each time something was frozen."""
        gc.unfreeze()
        self._frozen = 0
        found = self._collect_oldest()
        self._frozen_since_walk = False  # what it froze is what this walk outlived
        return found

    def collect_what_is_due(self) -> int | None:
        """One generation's collection, the oldest whose count crossed its threshold
        (as Python's own rule: collecting a generation collects the younger ones too);
        how many objects it found unreachable; None when none was due.

        None while a worker makes data that will live long (``making_long_lived_data``)
        and until its window has shown and frozen it: each young collection walked what
        the worker had made since the last (16 ms of making), all of which outlives
        it, and held the GUI thread 20-50 ms each as a 100,000-mailbox review opened;
        the window freezes it whole instead. Acyclic garbage is freed meanwhile as
        ever; cycles wait those few seconds."""
        young, middle, _old = gc.get_count()
        if young <= THRESHOLDS[0] or _being_made.held(time.monotonic()):
            return None
        if middle <= THRESHOLDS[1]:
            return gc.collect(0)
        self._middle_collections += 1
        if self._middle_collections < THRESHOLDS[2] or not self._full_is_due():
            return gc.collect(1)
        self._middle_collections = 0
        return self._collect_oldest()

    def _collect_oldest(self) -> int:
        """A full collection; what outlives a long one is frozen (``gc.freeze``): at
        100,000 mailboxes that is the open review's data, and the next full collections
        walk only what was made since (0.3-0.7 s each before, with the review open)."""
        started = time.monotonic()
        found = gc.collect(2)
        self._last_full_ended = time.monotonic()
        self._last_full_took = self._last_full_ended - started
        self._in_oldest = len(gc.get_objects(2))
        if self._last_full_took >= FREEZE_AFTER_S:
            self._freeze()
        self._long_lived = self._in_oldest + self._frozen
        return found

    def keep_what_lives_now(self) -> None:
        """Freeze every object alive now, uncollected: a review's snapshot has just come
        from its worker (some 400,000 objects at 100,000 mailboxes), and lives as long
        as its window shows it; the full collection the 25% rule would soon run walked
        it all on the GUI thread (0.3-0.5 s).

        How many that is, estimated: what outlived the last full collection, and the
        young generation's count (no young collection runs while such data is made,
        so that is nearly all of it). Counted (``gc.get_objects``), a freshly worked
        out 100,000-mailbox review's millions of objects held the GUI thread 0.26 s."""
        self._in_oldest += gc.get_count()[0]
        self._freeze()
        self._long_lived = self._frozen

    def _freeze(self) -> None:
        """What ``_in_oldest`` counts, frozen (``gc.freeze`` freezes every generation)."""
        self._frozen += self._in_oldest
        self._in_oldest = 0
        gc.freeze()
        self._frozen_since_walk = True

    def _full_is_due(self) -> bool:
        """Python's own rule, which ``gc.collect(2)`` skips: a full collection once the
        objects that reached the oldest generation since the last one are a quarter of
        those that outlived it (frozen or not), so a heap that only grows is not walked
        again and again. Counting the oldest generation is a list of it (some 7 ms
        for 500,000 objects; walking them is 25-80), asked after a hundred collections
        of the middle one. And a full collection waits at least ``FULL_SPACING`` times
        as long as the last one took (at most 5% of the time)."""
        now = time.monotonic()
        waited = now - self._last_full_ended
        due = not _being_made.held(now) and waited >= FULL_SPACING * self._last_full_took and (
            self._long_lived is None
            or len(gc.get_objects(2)) - self._in_oldest > self._long_lived // 4)
        if not due:
            self._middle_collections = 0  # look again after as many more
        return due


def _deputy_is_active() -> bool:
    """Whether one of Deputy's windows has the keyboard (a command line's application
    has none: as if it were not)."""
    return isinstance(QCoreApplication.instance(), QGuiApplication) and \
        QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive


class _BeingMade:
    """Workers making data that will live long, and when the last one ended."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._makers = 0
        self._ended = float("-inf")

    def held(self, now: float) -> bool:
        with self._lock:
            return bool(self._makers) or now - self._ended < SHOW_GRACE_S

    @contextmanager
    def making(self) -> Iterator[None]:
        with self._lock:
            self._makers += 1
        try:
            yield
        finally:
            with self._lock:
                self._makers -= 1
                self._ended = time.monotonic()


_being_made = _BeingMade()
_collector: GuiThreadCollector | None = None


def making_long_lived_data() -> AbstractContextManager[None]:
    """Around a worker's making of data that will live long (a snapshot's review read
    or worked out: a million objects at 100,000 mailboxes), and shortly after: no
    collection walks it half made (a full one walked it on the GUI thread for 0.3-0.4 s
    after a sync, young ones 20-50 ms each). The window freezes it whole once it shows
    it (``keep_what_lives_now``)."""
    return _being_made.making()


def collect_on_gui_thread() -> None:
    """Once per application, from the GUI thread (the task runner does it as it is
    made): from now on garbage is collected there only."""
    global _collector
    app = QCoreApplication.instance()
    if app is None or _collector is not None:
        return
    _collector = GuiThreadCollector(app)


def keep_what_lives_now() -> None:
    """``GuiThreadCollector.keep_what_lives_now``, where garbage is collected on the GUI
    thread (else Python's automatic collection decides, as in the CLI)."""
    if _collector is not None:
        _collector.keep_what_lives_now()


def _collect_automatically_again() -> None:
    global _collector
    _collector = None
    gc.enable()
