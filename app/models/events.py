"""A calendar's upcoming events, with each meeting's response summary.

A private event is shown as "Private event" (busy time only) unless the signed-in
identity may read private items, whatever the server sent: the subject of a private
event never reaches the screen of someone who may not see it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from app.graph.resources import Event
from app.graph.responses import NOT_THE_ORGANIZERS_COPY, RESPONSE_WORDS, has_responses, summary

from .item_roles import ItemRole
from .table import ColumnTableModel, Index

PRIVATE_SUBJECT = "Private event"
EN_DASH = "\u2013"


class Column(IntEnum):
    WHEN = 0
    SUBJECT = 1
    ORGANIZER = 2
    LOCATION = 3
    RESPONSES = 4


HEADERS = {
    Column.WHEN: "When",
    Column.SUBJECT: "Subject",
    Column.ORGANIZER: "Organizer",
    Column.LOCATION: "Location",
    Column.RESPONSES: "Responses",
}


def masked(event: Event, can_read_private: bool) -> bool:
    """True when the event's details must not be shown to this identity."""
    return event.is_private and not can_read_private


def when(event: Event) -> str:
    """ "Mon 23 Nov 09:30-10:00" (with an en dash) in the events' own time zone."""
    start, end = event.start.as_datetime(), event.end.as_datetime()
    if event.is_all_day:
        return f"{day_words(start)}, all day"
    return span_words(start, end)


def span_words(start: datetime, end: datetime) -> str:
    """ "Mon 23 Nov 09:30-10:00", or both days when it ends on another."""
    if start.date() == end.date():
        return f"{day_words(start)} {start:%H:%M}{EN_DASH}{end:%H:%M}"
    return f"{day_words(start)} {start:%H:%M} {EN_DASH} {day_words(end)} {end:%H:%M}"


def day_words(day: date) -> str:
    """ "Mon 23 Nov", with the year when it isn't this one: a range can span years, and
    a meeting of 2031 must not read as one of this year."""
    if day.year == date.today().year:
        return f"{day:%a %d %b}"
    return f"{day:%a %d %b %Y}"


class EventTableModel(ColumnTableModel):
    """Events of one calendar in a range; ``ItemRole.OBJECT`` returns the Event.

    Attributes:
        can_read_private: the identity may see private events' details.
        stale: the rows are being reloaded and are drawn greyed.
    """

    COLUMNS = Column
    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.can_read_private = False
        self.stale = False

    def set_events(self, events: list[Event], *, can_read_private: bool) -> None:
        self.can_read_private = can_read_private
        self._replace_rows(sorted(events, key=lambda e: e.start.as_datetime()))

    @property
    def events(self) -> list[Event]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        event, column = self._rows[index.row()], Column(index.column())
        hidden = masked(event, self.can_read_private)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(event, column, hidden)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.SUBJECT and hidden:
                return "A private event: only its time is shown to you."
            if column == Column.RESPONSES and event.attendees and not has_responses(event):
                return NOT_THE_ORGANIZERS_COPY
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._dimmed(event)
        if role == ItemRole.OBJECT:
            return event
        if role == ItemRole.SORT:
            # ISO text sorts in time order (every event comes in the same zone)
            return event.start.date_time if column == Column.WHEN else \
                self._text(event, column, hidden)
        return None

    def _text(self, event: Event, column: Column, hidden: bool) -> str:
        if column == Column.WHEN:
            return when(event)
        if hidden:
            return PRIVATE_SUBJECT if column == Column.SUBJECT else ""
        if column == Column.SUBJECT:
            subject = event.subject or "(no subject)"
            return f"Cancelled: {subject}" if event.is_cancelled else subject
        if column == Column.ORGANIZER:
            organizer = event.organizer.email_address if event.organizer else None
            return (organizer.name or organizer.address or "") if organizer else ""
        if column == Column.LOCATION:
            return str((event.location or {}).get("displayName") or "")
        if not event.attendees:
            return ""
        if has_responses(event):
            return summary(event)
        # An invitation to this calendar's owner: the others' answers are the organizer's
        # to see; the owner's own answer is here.
        answer = event.response_status.response if event.response_status else "none"
        return f"Invited: {RESPONSE_WORDS.get(answer, answer)}"


__all__ = ["EventTableModel", "masked", "when"]
