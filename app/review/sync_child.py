"""What runs in the sync's own process (``app.review.sync_process`` starts it).

The child reads the mailboxes and stores them in the snapshot file, as ``deputy sync``
does; everything else stays with the window's process, which it talks to over one
pipe:

- **tokens**: the sign-in lives in the window's process (MSAL's cache, the keyring, a
  person's interactive sign-in), so the child asks it for each token it needs
  (``RelayedTokens``), and for a new one when Graph sends a claims challenge;
- **progress**: the notes the window's sync panel shows, no more often than it shows
  them (``now_and_then``);
- **the log**: every record, so the request-ids land in Deputy's one log file;
- **the end**: the snapshot's id, or what went wrong, as the exception itself.

It imports no Qt: it starts in about 0.2 s from source.
"""

from __future__ import annotations

import functools
import logging
import pickle
import queue
import signal
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from logging.handlers import QueueHandler
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from app import cancellation
from app.graph.http import GraphClient, RetryPolicy
from app.graph.services import CalendarService
from app.review.scope import scope_of
from app.review.snapshot_store import SnapshotStore
from app.review.sync import SyncProgress, now_and_then, run_sync
from app.signin.accounts import Session

# What the child says (the first item of each message it sends).
TOKEN, CLAIMS, PROGRESS, LOG, DONE, FAILED = (
    "token", "claims", "progress", "log", "done", "failed")
# What the window's process says: the answer to a TOKEN or CLAIMS, or "stop".
GIVEN, REFUSED, STOP = "given", "refused", "stop"
# How long the child uses a token before asking again. Every sign-in hands out tokens
# with minutes left (MSAL renews them 5 minutes before they expire, the demo 2), and
# asking for each of a 100,000-mailbox sync's 20,000 requests would wake the window's
# process as often.
TOKEN_REUSE_S = 30.0


@dataclass(frozen=True)
class SyncOrder:
    """Everything the child needs to know, sent as it starts.

    Attributes:
        answers_claims: whether the sign-in answers Graph's claims challenges.
        client: the Graph client's settings, as ``GraphClient`` takes them.
        log_levels: the levels set in the window's process, by logger name ("" for the
            root), so the child sends only what would be logged there.
    """

    base_url: str
    display_name: str
    username: str | None
    tenant: str
    store_path: str
    answers_claims: bool = False
    client: Mapping[str, Any] = field(default_factory=dict)
    log_levels: Mapping[str, int] = field(default_factory=dict)


class SyncChildError(Exception):
    """A failure that could not travel between the processes as itself, in its words."""


def portable(error: BaseException) -> BaseException:
    """``error`` if it crosses to the other process as itself, else a SyncChildError that
    says the same."""
    try:
        copy = pickle.loads(pickle.dumps(error))
        if type(copy) is type(error) and str(copy) == str(error):
            return error
    except Exception:
        pass
    return SyncChildError(str(error) or type(error).__name__)


class Link:
    """The child's end of the pipe: any thread may send; asking waits for the answer,
    one question at a time (the window's process answers in order).

    A thread listens for what the window's process says: the answers, and "stop".
    (Not a ``multiprocessing`` event: setting one waits for every process waiting on
    it to wake, and one that was killed or has just exited never does.) Should the
    window's process go, the pipe closes and the sync stops as if told to.
    """

    def __init__(self, pipe: Connection) -> None:
        self._pipe = pipe
        self._sending = threading.Lock()
        self._asking = threading.Lock()
        self._answers: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self.stopped = threading.Event()
        threading.Thread(target=self._listen, name="deputy-sync-listen", daemon=True).start()

    def _listen(self) -> None:
        while True:
            try:
                message = self._pipe.recv()
            except (EOFError, OSError):
                self.stopped.set()
                self._answers.put((REFUSED, SyncChildError("Deputy's window closed.")))
                return
            if message[0] == STOP:
                self.stopped.set()
            else:
                self._answers.put(message)

    def send(self, *message: Any) -> None:
        with self._sending:
            self._pipe.send(message)

    def ask(self, *question: Any) -> Any:
        """The answer's value; what the window's process raised, raised here."""
        with self._asking:
            self.send(*question)
            kind, value = self._answers.get()
        if kind == REFUSED:
            raise value
        return value


