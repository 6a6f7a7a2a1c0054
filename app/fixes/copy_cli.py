"""``deputy copy-delegates``: one executive's delegate set-up applied to other mailboxes,
from a terminal, with the preview, journal and exit codes of ``deputy fix``.

The source and targets are read live (there is no snapshot to start from: a copy is
about now), planned (``app.fixes.copy_setup``), then previewed and, with ``--yes``,
sent and recorded as one run that ``deputy undo`` puts back.
"""

from __future__ import annotations

import argparse
import threading
from typing import Any

from app.review.scope import scope_of
from app.signin.accounts import Session

from .addressing import Mailboxes
from .cli import (
    confirm_arguments,
    fail,
    parsed,
    previewed,
    signed_in_run,
    until_argument,
    until_problem,
)
from .copy_setup import plan_copy
from .plan import PlanError

COMMAND = "copy-delegates"
KEPT_HINT = "Add --remove-others to remove the people kept."


def copy_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"deputy {COMMAND}",
        description="Give other mailboxes the delegates and roles of one executive's "
                    "primary calendar, and its delivery option (who receives meeting "
                    "requests), after a preview checked against the live tenant. Adding a "
                    "person sends them an invitation mail that Graph cannot suppress. "
                    "The run is recorded in the change journal; deputy undo puts it back.")
    parser.add_argument("--from", dest="source", required=True, metavar="EXEC",
                        help="the mailbox whose set-up is copied (an address)")
    parser.add_argument("--to", dest="targets", required=True, metavar="A[,B...]",
                        help="the mailboxes to give that set-up, separated by commas")
    parser.add_argument("--remove-others", action="store_true",
                        help="also remove the people who have access to a target's "
                             "calendar but not to the source's (kept otherwise)")
    until_argument(parser, "the copy (each mailbox put back as it was)")
    confirm_arguments(parser)
    return parser


def copy_main(argv: list[str], *, http_client: Any = None) -> int:
    """``deputy copy-delegates``; the exit code (as ``deputy fix``'s)."""
    args = parsed(copy_parser(), argv)
    problem = until_problem(args)
    if problem:
        return fail(COMMAND, problem, 2)
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]

    def work(session: Session, tenant: str, cancel: threading.Event) -> int:
        scope = scope_of(session, tenant)
        mailboxes = Mailboxes(scope.ids)
        spelled = {m.casefold(): m for m in scope.mailboxes}
        try:
            plan = plan_copy(session.service.client, spelled.get(args.source.casefold(),
                                                                 args.source),
                             [spelled.get(t.casefold(), t) for t in targets],
                             remove_others=args.remove_others, names=scope.names,
                             mailboxes=mailboxes, cancel=cancel)
        except PlanError as exc:
            return fail(COMMAND, str(exc), 2)
        notes = [*plan.notes, KEPT_HINT] if plan.kept else plan.notes
        return previewed(COMMAND, session, args, plan.changes, plan.what(scope.names), cancel,
                         mailboxes, notes=notes)

    return signed_in_run(COMMAND, args, work, http_client=http_client)
