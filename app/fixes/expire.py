"""Time-limited fixes: a run made "until" a moment is undone once that moment has come.

The expiry is kept with the run in the change journal, so it survives Deputy closing
and is done by whichever Deputy runs next: ``deputy expire`` from a scheduled task (the
README gives a systemd timer and a Windows Task Scheduler command). Undoing an expired
run is an undo like any other (``app.fixes.undo``): previewed against the live tenant,
so a permission someone changed since is left alone and said. An expiry that could not
be done whole stays due, with why, and is tried again (and shown) until it is.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from app.graph.http import GraphClient
from app.journal import DONE, ChangeJournal, Expiry

from .addressing import Mailboxes
from .apply import RunResult, apply
from .preview import Status, preview
from .undo import undo_plan

# Checked changes that need nothing sent: the permission is as the expiry wants it.
NOTHING_TO_DO = (Status.ALREADY, Status.GONE)


@dataclass(frozen=True)
class Expired:
    """What became of one due expiry: the undo run (None when nothing was sent), and
    why it is still due ("" once done)."""

    expiry: Expiry
    result: RunResult | None
    problem: str = ""

    @property
    def done(self) -> bool:
        return not self.problem


def expire_due(client: GraphClient, journal: ChangeJournal, *, now: datetime, identity: str,
               mailboxes: Mailboxes | None = None,
               cancel: threading.Event | None = None,
               made_by: str | None = None) -> list[Expired]:
    """Undo every run whose expiry is at or before ``now`` and not done yet; with
    ``made_by``, only the runs that identity made (Deputy's own start puts back what the
    person signed in did, never what another identity's sign-in is needed for)."""
    outcome = []
    for expiry in journal.expiries(due_by=now):
        if made_by is not None and getattr(journal.run(expiry.run), "identity", None) != made_by:
            continue
        _, changes = undo_plan(journal, expiry.run)
        checked = preview(client, changes, mailboxes=mailboxes, cancel=cancel)
        result = None
        if any(one.ready for one in checked):
            result = apply(client, journal, checked, identity=identity,
                           what=f"expiry of run {expiry.run}", mailboxes=mailboxes,
                           undoes=expiry.run, cancel=cancel)
        left = [one.why for one in checked if not one.ready and one.status not in NOTHING_TO_DO]
        if result is not None:
            left += [o.outcome for o in result.outcomes
                     if o.checked.ready and o.outcome != DONE]
        problem = f"{len(left)} not put back: {left[0]}" if left else ""
        journal.settle_expiry(expiry.run, reverted_by=result.run_id if result else None,
                              problem=problem, done=not left, time=datetime.now(UTC))
        outcome.append(Expired(expiry, result, problem))
    return outcome
