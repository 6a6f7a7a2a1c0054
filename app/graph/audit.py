"""Reading the sharing state of many mailboxes at once, for audits and snapshots.

Per mailbox: its calendars, each calendar's permissions and the delegate
meeting-message delivery option. Requests go out as ``$batch`` calls under Outlook's
per-mailbox limit; what could not be read is recorded per mailbox, with why, so a
partial read says so instead of being silently incomplete.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from .http import BatchRequest, BatchResponse, GraphClient
from .resources import Calendar, CalendarPermission

ADMIN_SCOPES = ["Calendars.Read", "MailboxSettings.Read"]


@dataclass
class MailboxSharing:
    """What one mailbox shares, as read.

    Attributes:
        permissions: by calendar id.
        problems: what could not be read, in words, with Graph's request-id.
    """

    mailbox: str
    calendars: list[Calendar] = field(default_factory=list)
    permissions: dict[str, list[CalendarPermission]] = field(default_factory=dict)
    delivery_option: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.problems


def read_sharing(
    client: GraphClient,
    mailboxes: Sequence[str],
    *,
    cancel: threading.Event | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, MailboxSharing]:
    """Read calendars, permissions and delivery options of ``mailboxes`` (UPNs or ids)."""
    results = {m: MailboxSharing(m) for m in mailboxes}
    first: list[BatchRequest] = []
    for mailbox in mailboxes:
        base = f"/users/{quote(mailbox, safe='@')}"
        first.append(BatchRequest("GET", f"{base}/calendars?$select=id,name,owner,color,"
                                  "canShare,canEdit,canViewPrivateItems,isDefaultCalendar&$top=50",
                                  id=f"c|{mailbox}"))
        first.append(BatchRequest("GET", f"{base}/mailboxSettings?$select="
                                  "delegateMeetingMessageDeliveryOptions", id=f"s|{mailbox}"))
    steps = [0, len(first)]

    def progress(done: int, _total: int) -> None:
        if on_progress is not None:
            on_progress(steps[0] + done, steps[1])

    answers = client.batch(first, scopes=ADMIN_SCOPES, cancel=cancel, on_progress=progress)
    second: list[BatchRequest] = []
    for request in first:
        kind, mailbox = request.id.split("|", 1)
        answer = answers[request.id]
        sharing = results[mailbox]
        if not answer.ok:
            sharing.problems.append(_problem(client, request, answer, kind))
        elif kind == "s":
            sharing.delivery_option = answer.body.get("delegateMeetingMessageDeliveryOptions")
        else:
            sharing.calendars = [Calendar.from_json(c) for c in answer.body.get("value", [])
                                 if c.get("canShare", True)]  # own calendars, not copies
            for calendar in sharing.calendars:
                second.append(BatchRequest(
                    "GET", f"/users/{quote(mailbox, safe='@')}/calendars/{quote(calendar.id)}"
                           "/calendarPermissions", id=f"p|{mailbox}|{calendar.id}"))
    steps[:] = [steps[1], steps[1] + len(second)]
    answers = client.batch(second, scopes=ADMIN_SCOPES, cancel=cancel, on_progress=progress)
    for request in second:
        _, mailbox, calendar_id = request.id.split("|", 2)
        answer = answers[request.id]
        if answer.ok:
            results[mailbox].permissions[calendar_id] = [
                CalendarPermission.from_json(p) for p in answer.body.get("value", [])]
        else:
            results[mailbox].problems.append(_problem(client, request, answer, "p"))
    return results


def _problem(client: GraphClient, request: BatchRequest, answer: BatchResponse, kind: str) -> str:
    what = {"c": "calendars", "s": "delivery option", "p": "calendar permissions"}[kind]
    error = client.error_of(request, answer)
    return f"Could not read the {what}: {error.message} (request-id {error.request_id})"
