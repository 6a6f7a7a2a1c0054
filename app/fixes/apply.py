"""Applying a previewed fix: the ready changes sent, each recorded, a result for each.

The changes go out as one flow of ``$batch`` calls (``GraphClient.flow``, as the sync
reads): per-mailbox concurrency, ``Retry-After`` and transient faults are the client's.
A removal or a role change is safe to send again; an addition (undoing a removal) is
not, and is never resent after an answer was lost.

The run and all its items are written to the change journal before anything is sent
("not sent"), and answers are settled as they come, with Graph's request-id: those of
every batch back by then in one transaction (a commit waits for the disk; one per
change made a fix of 1,000 take three times as long). A run killed half-way still
names what it was to do, and what it says was done was done. A cancel stops sending;
the answers of the batches then in flight never reach Deputy, so what they changed is
read back from the tenant, and the result says exactly what was and was not changed.
A run that a failure stops (the sign-in or the network lost) is read back the same
way, as far as the tenant can still be read: what could not be checked says so.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.graph.auth.errors import SignInError
from app.graph.errors import GraphError
from app.graph.http import BatchRequest, BatchResponse, Cancelled, GraphClient
from app.graph.resources import CalendarPermission
from app.graph.roles import role_label
from app.graph.tokens import InteractionRequired
from app.journal import (
    CANCELLED,
    DONE,
    FINISHED,
    NOT_SENT,
    RUNNING,
    STOPPED,
    ChangeDraft,
    ChangeJournal,
    ChangeKind,
    Settlement,
    failed_outcome,
    skipped_outcome,
)

from . import delivery
from .addressing import Mailboxes
from .delivery import read_options, scopes_of
from .plan import Change
from .preview import Checked, read_live

log = logging.getLogger(__name__)

NO_ACCESS = role_label("none")
NOT_SENT_CANCELLED = f"{NOT_SENT}: cancelled before it was sent"
DONE_SEEN = "seen done in the tenant, read back once sending ended"
UNKNOWN = "unknown: the answer was lost in the cancel and the tenant could not be read back"
NOT_SENT_STOPPED = f"{NOT_SENT}: sending stopped before it was sent"
ANSWER_LOST = ("its answer was lost on the network and the tenant could not be read back; "
               "a sync shows it")
UNKNOWN_STOPPED = ("unknown: sending stopped before its answer came, and the tenant could "
                   "not be read back; a sync shows it")


# What stops sending before the end: Graph refusing or gone (the network lost, after the
# client's retries), the sign-in lost or wanting the person again.
_STOPPING = (GraphError, SignInError, InteractionRequired)


@dataclass(frozen=True)
class Outcome:
    """How one change of a run ended: ``outcome`` as the journal words it ("done",
    "skipped: ...", "failed: ...", "not sent: ...")."""

    checked: Checked
    outcome: str
    request_id: str = ""

    @property
    def done(self) -> bool:
        return self.outcome == DONE


@dataclass
class RunResult:
    """A run's end: every change's outcome, in the plan's order; ``stopped_by``: the
    failure that stopped sending before the end (the sign-in or the network lost)."""

    run_id: int
    outcomes: list[Outcome] = field(default_factory=list)
    cancelled: bool = False
    stopped_by: Exception | None = None

    def count(self, prefix: str) -> int:
        return sum(o.outcome.startswith(prefix) for o in self.outcomes)

    @property
    def summary(self) -> str:
        """"Run 4: 12 done, 3 skipped, 1 failed." (and cancelled, and not sent)."""
        parts = [f"{self.count(DONE)} done", f"{self.count('skipped')} skipped",
                 f"{self.count('failed')} failed"]
        if self.cancelled:
            parts.append(f"{self.count(NOT_SENT)} not sent (cancelled)")
        elif self.stopped_by is not None:
            parts.append(f"{self.count(NOT_SENT)} not sent (sending stopped)")
        unknown = self.count("unknown")
        if unknown:
            parts.append(f"{unknown} unknown")
        return f"Run {self.run_id}: " + ", ".join(parts) + "."


@dataclass(frozen=True)
class ApplyProgress:
    """``answered`` of ``total`` changes sent have their final answer."""

    answered: int
    total: int


def kind_of(change: Change) -> ChangeKind:
    if change.is_setting:
        return ChangeKind.DELIVERY_OPTION
    if change.is_addition:
        return ChangeKind.PERMISSION_ADDED
    return ChangeKind.PERMISSION_REMOVED if change.is_removal else ChangeKind.ROLE_CHANGED


def draft_of(change: Change) -> ChangeDraft:
    """The change in the journal's words: "Alex Wilber's Calendar — Christie Cline"."""
    owner = change.mailbox_name or change.mailbox
    if change.is_setting:
        return ChangeDraft(kind_of(change), change.owner,
                           f"Who receives {owner}'s meeting requests and responses",
                           delivery.words(change, change.before),
                           delivery.words(change, change.after))
    return ChangeDraft(kind_of(change), change.owner,
                       f"{owner}'s {change.calendar_name} — {change.person}",
                       role_label(change.before) if change.before else NO_ACCESS,
                       role_label(change.after) if change.after else NO_ACCESS)


