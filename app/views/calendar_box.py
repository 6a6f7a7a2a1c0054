"""The "Calendar:" picker above a view: the selected mailbox's calendars, shared by views."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from app.graph.resources import Calendar
from app.models.calendars import Column
from app.workspace.parts import Workspace


class CalendarBox(QComboBox):
    """Lists the workspace's calendars; choosing one selects it for every view."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setModel(workspace.directory.calendars)
        self.setModelColumn(Column.NAME)
        self.setAccessibleName("Calendar")
        self.activated.connect(self.on_activated)

    def on_activated(self, row: int) -> None:
        calendar_row = self.workspace.directory.calendars.calendar_row(row)
        if calendar_row is not None:
            self.workspace.directory.select_calendar(calendar_row.calendar)

    def show_calendar(self, calendar: Calendar | None) -> None:
        """Follow a selection made elsewhere (another view, a reload)."""
        if calendar is None:
            return
        row = self.workspace.directory.calendars.row_of(calendar.id)
        if row >= 0 and row != self.currentIndex():
            self.setCurrentIndex(row)