class RelayedTokens:
    """A ``TokenProvider`` that asks the window's process, where the sign-in is."""

    def __init__(self, link: Link, display_name: str, username: str | None) -> None:
        self._link = link
        self._display_name, self._username = display_name, username
        self._reused: dict[tuple[str, ...], tuple[str, float]] = {}
        self._lock = threading.Lock()

    @property
    def display_name(self) -> str:
        return self._display_name

    @property
    def username(self) -> str | None:
        return self._username

    @property
    def app_only(self) -> bool:
        return self._username is None

    def access_token(self, scopes: Sequence[str]) -> str:
        key = tuple(scopes)
        with self._lock:
            reused = self._reused.get(key)
            if reused is not None and time.monotonic() - reused[1] < TOKEN_REUSE_S:
                return reused[0]
            token: str = self._link.ask(TOKEN, list(scopes))
            self._reused[key] = (token, time.monotonic())
            return token



class RelayedChallengeTokens(RelayedTokens):
    """``RelayedTokens`` of a sign-in that answers Graph's claims challenges (a
    person's: ``app.graph.tokens.ClaimsChallengeAnswerer``)."""

    def answer_claims_challenge(self, scopes: Sequence[str], claims: str) -> str:
        with self._lock:
            token: str = self._link.ask(CLAIMS, list(scopes), claims)
            self._reused[tuple(scopes)] = (token, time.monotonic())
            return token


class _ToParent(QueueHandler):
    """Each log record, formatted here (its traceback too), to the window's process."""

    def __init__(self, link: Link) -> None:
        super().__init__(None)  # type: ignore[arg-type]  # enqueue sends instead
        self._link = link

    def enqueue(self, record: logging.LogRecord) -> None:
        self._link.send(LOG, vars(record))


def _log_to_parent(link: Link, levels: Mapping[str, int]) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_ToParent(link))
    for name, level in levels.items():
        logging.getLogger(name or None).setLevel(level)


def main(order: SyncOrder, pipe: Connection) -> None:
    """The child's whole life: sync, say how it ended, exit."""
    # Ctrl+C in the terminal that started Deputy reaches the whole process group: the
    # window's process decides whether the sync stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    link = Link(pipe)
    _log_to_parent(link, order.log_levels)
    relay = RelayedChallengeTokens if order.answers_claims else RelayedTokens
    client = GraphClient(order.base_url, relay(link, order.display_name, order.username),
                         **order.client)
    session = Session(order.display_name, order.username, CalendarService(client),
                      order.tenant)
    store: SnapshotStore | None = None
    try:
        store = SnapshotStore(Path(order.store_path))
        snapshot_id = sync_as(session, store, cancel=link.stopped,
                              on_progress=functools.partial(link.send, PROGRESS))
        link.send(DONE, snapshot_id)
    except BaseException as exc:
        link.send(FAILED, portable(exc), traceback.format_exc())
    finally:
        if store is not None:
            store.close()
        client.close()


def sync_as(session: Session, store: SnapshotStore, *, cancel: threading.Event,
            on_progress: Callable[[SyncProgress], None]) -> int:
    """What the window's sync reads, wherever it runs: ``scope_of(session)`` into a new
    snapshot in ``store``, its reading told now and then; the snapshot's id."""
    with cancellation.obeying(cancel):  # listing the mailboxes too
        return run_sync(session.service.client, store, scope_of(session), cancel=cancel,
                        on_progress=now_and_then(on_progress))


def client_settings(client: GraphClient) -> dict[str, Any]:
    """What ``GraphClient`` needs to make a client like ``client`` in the child."""
    retry: RetryPolicy = client.retry
    return {"version": client.version, "timeout": client.timeout, "retry": retry,
            "max_concurrency": client.max_concurrency,
            "mailbox_concurrency": client.slots.limit}
