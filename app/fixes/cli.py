"""``deputy fix``, ``deputy undo`` and ``deputy expire``: a tenant-wide fix from a
terminal or a scheduled task.

Nothing is written without ``--yes``: without it (or with ``--dry-run``) the preview
is printed, checked against the live tenant, and nothing is sent. Every change made is
in the change journal, and ``deputy undo RUN`` previews, then (with ``--yes``) puts
back what run RUN did. Ctrl-C cancels like the window's Cancel button: what was
changed so far stays changed, and the result says exactly what that is.

Exit codes: 0 when every change sent was done (or, in a preview, when it could be
read), 1 when a change failed, the run was cancelled or Graph could not be reached,
2 for a command that can't be run as written.

``deputy fix --until WHEN`` makes the fix time-limited: ``deputy expire`` (from a
scheduled task) undoes it once WHEN has come (``app.fixes.expire``).
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from app import clock
from app.clock import parse_moment
from app.graph.errors import GraphError
from app.graph.http import Cancelled
from app.journal import RUNNING, ChangeJournal, open_journal
from app.log_setup import configure_logging
from app.paths import snapshot_file
from app.private_sqlite import StoreBusy
from app.review.report_cli import ReportError, pick_snapshot
from app.review.scope import scope_of
from app.review.snapshot_store import SnapshotStore, UnreadableSnapshotError
from app.review.sync import ctrl_c_cancels
from app.signin import command_line
from app.signin.accounts import Session

from . import table
from .addressing import Mailboxes
from .apply import ApplyProgress, RunResult, apply, settle_interrupted
from .expire import expire_due
from .plan import RULES, Action, Change, PlanError, plan_csv, plan_rule, rule_named
from .preview import Checked, preview
from .undo import UndoError, undo_plan, undo_what

NOTHING_WRITTEN = "Nothing was changed: this was a preview. Add --yes to send the {} above."
NO_JOURNAL = ("Deputy can't open its change journal, so it changes nothing: a fix must be "
              "recorded to be undone. {}")


def confirm_arguments(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true",
                      help="print the preview and change nothing (the default)")
    mode.add_argument("--yes", action="store_true",
                      help="send the changes the preview lists as ready")
    parser.add_argument("--reconfirm-changed", action="store_true",
                        help="change also the permissions changed since the snapshot, from "
                             "what they are now (they are skipped otherwise)")
    command_line.add_arguments(parser, what="fix")


def fix_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deputy fix",
        description="Change many calendar permissions at once, from a review rule's "
                    "findings or a CSV of rows, after a preview checked against the live "
                    "tenant. Every change is recorded in the change journal and can be "
                    "undone with deputy undo.")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--rule", metavar="NAME",
                        help=f"every row this rule lists: {', '.join(RULES)}")
    source.add_argument("--from", dest="from_file", metavar="FILE.csv", type=Path,
                        help="the rows of a CSV with the columns Mailbox, Calendar, Person "
                             "and Address (as deputy report --format csv writes them)")
    parser.add_argument("--action", required=True, metavar="remove|role=ROLE",
                        help="remove the access, or set it to ROLE (freeBusyRead, "
                             "limitedRead, read, ...; only a role the live permission "
                             "allows is sent)")
    parser.add_argument("--snapshot", default="latest", metavar="latest|ID",
                        help="the snapshot the rows are read from (default: the newest)")
    until_argument(parser, "the fix")
    confirm_arguments(parser)
    return parser


def expire_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deputy expire",
        description="Undo the fixes made with --until whose time has come, each after a "
                    "preview as deputy undo does; one that can't be undone whole stays "
                    "due, says why, and is tried again next time. For a scheduled task.")
    parser.add_argument("--at", metavar="WHEN",
                        help="as if it were WHEN (2026-12-31T18:00): what a scheduled run "
                             "then will do")
    parser.add_argument("--dry-run", action="store_true",
                        help="list what is due and what comes next; change nothing")
    command_line.add_arguments(parser, what="expire")
    return parser


def undo_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deputy undo",
        description="Put back what a fix (run RUN) changed, after a preview: each "
                    "permission's previous role; a removed person is added again, which "
                    "sends them an invitation mail.")
    parser.add_argument("run", type=int, metavar="RUN", help="the run's number, as deputy "
                        "fix printed it")
    confirm_arguments(parser)
    return parser


def fail(command: str, message: str, code: int = 1) -> int:
    print(f"deputy {command}: {message}", file=sys.stderr)
    return code


def parsed(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """``argv`` read by ``parser``, the sign-in options checked (exit 2 otherwise)."""
    args = parser.parse_args(argv)
    problem = command_line.argument_problem(args)
    if problem:
        parser.error(problem)
    return args


def until_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--until", metavar="WHEN",
                        help=f"for a time: deputy expire undoes {what} once WHEN "
                             "(2026-12-31T18:00, this computer's time) has come")


def until_problem(args: argparse.Namespace) -> str:
    """Reads ``--until`` into ``args.until_moment`` (None without it); why it can't be
    used, or ""."""
    args.until_moment = None
    if args.until is None:
        return ""
    try:
        args.until_moment = parse_moment(args.until)
    except ValueError as exc:
        return str(exc)
    if args.until_moment <= clock.now():
        return f"--until {args.until} has passed already."
    return ""


def fix_main(argv: list[str], *, http_client: Any = None) -> int:
    """``deputy fix``; the exit code. ``http_client``: MSAL's, for tests only."""
    parser = fix_parser()
    args = parsed(parser, argv)
    problem = until_problem(args)
    if problem:
        return fail("fix", problem, 2)
    try:
        action = Action.parse(args.action)
        changes, missing = _planned(args, action)
    except (PlanError, ReportError, UnreadableSnapshotError, StoreBusy) as exc:
        return fail("fix", str(exc), 2)
    for sentence in missing:
        print(f"deputy fix: {sentence}", file=sys.stderr)
    what = f"{action.words}: " + (f"rule {args.rule}" if args.rule else str(args.from_file))
    return _run("fix", args, changes, what, http_client=http_client)


