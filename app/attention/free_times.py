"""Find a time: when everyone asked is free, within each one's working hours, from their
free/busy (``getSchedule``); no Qt.

As Outlook's Scheduling Assistant counts them, busy, out of office and tentative time
take a person; working elsewhere does not (they work, somewhere else). Someone whose
free/busy can't be read is left out and named, never guessed free. Only the hours the
grid shows (07:00 to 20:00 in the zone chosen) are searched, a half hour at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from app.attention.grid import SLOT, day_slots, working_slots
from app.attention.rows import moment
from app.graph.resources import ScheduleInformation

TAKEN = {"busy", "oof", "tentative", "unknown"}
MOST_PEOPLE = 100  # getSchedule answers for at most 100 people and rooms at once
LENGTHS = (30, 60, 90, 120)  # minutes a meeting may be, as Find a time offers them


@dataclass(frozen=True)
class FreeTime:
    """A run of time free for everyone asked (aware moments), at least as long as the
    meeting wanted; a meeting starts at ``start``."""

    start: datetime
    end: datetime

    def words(self, zone: tzinfo) -> str:
        start, end = self.start.astimezone(zone), self.end.astimezone(zone)
        return f"{start:%a %d %b}, {start:%H:%M} to {end:%H:%M}"


def unreadable(schedules: list[ScheduleInformation]) -> list[str]:
    """Whose free/busy came back as an error (no access, no such mailbox)."""
    return [s.schedule_id for s in schedules if s.error is not None]


def common_free_times(schedules: list[ScheduleInformation], days: list[date], zone: tzinfo,
                      length: timedelta) -> list[FreeTime]:
    """Every run, on ``days``, where each readable schedule is free and within its
    working hours, ``length`` or longer; earliest first."""
    readable = [s for s in schedules if s.error is None]
    taken = [[(moment(i.start), moment(i.end)) for i in s.schedule_items
              if i.status in TAKEN] for s in readable]
    found: list[FreeTime] = []
    for day in days:
        slots = day_slots(day, zone)
        working = [working_slots(s, day, zone) if s.working_hours else set(range(len(slots)))
                   for s in readable]
        free = [all(index in hours for hours in working)
                and not any(start < slot + SLOT and end > slot
                            for spans in taken for start, end in spans)
                for index, slot in enumerate(slots)]
        found.extend(_runs(slots, free, length))
    return found


def _runs(slots: list[datetime], free: list[bool], length: timedelta) -> list[FreeTime]:
    runs, begun = [], None
    for index, is_free in enumerate([*free, False]):
        if is_free and begun is None:
            begun = index
        elif not is_free and begun is not None:
            start, end = slots[begun], slots[index - 1] + SLOT
            if end - start >= length:
                runs.append(FreeTime(start, end))
            begun = None
    return runs
