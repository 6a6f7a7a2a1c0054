"""Undoing a run: its done changes turned back into a plan, previewed like any other.

Each permission gets its previous role back. A removed person is added again, which
Graph does by sending them a new sharing invitation (the preview says so): an undo can
restore access but not unsend that mail, and an entry with no address can't be added
back at all. Only what the run did is undone: its skipped, failed and unsent changes
changed nothing. A change made since the run (the permission now differs from what
the run left) is caught by the preview, as for a fix.
"""

from __future__ import annotations

from dataclasses import replace

from app.journal import ChangeJournal, Run

from .plan import Change


class UndoError(ValueError):
    """Why a run can't be undone, in a sentence."""


def undo_plan(journal: ChangeJournal, run_id: int) -> tuple[Run, list[Change]]:
    """The run, and the changes that put back what it did."""
    run = journal.run(run_id)
    if run is None:
        known = ", ".join(str(r.id) for r in reversed(journal.runs())) or "none yet"
        raise UndoError(f"There is no run {run_id} in the change journal (runs: {known}).")
    changes = [inverse(Change.from_json(item.detail))
               for item in journal.run_items(run_id) if item.done]
    return run, changes


def undo_what(run: Run) -> str:
    """The undo's name in the change journal, saying what it undoes."""
    return f"undo run {run.id} ({run.what})"


def inverse(change: Change) -> Change:
    """The change that puts ``change`` back. A re-added permission gets a new id from
    Graph; a removed addition is found by the person's address."""
    return replace(change, before=change.after, after=change.before,
                   permission_id="" if change.is_removal else change.permission_id)
