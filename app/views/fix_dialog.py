"""Fix from the review: the chosen findings (or matrix cells), an action, then the
preview of every change, the count confirmed, progress with Cancel and the result
(``ChangesDialog``'s part).

The action is chosen above the table (and, with Until, for how long); the preview is read
again whenever the action changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from app.fixes.addressing import Mailboxes
from app.fixes.plan import Action, plan_rows
from app.fixes.preview import Checked
from app.graph.roles import ROLE_ORDER, role_label
from app.journal import ChangeJournal
from app.review.findings import Finding, Rule
from app.review.snapshot_store import PermissionRow
from app.tasks import Task, TaskRunner
from app.views.changes_dialog import ChangesDialog, Planner, Previewed, previewed_in_scope
from app.words import counted

if TYPE_CHECKING:  # requests: none for a review read offline
    from app.signin.accounts import Session

UNTIL_THEN = ("Then Deputy puts each permission back as it was (a removed person is "
              "added again, which sends them an invitation mail).")

# The action a rule's rows most often want: what the rule says is too much, lowered.
SUGGESTED = {Rule.ORGANIZATION_ABOVE_FREE_BUSY: "freeBusyRead",
             Rule.EXTERNAL_ABOVE_FREE_BUSY: "freeBusyRead",
             Rule.DELEGATE_WITH_PRIVATE: "delegateWithoutPrivateEventAccess"}


def only_rule(findings: Sequence[Finding]) -> Rule | None:
    """The rule that flagged every one of ``findings``; None when there are several."""
    rules = {f.rule for f in findings}
    return next(iter(rules)) if len(rules) == 1 else None


def actions() -> list[tuple[str, Action]]:
    """What the action box offers: remove, or set one of the roles."""
    return [("Remove the access", Action(None))] + [
        (f"Set to “{role_label(role)}”", Action(role)) for role in ROLE_ORDER]


class FixDialog(ChangesDialog):
    """Preview, confirm and send a fix of ``rows`` (findings' or matrix cells' rows).

    Attributes:
        action_box: the action; the rest are ``ChangesDialog``'s.
    """

    def __init__(self, rows: Sequence[PermissionRow], names: dict[str, str], session: Session,
                 journal: ChangeJournal, runner: TaskRunner,
                 parent: QWidget | None = None, *, rule: Rule | None = None) -> None:
        """``rule``: the one rule that flagged every row, whose usual action is offered
        first; None for rows of several rules, or cells of the matrix (remove, first)."""
        super().__init__(session, journal, runner, parent)
        self.rows = list(dict.fromkeys(rows))
        self.names = names
        self.setWindowTitle("Fix from the review")
        self.heading.setText(f"Fix {counted(len(self.rows), 'permission')}")
        self.action_box = QComboBox()
        self.action_box.setAccessibleName("Action")
        for words, action in actions():
            self.action_box.addItem(words, action)
        suggested = SUGGESTED.get(rule) if rule is not None else None
        self.action_box.setCurrentIndex(ROLE_ORDER.index(suggested) + 1 if suggested else 0)
        action_label = QLabel("&Action:")
        action_label.setBuddy(self.action_box)
        top = QHBoxLayout()
        top.addWidget(action_label)
        top.addWidget(self.action_box, 1)
        self.choices.addLayout(top)
        self.until.set_then(UNTIL_THEN)
        self.action_box.currentIndexChanged.connect(self.check)
        self.order_tabs()
        self.check()

    @property
    def action(self) -> Action:
        action = self.action_box.currentData()
        assert isinstance(action, Action)
        return action

    def planner(self, confirmed: bool) -> Planner:
        changes = plan_rows(self.rows, self.action, self.names)
        session = self.session

        def plan(task: Task, known: Mailboxes | None) -> Previewed:
            return previewed_in_scope(session, task, known, changes, confirmed)

        return plan

    def checking_words(self) -> str:
        return f"Checking {counted(len(self.rows), 'permission')} with the tenant…"

    def run_what(self, checked: Sequence[Checked]) -> str:
        return f"{self.action.words}: {counted(len(checked), 'permission')} from the review"

    def choice_parts(self) -> list[QWidget]:
        return [self.action_box]
