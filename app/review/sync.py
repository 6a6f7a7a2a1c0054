"""Sync: read many mailboxes' sharing into a new snapshot, and ``deputy sync``.

All mailboxes are read in one flow of ``$batch`` calls (``audit.each_mailbox``:
batching and per-mailbox concurrency are the client's), and stored in groups: as soon
as a group's worth of mailboxes is read whole, it is stored in one transaction while
the flow goes on, so the snapshot grows as the sync goes, and a kill loses at most the
mailboxes read since the last group. Throttling and transient faults are retried by
the client; what still can't be read is recorded per mailbox, and the snapshot is then
"partial", never silently short. What the identity may not read at all (a person's view
of an executive's sharing settings) is not asked for: the scope lists it as unreadable,
with why, and it does not make the snapshot partial (``app.review.limits``). A cancel
stops the flow (the client sends nothing more and stops waiting) and keeps the groups
already stored; the snapshot says "cancelled".
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import paths
from app.graph.audit import MailboxSharing, each_mailbox
from app.graph.http import Cancelled, GraphClient
from app.log_setup import configure_logging
from app.paths import snapshot_file
from app.review.data import keep_review
from app.review.limits import problem_sentences, sentences
from app.review.scope import SyncScope, listed_scope, scope_of
from app.review.snapshot_store import CANCELLED, COMPLETE, PARTIAL, SnapshotStore
from app.signin import command_line
from app.words import counted

GROUP = 50  # mailboxes stored per transaction
# How often the window hears of a sync's reading (a group stored, it always hears):
# 100,000 mailboxes sent it 320 notes a second, each a turn at the interpreter lock
# among eight reading threads, for a panel no one reads that fast.
READING_NOTE_EVERY_S = 0.05
NEEDS_SIGN_IN = command_line.NEEDS_SIGN_IN


@dataclass(frozen=True)
class SyncProgress:
    """How far a sync is, for a progress bar and a line of text.

    Attributes:
        done: mailboxes stored so far (whole groups).
        total: mailboxes to read.
        requests: HTTP requests this sync sent (a ``$batch`` call is one).
        batches: of which ``$batch`` calls.
        throttled: 429 Too Many Requests answers, as the service counts them: a whole
            ``$batch`` refused is one, and so is each request refused inside one.
        waited_seconds: time spent waiting before retries (Retry-After, back-off).
        lost_seconds: time spent on requests that got no answer (a timeout, a dropped
            connection) before they were sent again. Apart from waiting: a wait is the
            service's to ask for, lost time points at the network.
        reading: how much is read beyond ``done``, in mailboxes (those read whole, or
            an estimate from the requests answered if more); not stored yet, only for a
            bar that moves between groups.
        in_group: True for the reports while the next group is read; False at the start
            and right after each group is stored (``done`` moved).
    """

    done: int
    total: int
    requests: int = 0
    batches: int = 0
    throttled: int = 0
    waited_seconds: float = 0.0
    lost_seconds: float = 0.0
    reading: float = 0.0
    in_group: bool = False

    @property
    def fraction(self) -> float:
        """0..1, counting the group in flight by how much of it is read."""
        return min(1.0, (self.done + self.reading) / self.total) if self.total else 1.0

    @property
    def line(self) -> str:
        """"120/300 mailboxes · 31 requests · 3 throttled, waited 4 s · lost 30 s to
        timeouts"."""
        parts = [f"{self.done:,}/{counted(self.total, 'mailbox')}",
                 counted(self.requests, "request")]
        if self.throttled:
            parts.append(f"{self.throttled:,} throttled, waited {self.waited_seconds:,.0f} s")
        elif self.waited_seconds >= 0.5:
            parts.append(f"waited {self.waited_seconds:,.0f} s")
        if self.lost_seconds >= 0.5:
            parts.append(f"lost {self.lost_seconds:,.0f} s to timeouts")
        return " · ".join(parts)


