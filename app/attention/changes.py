"""Needs attention's rows for meetings that changed or were cancelled since I last looked.

Measured against ``app.attention.last_look``: a meeting whose time moved, whose subject
or place changed, that its organizer cancelled, or that is no longer in the calendar
(deleted, or moved beyond the days read) since the person last saw it. Each row stays
until the person says they have seen it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from app.attention.last_look import Look, look_of
from app.attention.rows import Need, Row, moment
from app.graph.resources import Event

MOVED = "Moved"
RENAMED = "Subject or place changed"
CANCELLED = "Cancelled by the organizer"
GONE = "No longer in the calendar (deleted, or moved beyond the next two weeks)"
GONE_SUBJECT = "A meeting"  # its subject was never kept: nobody's words are stored
# Exchange renames an attendee's copy of a cancelled meeting "Canceled: <subject>"; the
# row already says it is cancelled.
CANCELED_PREFIX = "Canceled: "


def watched(organized: Mapping[tuple[str, str], Iterable[Event]]) -> dict[str, Event]:
    """The meetings read (executive address casefolded, name) -> events, by the key
    their look is kept under: "<address>/<meeting id>" ("" for mine)."""
    return {f"{address}/{event.id}": event
            for (address, _name), events in organized.items() for event in events}


def changes_since(before: Mapping[str, Look],
                  organized: Mapping[tuple[str, str], Iterable[Event]],
                  now: datetime) -> list[Row]:
    """A row for each meeting that differs from its look in ``before``; the soonest
    first. Only the executives read this time count: a meeting of someone no longer
    read is not "gone"."""
    names = dict(organized.keys())  # address -> name
    current = watched(organized)
    rows = []
    for key, look in before.items():
        address = key.rpartition("/")[0]
        if address not in names:
            continue
        event = current.get(key)
        if event is None:
            start, end = datetime.fromisoformat(look.start), datetime.fromisoformat(look.end)
            if end > now:
                rows.append(_row(key, address, names[address], GONE_SUBJECT, start, end,
                                 Need.CANCELLED, GONE, None))
            continue
        seen_now = look_of(event)
        if seen_now == look or (event.is_cancelled and look.cancelled):
            continue
        start, end = moment(event.start), moment(event.end)
        if event.is_cancelled:
            need, change, was = Need.CANCELLED, CANCELLED, None
        elif (seen_now.start, seen_now.end) != (look.start, look.end):
            need, change = Need.CHANGED, MOVED
            was = (datetime.fromisoformat(look.start), datetime.fromisoformat(look.end))
        else:
            need, change, was = Need.CHANGED, RENAMED, None
        subject = event.subject or ""
        if event.is_cancelled:
            subject = subject.removeprefix(CANCELED_PREFIX)
        rows.append(_row(key, address, names[address], subject, start, end, need, change,
                         event, was))
    return sorted(rows, key=lambda r: (r.start or now, r.for_name))


def _row(key: str, address: str, name: str, subject: str, start: datetime, end: datetime,
         need: Need, change: str, event: Event | None,
         was: tuple[datetime, datetime] | None = None) -> Row:
    """A change's row; "From" names the meeting's organizer, who made the change."""
    organizer = event.organizer if event is not None else None
    by = (organizer.email_address.name or organizer.email_address.address or "") \
        if organizer is not None else ""
    return Row(f"change:{key}", need, address, name, subject, by, start, start, end,
               event=event, was=was, change=change)