def request_of(change: Change, mailboxes: Mailboxes, request_id: str) -> BatchRequest:
    if change.is_setting:
        return delivery.request_of(change, mailboxes, request_id)
    if change.is_addition:
        body = {"emailAddress": {"address": change.person_address,
                                 "name": change.person_name}, "role": change.after}
        return BatchRequest("POST", mailboxes.permissions_path(change.mailbox,
                                                               change.calendar_id),
                            body, id=request_id, idempotent=False)
    path = mailboxes.permission_path(change.mailbox, change.calendar_id, change.permission_id)
    if change.is_removal:
        return BatchRequest("DELETE", path, id=request_id)
    return BatchRequest("PATCH", path, {"role": change.after}, id=request_id)


def _reached(change: Change, answer: BatchResponse, code: str | None) -> bool:
    """Whether a refusal means the change is made already: a removal resent after its
    answer was lost finds nothing to remove (404), an addition finds the person there."""
    if change.is_removal:
        return answer.status == 404 and code == "ErrorItemNotFound"
    return change.is_addition and answer.status == 409


def apply(client: GraphClient, journal: ChangeJournal, checked: Sequence[Checked], *,
          identity: str, what: str, mailboxes: Mailboxes | None = None,
          undoes: int | None = None, cancel: threading.Event | None = None,
          on_progress: Callable[[ApplyProgress], None] | None = None) -> RunResult:
    """Send the ready changes of ``checked`` and record the run; its result."""
    mailboxes = mailboxes or Mailboxes()
    run_id, items = journal.begin_run(identity=identity, what=what,
                                      details=[c.change.to_json() for c in checked],
                                      undoes=undoes)
    _sending.add((journal.path, run_id))
    try:
        return _send(client, journal, checked, run_id, items, identity=identity,
                     mailboxes=mailboxes, cancel=cancel, on_progress=on_progress)
    finally:
        _sending.discard((journal.path, run_id))


def _send(client: GraphClient, journal: ChangeJournal, checked: Sequence[Checked],
          run_id: int, items: list[int], *, identity: str, mailboxes: Mailboxes,
          cancel: threading.Event | None,
          on_progress: Callable[[ApplyProgress], None] | None) -> RunResult:
    outcomes: list[Outcome | None] = [None] * len(checked)
    requests: list[BatchRequest] = []
    skipped: list[Ended] = []
    for at, one in enumerate(checked):
        if one.ready:
            requests.append(request_of(one.change, mailboxes, str(at)))
        else:
            skipped.append(Ended(at, skipped_outcome(one.why), sent=False))

    def settle(ended: Sequence[Ended]) -> None:
        """Changes' outcomes, recorded together: one transaction for a batch's answers."""
        if not ended:
            return
        journal.settle_all([Settlement(items[e.at], e.outcome, draft_of(checked[e.at].change)
                                       if e.sent else None, e.request_id) for e in ended],
                           identity=identity)
        for e in ended:
            outcomes[e.at] = Outcome(checked[e.at], e.outcome, e.request_id)

    settle(skipped)
    answered = 0
    cancelled = False
    stopped_by: Exception | None = None
    lost: dict[int, Words] = {}  # sent, and the answer lost on the network: made or not?
    try:
        for answers in client.flow(requests, scopes=scopes_of(c.change for c in checked),
                                   cancel=cancel, together=True):
            ended = [_ended(client, run_id, checked, sent, answer) for sent, answer in answers]
            lost.update((e.at, e.lost) for e in ended if e.lost is not None)
            settle([e for e in ended if e.lost is None])
            answered += len(answers)
            if on_progress is not None:
                on_progress(ApplyProgress(answered, len(requests)))
    except Cancelled:
        cancelled = True
    except _STOPPING as exc:
        log.warning("Fix %s stopped: %s", run_id, exc)
        stopped_by = exc
    unanswered = CANCELLED_WORDS if cancelled else STOPPED_WORDS
    settle(_read_back(client, [c.change for c in checked],
                      {**{at: unanswered for at, o in enumerate(outcomes)
                          if o is None and at not in lost}, **lost}, mailboxes))
    # Anything else (Deputy killed, a bug) leaves what is settled, the rest "not sent",
    # and the run "running": interrupted.
    journal.finish_run(run_id, CANCELLED if cancelled else STOPPED if stopped_by else FINISHED)
    return RunResult(run_id, [o for o in outcomes if o is not None], cancelled, stopped_by)


@dataclass(frozen=True)
class Words:
    """What a change with no answer is called once the tenant is read back: not made,
    or not known (the tenant could not be read)."""

    not_made: str
    unknown: str