def undo_main(argv: list[str], *, http_client: Any = None) -> int:
    """``deputy undo``; the exit code."""
    parser = undo_parser()
    args = parsed(parser, argv)
    journal, notice = open_journal()
    if journal is None:
        return fail("undo", notice)
    try:
        run, changes = undo_plan(journal, args.run)
    except UndoError as exc:
        return fail("undo", str(exc), 2)
    finally:
        journal.close()
    if run.status != RUNNING:
        return _run("undo", args, changes, undo_what(run), undoes=run.id,
                    http_client=http_client)

    def interrupted(session: Session, tenant: str, cancel: threading.Event) -> int:
        """A run its Deputy never finished: what it had on its way is read back first,
        so the undo puts back all it did."""
        journal, notice = open_journal()
        if journal is None:
            return fail("undo", notice)
        try:
            mailboxes = Mailboxes(scope_of(session, tenant).ids)
            found = settle_interrupted(session.service.client, journal, run.id,
                                       identity=session.label, mailboxes=mailboxes)
            if found:
                print(f"Run {run.id} was interrupted; {found} of its changes that had no "
                      "answer were made, as the tenant shows: they are undone too.")
            _same_run, changes_now = undo_plan(journal, run.id)
        finally:
            journal.close()
        if not changes_now:
            print("Nothing to change.")
            return 0
        return previewed("undo", session, args, changes_now, undo_what(run), cancel,
                         mailboxes, undoes=run.id)

    return signed_in_run("undo", args, interrupted, http_client=http_client)


def _planned(args: argparse.Namespace, action: Action) -> tuple[list[Change], list[str]]:
    path = snapshot_file()
    if not path.exists():
        raise PlanError("No snapshot yet: run `deputy sync` first; a fix starts from what "
                        "the review found.")
    store = SnapshotStore(path)
    try:
        snapshot = pick_snapshot(store.snapshots(), args.snapshot, "--snapshot")
        store.check_rows(snapshot.id)
        if args.rule:
            return plan_rule(store, snapshot.id, rule_named(args.rule), action), []
        return plan_csv(args.from_file, store, snapshot.id, action)
    finally:
        store.close()


def _run(command: str, args: argparse.Namespace, changes: Sequence[Change], what: str, *,
         undoes: int | None = None, http_client: Any = None) -> int:
    """Sign in, preview ``changes``, print it; with --yes send them and print the result."""
    if not changes:
        print("Nothing to change.")
        return 0
    return signed_in_run(command, args, lambda session, tenant, cancel: previewed(
        command, session, args, changes, what, cancel,
        Mailboxes(scope_of(session, tenant).ids), undoes=undoes), http_client=http_client)


def signed_in_run(command: str, args: argparse.Namespace,
                  work: Callable[[Session, str, threading.Event], int], *,
                  http_client: Any = None) -> int:
    """``work(session, tenant, cancel)`` signed in as ``args`` say, Ctrl-C its cancel;
    its exit code, or 1 with why when signing in or Graph failed."""
    configure_logging()
    with ctrl_c_cancels() as cancel:
        try:
            with command_line.signed_in(args, http_client=http_client) as (session, tenant):
                return work(session, tenant, cancel)
        except command_line.CannotSignIn as exc:
            return fail(command, str(exc), exc.code)
        except Cancelled:
            return fail(command, "Cancelled before anything was sent.")
        except GraphError as exc:
            return fail(command, exc.message)


