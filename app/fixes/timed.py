"""Time-limited access as the person sees it: what a run "until" a moment did, and what
becomes of it then.

The journal keeps an expiry per run (``ChangeJournal.set_expiry``); a run from the
sharing view holds one change, a fix from the review many. This module reads them back
as ``TimedAccess`` (who, on which calendar, what it was and what it becomes) for the
sharing table's "Can edit until 5 Dec 17:00", the review's list of what runs out, and
the words Deputy says when it puts access back at its start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.graph.roles import role_label
from app.journal import ChangeJournal, Expiry

from . import delivery
from .plan import Change

NOT_PUT_BACK = "not put back yet"


@dataclass(frozen=True)
class Until:
    """A change the sharing view makes for a time: ``change`` is undone at ``moment``.

    Attributes:
        what: the run's words in the journal ("share until 5 Dec 17:00").
    """

    change: Change
    moment: datetime
    what: str


@dataclass(frozen=True)
class TimedAccess:
    """One run made until a moment, with what it did.

    Attributes:
        made_by: the identity that made the run (it puts it back at its next start).
        changes: the run's changes that were done (only these are undone).
    """

    expiry: Expiry
    made_by: str
    changes: tuple[Change, ...]

    @property
    def until(self) -> datetime:
        return datetime.fromisoformat(self.expiry.until)

    def due(self, now: datetime) -> bool:
        return self.expiry.done is None and self.until <= now

    def state(self, now: datetime) -> str:
        """"to come", "due", or "not put back yet" (``expiry.problem`` says why)."""
        if self.expiry.problem:
            return NOT_PUT_BACK
        return "due" if self.due(now) else "to come"


def short_time(moment: datetime | str) -> str:
    """"5 Dec 17:00" in this computer's time (the year when it is not this one's)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = moment.astimezone()
    shown = f"{local.day} {local:%b}"
    if local.year != datetime.now().astimezone().year:
        shown += f" {local.year}"
    return f"{shown} {local:%H:%M}"


def then_words(change: Change) -> str:
    """What the person has once the access runs out: "removed", "back to Can view"
    (a delivery option: "back to Delegates only")."""
    if change.is_setting:
        return f"back to {delivery.words(change, change.before)}"
    if change.before is None:
        return "removed"
    return f"back to {role_label(change.before)}"


def change_words(change: Change) -> str:
    """"Ben Miller <ben@fabrikam.com>: Can edit on Alex Wilber's Calendar"."""
    now = delivery.words(change, change.after) if change.is_setting else \
        role_label(change.after) if change.after else "removed"
    owner = change.mailbox_name or change.mailbox
    return f"{change.person}: {now} on {owner}'s {change.calendar_name}"


def timed_accesses(journal: ChangeJournal, *, pending: bool = True) -> list[TimedAccess]:
    """The runs made until a moment, soonest first; ``pending``: only those not put
    back whole yet. Reads the journal: off the GUI thread."""
    found = []
    for expiry in journal.expiries(pending=pending):
        run = journal.run(expiry.run)
        changes = tuple(Change.from_json(item.detail)
                        for item in journal.run_items(expiry.run) if item.done)
        found.append(TimedAccess(expiry, run.identity if run else "", changes))
    return found


def ran_out_words(change: Change) -> str:
    """What putting ``change`` back did: "Ben Miller <ben@fabrikam.com> removed from Alex
    Wilber's Calendar", "Ben … back to Can view on Alex Wilber's Calendar"."""
    owner = change.mailbox_name or change.mailbox
    where = "from" if change.before is None else "on"
    return f"{change.person} {then_words(change)} {where} {owner}'s {change.calendar_name}"
