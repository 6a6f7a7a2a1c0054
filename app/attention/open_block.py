"""Open the meeting of a side-by-side block the way Meetings opens one: that person's
mailbox chosen in the sidebar, their main calendar, the block's day, the meeting
selected in the list with its details beside it.

Free/busy items carry no event id (microsoft-graph-docs#9918), so the meeting is found
again in the calendar's own list by its start. Several steps are read in turn (the
mailbox's calendars, then that day's meetings); each answer moves on to the next.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from app.attention.grid import Block
from app.attention.rows import moment
from app.graph.resources import Calendar
from app.meetings.part import Meetings
from app.models.mailboxes import Mailbox
from app.zones import zone_info


class BlockOpener(QObject):
    """Finds a block's meeting in Meetings.

    Signals:
        mailbox_wanted(Mailbox): show this mailbox's page (the first step).
        found(Event): the meeting is in Meetings' list: select it there.
        missing(str): it can't be opened, and why, in words for the person.
    """

    mailbox_wanted = Signal(object)
    found = Signal(object)
    missing = Signal(str)

    def __init__(self, meetings: Meetings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.meetings, self.directory = meetings, meetings.directory
        self._pending: tuple[Mailbox, Block] | None = None
        meetings.events.replaced.connect(self.on_events_replaced)

    def open(self, address: str, block: Block) -> None:
        """Open ``block``'s meeting in ``address``'s calendar (mine: my own)."""
        mine = address.casefold() == (self.meetings.session.username or "").casefold()
        mailbox = next((m for m in self.directory.mailboxes.mailboxes
                        if (m.is_me if mine else m.key == address.casefold())), None)
        if mailbox is None:
            self.missing.emit(f"{address} is no longer in the sidebar: the meeting can't "
                              "be opened from here.")
            return
        self._pending = (mailbox, block)
        day = block.start.astimezone(zone_info(self.meetings.time_zone)).date()
        current = self.directory.current_mailbox
        self.mailbox_wanted.emit(mailbox)
        if current is None or current.key != mailbox.key:
            self.meetings.set_range(day, day)  # its calendar, when chosen, reads this day
            self.directory.select_mailbox(mailbox)
        elif (self.meetings.first_day, self.meetings.last_day) != (day, day):
            self.meetings.set_range(day, day)
        else:
            self.meetings.load_events()

    def on_events_replaced(self) -> None:
        if self._pending is None:
            return
        mailbox, block = self._pending
        calendar = self.directory.current_calendar
        owner = self.meetings.session.username if mailbox.is_me else mailbox.address
        if calendar is None or (calendar.owner.address or "").casefold() \
                != (owner or "").casefold():
            return  # an earlier calendar's list: the one wanted is still coming
        primary = self._primary()
        if primary is not None and primary.id != calendar.id:
            self.directory.select_calendar(primary)  # its meetings are read next
            return
        self._pending = None
        events = [e for e in self.meetings.events.events
                  if e.start and e.end and moment(e.start) < block.end
                  and moment(e.end) > block.start]
        event = min(events, key=lambda e: _distance(moment(e.start), block.start),
                    default=None)
        if event is None:
            at = block.start.astimezone(zone_info(self.meetings.time_zone))
            self.missing.emit(f"The meeting at {at:%H:%M} is not in "
                              f"{mailbox.display_name}'s calendar any more.")
            return
        self.found.emit(event)

    def _primary(self) -> Calendar | None:
        """The mailbox's main calendar (or my copy of it), where meetings are."""
        model = self.directory.calendars
        for row in range(model.rowCount()):
            found = model.calendar_row(row)
            if found is not None and found.primary:
                return found.calendar
        return None


def _distance(one: datetime, other: datetime) -> timedelta:
    return abs(one - other)
