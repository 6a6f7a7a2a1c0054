"""Choosing a role: only the roles Graph allows for this permission, each explained.

The same chooser serves the "Change access" dialog and the "Share with someone"
dialog; it never offers a role that is not in the permission's ``allowedRoles``.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.graph.resources import CalendarPermission
from app.graph.roles import ordered, role_label, role_sentence
from app.views.dialog_parts import ActionDialog, explanation
from app.views.focus_ring import one_tab_stop
from app.views.until_field import UntilField

# Alt+letter chooses a role. Letters apart from the dialogs' own (&Email address,
# &Share, &Change access), each on a word that tells the roles apart.
ROLE_MNEMONICS = {
    "none": "&No access",
    "freeBusyRead": "Can view when &busy",
    "limitedRead": "Can view &titles and locations",
    "read": "Can view &all details",
    "write": "Can ed&it",
    "delegateWithoutPrivateEventAccess": "&Delegate",
    "delegateWithPrivateEventAccess": "Delegate, with &private events",
}


def role_choice_text(role: str) -> str:
    """The role's words with their mnemonic ("Can view &all details")."""
    return ROLE_MNEMONICS.get(role, role_label(role).replace("&", "&&"))


class RoleChoice(QWidget):
    """One radio button per allowed role, with a sentence on what it grants.

    Signals:
        role_chosen(role): the selection changed.
    """

    role_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Access")
        self._group = QButtonGroup(self)
        self._buttons: dict[str, QRadioButton] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._group.buttonToggled.connect(self.on_group_button_toggled)

    def set_roles(self, roles: list[str], current: str | None, who: str, owner: str) -> None:
        """Offer ``roles`` (least access first); ``current`` is selected if offered."""
        for button in self._buttons.values():
            self._group.removeButton(button)
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._buttons = {}
        for role in ordered(roles):
            button = QRadioButton(role_choice_text(role))
            button.setAccessibleDescription(role_sentence(role, who, owner))
            # A label with a buddy reads "&" as a mnemonic: a name's "&" is doubled so
            # it shows, and takes no Alt+key of the dialog's.
            sentence = explanation(role_sentence(role, who, owner).replace("&", "&&"),
                                   indent=24)
            sentence.setBuddy(button)
            self._group.addButton(button)
            self._buttons[role] = button
            self._layout.addWidget(button)
            self._layout.addWidget(sentence)
            button.show()  # now, not on the next turn of the event loop: the dialog
            sentence.show()  # measures them at once to fit them
        if current in self._buttons:
            self._buttons[current].setChecked(True)
        one_tab_stop(self._group)

    def follow_in_tab_order(self, widget: QWidget) -> None:
        """Tab from ``widget`` reaches the roles next (buttons made later than the
        dialog's others would come last in the tab order, after Cancel)."""
        for button in self._buttons.values():
            QWidget.setTabOrder(widget, button)
            widget = button

    @property
    def offered(self) -> list[str]:
        return list(self._buttons)

    @property
    def role(self) -> str | None:
        return next((r for r, b in self._buttons.items() if b.isChecked()), None)

    def choose(self, role: str) -> None:
        self._buttons[role].setChecked(True)

    def on_group_button_toggled(self, button: QRadioButton, checked: bool) -> None:
        one_tab_stop(self._group)
        if checked:
            role = next(r for r, b in self._buttons.items() if b is button)
            self.role_chosen.emit(role)


class RoleDialog(ActionDialog):
    """Change one person's access to a calendar."""

    discard_question = "Discard the change of access?"

    def __init__(self, permission: CalendarPermission, owner: str, calendar_name: str,
                 parent: QWidget | None = None, *, limitable: bool = False) -> None:
        """``limitable``: the new access can be given until a moment (``until``)."""
        super().__init__(parent)
        who = permission.person_name
        self.setWindowTitle(f"Access for {who}")
        intro = QLabel(f"What can <b>{escape(who)}</b> see and do in "
                       f"<b>{escape(calendar_name)}</b>?")
        intro.setTextFormat(Qt.TextFormat.RichText)  # bold names, escaped
        intro.setWordWrap(True)
        self.choice = RoleChoice()
        self.choice.set_roles(permission.allowed_roles, permission.role, who, owner)
        self._initial = permission.role
        # custom, or a role Graph added later: shown as it is, never offered; picking a
        # role replaces it (Graph can't set it back).
        self.now = None
        if permission.role not in self.choice.offered:
            self.now = explanation(f"Now: {role_label(permission.role)}. "
                                   f"{role_sentence(permission.role, who, owner)}")
            self.now.setTextFormat(Qt.TextFormat.PlainText)  # Graph's word for it, as is
        self.until = UntilField()
        self.until.set_then(f"Then back to “{role_label(permission.role)}”.")
        self.until.setVisible(limitable)
        buttons = self.action_row("&Change access")
        self.save_button = self.action_button
        self.choice.role_chosen.connect(self.on_choice_role_chosen)
        self.until.changed.connect(lambda: self.on_choice_role_chosen(self.choice.role or ""))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if self.now is not None:
            layout.addWidget(self.now)
        layout.addWidget(self.choice)
        layout.addWidget(self.until)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.on_choice_role_chosen(self._initial or "")
        self.resize(460, self.heightForWidth(460) if self.hasHeightForWidth()
                    else self.sizeHint().height())

    def has_input(self) -> bool:
        return self.choice.role is not None and self.choice.role != self._initial

    def on_choice_role_chosen(self, role: str) -> None:
        if role == self._initial:
            self.allow_action(False, "Choose another access to change it.")
        else:
            self.allow_action(not self.until.problem(), self.until.problem())
