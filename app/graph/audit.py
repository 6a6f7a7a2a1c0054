"""Reading the sharing state of many mailboxes at once, for audits and snapshots.

Per mailbox: its calendars, each calendar's permissions and the delegate
meeting-message delivery option. Requests go out as ``$batch`` calls under Outlook's
per-mailbox limit; what could not be read is recorded per mailbox, with why, so a
partial read says so instead of being silently incomplete.

Collections come in pages (GUIDE §2.4): a mailbox with more calendars than ``$top``,
or a calendar with more permissions than one page, answers with ``@odata.nextLink``.
Each link is followed inside the same flow, as one more request of the next round of
``$batch`` calls, so nothing is cut short and paging costs no extra round trips for
the mailboxes that have no second page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import count
from urllib.parse import quote

from .http import BatchRequest, BatchResponse, GraphClient, batch_path
from .resources import Calendar, CalendarPermission

ADMIN_SCOPES = ["Calendars.Read", "MailboxSettings.Read"]
CALENDAR_PAGE = 50  # $top of the calendar list; more calendars come by nextLink


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


@dataclass(frozen=True)
class _Step:
    """What a request of the flow reads: "c" calendars, "s" settings, "p" permissions."""

    kind: str
    mailbox: str
    calendar_id: str = ""
    page: int = 1


def read_sharing(
    client: GraphClient,
    mailboxes: Sequence[str],
    *,
    cancel: threading.Event | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, MailboxSharing]:
    """Read calendars, permissions and delivery options of ``mailboxes`` (UPNs or ids).

    ``on_progress(done, total)`` counts requests answered and requests known so far;
    ``total`` grows as calendars and further pages are found. Raises Cancelled.
    """
    results = {m: MailboxSharing(m) for m in mailboxes}
    ids = count(1)
    steps: dict[str, _Step] = {}

    def request(path: str, step: _Step) -> BatchRequest:
        made = BatchRequest("GET", path, id=str(next(ids)))
        steps[made.id] = step
        return made

    pending: list[BatchRequest] = []
    for mailbox in mailboxes:
        base = f"/users/{quote(mailbox, safe='@')}"
        pending.append(request(f"{base}/calendars?$select=id,name,owner,color,canShare,"
                               f"canEdit,canViewPrivateItems,isDefaultCalendar"
                               f"&$top={CALENDAR_PAGE}", _Step("c", mailbox)))
        pending.append(request(f"{base}/mailboxSettings?$select="
                               "delegateMeetingMessageDeliveryOptions", _Step("s", mailbox)))
    finished = 0

    def progress(done: int, _total: int) -> None:
        if on_progress is not None:
            on_progress(finished + done, finished + len(pending))

    while pending:
        answers = client.batch(pending, scopes=ADMIN_SCOPES, cancel=cancel, on_progress=progress)
        follow: list[BatchRequest] = []
        for sent in pending:
            step, answer = steps.pop(sent.id), answers[sent.id]
            sharing = results[step.mailbox]
            if not answer.ok:
                sharing.problems.append(_problem(client, sent, answer, step))
                continue
            if step.kind == "s":
                sharing.delivery_option = answer.body.get("delegateMeetingMessageDeliveryOptions")
                continue
            if step.kind == "c":
                calendars = [Calendar.from_json(c) for c in answer.body.get("value", [])
                             if c.get("canShare", True)]  # own calendars, not copies
                sharing.calendars.extend(calendars)
                for calendar in calendars:
                    follow.append(request(
                        f"/users/{quote(step.mailbox, safe='@')}/calendars/"
                        f"{quote(calendar.id)}/calendarPermissions",
                        _Step("p", step.mailbox, calendar.id)))
            else:
                sharing.permissions.setdefault(step.calendar_id, []).extend(
                    CalendarPermission.from_json(p) for p in answer.body.get("value", []))
            link = answer.body.get("@odata.nextLink")
            if link:
                follow.append(request(batch_path(link), _Step(
                    step.kind, step.mailbox, step.calendar_id, step.page + 1)))
        finished += len(pending)
        pending = follow
    return results


def _problem(client: GraphClient, request: BatchRequest, answer: BatchResponse,
             step: _Step) -> str:
    what = {"c": "calendars", "s": "delivery option", "p": "calendar permissions"}[step.kind]
    if step.page > 1:
        what += f" (page {step.page}; the earlier pages were read)"
    error = client.error_of(request, answer)
    return f"Could not read the {what}: {error.message} (request-id {error.request_id})"
