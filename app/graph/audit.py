"""Reading the sharing state of many mailboxes at once, for audits and snapshots.

Per mailbox: its calendars, each calendar's permissions and the delegate
meeting-message delivery option. Requests go out as ``$batch`` calls under Outlook's
per-mailbox limit; what could not be read is recorded per mailbox, with why, so a
partial read says so instead of being silently incomplete.

Everything goes out as one flow of ``$batch`` calls (``GraphClient.flow``): a
mailbox's calendar permissions are asked for as soon as its calendars are known, while
other mailboxes are still on the way, and each mailbox is handed over as soon as all
of it is read (``each_mailbox``), so a sync can store it while the flow goes on.

Collections come in pages (GUIDE §2.4): a mailbox with more calendars than ``$top``,
or a calendar with more permissions than one page, answers with ``@odata.nextLink``.
Each link is followed inside the same flow, as one more request, so nothing is cut
short and paging costs no extra round trips for the mailboxes that have no second page.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import count, islice
from urllib.parse import quote

from .errors import APPLICATION_ACCESS_POLICY, NOT_EXCHANGE_ONLINE, PART_NOT_READ
from .http import BatchRequest, BatchResponse, GraphClient, batch_path
from .resources import Calendar, CalendarPermission

log = logging.getLogger(__name__)

ADMIN_SCOPES = ["Calendars.Read", "MailboxSettings.Read"]
CALENDAR_PAGE = 50  # $top of the calendar list; more calendars come by nextLink
# Mailboxes being read at a time: enough to keep every connection busy, and few enough
# that 100,000 mailboxes' requests and part-read answers are never all held at once
# (millions of objects, which every full garbage collection walked: 2 s each).
MAILBOXES_AT_ONCE = 1_000


@dataclass
class MailboxSharing:
    """What one mailbox shares, as read.

    Attributes:
        permissions: by calendar id.
        problems: what could not be read, in words (Graph's request-id is logged).
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
    ids: Mapping[str, str] | None = None,
) -> dict[str, MailboxSharing]:
    """Read calendars, permissions and delivery options of ``mailboxes`` (UPNs or ids).

    ``on_progress(done, total)`` counts requests answered and requests known so far;
    ``total`` grows as calendars and further pages are found. ``ids``: the object id of
    a mailbox, by its name in ``mailboxes``: Graph is asked by id where known (some
    mailboxes answer 404 by userPrincipalName and 200 by id). Raises Cancelled.
    """
    read = {sharing.mailbox: sharing for sharing in
            each_mailbox(client, mailboxes, cancel=cancel, on_progress=on_progress, ids=ids)}
    return {mailbox: read[mailbox] for mailbox in mailboxes}


def each_mailbox(
    client: GraphClient,
    mailboxes: Sequence[str],
    *,
    cancel: threading.Event | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    ids: Mapping[str, str] | None = None,
) -> Iterator[MailboxSharing]:
    """``read_sharing``, giving each mailbox as soon as all of it is read, in about the
    order of ``mailboxes``, while the others are still being read (each once)."""
    by_name = {name.casefold(): object_id for name, object_id in (ids or {}).items()}
    unique = list(dict.fromkeys(mailboxes))  # each once, in order
    waiting = iter(unique)
    results: dict[str, MailboxSharing] = {}  # being read
    request_ids = count(1)
    steps: dict[str, _Step] = {}
    unanswered: Counter[str] = Counter()  # requests per mailbox

    def request(path: str, step: _Step) -> BatchRequest:
        made = BatchRequest("GET", path, id=str(next(request_ids)))
        steps[made.id] = step
        unanswered[step.mailbox] += 1
        return made

    def base_of(mailbox: str) -> str:
        return f"/users/{quote(by_name.get(mailbox.casefold(), mailbox), safe='@')}"

    def begin(how_many: int) -> list[BatchRequest]:
        """The first requests of the next ``how_many`` mailboxes."""
        first = []
        for mailbox in islice(waiting, how_many):
            results[mailbox] = MailboxSharing(mailbox)
            base = base_of(mailbox)
            first.append(request(f"{base}/calendars?$select=id,name,owner,color,canShare,"
                                 f"canEdit,canViewPrivateItems,isDefaultCalendar"
                                 f"&$top={CALENDAR_PAGE}", _Step("c", mailbox)))
            first.append(request(f"{base}/mailboxSettings?$select="
                                 "delegateMeetingMessageDeliveryOptions", _Step("s", mailbox)))
        return first

    flow = client.flow(begin(MAILBOXES_AT_ONCE), scopes=ADMIN_SCOPES, cancel=cancel)
    answered, known = 0, 2 * len(unique)  # each mailbox's first two requests
    for answers in flow:
        follow: list[BatchRequest] = []
        finished: list[MailboxSharing] = []
        for sent, answer in answers:
            step = steps.pop(sent.id)
            follow.extend(_take(client, results[step.mailbox], sent, answer, step, request,
                                base_of(step.mailbox)))
            unanswered[step.mailbox] -= 1
            if not unanswered[step.mailbox]:
                del unanswered[step.mailbox]
                finished.append(results.pop(step.mailbox))
        answered, known = answered + len(answers), known + len(follow)
        flow.add(follow)
        flow.add_last(begin(len(finished)))  # as many mailboxes begin as are done
        if on_progress is not None:
            on_progress(answered, known)
        yield from finished


def _take(client: GraphClient, sharing: MailboxSharing, sent: BatchRequest,
          answer: BatchResponse, step: _Step,
          request: Callable[[str, _Step], BatchRequest], base: str) -> list[BatchRequest]:
    """Keep what ``answer`` says about ``sharing``; the requests it makes known."""
    if not answer.ok:
        problem = _problem(client, sent, answer, step)
        if problem not in sharing.problems:  # a mailbox refused whole says so once
            sharing.problems.append(problem)
        return []
    if step.kind == "s":
        sharing.delivery_option = answer.body.get("delegateMeetingMessageDeliveryOptions")
        return []
    follow = []
    if step.kind == "c":
        calendars = [Calendar.from_json(c) for c in answer.body.get("value", [])
                     if c.get("canShare", True)]  # own calendars, not copies
        sharing.calendars.extend(calendars)
        follow = [request(f"{base}/calendars/{quote(calendar.id)}/calendarPermissions",
                          _Step("p", step.mailbox, calendar.id)) for calendar in calendars]
    else:
        sharing.permissions.setdefault(step.calendar_id, []).extend(
            CalendarPermission.from_json(p) for p in answer.body.get("value", []))
    link = answer.body.get("@odata.nextLink")
    if link:
        follow.append(request(batch_path(link), _Step(
            step.kind, step.mailbox, step.calendar_id, step.page + 1)))
    return follow


def _problem(client: GraphClient, request: BatchRequest, answer: BatchResponse,
             step: _Step) -> str:
    what = {"c": "calendars", "s": "delivery option", "p": "calendar permissions"}[step.kind]
    if step.page > 1:
        what += f" (page {step.page}; the earlier pages were read)"
    error = client.error_of(request, answer)
    # The request-id is for support, in the log; the snapshot keeps the sentence.
    log.warning("Could not read %s's %s: %s", step.mailbox, what, error.log_line)
    if error.message in (NOT_EXCHANGE_ONLINE, APPLICATION_ACCESS_POLICY):
        return error.message  # the whole mailbox, whatever was asked of it
    return f"{PART_NOT_READ}{what}: {error.message}"
