"""Several independent reads at once, for the few places one person's start-up waits on
one read per mailbox (the sidebar's executives, their meetings of the next days).

Each mailbox has its own limits at Graph (four requests at once per mailbox and app), so
reads of different mailboxes don't hold each other back; one after another, five
executives cost five round trips where one would do. The client's own slots still bound
what is in flight, so this can't go past Graph's limits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from app import cancellation

Item = TypeVar("Item")
Result = TypeVar("Result")

# Six mailboxes at once, within the client's slots. (A whole-suite run once crashed while
# Python collected garbage on one of these threads, freeing a Qt object away from its
# thread; garbage is now collected on the GUI thread only: app.gui_collector.)
AT_ONCE = 6


def each_at_once(read: Callable[[Item], Result], items: Sequence[Item], *,
                 at_most: int = AT_ONCE) -> list[Result]:
    """``[read(item) for item in items]``, up to ``at_most`` at a time, in order. The
    first failure is raised once every read started has ended: no thread outlives the
    call (a task cancelled stops its reads through the client, as one read would)."""
    if len(items) <= 1 or at_most <= 1:
        return [read(item) for item in items]
    cancel = cancellation.current()  # the reads obey it on their threads too

    def obeying(item: Item) -> Result:
        with cancellation.obeying(cancel):
            return read(item)

    with ThreadPoolExecutor(max_workers=min(at_most, len(items)),
                            thread_name_prefix="deputy-read") as pool:
        futures = [pool.submit(obeying, item) for item in items]
        return [future.result() for future in futures]
