"""Side by side: the day of me and my executives in columns, as Outlook's schedule view
shows a group; ◀ ▶ move a day, Today comes back; it is read when shown. Each block is a cell
the keyboard reaches and a screen reader reads ("Alex Wilber, 09:00 to 09:45, Busy")."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.attention.side_by_side import DAY, SideBySide
from app.models.events import day_words
from app.views.busy import BusyIndicator
from app.views.dialog_parts import explanation
from app.views.list_parts import keyboard_list
from app.workspace.jobs import Jobs

LEGEND = ("Busy blue, tentative light blue, out of office purple, working elsewhere "
          "green; the quieter shade is outside each person's working hours. Times in "
          "your time zone; a private meeting you may not see is Busy.")


class SideBySideView(QWidget):
    """The grid of ``side_by_side``'s model."""

    def __init__(self, jobs: Jobs, side_by_side: SideBySide,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side_by_side = side_by_side
        self.earlier = QPushButton("◀")
        self.earlier.setAccessibleName("Previous day")
        self.earlier.setToolTip("Previous day")
        self.later = QPushButton("▶")
        self.later.setAccessibleName("Next day")
        self.later.setToolTip("Next day")
        self.today = QPushButton("T&oday")
        self.day_label = QLabel()
        self.busy = BusyIndicator("Loading…")
        top = QHBoxLayout()
        for widget in (self.earlier, self.today, self.later, self.day_label, self.busy):
            top.addWidget(widget)
        top.addStretch(1)
        self.grid = keyboard_list(QTableView())
        self.grid.setAccessibleName("Side by side")
        self.grid.setModel(side_by_side.model)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setWordWrap(True)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.legend = explanation()
        self.legend.setText(LEGEND)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.legend)

        self.earlier.clicked.connect(lambda: side_by_side.move(-1))
        self.later.clicked.connect(lambda: side_by_side.move(1))
        self.today.clicked.connect(lambda: side_by_side.show_day(side_by_side.today))
        side_by_side.day_changed.connect(self.on_day_changed)
        side_by_side.model.modelReset.connect(self.on_model_reset)
        jobs.loading_changed.connect(self.on_jobs_loading_changed)
        self.on_day_changed(side_by_side.day)

    def showEvent(self, event: QShowEvent) -> None:
        """Read the day each time the grid is shown: what it shows is current then."""
        super().showEvent(event)
        self.side_by_side.wanted = True
        self.side_by_side.show_day(self.side_by_side.day)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.side_by_side.wanted = False

    def on_day_changed(self, day: date) -> None:
        self.day_label.setText(day_words(day))

    def on_model_reset(self) -> None:
        """Each block spans its slots (Qt keeps spans across a reset: cleared first)."""
        self.grid.clearSpans()
        for block in self.side_by_side.model.spans():
            self.grid.setSpan(block.first, block.column, block.slots, 1)

    def on_jobs_loading_changed(self, what: str, loading: bool) -> None:
        if what == DAY:
            self.busy.set_busy(loading)