CANCELLED_WORDS = Words(NOT_SENT_CANCELLED, UNKNOWN)
STOPPED_WORDS = Words(NOT_SENT_STOPPED, UNKNOWN_STOPPED)
# A run whose Deputy ended before it did (closed, killed, the computer off): its changes
# with no answer were perhaps sent; the tenant is read when the run is next looked at.
INTERRUPTED = Words(f"{NOT_SENT}: Deputy ended before its answer came, and the tenant "
                    "shows it not made",
                    "unknown: Deputy ended before its answer came, and the tenant could "
                    "not be read back; a sync shows it")
_sending: set[tuple[object, int]] = set()  # (journal file, run) sent by this Deputy now


def settle_interrupted(client: GraphClient, journal: ChangeJournal, run_id: int, *,
                       identity: str, mailboxes: Mailboxes | None = None) -> int:
    """A run left "running" by a Deputy that ended before it did: each change with no
    answer read back from the tenant and settled (done, with an entry to undo, or not
    made), the run then "stopped". Before it is undone: an undo puts back only what is
    done, and a change that was on its way when Deputy ended may have been made. How
    many were found made; 0 for a run that is not interrupted (or is being sent)."""
    run = journal.run(run_id)
    if run is None or run.status != RUNNING or (journal.path, run_id) in _sending:
        return 0
    items = journal.run_items(run_id)
    changes = [Change.from_json(item.detail) for item in items]
    waiting = {at: INTERRUPTED for at, item in enumerate(items) if item.outcome == NOT_SENT}
    ended = _read_back(client, changes, waiting, mailboxes or Mailboxes())
    journal.settle_all([Settlement(items[e.at].id, e.outcome, draft_of(changes[e.at])
                                   if e.sent else None, e.request_id) for e in ended],
                       identity=identity)
    journal.finish_run(run_id, STOPPED)
    return sum(e.outcome == DONE for e in ended)


@dataclass(frozen=True)
class Ended:
    """How the change at ``at`` of a run ended; ``sent``: recorded as a change;
    ``lost``: its answer was lost on the network, so whether it was made is read back."""

    at: int
    outcome: str
    request_id: str = ""
    sent: bool = True
    lost: Words | None = None


def _ended(client: GraphClient, run_id: int, checked: Sequence[Checked], sent: BatchRequest,
           answer: BatchResponse) -> Ended:
    """What Graph's final answer to one change means."""
    at = int(sent.id)
    if answer.ok:
        return Ended(at, DONE, answer.request_id)
    error = client.error_of(sent, answer)
    if _reached(checked[at].change, answer, error.code):
        log.info("%s %s: already as wanted (%s)", sent.method, sent.path, error.log_line)
        return Ended(at, DONE, answer.request_id)
    log.warning("Fix %s failed: %s", run_id, error.log_line)
    failed = failed_outcome(error.message)
    if answer.status == 0:  # sent, perhaps carried out: the tenant tells
        return Ended(at, failed, lost=Words(failed, f"unknown: {ANSWER_LOST}"))
    return Ended(at, failed, answer.request_id)


def _read_back(client: GraphClient, changes_of: Sequence[Change], waiting: dict[int, Words],
               mailboxes: Mailboxes) -> list[Ended]:
    """The changes with no answer (after a cancel, a failure, an answer lost), as the
    tenant has them now: made, not made, or, when it can't be read, unknown."""
    if not waiting:
        return []
    changes = [changes_of[at] for at in waiting]
    try:
        live = read_live(client, {(c.mailbox, c.calendar_id) for c in changes
                                  if not c.is_setting}, mailboxes=mailboxes)
        options = read_options(client, {c.mailbox for c in changes if c.is_setting},
                               mailboxes=mailboxes)
    except (*_STOPPING, Cancelled) as exc:
        log.warning("Could not read back what a fix changed: %s", exc)
        return [Ended(at, words.unknown, sent=False) for at, words in waiting.items()]
    ended = []
    for at, words in waiting.items():
        change = changes_of[at]
        if change.is_setting:
            option = options[change.mailbox].option
            made = None if option is None else option == change.after
        else:
            now = live[(change.mailbox, change.calendar_id)]
            made = None if isinstance(now, str) else _made(change, now)
        if made is None:
            ended.append(Ended(at, words.unknown, sent=False))
        elif made:
            log.info("A change of a fix with no answer was made: %s", DONE_SEEN)
            ended.append(Ended(at, DONE))
        else:
            ended.append(Ended(at, words.not_made, sent=False))
    return ended


def _made(change: Change, permissions: Sequence[CalendarPermission]) -> bool:
    """Whether the tenant's permissions show ``change`` made."""
    if change.is_addition:
        address = (change.person_address or "").casefold()
        return any((p.email_address.address or "").casefold() == address for p in permissions)
    found = next((p for p in permissions if p.id == change.permission_id), None)
    if change.is_removal:
        return found is None
    return found is not None and found.role == change.after
