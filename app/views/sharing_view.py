"""Who can see the selected calendar, and who receives the mailbox's meeting messages.

Everything the signed-in identity may not do stays visible, disabled, with the reason
beside it; nothing is left to fail on the server.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.graph.resources import CalendarPermission
from app.graph.roles import DELIVERY_CHOICES, delivery_choice, delivery_sentence
from app.models.item_roles import ItemRole
from app.models.permissions import Column, PermissionTableModel
from app.views.add_person import AddPersonDialog
from app.views.busy import BusyIndicator
from app.views.calendar_box import CalendarBox
from app.views.column_fit import fit_columns
from app.views.dialog_parts import explanation, name_icon
from app.views.focus_ring import one_tab_stop
from app.views.list_parts import table
from app.views.plain_text import plain_label, plain_tip
from app.views.role_editor import RoleDialog
from app.workspace.parts import Workspace
from app.workspace.sharing import DELIVERY, PERMISSIONS, DeliveryState, SharingState


class SharingView(QWidget):
    """The sharing of one calendar (chosen above the table) and the delivery option."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model: PermissionTableModel = workspace.sharing.permissions
        self.state = workspace.sharing.state
        self.dialog: QWidget | None = None  # the open role or add dialog, for tests
        self._added = ""  # the address just shared with, until its row is listed

        self.calendar_box = CalendarBox(workspace)
        calendar_label = QLabel("Ca&lendar:")  # Alt+C: the Calendars tab
        calendar_label.setBuddy(self.calendar_box)
        self.busy = BusyIndicator("Loading…")
        top = QHBoxLayout()
        top.addWidget(calendar_label)
        top.addWidget(self.calendar_box, 1)
        top.addWidget(self.busy)

        self.reason = plain_label()
        self.reason.setWordWrap(True)
        bold = self.reason.font()
        bold.setBold(True)
        self.reason.setFont(bold)
        self.reason.setAccessibleDescription("Why sharing can't be changed")
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(ItemRole.SORT)
        self.table = table("People who can see this calendar")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.columns = fit_columns(self.table, Column.PERSON)

        self.add_button = QPushButton("&Add person…")
        self.change_button = QPushButton("Change acc&ess…")  # Alt+H: the Sharing menu
        self.remove_button = QPushButton("&Remove…")  # Alt+M: the Meetings tab
        # Why Change or Remove is off, beside them: a disabled button's tooltip is
        # the only other place, and its grey is not for reading.
        self.action_reason = explanation()
        self.action_reason.setAccessibleDescription("Why the person's access can't be changed")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.change_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addWidget(self.action_reason, 1)

        self.delivery_box = QGroupBox("Who receives meeting requests and responses")
        self.delivery_reason = plain_label()
        self.delivery_reason.setWordWrap(True)
        self.delivery_group = QButtonGroup(self)
        self.delivery_buttons: dict[str, QRadioButton] = {}
        self.delivery_texts: dict[str, QLabel] = {}
        delivery_layout = QVBoxLayout(self.delivery_box)
        delivery_layout.addWidget(self.delivery_reason)
        for option, _mine, _theirs in DELIVERY_CHOICES:
            choice, text = QRadioButton(), explanation(indent=24)
            self.delivery_group.addButton(choice)
            self.delivery_buttons[option], self.delivery_texts[option] = choice, text
            delivery_layout.addWidget(choice)
            delivery_layout.addWidget(text)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.reason)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.delivery_box)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        self.table.activated.connect(lambda _index: self.change_selected())
        self.model.replaced.connect(self._update_actions)
        self.model.replaced.connect(self.on_model_replaced)
        self.model.dataChanged.connect(self.on_model_data_changed)
        self.add_button.clicked.connect(self.add_person)
        self.change_button.clicked.connect(self.change_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.delivery_group.buttonClicked.connect(self.on_delivery_group_button_clicked)
        self.delivery_group.buttonToggled.connect(self.on_delivery_group_button_toggled)
        workspace.sharing.sharing_changed.connect(self.on_workspace_sharing_changed)
        workspace.sharing.delivery_changed.connect(self.on_workspace_delivery_changed)
        workspace.jobs.loading_changed.connect(self.on_workspace_loading_changed)
        # Made when first shown (app.views.lazy_page): as the workspace stands now.
        self.on_workspace_sharing_changed(self.state)
        self.on_workspace_delivery_changed(workspace.sharing.delivery)
        self.on_workspace_loading_changed(
            PERMISSIONS, any(map(workspace.jobs.is_loading, (PERMISSIONS, DELIVERY))))

    # ------------------------------------------------------------------ calendar

    def on_workspace_sharing_changed(self, state: SharingState) -> None:
        self.state = state
        self.calendar_box.show_calendar(state.calendar)
        self.reason.setText(state.manage.reason)
        self.reason.setVisible(bool(state.manage.reason))
        self.table.setEnabled(state.manage.allowed)
        self._update_actions()

    # ------------------------------------------------------------------ people

    def selected_permission(self) -> CalendarPermission | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.permission_at(self.proxy.mapToSource(index).row())

    def on_model_data_changed(self, *_args: object) -> None:
        """A bound method (not a lambda), so it is disconnected when the view goes."""
        self._update_actions()

    def _update_actions(self) -> None:
        manage = self.state.manage
        self.add_button.setEnabled(manage.allowed)
        self.add_button.setToolTip("Share this calendar with someone (Ins)" if manage.allowed
                                   else plain_tip(manage.reason))
        permission = self.selected_permission()
        if permission is None:
            no_one = manage.reason or "Select a person in the table first."
            for button in (self.change_button, self.remove_button):
                button.setEnabled(False)
                button.setToolTip(plain_tip(no_one))
            # The reason above the table already says why nothing can be changed.
            self.action_reason.setText("" if manage.reason else no_one)
            return
        pending = bool(self.table.currentIndex().data(ItemRole.PENDING))
        role_refusal = self.model.role_refusal(permission) or (
            "Saving the previous change…" if pending else "")
        self.change_button.setEnabled(not role_refusal)
        self.change_button.setToolTip(plain_tip(role_refusal or "Change what this person can see "
                                                                "and do (Enter)"))
        removal_refusal = self.model.removal_refusal(permission)
        self.remove_button.setEnabled(not removal_refusal)
        self.remove_button.setToolTip(plain_tip(removal_refusal
                                                 or "Stop sharing with this person (Del)"))
        refusals = [r for r in (role_refusal, removal_refusal) if r and r != manage.reason]
        self.action_reason.setText(" ".join(dict.fromkeys(refusals)))

    def change_selected(self) -> None:
        permission = self.selected_permission()
        if permission is None or not self.change_button.isEnabled():
            return
        calendar = self.state.calendar
        dialog = RoleDialog(permission, self.model.owner_name,
                            calendar.name if calendar else "", self,
                            limitable=self.workspace.sharing.can_limit())
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._apply_role(permission, dialog.choice.role,
                                                         dialog.until.moment))
        dialog.open()

    def _apply_role(self, permission: CalendarPermission, role: str | None,
                    until: datetime | None) -> None:
        if role:
            self.workspace.sharing.change_role(permission, role, until)

    def add_person(self) -> None:
        if not self.add_button.isEnabled() or self.state.calendar is None:
            return
        calendar = self.state.calendar
        owner_address = calendar.owner.address or self.workspace.session.username or ""
        dialog = AddPersonDialog(self.workspace.sharing.allowed_roles, calendar.name,
                                 self.model.owner_name, owner_address.rpartition("@")[2],
                                 primary=self.state.primary,
                                 limitable=self.workspace.sharing.can_limit(), parent=self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._add(dialog.address, dialog.role or "",
                                                  dialog.until.moment))
        dialog.open()

    def _add(self, address: str, role: str, until: datetime | None) -> None:
        self._added = address.casefold()
        self.workspace.sharing.add_person(address, role, until=until)

    def on_model_replaced(self) -> None:
        """The person just shared with becomes the current row, with the keyboard, once
        the list has them: what they did is in sight, and Enter changes it at once."""
        if not self._added:
            return
        row = next((r for r, p in enumerate(self.model.permissions)
                    if (p.email_address.address or "").casefold() == self._added), -1)
        if row < 0:
            return
        self._added = ""
        self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        if self.window().isActiveWindow():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_selected(self) -> None:
        permission = self.selected_permission()
        if permission is None or not self.remove_button.isEnabled():
            return
        who = permission.person_name
        calendar = self.state.calendar.name if self.state.calendar else "this calendar"
        box = QMessageBox(QMessageBox.Icon.Question, "Stop sharing",
                          f"Stop sharing {calendar} with {who}?", parent=self)
        box.setInformativeText(f"{who} will no longer see {calendar}, and their copy of it "
                               "disappears from their calendars.")
        name_icon(box, "Question")
        remove = box.addButton("&Stop sharing", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # the safe answer
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = box
        box.buttonClicked.connect(
            lambda button: self.workspace.sharing.remove_person(permission) if button is remove
            else None)
        box.open()

    # ------------------------------------------------------------------ delivery option

    def on_workspace_delivery_changed(self, state: DeliveryState) -> None:
        owner = state.owner_name or "the owner"
        self.delivery_box.setTitle(
            "Who receives your meeting requests and responses" if state.own
            else f"Who receives {owner}'s meeting requests and responses")
        for option, _mine, _theirs in DELIVERY_CHOICES:
            said = delivery_sentence(option, owner, own=state.own)
            self.delivery_buttons[option].setText(delivery_choice(option, owner, own=state.own))
            self.delivery_buttons[option].setAccessibleDescription(said)
            self.delivery_texts[option].setText(said)
        self.delivery_group.setExclusive(False)
        for option, button in self.delivery_buttons.items():
            button.setChecked(option == state.option)
            button.setEnabled(state.change.allowed and state.option is not None)
            button.setToolTip(plain_tip(state.change.reason))
        self.delivery_group.setExclusive(True)
        self.delivery_reason.setText(state.change.reason)
        self.delivery_reason.setVisible(bool(state.change.reason))

    def on_delivery_group_button_toggled(self, *_args: object) -> None:
        one_tab_stop(self.delivery_group)

    def on_delivery_group_button_clicked(self, button: QRadioButton) -> None:
        option = next(o for o, b in self.delivery_buttons.items() if b is button)
        self.workspace.sharing.set_delivery_option(option)

    def on_workspace_loading_changed(self, what: str, loading: bool) -> None:
        if what in (PERMISSIONS, DELIVERY):
            self.busy.set_busy(loading)

