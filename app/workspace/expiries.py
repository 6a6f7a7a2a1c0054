"""Time-limited access put back by Deputy itself: at the start of a session, and at the
moment the next one runs out while Deputy is open.

What runs out was given "until" a moment, from the sharing view or a fix, and is kept
with its run in the change journal. ``deputy expire`` from a scheduled task puts it
back on time; a computer that was off, or has no such task, has it put back here, the
next time the person who gave it signs in. Only the signed-in identity's own runs are
put back: another's may need a sign-in this one does not have, and would only fail.

It runs on the task runner's write pool (it sends changes) and says what it did in the
status bar; what could not be put back is said in the message bar, at every start
until it is done, and listed in the review's change journal tab.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app import clock
from app.messages import Place
from app.tasks import Task
from app.workspace.jobs import Jobs

log = logging.getLogger(__name__)

LONGEST_WAIT_MS = 6 * 60 * 60 * 1000  # a QTimer's interval is bounded; look again then
MIN_WAIT_MS = 1000  # one due at once (a clock moved on) is tried after a breath, not in a loop


class Expiries(QObject):
    """Puts back this identity's due time-limited access.

    Signals:
        applied(list): expiries were tried (the ``Expired`` of each); the views read
            the tenant again.

    Attributes:
        next_at: when the next one of this identity's runs out, while Deputy runs.
    """

    applied = Signal(list)

    def __init__(self, jobs: Jobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.next_at: datetime | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.apply_due)
        self._running = False
        jobs.limited.connect(self.on_jobs_limited)

    def start(self) -> None:
        self.apply_due()

    def stop(self) -> None:
        self._timer.stop()

    def apply_due(self) -> None:
        """Put back what is due now, off the GUI thread; then wait for the next."""
        journal = self.jobs.existing_journal
        if journal is None or self._running:
            return
        session = self.jobs.session
        identity = session.label

        def work(task: Task) -> tuple[list[Any], list[Any], datetime | None]:
            if not journal.expiries():
                return [], [], None  # the usual case: the fixes' modules need not load
            from app.fixes.addressing import Mailboxes
            from app.fixes.expire import expire_due
            from app.fixes.timed import timed_accesses
            from app.review.scope import scope_of

            now = clock.now()
            mine = [t for t in timed_accesses(journal) if t.made_by == identity]
            due = [t for t in mine if t.due(now)]
            expired = []
            if due:
                mailboxes = Mailboxes(scope_of(session, session.tenant).ids)
                expired = expire_due(session.service.client, journal, now=now,
                                     identity=identity, mailboxes=mailboxes,
                                     cancel=task.cancel_requested, made_by=identity)
            coming = [t.until for t in mine if not t.due(now)]
            return due, expired, min(coming, default=None)

        self._running = True
        self.jobs.write("Putting back access that ran out", work, "", lambda: None,
                        on_value=self._done, on_failure=self._failed)

    def _failed(self) -> None:
        self._running = False  # the message bar has said why (jobs.write reports it)

    def _done(self, found: tuple[list[Any], list[Any], datetime | None]) -> None:
        self._running = False
        due, expired, self.next_at = found
        if expired:
            self._tell(due, expired)
            self.applied.emit(expired)
        self._wait_for_next()

    def on_jobs_limited(self, moment: datetime) -> None:
        """Access just given for a time: if it runs out first, wait for it."""
        if self.next_at is None or moment < self.next_at:
            self.next_at = moment
            self._wait_for_next()

    def _wait_for_next(self) -> None:
        self._timer.stop()
        if self.next_at is not None:
            wait = (self.next_at - clock.now()).total_seconds() * 1000
            self._timer.start(int(min(max(wait, MIN_WAIT_MS), LONGEST_WAIT_MS)))

    def _tell(self, due: list[Any], expired: list[Any]) -> None:
        from app.fixes.timed import ran_out_words

        by_run = {timed.expiry.run: timed for timed in due}
        done: list[tuple[str, str]] = []
        failed: list[tuple[str, str]] = []
        for one in expired:
            timed = by_run.get(one.expiry.run)
            words = "; ".join(ran_out_words(c) for c in timed.changes) if timed else \
                f"run {one.expiry.run}"
            (done if one.done else failed).append((words, one.problem))
        if done:
            self.jobs.notice("Access that ran out was put back: "
                             + "; ".join(words for words, _ in done) + ".")
        for words, problem in failed:
            log.warning("An expiry stays due: %s (%s)", words, problem)
            self.jobs.messages.problem(f"Access that ran out could not all be put back ({words}): "
                              f"{problem} Deputy tries again at its next start; the review's "
                              "change journal lists it.", Place.MAIN)
