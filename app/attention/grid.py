"""Side by side: a day or a week of several people's calendars as a grid of time
slots, from their free/busy (``getSchedule``); no Qt. A day has one column per person;
a week one group of columns per person, a column per day (``columns``).

A block is what one person's calendar has in a run of slots: its show-as, and its
subject where the free/busy gives one (a private meeting, or someone whose calendar I
may see only as free/busy, is "Busy"). Meetings that overlap in one column are one
block, the busiest show-as, saying how many meetings it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from app.attention.rows import BUSY_WORDS, Span, busy_spans
from app.graph.resources import ScheduleInformation, ScheduleItem
from app.zones import zone_info

SLOT = timedelta(minutes=30)
FIRST_HOUR, LAST_HOUR = 7, 20  # the day shown: 07:00 to 20:00
WEIGHT = {"free": 0, "workingElsewhere": 1, "tentative": 2, "busy": 3, "oof": 4,
          "unknown": 3}
STATUS_WORDS = {"free": "Free", "workingElsewhere": "Working elsewhere",
                "tentative": "Tentative", "busy": "Busy", "oof": "Out of office",
                "unknown": "Busy"}


@dataclass(frozen=True)
class Block:
    """A run of slots in one person's column.

    Attributes:
        column: which column (``columns``: a person's day).
        first, slots: the first slot and how many.
        status: the busiest show-as in it.
        words: the subject, or "Busy" when it can't be seen; "3 meetings" for several.
        start, end: the times it covers (aware).
    """

    column: int
    first: int
    slots: int
    status: str
    words: str
    start: datetime
    end: datetime


def day_slots(day: date, zone: tzinfo) -> list[datetime]:
    """The start of each slot of ``day`` shown, in ``zone``."""
    start = datetime.combine(day, time(FIRST_HOUR), zone)
    count = (LAST_HOUR - FIRST_HOUR) * 2
    return [start + SLOT * index for index in range(count)]


def columns(people: int, days: list[date]) -> list[tuple[int, date]]:
    """(person, day) of each column: each person's days side by side, person after
    person (with one day, one column per person)."""
    return [(person, day) for person in range(people) for day in days]


def week_of(day: date) -> list[date]:
    """The seven days, Monday first, of the week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=offset) for offset in range(7)]


def blocks(schedules: list[ScheduleInformation], days: list[date], zone: tzinfo
           ) -> list[Block]:
    """Every block of each of ``days`` in each schedule's columns."""
    found: list[Block] = []
    spans = [busy_spans(s) for s in schedules]  # read once, not once per day shown
    for column, (person, day) in enumerate(columns(len(schedules), days)):
        found.extend(_column_blocks(column, spans[person], day_slots(day, zone)))
    return found


def _column_blocks(column: int, all_spans: list[Span], slots: list[datetime]
                   ) -> list[Block]:
    """Overlapping items merged into one block; each block rounded out to whole slots."""
    day_start, day_end = slots[0], slots[-1] + SLOT
    spans = [span for span in all_spans if span[1] > day_start and span[0] < day_end]
    merged: list[tuple[datetime, datetime, list[ScheduleItem]]] = []
    for start, end, item in spans:
        if merged and start < merged[-1][1]:
            began, ended, held = merged[-1]
            merged[-1] = (began, max(ended, end), [*held, item])
        else:
            merged.append((start, end, [item]))
    found = []
    for start, end, held in merged:
        first = max(0, int((max(start, day_start) - day_start) / SLOT))
        # rounded up: a block ending 09:45 takes the 09:30 slot too
        last = min(len(slots), -((day_start - min(end, day_end)) // SLOT))
        status = max((i.status for i in held), key=lambda s: WEIGHT.get(s, 3))
        found.append(Block(column, first, max(1, last - first), status, _words(held),
                           start, end))
    return found


def _words(held: list[ScheduleItem]) -> str:
    if len(held) > 1:
        return f"{len(held)} meetings"
    item = held[0]
    if item.is_private or not item.subject:
        return STATUS_WORDS.get(item.status, BUSY_WORDS)
    return item.subject


def working_slots(schedule: ScheduleInformation, day: date, zone: tzinfo) -> set[int]:
    """The slots of ``day`` within the person's working hours (their own zone's), as
    their mailbox settings give them; none known: none shaded."""
    hours = schedule.working_hours or {}
    days = hours.get("daysOfWeek") or []
    try:
        start_at = time.fromisoformat(str(hours["startTime"])[:8])
        end_at = time.fromisoformat(str(hours["endTime"])[:8])
        own = zone_info((hours.get("timeZone") or {}).get("name") or "UTC")
    except (KeyError, ValueError):
        return set()
    found = set()
    for index, slot in enumerate(day_slots(day, zone)):
        local = slot.astimezone(own)
        if local.strftime("%A").lower() in days and start_at <= local.time() < end_at:
            found.add(index)
    return found
