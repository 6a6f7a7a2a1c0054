"""A meeting being written: what the compose dialog holds, checked before it is sent.

Pure data, no Qt, so the rules ("end after start", "addresses that are addresses")
are tested on their own and the dialog only shows what they say. The draft keeps its
``transaction_id`` for its whole life: however often Send is pressed (after a lost
answer, say), Graph creates one event and sends one invitation per attendee.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from app.addresses import address_problem
from app.safe_html import text_to_html

SUBJECT, ATTENDEES, TIMES = "subject", "attendees", "times"
_SEPARATORS = re.compile(r"[;,\n]+")
_NAMED = re.compile(r"^(?P<name>.*?)\s*<(?P<address>[^<>]+)>$")


@dataclass(frozen=True)
class Invitee:
    address: str
    name: str = ""


def parse_attendees(text: str) -> tuple[list[Invitee], list[str]]:
    """People typed as "a@x; Name <b@y>", and what is wrong with any of them."""
    invitees, problems, seen = [], [], set()
    for part in _SEPARATORS.split(text or ""):
        part = part.strip()
        if not part:
            continue
        match = _NAMED.match(part)
        name, address = (match["name"].strip().strip('"'), match["address"].strip()) \
            if match else ("", part)
        problem = address_problem(address)
        if problem:
            problems.append(problem)
        elif address.casefold() not in seen:
            seen.add(address.casefold())
            invitees.append(Invitee(address, name))
    return invitees, problems


@dataclass
class MeetingDraft:
    """Everything the compose dialog holds.

    Attributes:
        start, end: wall-clock times in ``time_zone`` (for an all-day meeting, the first
            and the last day; their times are ignored).
        time_zone: a Windows zone name, as the executive's mailbox has it.
        transaction_id: sent with the event; the same for every attempt to send this draft.
    """

    subject: str = ""
    attendees: str = ""
    start: datetime = field(default_factory=datetime.now)
    end: datetime = field(default_factory=datetime.now)
    all_day: bool = False
    time_zone: str = "UTC"
    location: str = ""
    body: str = ""
    transaction_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def problems(self) -> dict[str, str]:
        """What must be fixed before sending, by field; empty when it can go."""
        found: dict[str, str] = {}
        if not self.subject.strip():
            found[SUBJECT] = "Give the meeting a subject."
        _invitees, wrong = parse_attendees(self.attendees)
        if wrong:
            found[ATTENDEES] = wrong[0]
        start, end = self.span()
        if end <= start:
            found[TIMES] = ("The last day can't be before the first day." if self.all_day
                            else "The meeting must end after it starts.")
        return found

    def span(self) -> tuple[datetime, datetime]:
        """Start and end as sent: an all-day meeting runs midnight to midnight."""
        if self.all_day:
            first = datetime.combine(self.start.date(), time())
            return first, datetime.combine(self.end.date(), time()) + timedelta(days=1)
        return self.start.replace(second=0, microsecond=0), self.end.replace(second=0,
                                                                             microsecond=0)

    def to_json(self) -> dict[str, Any]:
        """The event to POST; raises ValueError when ``problems()`` is not empty."""
        problems = self.problems()
        if problems:
            raise ValueError(next(iter(problems.values())))
        invitees, _ = parse_attendees(self.attendees)
        start, end = self.span()
        event: dict[str, Any] = {
            "subject": self.subject.strip(),
            "start": {"dateTime": start.isoformat(), "timeZone": self.time_zone},
            "end": {"dateTime": end.isoformat(), "timeZone": self.time_zone},
            "isAllDay": self.all_day,
            "attendees": [{"emailAddress": {"address": i.address, "name": i.name or i.address},
                           "type": "required"} for i in invitees],
            "transactionId": self.transaction_id,
        }
        if self.location.strip():
            event["location"] = {"displayName": self.location.strip()}
        if self.body.strip():
            event["body"] = {"contentType": "html", "content": text_to_html(self.body)}
        return event
