"""The one way the main window's parts read and change things through Graph.

Every part (the sidebar's directory, sharing, invitations, meetings) loads and writes
through one ``Jobs``: the work runs on the task runner, never on the GUI thread; a newer
load of the same data replaces the one in flight; a change is recorded in the change
journal with Graph's request-id; a failure is told once, in the person's words, with its
details in the log. So "busy", Esc's "stop loading" and the window's message bar mean
the same for all parts, and no part reaches into another to do its work.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.graph.errors import GraphError
from app.graph.http import Cancelled
from app.graph.tokens import InteractionRequired
from app.journal import (
    DONE,
    FINISHED,
    ChangeDraft,
    ChangeJournal,
    JournalEntry,
    failed_outcome,
    journal_file,
    open_journal,
    person_words,
)
from app.messages import MessageBridge, Place
from app.models.table import ColumnTableModel
from app.problems import told, user_words
from app.signin.accounts import Session
from app.tasks import Outcome, Task, TaskRunner

if TYPE_CHECKING:  # the fixes' modules (and the review's under them) load when needed
    from app.fixes.timed import Until

log = logging.getLogger(__name__)


@dataclass
class _Ticket:
    """One load in flight; a newer load of the same data replaces it."""

    task: Task | None = None


class Jobs(QObject):
    """Loads and changes for one signed-in session.

    Problems and notices go to the main window through ``messages``.

    Signals:
        consent_needed(scopes): Microsoft wants the person to sign in again or allow
            these scopes; once they have, reading again shows what failed.
        loading_changed(str, bool): a kind of data started or stopped loading.
        idle(): nothing is loading or saving any more.
        limited(datetime): a change made for a time is in; it runs out at this moment.

    Attributes:
        session: who is signed in.
        runner: where the work runs.
        messages: where problems and notices are posted, for the main window.
        shown_mailbox: the key of the mailbox shown, that a problem is about (the
            workspace gives the directory's; a message about one mailbox goes when
            another is shown).
        tables: the models greyed while read again (``set_stale``), and ungreyed when
            loading is stopped.
    """

    consent_needed = Signal(list)
    loading_changed = Signal(str, bool)
    idle = Signal()
    limited = Signal(object)

    def __init__(self, session: Session, runner: TaskRunner, parent: QObject | None = None,
                 *, journal: ChangeJournal | None = None,
                 messages: MessageBridge | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.messages = messages if messages is not None else MessageBridge(self)
        self.shown_mailbox: Callable[[], str | None] = lambda: None
        self._journal, self._journal_tried = journal, journal is not None
        self.tables: list[ColumnTableModel] = []
        self._loading: dict[str, _Ticket] = {}
        self._writes = 0

    # ------------------------------------------------------------------ state

    @property
    def journal(self) -> ChangeJournal | None:
        """The change journal; when the creator gave none, the data folder's, opened at
        the first change. None when it can't be opened: changes still go ahead."""
        if not self._journal_tried:
            self._journal_tried = True
            self._journal, notice = open_journal()
            if self._journal is not None:
                self.destroyed.connect(self._journal.close)
            if notice:
                self.problem(notice)
        return self._journal

    @property
    def existing_journal(self) -> ChangeJournal | None:
        """The change journal when there is one already (for reading what it holds):
        none is made by reading, so a Deputy that never changed anything writes no file."""
        if not self._journal_tried and not journal_file().exists():
            return None
        return self.journal

    @property
    def busy(self) -> bool:
        return bool(self._loading) or self._writes > 0

    @property
    def loading(self) -> bool:
        """Something is being read (what Esc and Cancel stop)."""
        return bool(self._loading)

    @property
    def saving(self) -> bool:
        """A change is on its way to the server."""
        return self._writes > 0

    def is_loading(self, name: str) -> bool:
        return name in self._loading

    def me_words(self) -> str:
        """The signed-in person, for the journal's "on behalf of" a change to their own."""
        return person_words(self.session.display_name, self.session.username)

    # ------------------------------------------------------------------ running work

    def cancel_loading(self) -> None:
        """Stop waiting for what is being read; what is being saved runs to its end."""
        for name, ticket in list(self._loading.items()):
            if ticket.task is not None:
                ticket.task.cancel()
            del self._loading[name]
            self.loading_changed.emit(name, False)
        for table in self.tables:
            table.set_stale(False)
        self.notice("Stopped loading. Press F5 to try again.")
        self._maybe_idle()

    def load(self, name: str, description: str, work: Callable[[Task], Any],
             on_value: Callable[[Any], None], *,
             on_failure: Callable[[], None] | None = None) -> None:
        previous = self._loading.get(name)
        if previous is not None and previous.task is not None:
            previous.task.cancel()  # its answer is out of date; it is dropped when it comes
        ticket = _Ticket()
        self._loading[name] = ticket
        self.loading_changed.emit(name, True)

        def done(outcome: Outcome) -> None:
            if self._loading.get(name) is not ticket:
                return  # cancelled, or replaced by a newer load
            del self._loading[name]
            self.loading_changed.emit(name, False)
            if outcome.ok:
                on_value(outcome.value)
            else:
                if on_failure is not None:
                    on_failure()
                if not isinstance(outcome.error, Cancelled):
                    # Stopped on purpose while still the current read: by the task
                    # runner's shutdown as Deputy's window closes. Nothing to tell.
                    self.report(outcome.error)
            self._maybe_idle()

        ticket.task = self.runner.run(description, work, done)

    def write(self, description: str, work: Callable[[Task], Any], success: str,
              then: Callable[[], None], *, on_failure: Callable[[], None] | None = None,
              on_value: Callable[[Any], None] | None = None,
              on_problem: Callable[[str], None] | None = None,
              handled: Callable[[BaseException], bool] | None = None,
              journal: ChangeDraft | None = None, until: Until | None = None) -> None:
        """Send a change; afterwards ``then()`` reads again, whatever the outcome.

        ``on_problem(text)``: a failure is told there (the dialog the change came from,
        which stays open with its input) instead of in the message bar.
        ``handled(error)``: True when it took care of this failure itself (said what to
        do instead): then nothing more is shown.
        ``journal``: what the change is; once the work has run, done or failed, it is
        recorded in the change journal with Graph's request-id.
        ``until``: the change is for a time: it is kept as a run of one change with its
        expiry, which Deputy's next start (or ``deputy expire``) undoes once due.
        """
        if until is not None and self.journal is None:
            # Unrecorded, it would never run out: better not made than made for good.
            self.problem("Deputy can't open its change journal, so it can't give access "
                         "for a time: nothing was changed. Give it without Until, or try "
                         "again later.")
            if on_failure is not None:
                on_failure()
            then()
            return
        if journal is not None:
            work = self._journaled(work, journal, until)
        self._writes += 1

        def done(outcome: Outcome) -> None:
            self._writes -= 1
            if outcome.ok:
                if success:  # "": ``on_value`` says what was done
                    self.notice(success)
                if on_value is not None:
                    on_value(outcome.value)
                if until is not None:
                    self.limited.emit(until.moment)
            elif handled is not None and outcome.error is not None \
                    and handled(outcome.error):
                if on_failure is not None:
                    on_failure()
            else:
                if on_failure is not None:
                    on_failure()
                if on_problem is None or isinstance(outcome.error, InteractionRequired):
                    self.report(outcome.error)
                if on_problem is not None:
                    on_problem(self.words(outcome.error))
            then()  # read again: the table shows what the server has, after either outcome
            self._maybe_idle()

        self.runner.run(description, work, done, write=True)

    def _journaled(self, work: Callable[[Task], Any], change: ChangeDraft,
                   until: Until | None = None) -> Callable[[Task], Any]:
        """``work``, recording ``change`` on the worker thread once it has run: the
        request-id of a success is known only on the thread that received it. With
        ``until``, the change is a run of its own, written before it is sent (as a fix's
        runs are), and its expiry once it is done."""
        journal, client = self.journal, self.session.service.client
        if journal is None:
            return work
        identity = self.session.label

        def record(request_id: str | None, outcome: str) -> JournalEntry | None:
            try:
                return journal.record(change, identity=identity, request_id=request_id,
                                      outcome=outcome)
            except (OSError, sqlite3.Error) as exc:  # the change itself stands as it went
                log.warning("Could not record a change (%s) in the journal: %s",
                            change.kind, exc)
                return None

        def journaled(task: Task) -> Any:
            client.forget_request_id()  # so work that never reached Graph shows no id
            run = None if until is None else journal.begin_run(
                identity=identity, what=until.what, details=[until.change.to_json()])
            try:
                value = work(task)
            except Exception as exc:
                outcome = failed_outcome(user_words(exc))
                entry = record(exc.request_id if isinstance(exc, GraphError) else None,
                               outcome)
                if run is not None:
                    journal.settle(run[1][0], outcome, entry)
                    journal.finish_run(run[0], FINISHED)
                raise
            entry = record(client.last_request_id(), DONE)
            if run is not None and until is not None:
                journal.settle(run[1][0], DONE, entry)
                journal.finish_run(run[0], FINISHED)
                journal.set_expiry(run[0], until.moment)
            return value

        return journaled

    def _maybe_idle(self) -> None:
        if not self.busy:
            self.idle.emit()

    # ------------------------------------------------------------------ problems

    def report(self, error: BaseException | None) -> None:
        """Say what went wrong in the user's words; the details go to the log."""
        if isinstance(error, InteractionRequired):
            log.info("Sign-in needed for %s", ", ".join(error.scopes))
            self.consent_needed.emit(list(error.scopes))
            return
        self.problem(error)

    def problem(self, what: BaseException | str | None) -> None:
        """Show a problem in the main window's message bar, about the mailbox shown."""
        self.messages.problem(what, Place.MAIN, about=self.shown_mailbox())

    def notice(self, words: str) -> None:
        """Say in the main window's status bar that something was done."""
        self.messages.notice(words, Place.MAIN)

    @staticmethod
    def words(error: BaseException | None) -> str:
        """The failure in the person's words, its details logged once."""
        return told(error)
