"""Find a time for the executives shown side by side, and anyone typed in: one free/busy
request (``getSchedule``, up to 100 people) over the days shown, their common free time
within everyone's working hours worked out off the GUI thread, listed and marked in the
grid."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QObject, Signal

from app.attention.free_times import (
    MOST_PEOPLE,
    FreeTime,
    common_free_times,
    unreadable,
)
from app.attention.grid import SLOT, day_slots
from app.attention.side_by_side import SideBySide
from app.models.free_times import FreeTimesModel
from app.tasks import Task
from app.words import counted
from app.zones import zone_info

FIND = "find a time"  # the free/busy read, for jobs.load and the busy indicator


class FindTime(QObject):
    """Common free time of the people asked.

    Signals:
        said(str): what the search found, or why it could not look, in words.

    Attributes:
        model: the free times found, for the list.
        people: the addresses the last search asked for (executives first).
        length: the meeting's length the last search wanted.
    """

    said = Signal(str)

    def __init__(self, side_by_side: SideBySide, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.side_by_side, self.jobs = side_by_side, side_by_side.jobs
        self.model = FreeTimesModel(self)
        self.people: list[str] = []
        self.length = timedelta(minutes=30)
        # Other days, or other people: what was found no longer stands.
        side_by_side.model.modelReset.connect(self.clear)

    def executives(self) -> list[str]:
        """The executives shown (not me: I arrange their meeting)."""
        me = self.side_by_side.me.casefold()
        return [address for address, _name in self.side_by_side.model.people
                if address.casefold() != me]

    def clear(self) -> None:
        self.model.set_times([], self.model.zone)

    def find(self, others: list[str], length: timedelta) -> None:
        """Look for ``length`` of common free time of the executives and ``others``."""
        wanted = list(dict.fromkeys([*self.executives(), *others]))
        if not wanted:
            self.said.emit("No one to find a time for: the grid shows no executives.")
            return
        if len(wanted) > MOST_PEOPLE:
            self.said.emit(f"Free/busy can be asked for at most {MOST_PEOPLE} people at "
                           f"once; these are {len(wanted)}. Remove some and try again.")
            return
        side_by_side = self.side_by_side
        days, zone = side_by_side.days(), zone_info(side_by_side.time_zone)
        start = day_slots(days[0], zone)[0]
        end = day_slots(days[-1], zone)[-1] + SLOT
        service = self.jobs.session.service

        def work(_task: Task) -> tuple[list[FreeTime], list[str]]:
            schedules = service.schedules(wanted, start, end, interval_minutes=30)
            return common_free_times(schedules, days, zone, length), unreadable(schedules)

        def done(found: tuple[list[FreeTime], list[str]]) -> None:
            times, missing = found
            self.people, self.length = wanted, length
            self.model.set_times(times, zone)
            model = side_by_side.model
            columns = {c for c in range(model.columnCount())
                       if model.people[model.person_of(c)][0] in wanted}
            side_by_side.model.set_proposed(self.cells(times, columns))
            asked = counted(len(wanted) - len(missing), "person")
            words = (f"{counted(len(times), 'free time')} for all {asked}." if times else
                     f"No time is free for all {asked} in these days' working hours.")
            if missing:
                words += f" Left out, their free/busy can't be read: {'; '.join(missing)}."
            self.said.emit(words)

        self.jobs.load(FIND, f"Finding a time for {counted(len(wanted), 'person')}",
                       work, done)

    def cells(self, times: list[FreeTime], columns: set[int]) -> set[tuple[int, int]]:
        """The grid's cells (row, column) of ``times`` in ``columns``."""
        model = self.side_by_side.model
        found = set()
        for column in columns:
            for row in range(model.rowCount()):
                slot = model.slot_start(row, column)
                if any(t.start <= slot and slot + SLOT <= t.end for t in times):
                    found.add((row, column))
        return found
