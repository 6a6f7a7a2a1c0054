"""Side by side: a day or a week of me and every executive I'm a delegate for, read in
one free/busy request (``getSchedule``: the service applies each calendar's privacy, so
a private meeting comes as busy time unless I may see it)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QObject, Signal

from app.attention.grid import blocks, columns, day_slots, week_of, working_slots
from app.attention.part import executives
from app.graph.resources import ScheduleInformation
from app.meetings.part import Meetings
from app.models.schedule_grid import ScheduleGridModel
from app.tasks import Task
from app.workspace.jobs import Jobs
from app.zones import zone_info

DAY = "side by side"  # the free/busy read, for jobs.load and the busy indicator


class SideBySide(QObject):
    """The days shown, its people and their blocks.

    Signals:
        day_changed(date): another day (or week) is being read.
        schedules_read(list): the free/busy of the days shown, a ScheduleInformation
            per person, in the model's order (Find a time works from them).

    Attributes:
        day: the day chosen; a week shows the week holding it.
        week: a week is shown, else a day.
        zone_name: the zone the times are shown in; "" follows Meetings' (mine).
        schedules: the free/busy last read, per person.
    """

    day_changed = Signal(object)
    schedules_read = Signal(list)

    def __init__(self, jobs: Jobs, meetings: Meetings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.meetings = jobs, meetings
        self.model = ScheduleGridModel(self)
        self.day = date.today()
        self.week = False
        self.zone_name = ""
        self.schedules: list[ScheduleInformation] = []
        self.wanted = False  # the grid is on the screen: keep it current
        # Its columns are my executives, its times in my zone: read again when they come.
        meetings.directory.mailboxes_loaded.connect(self.on_sources_changed)
        meetings.zone_changed.connect(self.on_sources_changed)

    def on_sources_changed(self, *_args: object) -> None:
        if self.wanted:
            self.show_day(self.day)

    @property
    def time_zone(self) -> str:
        """The zone of the times shown: the one chosen, else mine (as Meetings shows)."""
        return self.zone_name or self.meetings.time_zone

    def set_zone(self, name: str) -> None:
        if name != self.time_zone:
            self.zone_name = name
            self.show_day(self.day)

    def set_week(self, week: bool) -> None:
        if week != self.week:
            self.week = week
            self.show_day(self.day)

    def people(self) -> list[tuple[str, str]]:
        """Me, then my executives by name: (address, name). A week is the executives'
        alone, a group of columns each (mine would push theirs out of sight)."""
        mine = sorted(((m.address, m.display_name)
                       for m in executives(self.meetings.directory.mailboxes.mailboxes)),
                      key=lambda person: person[1].casefold())
        return mine if self.week and mine else [(self.me, "You"), *mine]

    @property
    def me(self) -> str:
        return self.jobs.session.username or ""

    def days(self) -> list[date]:
        return week_of(self.day) if self.week else [self.day]

    def move(self, steps: int) -> None:
        """The day (or week) before (-1) or after (+1)."""
        self.show_day(self.day + timedelta(days=steps * (7 if self.week else 1)))

    def show_day(self, day: date) -> None:
        """Read ``day`` (or its week) for everyone, in the zone chosen."""
        self.day = day
        self.day_changed.emit(day)
        if self.jobs.session.app_only:
            return
        people, zone, days = self.people(), zone_info(self.time_zone), self.days()
        start = day_slots(days[0], zone)[0]
        last = day_slots(days[-1], zone)
        end = last[-1] + (last[1] - last[0])
        service = self.jobs.session.service

        def work(_task: Task) -> list[ScheduleInformation]:
            return service.schedules([address for address, _name in people], start, end,
                                     interval_minutes=30)

        def done(found: list[ScheduleInformation]) -> None:
            if day != self.day or days != self.days():
                return  # another day was chosen meanwhile
            by_address = {s.schedule_id.casefold(): s for s in found}
            ordered = [by_address.get(address.casefold(), ScheduleInformation(
                schedule_id=address)) for address, _name in people]
            self.schedules = ordered
            zones = [str(((s.working_hours or {}).get("timeZone") or {}).get("name") or "")
                     for s in ordered]
            self.model.set_grid(people, zones, days, zone, blocks(ordered, days, zone),
                                [working_slots(ordered[person], on, zone)
                                 for person, on in columns(len(people), days)])
            self.schedules_read.emit(ordered)

        what = f"the week of {days[0]:%a %d %b}" if self.week else f"{day:%a %d %b}"
        self.jobs.load(DAY, f"Reading {what} side by side", work, done)

    @property
    def today(self) -> date:
        return datetime.now(zone_info(self.time_zone)).date()