def run_sync(client: GraphClient, store: SnapshotStore, scope: SyncScope, *,
             cancel: threading.Event | None = None,
             on_progress: Callable[[SyncProgress], None] | None = None) -> int:
    """Read ``scope`` into a new snapshot; its id. The status says how it ended.

    ``on_progress`` is called (in this thread) at the start, after each group is stored
    and while the next is read, as each ``$batch`` call comes back. Setting ``cancel``
    stops the sync within about one request's time: the snapshot is then "cancelled"
    and keeps the groups already stored. Any other failure (sign-in lost) leaves it
    interrupted, with its stored groups, and is raised.
    """
    mailboxes = list(dict.fromkeys(scope.mailboxes))
    total = len(mailboxes)
    base = _Counted.of(client)
    snapshot_id = store.begin(tenant=scope.tenant, identity=scope.identity,
                              scope=scope.description, planned=total,
                              identity_key=scope.identity_key, unreadable=scope.unreadable)
    done = 0
    read: list[MailboxSharing] = []  # read whole, not stored yet
    shown = [0.0]  # mailboxes read or stored, as last reported: the bar never moves back

    def report(in_group: bool) -> None:
        if on_progress is not None:
            now = _Counted.of(client).since(base)
            shown[0] = max(shown[0], done)
            on_progress(SyncProgress(
                done, total, requests=now.requests, batches=now.batches,
                throttled=now.throttled, waited_seconds=now.waited_seconds,
                lost_seconds=now.lost_seconds, reading=shown[0] - done, in_group=in_group))

    def reading(answered: int, known: int) -> None:
        # ``known`` grows as calendars and pages are found; whole mailboxes count as read.
        estimate = total * answered / known if known else 0.0
        shown[0] = max(shown[0], min(estimate, total), done + len(read))
        report(in_group=True)

    partial = False
    try:
        report(in_group=False)
        for sharing in each_mailbox(client, mailboxes, cancel=cancel, on_progress=reading,
                                    ids=scope.ids):
            read.append(sharing)
            if len(read) < GROUP and done + len(read) < total:
                continue
            if cancel is not None and cancel.is_set():
                raise Cancelled
            store.add(snapshot_id, read, scope.names)
            partial = partial or any(not sharing.complete for sharing in read)
            done, read = done + len(read), []
            report(in_group=False)
    except Cancelled:
        store.finish(snapshot_id, CANCELLED)
        return snapshot_id
    except BaseException:
        store.abandon(snapshot_id)
        raise
    store.finish(snapshot_id, PARTIAL if partial else COMPLETE)
    return snapshot_id


def now_and_then(note: Callable[[SyncProgress], None]) -> Callable[[SyncProgress], None]:
    """``note``, for each step of a sync but those within a group's reading that come
    less than ``READING_NOTE_EVERY_S`` after the last one told."""
    told = [float("-inf")]

    def maybe(progress: SyncProgress) -> None:
        now = time.monotonic()
        if not progress.in_group or now - told[0] >= READING_NOTE_EVERY_S:
            told[0] = now
            note(progress)
    return maybe


def summary(snapshot_id: int, state: str, stored: int, incomplete: int) -> str:
    """"Snapshot 3: complete, 1 mailbox." and how many could not be read completely."""
    said = f"Snapshot {snapshot_id}: {state}, {counted(stored, 'mailbox')}"
    if incomplete:
        said += f", {incomplete:,} could not be read completely"
    return said + "."


@dataclass(frozen=True)
class _Counted:
    """The client's counters a progress report shows, by SyncProgress's names."""

    requests: int
    batches: int
    throttled: int
    waited_seconds: float
    lost_seconds: float

    @classmethod
    def of(cls, client: GraphClient) -> _Counted:
        stats = client.stats
        return cls(stats.requests, stats.batches, stats.throttled, stats.waited_seconds,
                   stats.lost_seconds)

    def since(self, base: _Counted) -> _Counted:
        """What was counted after ``base`` was taken."""
        return _Counted(self.requests - base.requests, self.batches - base.batches,
                        self.throttled - base.throttled,
                        self.waited_seconds - base.waited_seconds,
                        self.lost_seconds - base.lost_seconds)


