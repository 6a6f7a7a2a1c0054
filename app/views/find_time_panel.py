"""Find a time, beside the side-by-side grid (shown by its button, Ctrl+Shift+F): who else to
ask, how long, the free times found (also marked in the grid); Enter in the form looks,
Enter or a double-click on a time found starts New meeting."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.attention.find_time import FIND, FindTime
from app.attention.free_times import LENGTHS
from app.meetings.draft import parse_attendees
from app.models.item_roles import ItemRole
from app.views.busy import BusyIndicator
from app.views.dialog_parts import explanation
from app.views.list_parts import heading_label, keyboard_list
from app.workspace.jobs import Jobs

PANEL_WIDTH = 260


def _length_words(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} minutes"
    return f"{hours}{'½' if rest else ''} hour{'s' if minutes > 60 else ''}"


class FindTimePanel(QWidget):
    """The form and the list of ``find_time``.

    Signals:
        chosen(FreeTime): a free time was chosen for a new meeting.
    """

    chosen = Signal(object)

    def __init__(self, jobs: Jobs, find_time: FindTime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.find_time = find_time
        self.others = QLineEdit()
        self.others.setAccessibleName("Also find a time for")
        self.others.setPlaceholderText("Addresses, separated by ;")
        self.length = QComboBox()
        self.length.setAccessibleName("Meeting length")
        for minutes in LENGTHS:
            self.length.addItem(_length_words(minutes), minutes)
        self.find_button = QPushButton("Find")
        self.find_button.setToolTip("Free time common to the executives shown and anyone "
                                    "added, within everyone's working hours")
        self.busy = BusyIndicator("Looking…")
        self.note = explanation()
        self.note.setAccessibleDescription("What Find a time found")
        self.times = keyboard_list(QListView())
        self.times.setAccessibleName("Free times")
        self.times.setModel(find_time.model)
        self.times.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        form = QFormLayout()
        form.addRow("Al&so:", self.others)
        form.addRow("&Length:", self.length)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = heading_label()
        heading.setText("Find a time")
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.find_button)
        layout.addWidget(self.busy)
        layout.addWidget(self.note)
        layout.addWidget(self.times, 1)
        self.setFixedWidth(PANEL_WIDTH)

        self.find_button.clicked.connect(self.look)
        self.others.returnPressed.connect(self.look)
        self.times.activated.connect(self.on_times_activated)
        find_time.said.connect(self.note.setText)
        jobs.loading_changed.connect(self.on_jobs_loading_changed)

    def look(self) -> None:
        invitees, problems = parse_attendees(self.others.text())
        if problems:
            self.note.setText(" ".join(problems))
            return
        self.find_time.find([i.address for i in invitees],
                            timedelta(minutes=int(self.length.currentData())))

    def on_times_activated(self, index: QModelIndex) -> None:
        free = index.data(ItemRole.OBJECT)
        if free is not None:
            self.chosen.emit(free)

    def on_jobs_loading_changed(self, what: str, loading: bool) -> None:
        if what == FIND:
            self.busy.set_busy(loading)
