"""Copy a delegate set-up, second step: every change it makes, read from the live
tenant, then the count confirmed, progress with Cancel and the result
(``ChangesDialog``'s part; the plan is ``app.fixes.copy_setup``'s).

The targets keep the people the source doesn't have unless the box above the table is
ticked; the preview is read again when it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QWidget

from app.fixes.addressing import Mailboxes
from app.fixes.copy_setup import CopyPlan, plan_copy
from app.fixes.plan import PlanError
from app.fixes.preview import Checked, preview
from app.journal import ChangeJournal
from app.models.fix_preview import Column
from app.problems import Said
from app.tasks import Task, TaskRunner
from app.views.changes_dialog import ChangesDialog, Planner, Previewed, mailboxes_in_scope
from app.views.dialog_parts import explanation
from app.words import counted

if TYPE_CHECKING:  # requests: none for a review read offline
    from app.signin.accounts import Session

UNTIL_THEN = ("Then Deputy puts each mailbox back as it was: the people added are "
              "removed, roles and who receives meeting requests put back.")
KEPT_HINT = "Tick “Remove the others” above to remove the people kept."


class CopySetupDialog(ChangesDialog):
    """Preview, confirm and send the copy of ``source``'s set-up to ``targets``.

    Attributes:
        remove_box: remove the people the targets have and the source hasn't; the
            rest are ``ChangesDialog``'s.
    """

    def __init__(self, source: str, targets: Sequence[str], names: Mapping[str, str],
                 session: Session, journal: ChangeJournal, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, journal, runner, parent)
        self.source, self.targets, self.names = source, list(targets), dict(names)
        owner = names.get(source) or source
        self.setWindowTitle("Copy a delegate set-up")
        self.heading.setText(f"Copy {owner}'s delegate set-up to "
                             f"{counted(len(self.targets), 'mailbox')}")
        self.choices.addWidget(explanation(
            f"Each mailbox gets the people and roles of {owner}'s calendar, and who "
            "receives its meeting requests. Roles a mailbox can't give are lowered, and "
            "said."))
        self.remove_box = QCheckBox(f"&Remove the others: people who have access to these "
                                    f"calendars but not to {owner}'s")
        self.choices.addWidget(self.remove_box)
        self.until.set_then(UNTIL_THEN)
        self.changed_box.hide()  # read live just now: there is no snapshot to differ from
        # What a copy changes is in Before and After: those stay whole, the mailbox's and
        # the person's names give up width first.
        self.columns.keep = frozenset((Column.CALENDAR, Column.BEFORE, Column.AFTER,
                                       Column.STATUS))
        self.resize(1180, 600)
        self.remove_box.toggled.connect(self.check)
        self.order_tabs()
        self.check()

    def planner(self, confirmed: bool) -> Planner:
        session, source, targets = self.session, self.source, self.targets
        names, remove = self.names, self.remove_box.isChecked()

        def plan(task: Task, known: Mailboxes | None) -> Previewed:
            mailboxes = mailboxes_in_scope(session, known)
            client = session.service.client
            try:
                copy = plan_copy(client, source, targets, remove_others=remove, names=names,
                                 mailboxes=mailboxes, cancel=task.cancel_requested)
            except PlanError as exc:
                raise Said(str(exc)) from exc
            checked = preview(client, copy.changes, mailboxes=mailboxes, confirmed=confirmed,
                              cancel=task.cancel_requested, on_progress=task.report)
            return Previewed(mailboxes, checked,
                             [*copy.notes, KEPT_HINT] if copy.kept else copy.notes)

        return plan

    def checking_words(self) -> str:
        return (f"Reading {counted(len(self.targets) + 1, 'mailbox')}' set-ups from the "
                "tenant…")

    def run_what(self, checked: Sequence[Checked]) -> str:
        return CopyPlan(self.source, self.targets).what(self.names)

    def choice_parts(self) -> list[QWidget]:
        return [self.remove_box]