# ---------------------------------------------------------------------- deputy sync

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deputy sync",
        description="Read who can see whose calendar into a snapshot for offline review. "
                    "Without --demo it reads the tenant Deputy is set up for: as the "
                    "administrators' app (--as-admin), or as a person who signed in to "
                    "Deputy on this computer before (--as).")
    command_line.add_arguments(parser, what="sync")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--all", action="store_true", help="every mailbox in the tenant")
    what.add_argument("--mailboxes", metavar="FILE", type=Path,
                      help="a file with one mailbox address per line")
    return parser


def main(argv: list[str], *, http_client: Any = None) -> int:
    """``deputy sync``; the exit code. ``http_client``: MSAL's, for tests only."""
    parser = build_parser()
    args = parser.parse_args(argv)
    problem = command_line.argument_problem(args)
    if problem:
        parser.error(problem)
    wanted: list[str] | None = None
    if args.mailboxes is not None:
        try:
            lines = args.mailboxes.read_text(encoding="utf-8").splitlines()
            wanted = [line.strip() for line in lines
                      if line.strip() and not line.startswith("#")]
        except OSError as exc:
            return _fail(f"can't read {args.mailboxes}: {exc.strerror}.", 2)
        except UnicodeDecodeError:
            return _fail(f"can't read {args.mailboxes}: it is not a text file of mailbox "
                         "addresses, one per line.", 2)
    # The details a support person needs (request-ids) go to the log file, not the
    # terminal, which gets the sentences.
    configure_logging()
    with ctrl_c_cancels() as cancel:
        try:
            with command_line.signed_in(args, http_client=http_client) as (session, tenant):
                return _sync_session(session, tenant, args, wanted, cancel)
        except command_line.CannotSignIn as exc:
            return _fail(str(exc), exc.code)


def _fail(message: str, code: int = 1) -> int:
    print(f"deputy sync: {message}", file=sys.stderr)
    return code


@contextmanager
def ctrl_c_cancels() -> Iterator[threading.Event]:
    """Ctrl-C cancels long work like the window's Cancel button: what is done stays."""
    cancel = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield cancel
        return
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
    try:
        yield cancel
    finally:
        signal.signal(signal.SIGINT, previous)


def _sync_session(session: Any, tenant: str, args: argparse.Namespace,
                  wanted: list[str] | None, cancel: threading.Event) -> int:
    """Sync as ``session`` (an app.signin.accounts.Session), print progress."""
    from app.graph.auth.errors import SignInError
    from app.graph.errors import GraphError
    from app.graph.tokens import InteractionRequired
    from app.private_sqlite import StoreBusy

    store: SnapshotStore | None = None
    tty = sys.stdout.isatty()
    width = [0]  # of the longest line so far: a shorter one must cover it all

    def progress(step: SyncProgress) -> None:
        # A terminal sees the line move within a group; a pipe gets one line per group.
        if tty:
            width[0] = max(width[0], len(step.line))
            print(f"\r{step.line.ljust(width[0])}", end="" if step.in_group else "\n",
                  flush=True)
        elif not step.in_group:
            print(step.line, flush=True)

    try:
        scope = scope_of(session, tenant)
        if wanted is not None:
            scope = listed_scope(session, scope, wanted)
        store = SnapshotStore(snapshot_file())
        if store.notice:
            print(f"deputy sync: {store.notice}", file=sys.stderr)
        snapshot_id = run_sync(session.service.client, store, scope, cancel=cancel,
                               on_progress=progress)
        keep_review(store, snapshot_id)
        snapshot = store.snapshot(snapshot_id)
        unreadable = store.problems(snapshot_id)
    except StoreBusy as exc:
        return _fail(str(exc))
    except InteractionRequired:
        return _fail(NEEDS_SIGN_IN)
    except SignInError as exc:
        return _fail(str(exc))
    except GraphError as exc:
        return _fail(exc.message)
    finally:
        if store is not None:
            store.close()
    assert snapshot is not None
    print(summary(snapshot.id, snapshot.state_words, snapshot.mailboxes_stored,
                  len(unreadable)))
    for sentence in problem_sentences(unreadable):
        print(sentence)
    if unreadable:
        print(f"The details for support (Microsoft's request-ids) are in {paths.log_file()}.")
    for sentence in sentences(snapshot.unreadable):
        print(f"Not read: {sentence}")
    return 0 if snapshot.status in (COMPLETE, PARTIAL) else 1