def previewed(command: str, session: Session, args: argparse.Namespace,
              changes: Sequence[Change], what: str, cancel: threading.Event,
              mailboxes: Mailboxes, *, undoes: int | None = None,
              notes: Sequence[str] = ()) -> int:
    """Preview ``changes`` and print it (with the plan's ``notes``); with --yes send
    them, record the run and print the result. The exit code."""
    client = session.service.client
    checked = preview(client, changes, mailboxes=mailboxes, confirmed=args.reconfirm_changed,
                      cancel=cancel)
    for line in table.preview_lines(checked, notes):
        print(line)
    ready = sum(one.ready for one in checked)
    if not args.yes:
        print(NOTHING_WRITTEN.format("change" if ready == 1 else f"{ready:,} changes"))
        return 0
    if not ready:
        return 0
    journal, notice = open_journal()
    if journal is None:
        return fail(command, NO_JOURNAL.format(notice))
    until = getattr(args, "until_moment", None)
    try:
        result = _applied(session, journal, checked, what, mailboxes, undoes, cancel)
        if until is not None and result.count("done"):
            journal.set_expiry(result.run_id, until)
    finally:
        journal.close()
    for line in table.result_lines(result):
        print(line)
    if until is not None and result.count("done"):
        print(f"Run {result.run_id} lasts until {local(until)}: deputy expire undoes it "
              "then.")
    if result.count("done"):
        print(f"To put it back: deputy undo {result.run_id} --yes "
              "(with the same sign-in options).")
    failed = result.count("failed") or result.count("unknown")
    return 1 if failed or result.cancelled or result.stopped_by is not None else 0


def _applied(session: Session, journal: ChangeJournal, checked: Sequence[Checked], what: str,
             mailboxes: Mailboxes, undoes: int | None, cancel: threading.Event) -> RunResult:
    return apply(session.service.client, journal, checked, identity=session.label, what=what,
                 mailboxes=mailboxes, undoes=undoes, cancel=cancel,
                 on_progress=_progress_printer())


def _progress_printer() -> Callable[[ApplyProgress], None]:
    """On a terminal, one line that moves; nothing into a pipe or a log."""
    tty = sys.stdout.isatty()

    def show(step: ApplyProgress) -> None:
        if tty:
            end = "\n" if step.answered == step.total else ""
            print(f"\r{step.answered:,}/{step.total:,} changes answered", end=end, flush=True)

    return show


def local(moment: datetime | str) -> str:
    """"2026-12-31 18:00", in this computer's time."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def expire_main(argv: list[str], *, http_client: Any = None) -> int:
    """``deputy expire``; the exit code: 0 when everything due is undone (or nothing is
    due), 1 when something stays due."""
    parser = expire_parser()
    args = parser.parse_args(argv)
    try:
        now = parse_moment(args.at) if args.at else clock.now()
    except ValueError as exc:
        parser.error(str(exc))
    journal, notice = open_journal()
    if journal is None:
        return fail("expire", notice)
    try:
        due = journal.expiries(due_by=now)
        coming = [e for e in journal.expiries() if e not in due]
        for expiry in due:
            print(f"Run {expiry.run} is due since {local(expiry.until)}"
                  + (f"; last time: {expiry.problem}" if expiry.problem else "."))
        if not due:
            print("Nothing is due.")
        if coming:
            print(f"Next: run {coming[0].run} at {local(coming[0].until)}.")
        if args.dry_run or not due:
            return 0
        problem = command_line.argument_problem(args)
        if problem:
            parser.error(problem)
        configure_logging()
        with ctrl_c_cancels() as cancel:
            try:
                with command_line.signed_in(args, http_client=http_client) as (session,
                                                                               tenant):
                    expired = expire_due(session.service.client, journal, now=now,
                                         identity=session.label, cancel=cancel,
                                         mailboxes=Mailboxes(scope_of(session, tenant).ids))
            except command_line.CannotSignIn as exc:
                return fail("expire", str(exc), exc.code)
            except Cancelled:
                return fail("expire", "Cancelled: what is not undone yet stays due.")
            except GraphError as exc:
                return fail("expire", exc.message)
    finally:
        journal.close()
    for one in expired:
        if one.done:
            by = f" by run {one.result.run_id}" if one.result else " (nothing needed changing)"
            print(f"Run {one.expiry.run} is undone{by}.")
        else:
            print(f"Run {one.expiry.run} is not undone whole, and stays due: {one.problem}")
    return 0 if all(one.done for one in expired) else 1
