"""The window's sync, read in a process of its own (``app.review.sync_child``).

Reading 100,000 mailboxes takes eight threads parsing Graph's answers and one storing
them, all wanting Python's interpreter lock, which the window's thread needs for each
event it handles: in one process, the window stalled for up to 62 ms at a time during
such a sync (``bench.responsiveness``). In a process of its own, the sync has a lock
of its own, and the window's process only answers its questions (a token) and passes
on its progress and its log.

The window's process keeps what must stay in one place: the sign-in (its tokens, its
keyring, a person's interactive sign-in), the log file and the message bar. Should the
process fail to start (a locked-down computer), the sync runs as before, in the
window's process, and the log says why.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from app.graph.tokens import TokenProvider
from app.review import sync_child
from app.review.snapshot_store import SnapshotStore
from app.review.sync import SyncProgress
from app.review.sync_child import (
    CLAIMS,
    DONE,
    FAILED,
    GIVEN,
    LOG,
    PROGRESS,
    REFUSED,
    STOP,
    TOKEN,
    SyncOrder,
    client_settings,
    portable,
)
from app.signin.accounts import Session

log = logging.getLogger(__name__)

# How often the waiting thread looks at the task's cancel while the child is quiet.
CANCEL_CHECK_S = 0.1
# How long an ended child may take to exit before it is killed.
EXIT_WAIT_S = 10.0


class SyncProcessLost(Exception):  # noqa: N818 - names what happened, as Cancelled does
    """The sync's process ended without saying how the sync went."""

    def __init__(self, exit_code: int | None) -> None:
        super().__init__(
            "The sync stopped unexpectedly. The mailboxes stored before it stopped are "
            "kept in an interrupted snapshot; sync again to read them all.")
        self.exit_code = exit_code


def sync_in_process(session: Session, store: SnapshotStore, *, cancel: threading.Event,
                    on_progress: Callable[[SyncProgress], None]) -> int:
    """``run_sync`` of ``scope_of(session)`` into ``store``, in a process of its own; the
    new snapshot's id. Called on a worker thread, which it holds until the sync ends.
    Setting ``cancel`` stops the sync as ``run_sync``'s would.

    A process that can't start, or ends before it said a word (something on this
    computer stops it), leaves the sync to the window's process, as before."""
    context = multiprocessing.get_context("spawn")  # as on Windows, on every system
    ours, theirs = context.Pipe()
    process = context.Process(target=sync_child.main, name="deputy-sync", daemon=True,
                              args=(order_for(session, store.path), theirs))
    try:
        process.start()
    except OSError as exc:
        log.warning("The sync could not start a process of its own (%s); it runs in "
                    "Deputy's.", exc)
        ours.close()
        theirs.close()
        return sync_child.sync_as(session, store, cancel=cancel, on_progress=on_progress)
    theirs.close()  # the child's now: its end closing is how a lost child shows
    log.info("Syncing in process %s.", process.pid)
    serving = _Serving(ours, session.service.client.tokens, on_progress)
    try:
        return serving.until_done(process, cancel)
    except SyncProcessLost as lost:
        if serving.heard:
            log.error("The sync's process ended without a word (exit code %s).",
                      lost.exit_code)
            raise
        log.warning("The sync's process ended before it began (exit code %s); the sync "
                    "runs in Deputy's.", lost.exit_code)
    finally:
        ours.close()  # if it still runs (this thread failed), it stops as told to
        process.join(EXIT_WAIT_S)
        if process.is_alive():
            log.warning("The sync's process did not exit; ending it.")
            process.kill()
            process.join()
    return sync_child.sync_as(session, store, cancel=cancel, on_progress=on_progress)


def order_for(session: Session, store_path: Path) -> SyncOrder:
    client = session.service.client
    return SyncOrder(client.base_url, session.display_name, session.username,
                     session.tenant, str(store_path),
                     hasattr(client.tokens, "answer_claims_challenge"),
                     client_settings(client), _log_levels())


def _log_levels() -> dict[str, int]:
    levels = {"": logging.getLogger().getEffectiveLevel()}
    for name, logger in logging.Logger.manager.loggerDict.items():
        if isinstance(logger, logging.Logger) and logger.level != logging.NOTSET:
            levels[name] = logger.level
    return levels


class _Serving:
    """The window's process's side of the pipe, on the sync's worker thread."""

    def __init__(self, pipe: Connection, tokens: TokenProvider,
                 on_progress: Callable[[SyncProgress], None]) -> None:
        self._pipe, self._tokens, self._on_progress = pipe, tokens, on_progress
        self.heard = False  # from the child: it started

    def until_done(self, process: BaseProcess, cancel: threading.Event) -> int:
        told_to_stop = False
        while True:
            if cancel.is_set() and not told_to_stop:
                with contextlib.suppress(OSError):  # gone: the next wait says so
                    self._pipe.send((STOP,))
                told_to_stop = True
            ready = wait([self._pipe, process.sentinel], CANCEL_CHECK_S)
            if not ready:
                continue
            try:
                message = self._pipe.recv() if self._pipe.poll() else None
            except (EOFError, OSError):
                message = None
            if message is None:
                if process.sentinel in ready or not process.is_alive():
                    process.join(EXIT_WAIT_S)
                    raise SyncProcessLost(process.exitcode)
                continue
            self.heard = True
            kind = message[0]
            if kind == DONE:
                return int(message[1])
            if kind == FAILED:
                error, where = message[1], message[2]
                log.debug("The sync's process failed:\n%s", where)
                raise error
            self._handle(kind, message[1:])

    def _handle(self, kind: str, details: tuple[Any, ...]) -> None:
        if kind == PROGRESS:
            self._on_progress(details[0])
        elif kind == LOG:
            record = logging.makeLogRecord(details[0])
            logger = logging.getLogger(record.name)
            if logger.isEnabledFor(record.levelno):
                logger.handle(record)
        elif kind in (TOKEN, CLAIMS):
            self._answer(kind, details)
        else:
            log.warning("The sync's process said something unknown: %r", kind)

    def _answer(self, kind: str, details: tuple[Any, ...]) -> None:
        try:
            if kind == TOKEN:
                token = self._tokens.access_token(details[0])
            else:
                token = self._tokens.answer_claims_challenge(  # type: ignore[attr-defined]
                    details[0], details[1])  # asked only of a sign-in that has it
        except Exception as exc:
            self._pipe.send((REFUSED, portable(exc)))
            return
        self._pipe.send((GIVEN, token))
