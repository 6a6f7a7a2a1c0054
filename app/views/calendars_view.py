"""The calendars of the selected mailbox, and sharing invitations waiting for me."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.graph.capabilities import Action
from app.graph.resources import Calendar, SharingInvitation
from app.models.calendars import CalendarTableModel, Column
from app.views.busy import BusyIndicator
from app.views.column_fit import fit_columns
from app.views.dialog_parts import explanation
from app.views.list_parts import ListTable, keyboard_list
from app.views.plain_text import plain_tip
from app.workspace.directory import CALENDARS
from app.workspace.invitations import outlook_steps
from app.workspace.parts import Workspace

NO_CALENDAR_SELECTED = "Select a calendar first."


class CalendarsView(QWidget):
    """A table of calendars; a sharee renames their own copy in place (F2)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model: CalendarTableModel = workspace.directory.calendars
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = ListTable()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Calendars")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.columns = fit_columns(self.table, Column.NAME)
        self.busy = BusyIndicator("Loading calendars…")
        app_only = workspace.session.app_only
        self.rename_button = QPushButton("&Rename this copy…" if app_only
                                         else "&Rename my copy…")
        self.hint = explanation()
        self.hint.setAccessibleDescription("About renaming")
        actions = QHBoxLayout()
        actions.addWidget(self.rename_button)
        actions.addWidget(self.hint, 1)
        actions.addWidget(self.busy)

        self.invitations_label = QLabel("<b>Calendars shared with you, waiting to be added</b>")
        self.invitations = keyboard_list(QListWidget())
        self.invitations.setAccessibleName("Sharing invitations")
        self.invitations.setMaximumHeight(90)
        self.accept_button = QPushButton("&Add to my calendars")
        invitations_row = QHBoxLayout()
        invitations_row.addWidget(self.invitations, 1)
        invitations_row.addWidget(self.accept_button, 0, Qt.AlignmentFlag.AlignTop)
        # How to accept the selected invitation in Outlook, when Graph can't.
        self.outlook_steps = explanation()
        self.outlook_steps.setTextFormat(Qt.TextFormat.PlainText)  # holds someone's subject
        self.outlook_steps.setAccessibleName("How to accept it in Outlook")

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.invitations_label)
        layout.addLayout(invitations_row)
        layout.addWidget(self.outlook_steps)

        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_row_changed)
        self.model.replaced.connect(self._sync_selection)
        self.model.dataChanged.connect(self.on_model_data_changed)
        self.rename_button.clicked.connect(self.on_rename_button_clicked)
        self.accept_button.clicked.connect(self.on_accept_button_clicked)
        self.invitations.itemActivated.connect(lambda _item: self.on_accept_button_clicked())
        self.invitations.currentItemChanged.connect(self.on_invitations_current_item_changed)
        workspace.directory.calendar_selected.connect(self.on_workspace_calendar_selected)
        workspace.jobs.loading_changed.connect(self.on_workspace_loading_changed)
        workspace.invitations.invitations_changed.connect(self.on_workspace_invitations_changed)
        # Made when first shown (app.views.lazy_page): as the workspace stands now.
        self.on_workspace_invitations_changed(workspace.invitations.pending)
        self.on_workspace_loading_changed(CALENDARS, workspace.jobs.is_loading(CALENDARS))
        self._sync_selection()

    # ------------------------------------------------------------------ selection

    def selected_calendar(self) -> Calendar | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.model.calendar_row(self.proxy.mapToSource(index).row())
        return row.calendar if row is not None else None

    def _sync_selection(self) -> None:
        """After a reload, select the workspace's calendar again."""
        current = self.workspace.directory.current_calendar
        row = self.model.row_of(current.id) if current else -1
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            blocked = self.table.selectionModel().blockSignals(True)
            self.table.setCurrentIndex(index)
            self.table.selectRow(index.row())
            self.table.selectionModel().blockSignals(blocked)
        self._update_actions()

    def on_workspace_calendar_selected(self, _calendar: Calendar | None) -> None:
        """The workspace chose the calendar (after loading): the table shows it selected,
        and the actions and their reasons are for it."""
        self._sync_selection()

    def on_table_current_row_changed(self, current, _previous) -> None:
        calendar = self.selected_calendar() if current.isValid() else None
        chosen = self.workspace.directory.current_calendar
        if calendar is not None and (chosen is None or calendar.id != chosen.id):
            self.workspace.directory.select_calendar(calendar)
        self._update_actions()

    def on_model_data_changed(self, *_args: object) -> None:
        """A bound method (not a lambda), so it is disconnected when the view goes."""
        self._update_actions()

    def _update_actions(self) -> None:
        index = self.table.currentIndex()
        row = self.model.calendar_row(self.proxy.mapToSource(index).row()) if index.isValid() \
            else None
        if row is None:
            self.rename_button.setEnabled(False)
            self.rename_button.setToolTip(NO_CALENDAR_SELECTED)
            self.hint.setText("")
            return
        why_not = self.why_not_rename()
        self.rename_button.setEnabled(not why_not)
        self.rename_button.setToolTip(plain_tip(why_not) or self._rename_tip())
        self.hint.setText(why_not or self._rename_hint())

    def why_not_rename(self) -> str:
        """Why the selected calendar can't be renamed now; "" when it can."""
        index = self.table.currentIndex()
        row = self.model.calendar_row(self.proxy.mapToSource(index).row()) \
            if index.isValid() else None
        if row is None:
            return NO_CALENDAR_SELECTED
        rename = row.abilities[Action.RENAME_COPY]
        if not rename.allowed:
            return rename.reason
        if row.pending is not None:
            return "Saving the new name…"
        return ""

    def _holder(self) -> str | None:
        """Whose copy this is, when the administrator's app looks at someone's mailbox."""
        mailbox = self.workspace.directory.current_mailbox
        return mailbox.display_name if self.workspace.session.app_only and mailbox else None

    def _rename_hint(self) -> str:
        holder = self._holder()
        if holder:
            return f"{holder}'s copy: a new name is visible only to {holder}."
        return "This is your copy: a new name is visible only to you."

    def _rename_tip(self) -> str:
        holder = self._holder()
        if holder:
            return f"Give {holder}'s copy of this calendar a name only {holder} sees (F2)"
        return "Give your copy of this calendar a name only you see (F2)"

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """F2 that the table could not act on (the calendar can't be renamed): say why,
        instead of doing nothing."""
        if event.key() == Qt.Key.Key_F2:
            why_not = self.why_not_rename()
            if why_not:
                self.workspace.jobs.notice(why_not)
                self.hint.setText(why_not)
                event.accept()
                return
        super().keyPressEvent(event)

    def on_rename_button_clicked(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.table.edit(index.siblingAtColumn(Column.NAME))

    # ------------------------------------------------------------------ invitations

    def on_workspace_invitations_changed(self, invitations: list[SharingInvitation]) -> None:
        self.invitations.clear()
        for invitation in invitations:
            owner = invitation.owner.name or invitation.owner.address or "Someone"
            waiting = (": accept it in Outlook"
                       if invitation.id in self.workspace.invitations.awaiting_outlook else "")
            item = QListWidgetItem(
                f"“{invitation.suggested_calendar_name}”, shared by {owner}{waiting}")
            item.setToolTip(invitation.subject)
            item.setData(Qt.ItemDataRole.UserRole, invitation)
            self.invitations.addItem(item)
        if invitations:
            self.invitations.setCurrentRow(0)
        visible = bool(invitations)
        self.invitations_label.setVisible(visible)
        self.invitations.setVisible(visible)
        self.accept_button.setVisible(visible)
        self.on_invitations_current_item_changed(self.invitations.currentItem())

    def on_invitations_current_item_changed(self, item: QListWidgetItem | None,
                                            _previous: object = None) -> None:
        """The Outlook steps for the selected invitation, once Graph couldn't accept it."""
        invitation = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        steps = (outlook_steps(invitation) if isinstance(invitation, SharingInvitation)
                 and invitation.id in self.workspace.invitations.awaiting_outlook else "")
        self.outlook_steps.setText(steps)
        self.outlook_steps.setVisible(bool(steps))

    def on_accept_button_clicked(self) -> None:
        item = self.invitations.currentItem()
        if item is not None:
            self.workspace.invitations.accept(item.data(Qt.ItemDataRole.UserRole))

    def on_workspace_loading_changed(self, what: str, loading: bool) -> None:
        if what == CALENDARS:
            self.busy.set_busy(loading)
