"""A meeting being written: what the compose dialog holds, checked before it is sent.

Pure data, no Qt, so the rules ("end after start", "addresses that are addresses")
are tested on their own and the dialog only shows what they say. The draft keeps its
``transaction_id`` for its whole life: however often Send is pressed (after a lost
answer, say), Graph creates one event and sends one invitation per attendee.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from email.utils import getaddresses, quote
from typing import Any

from app.addresses import address_problem
from app.meetings.safe_html import text_to_html

SUBJECT, ATTENDEES, TIMES = "subject", "attendees", "times"
SEPARATORS = ";,\n"
_SPECIALS = set('()<>@,;:\\".[]')


@dataclass(frozen=True)
class Invitee:
    address: str
    name: str = ""


def split_attendees(text: str) -> list[str]:
    """The people in ``text``, one piece each, as typed.

    Outlook's own separators (";" and ","), and new lines, as people paste them; a
    separator inside double quotes or angle brackets is part of that person
    (``"Wilber, Alex" <AlexW@contoso.com>``).
    """
    text = text or ""
    starts = [0, *(cut + 1 for cut in _separator_positions(text))]
    ends = [cut - 1 for cut in starts[1:]] + [len(text)]
    pieces = (text[start:end].strip() for start, end in zip(starts, ends, strict=True))
    return [piece for piece in pieces if piece]


def _separator_positions(text: str) -> list[int]:
    """Where ``text`` separates two people: a separator outside double quotes (where
    a backslash escapes the next character) and outside angle brackets."""
    positions: list[int] = []
    quoted = angled = escaped = False
    for position, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"' and not angled:
            quoted = not quoted
        elif char == "<" and not quoted:
            angled = True
        elif char == ">" and not quoted:
            angled = False
        elif char in SEPARATORS and not quoted and not angled:
            positions.append(position)
    return positions


def one_line(text: str) -> str:
    """People pasted one a line (a column from a spreadsheet) as one line, separated
    by "; ": the attendee field is one line, where a line break would not show."""
    lines = [line.strip() for line in text.splitlines()]
    if len(lines) < 2:
        return text
    return "; ".join(line.rstrip(";,").strip() for line in lines if line.strip(" ;,"))


def split_last_attendee(text: str) -> tuple[str, str]:
    """``text`` as (everything before the person being typed, that person so far):
    what the attendee completer keeps, and what it completes."""
    cut = max(_separator_positions(text), default=-1) + 1
    return text[:cut], text[cut:].strip()


def format_invitee(name: str, address: str) -> str:
    """"Name <address>" as it parses back: a name with a comma or another special
    character in quotes (``"Wilber, Alex" <AlexW@contoso.com>``), as Outlook writes it.

    Not ``email.utils.formataddr``: that one encodes names that are not ASCII
    (=?utf-8?...), which is for mail headers, not for people to read.
    """
    name = " ".join(name.split())
    if not name or name.casefold() == address.casefold():
        return address
    if _SPECIALS & set(name):
        name = f'"{quote(name)}"'
    return f"{name} <{address}>"


def read_invitee(piece: str) -> Invitee | None:
    """One person as typed ("a@x", "Name <a@x>", "\"Last, First\" <a@x>"), read by
    ``email.utils``; None when it is not one well-formed address."""
    found = getaddresses([piece])
    if len(found) != 1:
        return None
    name, address = found[0]
    if not address or address_problem(address) or address not in piece:
        return None  # getaddresses drops what it cannot read; never guess
    return Invitee(address, " ".join(name.split()))


def _piece_problem(piece: str, following: str | None) -> str:
    """Why ``piece`` is not a person, in words; with the fix for a name whose comma
    was not quoted (``Wilber, Alex <AlexW@contoso.com>`` reads as two people)."""
    if "<" in piece and piece.rstrip().endswith(">"):
        inside = piece.rstrip()[piece.rfind("<") + 1:-1].strip()
        if address_problem(inside):
            return address_problem(inside)
        return f"“{piece}” is not a name and an address: write it as Name <name@contoso.com>."
    bare = piece.strip('" ')
    named = read_invitee(following) if following else None
    if "@" not in bare and named is not None and named.name:
        whole = f"{bare}, {named.name}"
        return (f"“{bare}” is not an email address. If “{whole}” is one name, put it in "
                f"quotes: {format_invitee(whole, named.address)}")
    return address_problem(bare)


def parse_attendees(text: str) -> tuple[list[Invitee], list[str]]:
    """People as typed or pasted from Outlook (``"Wilber, Alex" <AlexW@contoso.com>;
    Megan Bowen <MeganB@contoso.com>``), without duplicates, and what is wrong with any."""
    invitees: list[Invitee] = []
    problems: list[str] = []
    seen: set[str] = set()
    pieces = split_attendees(text)
    for position, piece in enumerate(pieces):
        invitee = read_invitee(piece)
        if invitee is None:
            following = pieces[position + 1] if position + 1 < len(pieces) else None
            problems.append(_piece_problem(piece, following))
        elif invitee.address.casefold() not in seen:
            seen.add(invitee.address.casefold())
            invitees.append(invitee)
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
