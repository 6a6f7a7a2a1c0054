"""Side by side: the day of me and every executive I'm a delegate for, one column each,
read in one free/busy request (``getSchedule``: the service applies each calendar's
privacy, so a private meeting comes as busy time unless I may see it)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QObject, Signal

from app.attention.grid import blocks, day_slots, working_slots
from app.attention.part import executives
from app.graph.resources import ScheduleInformation
from app.meetings.part import Meetings
from app.models.schedule_grid import ScheduleGridModel
from app.tasks import Task
from app.workspace.jobs import Jobs
from app.zones import zone_info

DAY = "side by side"  # the free/busy read, for jobs.load and the busy indicator


class SideBySide(QObject):
    """The day shown, its people and their blocks.

    Signals:
        day_changed(date): another day is being read.
    """

    day_changed = Signal(object)

    def __init__(self, jobs: Jobs, meetings: Meetings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.meetings = jobs, meetings
        self.model = ScheduleGridModel(self)
        self.day = date.today()
        self.wanted = False  # the grid is on the screen: keep it current
        # Its columns are my executives, its times in my zone: read again when they come.
        meetings.directory.mailboxes_loaded.connect(self.on_sources_changed)
        meetings.zone_changed.connect(self.on_sources_changed)

    def on_sources_changed(self, *_args: object) -> None:
        if self.wanted:
            self.show_day(self.day)

    def people(self) -> list[tuple[str, str]]:
        """Me, then my executives by name: (address, name)."""
        mine = sorted(((m.address, m.display_name)
                       for m in executives(self.meetings.directory.mailboxes.mailboxes)),
                      key=lambda person: person[1].casefold())
        return [(self.jobs.session.username or "", "You"), *mine]

    def move(self, days: int) -> None:
        self.show_day(self.day + timedelta(days=days))

    def show_day(self, day: date) -> None:
        """Read ``day`` for everyone, in the zone meetings are shown in."""
        self.day = day
        self.day_changed.emit(day)
        if self.jobs.session.app_only:
            return
        people, zone = self.people(), zone_info(self.meetings.time_zone)
        slots = day_slots(day, zone)
        start, end = slots[0], slots[-1] + (slots[1] - slots[0])
        service = self.jobs.session.service

        def work(_task: Task) -> list[ScheduleInformation]:
            return service.schedules([address for address, _name in people], start, end,
                                     interval_minutes=30)

        def done(found: list[ScheduleInformation]) -> None:
            if day != self.day:
                return  # another day was chosen meanwhile
            by_address = {s.schedule_id.casefold(): s for s in found}
            ordered = [by_address.get(address.casefold(), ScheduleInformation(
                schedule_id=address)) for address, _name in people]
            self.model.set_day(people, day, zone, blocks(ordered, day, zone),
                               [working_slots(s, day, zone) for s in ordered])

        self.jobs.load(DAY, f"Reading {day:%a %d %b} side by side", work, done)

    @property
    def today(self) -> date:
        return datetime.now(zone_info(self.meetings.time_zone)).date()
