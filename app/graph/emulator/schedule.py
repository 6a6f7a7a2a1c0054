"""``POST …/calendar/getSchedule``: free/busy of people and rooms, as the caller may see it.

What each schedule shows follows the caller's access to that person's main calendar:
the "My Organization" default (free/busy) gives times and show-as only; "can view
titles and locations" (limitedRead) and more give the subject and location; a private
event shows its times and "isPrivate" only, unless the caller may see private events
(the owner, a delegate with private access). No access at all is the schedule's own
error, not the request's: the other schedules are still answered. The items carry no
event id (microsoft-graph-docs#9918, "Possible to provide the id for the
scheduleItems": closed as a feature request).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from . import roles, timezones
from .access import explicit_permission
from .errors import GraphError, invalid_request
from .model import Event, Person
from .quirks import Quirks
from .tenant import Tenant

MAX_SCHEDULES = 100  # the getSchedule page: up to 100 people and rooms in one request
DEFAULT_INTERVAL = 30
MIN_INTERVAL, MAX_INTERVAL = 5, 1440
# One digit per interval in ``availabilityView``, the busiest status wins.
DIGIT = {"free": "0", "tentative": "1", "busy": "2", "oof": "3", "workingElsewhere": "4"}
WEIGHT = {"free": 0, "workingElsewhere": 1, "tentative": 2, "busy": 3, "oof": 4}


def get_schedule(tenant: Tenant, viewer: Person | None, body: dict[str, Any],
                 zone: str | None, quirks: Quirks) -> list[dict[str, Any]]:
    """One ``scheduleInformation`` per address asked, in the order asked. ``viewer``: the
    signed-in person (None: an app-only token, which sees what the owner would)."""
    addresses = body.get("schedules")
    if not isinstance(addresses, list) or not addresses \
            or not all(isinstance(a, str) for a in addresses):
        raise invalid_request("'schedules' must list at least one email address.")
    if len(addresses) > MAX_SCHEDULES:
        raise invalid_request(f"At most {MAX_SCHEDULES} schedules can be asked for at once.")
    start = timezones.parse(body.get("startTime"), "startTime")
    end = timezones.parse(body.get("endTime"), "endTime")
    if end <= start:
        raise invalid_request("'endTime' must be after 'startTime'.")
    interval = _interval(body, quirks)
    return [_schedule(tenant, viewer, address, start, end, interval, zone, quirks)
            for address in addresses]


def _interval(body: dict[str, Any], quirks: Quirks) -> int:
    if "availabilityViewInterval" not in body:
        return DEFAULT_INTERVAL
    value = body["availabilityViewInterval"]
    if value is None:
        if quirks.on("schedule-null-interval-500"):
            raise GraphError(500, "ErrorInternalServerError",
                             "An internal server error occurred. The operation failed.")
        return DEFAULT_INTERVAL
    if not isinstance(value, int) or isinstance(value, bool) \
            or not MIN_INTERVAL <= value <= MAX_INTERVAL:
        raise invalid_request(f"'availabilityViewInterval' must be a whole number of minutes "
                              f"from {MIN_INTERVAL} to {MAX_INTERVAL}.")
    return value


def _schedule(tenant: Tenant, viewer: Person | None, address: str, start: datetime,
              end: datetime, interval: int, zone: str | None,
              quirks: Quirks) -> dict[str, Any]:
    person = tenant.find(address)
    if person is None or person.is_group or not person.has_mailbox:
        return _error(address, "ErrorMailRecipientNotFound",
                      f"Unable to resolve e-mail address {address} to an Active Directory "
                      "object.")
    role = _role(viewer, person)
    if roles.access_of(role) < roles.Access.FREE_BUSY:
        return _error(address, "ErrorNoFreeBusyAccess",
                      f"The requester does not have permission to read {address}'s free/busy "
                      "information.")
    calendar = person.mailbox.primary
    events = sorted((e for e in person.mailbox.events.values()
                     if e.calendar_serial == calendar.serial and not e.is_cancelled
                     and e.start < end and e.end > start), key=lambda e: (e.start, e.serial))
    return {
        "scheduleId": address,
        "availabilityView": _availability(events, start, end, interval, quirks),
        "scheduleItems": [_item(e, role, zone) for e in events],
        "workingHours": person.mailbox.settings.get("workingHours", {}),
    }


def _role(viewer: Person | None, person: Person) -> str:
    """The caller's role for free/busy: its own permission, else "My Organization"'s."""
    if viewer is None or viewer.key == person.key:
        return roles.OWNER
    calendar = person.mailbox.primary
    permission = explicit_permission(calendar, viewer)
    if permission is not None:
        return permission.role
    organization = next((p for p in calendar.permissions.values() if p.is_my_organization),
                        None)
    return organization.role if organization is not None else "none"


def _item(event: Event, role: str, zone: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"isPrivate": event.private, "status": event.show_as}
    if roles.event_view(role, event.private) != "freebusy":
        item.update(subject=event.subject, location=event.location)
    item.update(start=timezones.render(event.start, zone),
                end=timezones.render(event.end, zone))
    return item


def _availability(events: list[Event], start: datetime, end: datetime, interval: int,
                  quirks: Quirks) -> str:
    """One digit per ``interval`` from ``start``: the busiest status overlapping it. The
    service writes "working elsewhere" as free (quirk schedule-working-elsewhere-as-free)."""
    step = timedelta(minutes=interval)
    slots = -(-(end - start) // step)  # ceiling: a last, shorter slot counts
    busiest = ["free"] * slots
    # Each event marks the slots it overlaps (not each slot scanning every event: a
    # month of 30-minute slots against 2,000 events took the emulator seconds).
    for event in events:
        if event.show_as not in WEIGHT:
            continue
        first = max(0, (event.start - start) // step)
        last = min(slots - 1, -(-(event.end - start) // step) - 1)
        for slot in range(first, last + 1):
            if WEIGHT[event.show_as] > WEIGHT[busiest[slot]]:
                busiest[slot] = event.show_as
    if quirks.on("schedule-working-elsewhere-as-free"):
        busiest = ["free" if status == "workingElsewhere" else status for status in busiest]
    return "".join(DIGIT[status] for status in busiest)


def _error(address: str, code: str, message: str) -> dict[str, Any]:
    return {"scheduleId": address, "availabilityView": "", "scheduleItems": [],
            "error": {"message": message, "responseCode": code}}
