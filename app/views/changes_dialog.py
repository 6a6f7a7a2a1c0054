"""The preview, confirm and send part of every bulk change (a fix from the review, a
copied delegate set-up): a table of every change read from the live tenant, the count
confirmed, then progress with Cancel and the result.

Nothing is sent until the person types the number of changes the preview says it will
send: a bulk change is confirmed by its size, not by a click that a habit makes. The
preview is read from the live tenant on the task runner (``app.fixes.preview``), and
read again whenever a choice above the table changes; sending runs on the task runner's
write pool, each answer counted in the progress bar, and Cancel stops it with what was
changed said exactly (``app.fixes.apply``). "Until" makes the run time-limited: its
expiry is kept with it in the change journal and Deputy puts it back then
(``app.fixes.expire``). What to change is the subclass's: it plans (``planner``) and
names the run (``run_what``).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.fixes.addressing import Mailboxes
from app.fixes.plan import Change
from app.fixes.preview import Checked, preview
from app.fixes.timed import short_time
from app.journal import ChangeJournal
from app.models.fix_preview import Column, FixPreviewModel
from app.problems import user_words
from app.review.scope import scope_of
from app.tasks import Outcome, Task, TaskRunner
from app.views.column_fit import fit_columns
from app.views.list_parts import heading_label, table
from app.views.plain_text import plain_label
from app.views.until_field import UntilField
from app.words import counted

if TYPE_CHECKING:  # requests: none for a review read offline
    from app.fixes.apply import RunResult
    from app.signin.accounts import Session


@dataclass(frozen=True)
class Previewed:
    """What a preview read: the mailboxes' ids, each change checked, the plan's notes
    (what it leaves as it is)."""

    mailboxes: Mailboxes
    checked: list[Checked]
    notes: Sequence[str] = field(default_factory=tuple)


Planner = Callable[[Task, Mailboxes | None], Previewed]


def mailboxes_in_scope(session: Session, known: Mailboxes | None) -> Mailboxes:
    """How Graph is asked about the mailboxes ``session`` may change: ``known`` once
    read, else read now (by id: some mailboxes answer 404 by their address)."""
    return known or Mailboxes(scope_of(session, session.tenant).ids)


def previewed_in_scope(session: Session, task: Task, known: Mailboxes | None,
                       changes: Sequence[Change], confirmed: bool) -> Previewed:
    """``changes`` checked against the live tenant, within the mailboxes ``session`` may
    change (``known``, once read): what a planner whose plan needs no Graph returns."""
    mailboxes = mailboxes_in_scope(session, known)
    return Previewed(mailboxes, preview(
        session.service.client, changes, mailboxes=mailboxes, confirmed=confirmed,
        cancel=task.cancel_requested, on_progress=task.report))


class ChangesDialog(QDialog):
    """Preview, confirm and send the changes a subclass plans.

    Signals:
        previewed(): the preview is in the table.
        finished_run(RunResult): the changes were sent (or the run cancelled).

    Attributes:
        heading, choices (a layout for the subclass's choices), changed_box, until,
        model, table, notes, notices, summary, confirm, send_button, cancel_button,
        close_button, progress: the parts, for tests.
        run_result: the run's result once sent.
    """

    previewed = Signal()
    finished_run = Signal(object)

    def __init__(self, session: Session, journal: ChangeJournal, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.journal, self.runner = session, journal, runner
        self.mailboxes: Mailboxes | None = None  # by id, once read
        self.run_result: RunResult | None = None
        self._task: Task | None = None
        self._asked = 0  # the preview asked for last; older answers are dropped
        self.setModal(True)

        self.heading = heading_label()
        self.choices = QVBoxLayout()
        self.changed_box = QCheckBox("Change also the permissions changed since the "
                                     "snapshot, from what they are &now")
        # For any change, as ``deputy fix --until``: lowering an outsider for the length
        # of a project is as much "for a time" as raising an assistant for a week.
        self.until = UntilField()
        self.model = FixPreviewModel(self)
        self.table = table("Changes")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)  # the plan's order: the result's numbers
        self.columns = fit_columns(self.table, Column.PERSON, keep=(Column.STATUS,),
                                   second=(Column.MAILBOX,))
        self.notes = plain_label()
        self.notes.setWordWrap(True)
        self.notes.hide()
        self.notices = plain_label()
        self.notices.setWordWrap(True)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName("Number of changes, to confirm")
        self.confirm_label = QLabel("To send them, &type how many there are:")
        self.confirm_label.setBuddy(self.confirm)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Changes sent")
        self.progress.hide()
        self.send_button = QPushButton("&Send")
        self.send_button.setEnabled(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.close_button = QPushButton("Close")

        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm_label)
        confirm_row.addWidget(self.confirm)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(0)
        for button in (self.send_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.choices)
        layout.addWidget(self.changed_box)
        layout.addWidget(self.until)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.notices)
        layout.addWidget(self.summary)
        layout.addLayout(confirm_row)
        layout.addLayout(buttons)
        self.resize(980, 560)

        self.changed_box.toggled.connect(self.check)
        self.confirm.textChanged.connect(self._update_send)
        self.until.changed.connect(self._update_send)
        self.send_button.clicked.connect(self.send)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)

    # ------------------------------------------------------------------ the subclass's

    def planner(self, confirmed: bool) -> Planner:
        """On the GUI thread, what the task runner then calls to plan the changes and
        preview them, given the mailboxes' ids once known (``confirmed``: change also
        what changed since, from what it is now). It raises what the plan raises."""
        raise NotImplementedError

    def run_what(self, checked: Sequence[Checked]) -> str:
        """The run's name in the change journal."""
        raise NotImplementedError

    def choice_parts(self) -> list[QWidget]:
        """The subclass's choices, held still while sending."""
        return []

    def undoes(self) -> int | None:
        """The run these changes undo, for the change journal; None for a new change."""
        return None

    def checking_words(self) -> str:
        return "Checking the changes with the tenant…"

    def order_tabs(self) -> None:
        """Tab from the subclass's choices down the dialog, as it reads; the keyboard
        starts on the first choice. Called once the subclass has added its choices."""
        chain = [*self.choice_parts(), self.changed_box, self.until, self.table, self.confirm,
                 self.send_button, self.cancel_button, self.close_button]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        chain[0].setFocus()

    # ------------------------------------------------------------------ preview

    def ready(self) -> int:
        return sum(one.ready for one in self.model.checked())

    def check(self) -> None:
        """Plan and read the preview from the live tenant (again)."""
        if self._task is not None:
            self._task.cancel()
        self._asked += 1
        asked = self._asked
        plan, known = self.planner(self.changed_box.isChecked()), self.mailboxes
        self.model.set_checked([])
        self.confirm.clear()
        self._update_send()
        self.summary.setText(self.checking_words())
        self.notes.clear()
        self.notes.hide()
        self.notices.clear()

        def work(task: Task) -> Previewed:
            return plan(task, known)

        def done(outcome: Outcome) -> None:
            if asked != self._asked:
                return  # another choice was made meanwhile
            self._task = None
            if not outcome.ok:
                self.summary.setText(f"Could not check the changes: "
                                     f"{user_words(outcome.error)}")
                return
            found: Previewed = outcome.value
            self.mailboxes = found.mailboxes
            self.show_preview(found.checked, found.notes)

        self._task = self.runner.run("Checking the changes with the tenant", work, done,
                                     owner=self)

    def show_preview(self, checked: list[Checked], notes: Sequence[str] = ()) -> None:
        self.model.set_checked(checked)
        self.notes.setText("\n".join(["Left as it is:", *notes]))
        self.notes.setVisible(bool(notes))
        notices = Counter(one.notice for one in checked if one.ready and one.notice)
        said = [f"{counted(count, 'change')}: {notice}" for notice, count in notices.most_common()]
        self.notices.setText("\n".join(["What people will notice:", *said]) if said else "")
        ready = self.ready()
        self.summary.setText(f"{counted(ready, 'change')} to send, "
                             f"{len(checked) - ready:,} not sent (the table says why).")
        self.confirm_label.setText(f"To send them, &type {ready}:")
        self._update_send()
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the new words laid out now, not on the next event
        self.previewed.emit()

    def _update_send(self) -> None:
        ready = self.ready()
        self.send_button.setText(f"&Send {counted(ready, 'change')}" if ready else "&Send")
        self.send_button.setEnabled(bool(ready) and self._task is None
                                    and self.run_result is None
                                    and self.confirm.text().strip() == str(ready)
                                    and not self.until.problem())
        self.send_button.setToolTip(self.until.problem())

    # ------------------------------------------------------------------ sending

    def send(self) -> None:
        if not self.send_button.isEnabled():
            return
        checked = self.model.checked()
        session, journal, mailboxes = self.session, self.journal, self.mailboxes
        until, undoes = self.until.moment, self.undoes()
        what = self.run_what(checked)
        if until is not None:
            what += f", until {short_time(until)}"
        for part in (*self.choice_parts(), self.changed_box, self.confirm, self.send_button,
                     self.close_button, self.until):
            part.setEnabled(False)
        self.progress.setRange(0, max(1, self.ready()))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()
        self.summary.setText("Sending the changes…")

        def work(task: Task) -> RunResult:
            from app.fixes.apply import apply  # requests: loaded to send, not with the review

            result = apply(session.service.client, journal, checked, identity=session.label,
                           what=what, mailboxes=mailboxes, undoes=undoes,
                           cancel=task.cancel_requested, on_progress=task.note)
            if until is not None and result.count("done"):
                journal.set_expiry(result.run_id, until)
            return result

        self._task = self.runner.run("Sending the changes", work, self._sent, write=True,
                                     on_note=self._on_progress, owner=self)

    def _on_progress(self, step: object) -> None:
        from app.fixes.apply import ApplyProgress

        if isinstance(step, ApplyProgress):
            self.progress.setRange(0, max(1, step.total))
            self.progress.setValue(step.answered)

    def _sent(self, outcome: Outcome) -> None:
        self._task = None
        self.cancel_button.hide()
        self.progress.hide()
        self.close_button.setEnabled(True)
        self.close_button.setFocus()
        if not outcome.ok:
            self.summary.setText(f"Sending stopped: {user_words(outcome.error)} What was "
                                 "changed before is in the change journal.")
            return
        result: RunResult = outcome.value
        self.run_result = result
        self.model.set_outcomes(result.outcomes)
        words = result.summary
        if result.cancelled:
            words += " Cancelled: the table says which changes were made and which not."
        elif result.stopped_by is not None:
            words += (f" Sending stopped: {user_words(result.stopped_by)} The table says "
                      "which changes were made, which not, and which could not be checked.")
        if result.count("done"):
            words += f" The change journal holds them as run {result.run_id}, to undo."
            if self.until.moment is not None:
                words += (f" They last until {short_time(self.until.moment)}: Deputy puts "
                          "them back then.")
        self.summary.setText(words)
        self.finished_run.emit(result)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.summary.setText("Cancelling: the changes on their way are finished or "
                                 "read back…")

    def closeEvent(self, event: QCloseEvent) -> None:
        """A preview still being read is dropped; sending must end first (Cancel)."""
        if self._task is not None and self.run_result is None and not self.close_button.isEnabled():
            event.ignore()
            return
        if self._task is not None:
            self._task.cancel()
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self.close_button.isEnabled():
            event.ignore()  # Escape does not walk away from a run; Cancel stops it
            return
        super().keyPressEvent(event)
