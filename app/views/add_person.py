"""Share a calendar with someone: their address, then one of the roles Graph allows.

The roles come from the server (``allowedCalendarSharingRoles``) for that address and
calendar, so a person outside the organization is offered view roles only, and
delegate roles appear only on a primary calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.addresses import address_problem, is_inside
from app.views.dialog_parts import ActionDialog, address_row, explanation, while_open
from app.views.role_editor import RoleChoice
from app.views.until_field import UntilField

CHECK_AFTER_MS = 400
RolesLookup = Callable[[str, Callable[[list[str]], None], Callable[[str], None]], object]


def preselected(offered: list[str]) -> str | None:
    """The role chosen when the roles arrive: "Can view all details" (``read``) when
    offered, else the most a view role gives. The least access that is useful: free/busy
    is what everyone in the organization already sees ("My Organization"), and edit or
    delegate rights are a deliberate choice, never a default. Something is always
    chosen, so the arrow keys choose too (Qt's radios move the choice only from a
    checked one) and Enter shares at once."""
    for role in ("read", "limitedRead", "freeBusyRead"):
        if role in offered:
            return role
    return offered[0] if offered else None


class AddPersonDialog(ActionDialog):
    """Asks for an address and a role; ``address`` and ``role`` are the answer.

    ``lookup(address, on_roles, on_problem)`` asks the server, off the GUI thread,
    which roles that address may get on this calendar.
    """

    discard_question = "Discard this invitation to share?"

    def __init__(self, lookup: RolesLookup, calendar_name: str, owner: str,
                 organization_domain: str, *, primary: bool, limitable: bool = True,
                 parent: QWidget | None = None) -> None:
        """``limitable``: the access can be given until a moment (``until``)."""
        super().__init__(parent)
        self.setWindowTitle(f"Share {calendar_name}")
        self._lookup, self._owner, self._domain = lookup, owner, organization_domain
        self._asked = ""
        self._roles_known = False
        intro = QLabel(f"Who should see <b>{escape(calendar_name)}</b>, and how much?")
        intro.setTextFormat(Qt.TextFormat.RichText)  # a bold name, escaped
        intro.setWordWrap(True)
        form, self.address_edit, self.where = address_row("name@example.com")
        self.where.setAccessibleDescription("Inside or outside the organization")
        self.choice = RoleChoice()
        note = explanation("Delegate access can be given only on your main calendar, to "
                           "people inside your organization." if not primary else
                           "People outside your organization can be given view access only.")
        self.until = UntilField()
        self.until.set_then("Then Deputy removes them.")
        self.until.setVisible(limitable)
        buttons = self.action_row("&Share")
        self.share_button = self.action_button
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.choice)
        layout.addSpacing(8)
        layout.addWidget(note)
        layout.addWidget(self.until)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._check = QTimer(self, singleShot=True, interval=CHECK_AFTER_MS)
        self._check.timeout.connect(self.on_check_timeout)
        self.address_edit.textChanged.connect(self.on_address_edit_text_changed)
        self.choice.role_chosen.connect(lambda _role: self._update_button())
        self.until.changed.connect(self._update_button)
        self._update_button()
        self.resize(480, self.sizeHint().height())

    @property
    def address(self) -> str:
        return self.address_edit.text().strip()

    @property
    def role(self) -> str | None:
        return self.choice.role

    def has_input(self) -> bool:
        return bool(self.address)

    def on_address_edit_text_changed(self, _text: str) -> None:
        self.choice.set_roles([], None, "", self._owner)
        self._asked = ""
        self._roles_known = False
        problem = address_problem(self.address) if self.address else ""
        if problem or not self.address:
            self.where.setText(problem)
            self._check.stop()
        else:
            inside = is_inside(self.address, self._domain)
            self.where.setText("Inside your organization." if inside else
                               "Outside your organization: view access only.")
            self._check.start()
        self._update_button()

    def on_check_timeout(self) -> None:
        self._asked = self.address
        self._update_button()
        self._lookup(self._asked, while_open(self, self._roles_arrived(self._asked)),
                     while_open(self, self._problem_arrived(self._asked)))

    def _roles_arrived(self, asked: str) -> Callable[[list[str]], None]:
        def show(roles: list[str]) -> None:
            if asked != self._asked or not self.isVisible():
                return  # the address changed since, or the dialog closed
            offered = [r for r in roles if r != "none"]
            self.choice.set_roles(offered, preselected(offered), "This person", self._owner)
            self.choice.follow_in_tab_order(self.address_edit)
            inside = is_inside(asked, self._domain)
            self.where.setText("Inside your organization." if inside else
                               "Outside your organization: view access only.")
            self._roles_known = True
            self._update_button()
            self.fit_height()
        return show

    def _problem_arrived(self, asked: str) -> Callable[[str], None]:
        def show(problem: str) -> None:
            if asked == self._asked and self.isVisible():
                self.where.setText(problem)
                self._roles_known = True
                self._update_button()
                self.allow_action(False, "Deputy could not check this address: see above.")
        return show

    def _update_button(self) -> None:
        """Share once an address and a role are there; else say which is missing."""
        problem = address_problem(self.address) if self.address else ""
        if not self.address:
            reason = "Type the address of the person to share with."
        elif problem:
            reason = "Correct the address to share."
        elif not self._asked or not self._roles_known:
            reason = "Checking which access is possible…"
        elif not self.choice.offered:
            reason = "This calendar can't be shared with this address."
        else:
            reason = "Choose how much this person may see."
        if self._asked and self.role and not problem and self.until.problem():
            problem = reason = self.until.problem()
        self.allow_action(bool(self._asked and self.role and not problem), reason)
