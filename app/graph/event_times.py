"""An event's start and end in the zone Deputy shows, however the service wrote them.

Deputy asks for times in one zone (``Prefer: outlook.timezone``) and shows them as they
come. The service does not always answer in that zone: a create comes back in the zone
the event was written in and an update in UTC, whatever Prefer asked
(microsoft-graph-docs-contrib #8645, #5029); an all-day event comes as midnight
labelled UTC, which is a date, not an instant (microsoft-graph-docs #6003, #1802). So
each value is read with the zone it names and rewritten in the zone asked for; an
all-day event keeps its dates.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from app.zones import UTC_NAME, shown_in, wall_clock, zone_info

from .resources import DateTimeTimeZone, Event

GRAPH_FORMAT = "%Y-%m-%dT%H:%M:%S.0000000"


def in_zone(event: Event, time_zone: str | None) -> Event:
    """``event`` with start and end as wall-clock times in ``time_zone`` (None: UTC)."""
    target = time_zone or UTC_NAME
    start = _rewritten(event, event.start, target)
    end = _rewritten(event, event.end, target)
    if start is None and end is None:
        return event
    return replace(event, start=start or event.start, end=end or event.end)


def _rewritten(event: Event, value: DateTimeTimeZone | None,
               target: str) -> DateTimeTimeZone | None:
    """``value`` (the event's start or end) as a wall-clock time in ``target``, or None
    when it stays as it came: already there, empty, or unreadable."""
    if value is None or not value.date_time:
        return None
    try:
        if event.is_all_day:
            day = _all_day_date(value, event.original_start_time_zone or target)
            text = f"{day.isoformat()}T00:00:00.0000000"
        elif value.time_zone == target:
            return None
        else:
            text = shown_in(value.date_time, value.time_zone, zone_info(target)).strftime(
                GRAPH_FORMAT)
    except ValueError:
        return None  # a value Deputy can't read is shown as it came
    return DateTimeTimeZone(date_time=text, time_zone=target)


def _all_day_date(value: DateTimeTimeZone, own_zone: str) -> date:
    """An all-day event's date: midnight as written (the service's form, whatever the
    label), or else the instant's date in the event's own zone."""
    wall = wall_clock(value.date_time)
    if wall.time() == time():
        return wall.date()
    return shown_in(value.date_time, value.time_zone, zone_info(own_zone)).date()
