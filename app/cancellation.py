"""The cancellation of the background task a thread is running, for code far below it.

A task's work calls Graph through layers that were not all written to pass a cancel
event down (a service reading three pages of meeting mail, a page's meetings asked
for in ``$batch`` calls). Without one, a read the person stopped (Esc, another
mailbox chosen, the window closed) went on to its last page and retry, and a window
closing waited for it. The task runner says here which cancellation the thread's
read obeys; Graph's client asks before each request and each wait.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_here = threading.local()


def current() -> threading.Event | None:
    """The cancellation of the read this thread runs for, if any."""
    return getattr(_here, "cancel", None)


@contextmanager
def obeying(cancel: threading.Event | None) -> Iterator[None]:
    """While the block runs, this thread's Graph calls stop once ``cancel`` is set."""
    before = current()
    _here.cancel = cancel
    try:
        yield
    finally:
        _here.cancel = before
