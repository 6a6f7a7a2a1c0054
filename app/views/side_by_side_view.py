"""Side by side: the day or the week of me and my executives in columns, as Outlook's
schedule view shows a group; ◀ ▶ move a day (a week), Today comes back, Day and Week
(Ctrl+Alt+1, Ctrl+Alt+3, Outlook's keys) switch; it is read when shown. Each block is a
cell the keyboard reaches and a screen reader reads ("Alex Wilber, 09:00 to 09:45,
Busy"); a click or Enter opens its meeting, a drag over free time starts a new one;
Find a time (Ctrl+Shift+F) looks for common free time."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.attention.find_time import FindTime
from app.attention.free_times import FreeTime
from app.attention.grid import Block, week_of
from app.attention.side_by_side import DAY, SideBySide
from app.models.events import day_words
from app.views.busy import BusyIndicator
from app.views.compose import choose_zone
from app.views.dialog_parts import explanation
from app.views.find_time_panel import FindTimePanel
from app.views.schedule_grid_view import ScheduleGridView
from app.workspace.jobs import Jobs
from app.zones import all_zone_names

LEGEND = ("Busy blue, tentative light blue, out of office purple, working elsewhere "
          "green; the quieter shade is outside each person's working hours (in their own "
          "time zone, named above their column). A private meeting you may not see is "
          "Busy. Click a meeting (or Enter) to open it; drag over free time across people "
          "(or Shift+arrows, then Enter) for a new meeting with them.")


class SideBySideView(QWidget):
    """The grid of ``side_by_side``'s model.

    Signals:
        open_requested(str, Block): open the meeting of this block, in this person's
            (address) calendar.
        meeting_requested(str, list, datetime, datetime, str): a new meeting: from this
            person's calendar, with these attendees, from, until, in this zone.
    """

    open_requested = Signal(str, object)
    meeting_requested = Signal(str, list, object, object, str)

    def __init__(self, jobs: Jobs, side_by_side: SideBySide, find_time: FindTime,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side_by_side, self.find_time = side_by_side, find_time
        self.earlier = QPushButton("◀")
        self.later = QPushButton("▶")
        for arrow in (self.earlier, self.later):
            arrow.setMaximumWidth(arrow.fontMetrics().horizontalAdvance("◀") * 5)
        self.today = QPushButton("T&oday")
        self.day_button = QPushButton("Day")
        self.day_button.setToolTip("One day (Ctrl+Alt+1)")
        self.week_button = QPushButton("Week")
        self.week_button.setToolTip("The week, each person's days side by side (Ctrl+Alt+3)")
        self.span = QButtonGroup(self)
        for number, button in enumerate((self.day_button, self.week_button)):
            button.setCheckable(True)
            self.span.addButton(button, number)
        self.day_button.setChecked(True)
        self.day_label = QLabel()
        self.zone_box = QComboBox()
        self.zone_box.addItems(all_zone_names())
        self.zone_box.setAccessibleName("Times shown in")
        # Some zone names are long; the box never takes the sidebar's width for them.
        self.zone_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.zone_box.setMinimumContentsLength(14)
        # A hundred and forty names: typed ("pacific", "tokyo") and picked from those
        # beginning so, as much as chosen from the list. (Names containing what is
        # typed would offer "Central Pacific" first for "Pacific".)
        self.zone_box.setEditable(True)
        self.zone_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.zone_box.completer()
        if completer is not None:  # an editable box has one
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone_box.setToolTip("The time zone of the times shown")
        zone_label = QLabel("Times i&n:")  # Alt+I: the Meetings menu
        zone_label.setBuddy(self.zone_box)
        self.busy = BusyIndicator("Loading…")
        # No mnemonic: Alt+N is New meeting's in Meetings, and Qt counts hidden pages'.
        self.find_button = QPushButton("Find a time")
        self.find_button.setCheckable(True)
        self.find_button.setToolTip("Free time common to the executives shown, and anyone "
                                    "you add (Ctrl+Shift+F)")
        top = QHBoxLayout()
        for widget in (self.earlier, self.today, self.later, self.day_button,
                       self.week_button, self.day_label, self.busy):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.find_button)
        top.addWidget(zone_label)
        top.addWidget(self.zone_box)
        self.grid = ScheduleGridView(side_by_side.model)
        self.grid.setAccessibleName("Side by side")
        self.legend = explanation()
        self.legend.setText(LEGEND)
        self.finder = FindTimePanel(jobs, find_time)
        self.finder.hide()  # the grid has the width until a time is looked for
        middle = QHBoxLayout()
        middle.addWidget(self.grid, 1)
        middle.addWidget(self.finder)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.legend)

        finding = QShortcut(QKeySequence("Ctrl+Shift+F"), self)
        finding.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        finding.activated.connect(self.find_button.toggle)
        for keys, week in (("Ctrl+Alt+1", False), ("Ctrl+Alt+3", True)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda w=week: self.show_week(w))
        self.span.idClicked.connect(lambda number: self.show_week(bool(number)))
        self.earlier.clicked.connect(lambda: side_by_side.move(-1))
        self.later.clicked.connect(lambda: side_by_side.move(1))
        self.today.clicked.connect(lambda: side_by_side.show_day(side_by_side.today))
        self.zone_box.activated.connect(self.on_zone_box_activated)
        self.grid.block_activated.connect(self.on_grid_block_activated)
        self.grid.slots_chosen.connect(self.on_grid_slots_chosen)
        self.finder.chosen.connect(self.on_finder_chosen)
        self.find_button.toggled.connect(self.on_find_button_toggled)
        side_by_side.day_changed.connect(self.on_day_changed)
        jobs.loading_changed.connect(self.on_jobs_loading_changed)
        self.on_day_changed(side_by_side.day)
        self.on_jobs_loading_changed(DAY, jobs.is_loading(DAY))  # made when first shown

    def showEvent(self, event: QShowEvent) -> None:
        """Read the day each time the grid is shown: what it shows is current then."""
        super().showEvent(event)
        self.side_by_side.wanted = True
        self.side_by_side.show_day(self.side_by_side.day)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.side_by_side.wanted = False

    def show_week(self, week: bool) -> None:
        self.span.button(int(week)).setChecked(True)
        self.side_by_side.set_week(week)
        self.on_day_changed(self.side_by_side.day)

    def on_day_changed(self, day: date) -> None:
        unit = "week" if self.side_by_side.week else "day"
        for button, words in ((self.earlier, f"Previous {unit}"), (self.later, f"Next {unit}")):
            button.setAccessibleName(words)
            button.setToolTip(words)
        if self.side_by_side.week:
            days = week_of(day)
            self.day_label.setText(f"{days[0]:%d %b} to {days[-1]:%d %b %Y}")
        else:
            self.day_label.setText(day_words(day))
        if self.zone_box.currentText() != self.side_by_side.time_zone:
            choose_zone(self.zone_box, self.side_by_side.time_zone)

    def on_find_button_toggled(self, shown: bool) -> None:
        self.finder.setVisible(shown)
        if shown:
            self.finder.others.setFocus()
        else:
            self.find_time.clear()
            self.side_by_side.model.set_proposed(set())
            self.grid.setFocus()

    def on_zone_box_activated(self, row: int) -> None:
        """A zone picked (or typed whole and Enter): the grid's times in it."""
        self.side_by_side.set_zone(self.zone_box.itemText(row))

    def on_grid_block_activated(self, block: Block) -> None:
        model = self.side_by_side.model
        self.open_requested.emit(model.people[model.person_of(block.column)][0], block)

    def on_grid_slots_chosen(self, first: int, last: int, started: int,
                             columns: list[int]) -> None:
        """Free time chosen: a new meeting on the day it started in, from the first slot
        to the end of the last, with everyone whose column it covers."""
        model = self.side_by_side.model
        organizer = model.people[model.person_of(started)][0]
        people = [model.people[p][0] for p in dict.fromkeys(model.person_of(c)
                                                            for c in columns)]
        attendees = [a for a in people if a.casefold() != organizer.casefold()]
        self.meeting_requested.emit(organizer, attendees, model.slot_start(first, started),
                                    model.slot_end(last, started), self.side_by_side.time_zone)

    def on_finder_chosen(self, free: FreeTime) -> None:
        """A free time found: a new meeting then with everyone asked, on behalf of the
        executive whose column the grid's cursor is in (else the first asked)."""
        model, people = self.side_by_side.model, self.find_time.people
        current = self.grid.currentIndex()
        person = model.person_of(current.column()) if current.isValid() else 0
        chosen = model.people[person][0] if model.people else ""
        organizer = chosen if chosen in people else people[0]
        self.meeting_requested.emit(organizer, [p for p in people if p != organizer],
                                    free.start, free.start + self.find_time.length,
                                    self.side_by_side.time_zone)

    def on_jobs_loading_changed(self, what: str, loading: bool) -> None:
        if what == DAY:
            self.busy.set_busy(loading)
