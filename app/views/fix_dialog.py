"""Fix from the review: the chosen findings, an action, a preview of every change, the
count confirmed, then progress with Cancel and the result.

Nothing is sent until the person types the number of changes the preview says it will
send: a bulk change is confirmed by its size, not by a click that a habit makes. The
preview is read from the live tenant on the task runner (``app.fixes.preview``), and
read again whenever the action changes; sending runs on the task runner's write pool,
each answer counted in the progress bar, and Cancel stops it with what was changed
said exactly (``app.fixes.apply``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from app.fixes.apply import ApplyProgress, RunResult, apply
from app.fixes.plan import Action, plan_rows
from app.fixes.preview import Checked, preview
from app.fixes.timed import short_time
from app.graph.roles import ROLE_ORDER, role_label
from app.journal import ChangeJournal
from app.models.fix_preview import Column, FixPreviewModel
from app.problems import user_words
from app.review.findings import Finding, Rule
from app.review.scope import scope_of
from app.signin.accounts import Session
from app.tasks import Outcome, Task, TaskRunner
from app.views.column_fit import fit_columns
from app.views.list_parts import heading_label, table
from app.views.plain_text import plain_label
from app.views.until_field import UntilField
from app.words import counted

UNTIL_THEN = ("Then Deputy puts each permission back as it was (a removed person is "
              "added again, which sends them an invitation mail).")

# The action a rule's rows most often want: what the rule says is too much, lowered.
SUGGESTED = {Rule.ORGANIZATION_ABOVE_FREE_BUSY: "freeBusyRead",
             Rule.EXTERNAL_ABOVE_FREE_BUSY: "freeBusyRead",
             Rule.DELEGATE_WITH_PRIVATE: "delegateWithoutPrivateEventAccess"}


def actions() -> list[tuple[str, Action]]:
    """What the action box offers: remove, or set one of the roles."""
    return [("Remove the access", Action(None))] + [
        (f"Set to “{role_label(role)}”", Action(role)) for role in ROLE_ORDER]


class FixDialog(QDialog):
    """Preview, confirm and send a fix of ``findings``.

    Signals:
        previewed(): the preview of the chosen action is in the table.
        finished_run(RunResult): the changes were sent (or the run cancelled).

    Attributes:
        action_box, changed_box, model, table, notices, summary, confirm, send_button,
        cancel_button, close_button, progress: the parts, for tests.
        run_result: the run's result once sent.
    """

    previewed = Signal()
    finished_run = Signal(object)

    def __init__(self, findings: Sequence[Finding], names: dict[str, str], session: Session,
                 journal: ChangeJournal, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.journal, self.runner = session, journal, runner
        self.rows = list(dict.fromkeys(f.row for f in findings))
        self.names = names
        self.mailboxes: Mailboxes | None = None  # by id, once read
        self.run_result: RunResult | None = None
        self._task: Task | None = None
        self._asked = 0  # the preview asked for last; older answers are dropped
        self.setWindowTitle("Fix from the review")
        self.setModal(True)

        heading = heading_label()
        heading.setText(f"Fix {counted(len(self.rows), 'permission')}")
        self.action_box = QComboBox()
        self.action_box.setAccessibleName("Action")
        for words, action in actions():
            self.action_box.addItem(words, action)
        rules = {f.rule for f in findings}
        suggested = SUGGESTED.get(next(iter(rules))) if len(rules) == 1 else None
        self.action_box.setCurrentIndex(ROLE_ORDER.index(suggested) + 1 if suggested else 0)
        action_label = QLabel("&Action:")
        action_label.setBuddy(self.action_box)
        self.changed_box = QCheckBox("Change also the permissions changed since the "
                                     "snapshot, from what they are &now")
        # For any action, as ``deputy fix --until``: lowering an outsider for the length
        # of a project is as much "for a time" as raising an assistant for a week.
        self.until = UntilField()
        self.until.set_then(UNTIL_THEN)
        self.model = FixPreviewModel(self)
        self.table = table("Changes")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)  # the plan's order: the result's numbers
        self.columns = fit_columns(self.table, Column.PERSON, keep=(Column.STATUS,),
                                   second=(Column.MAILBOX,))
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

        top = QHBoxLayout()
        top.addWidget(action_label)
        top.addWidget(self.action_box, 1)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm_label)
        confirm_row.addWidget(self.confirm)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(0)
        for button in (self.send_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(self.changed_box)
        layout.addWidget(self.until)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notices)
        layout.addWidget(self.summary)
        layout.addLayout(confirm_row)
        layout.addLayout(buttons)
        self.resize(980, 560)

        self.action_box.currentIndexChanged.connect(self.check)
        self.changed_box.toggled.connect(self.check)
        self.confirm.textChanged.connect(self._update_send)
        self.until.changed.connect(self._update_send)
        self.send_button.clicked.connect(self.send)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)
        self.check()

    # ------------------------------------------------------------------ preview

    @property
    def action(self) -> Action:
        action = self.action_box.currentData()
        assert isinstance(action, Action)
        return action

    def ready(self) -> int:
        return sum(one.ready for one in self.model.checked())

    def check(self) -> None:
        """Read the chosen action's preview from the live tenant (again)."""
        if self._task is not None:
            self._task.cancel()
        self._asked += 1
        asked = self._asked
        changes = plan_rows(self.rows, self.action, self.names)
        confirmed = self.changed_box.isChecked()
        session, known = self.session, self.mailboxes
        self.model.set_checked([])
        self.confirm.clear()
        self._update_send()
        self.summary.setText(f"Checking {counted(len(changes), 'permission')} with the "
                             "tenant…")
        self.notices.clear()

        def work(task: Task) -> tuple[Mailboxes, list[Checked]]:
            mailboxes = known or Mailboxes(scope_of(session, session.tenant).ids)
            return mailboxes, preview(session.service.client, changes, mailboxes=mailboxes,
                                      confirmed=confirmed, cancel=task.cancel_requested,
                                      on_progress=task.report)

        def done(outcome: Outcome) -> None:
            if asked != self._asked:
                return  # another action was chosen meanwhile
            self._task = None
            if not outcome.ok:
                self.summary.setText(f"Could not check the changes: "
                                     f"{user_words(outcome.error)}")
                return
            self.mailboxes, checked = outcome.value
            self.show_preview(checked)

        self._task = self.runner.run("Checking the changes with the tenant", work, done,
                                     owner=self)

    def show_preview(self, checked: list[Checked]) -> None:
        self.model.set_checked(checked)
        notices = Counter(one.notice for one in checked if one.ready and one.notice)
        self.notices.setText("\n".join(f"{counted(count, 'change')}: {notice}"
                                       for notice, count in notices.most_common()))
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
        until = self.until.moment
        what = f"{self.action.words}: {counted(len(checked), 'permission')} from the review"
        if until is not None:
            what += f", until {short_time(until)}"
        for part in (self.action_box, self.changed_box, self.confirm, self.send_button,
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
            result = apply(session.service.client, journal, checked, identity=session.label,
                           what=what, mailboxes=mailboxes, cancel=task.cancel_requested,
                           on_progress=task.note)
            if until is not None and result.count("done"):
                journal.set_expiry(result.run_id, until)
            return result

        self._task = self.runner.run("Sending the changes", work, self._sent, write=True,
                                     on_note=self._on_progress, owner=self)

    def _on_progress(self, step: object) -> None:
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
