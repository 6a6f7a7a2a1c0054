"""Undo a whole run from the change journal: the changes that put back what the run did
(``app.fixes.undo``), read from the journal and checked against the live tenant on the
task runner, then confirmed by their count and sent as ``ChangesDialog`` does; the undo
is itself a run in the journal, saying which run it undoes.

A removed person added back is sent an invitation mail by Graph: the preview says so
before anything is sent. An undo has no "Until": it puts things back for good.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.fixes.addressing import Mailboxes
from app.fixes.preview import Checked
from app.fixes.undo import UndoError, undo_plan, undo_what
from app.journal import RUNNING, ChangeJournal, Run
from app.problems import Said
from app.tasks import Task, TaskRunner
from app.views.changes_dialog import (
    ChangesDialog,
    Planner,
    Previewed,
    mailboxes_in_scope,
    previewed_in_scope,
)

if TYPE_CHECKING:  # requests: none for a review read offline
    from app.signin.accounts import Session


class UndoDialog(ChangesDialog):
    """Preview, confirm and send the undo of run ``run_id``.

    Attributes:
        run_id: the run undone; run: it, once the preview has read it from the journal.
    """

    def __init__(self, run_id: int, session: Session, journal: ChangeJournal,
                 runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(session, journal, runner, parent)
        self.run_id = run_id
        self.run: Run | None = None
        self.setWindowTitle(f"Undo run {run_id}")
        self.heading.setText(f"Undo run {run_id}: put each permission back as it was")
        self.until.hide()
        self.order_tabs()
        self.check()

    def planner(self, confirmed: bool) -> Planner:
        session, journal, run_id = self.session, self.journal, self.run_id

        def plan(task: Task, known: Mailboxes | None) -> Previewed:
            from app.fixes.apply import settle_interrupted  # requests: when it runs

            # A run its Deputy never finished: what it had on its way is read back
            # first, so the undo puts back all it did (``settle_interrupted``), asking
            # Graph as the preview then does (by id, within the scope, read once).
            interrupted = journal.run(run_id)
            if interrupted is not None and interrupted.status == RUNNING:
                known = mailboxes_in_scope(session, known)
                settle_interrupted(session.service.client, journal, run_id,
                                   identity=session.label, mailboxes=known)
            try:
                run, changes = undo_plan(journal, run_id)
            except UndoError as exc:
                raise Said(str(exc)) from exc
            self.run = run  # a reference handed over; read on the GUI thread once sent
            return previewed_in_scope(session, task, known, changes, confirmed)

        return plan

    def show_preview(self, checked: list[Checked], notes: Sequence[str] = ()) -> None:
        if self.run is not None:
            self.heading.setText(f"Undo run {self.run_id} ({self.run.what}): put each "
                                 "permission back as it was")
        super().show_preview(checked, notes)

    def checking_words(self) -> str:
        return f"Reading run {self.run_id} and checking its changes with the tenant…"

    def run_what(self, checked: Sequence[Checked]) -> str:
        return undo_what(self.run) if self.run is not None else f"undo run {self.run_id}"

    def undoes(self) -> int | None:
        return self.run_id
