"""Sorting long lists on a worker without holding the interpreter lock for long.

``sorted`` is one call into C: over 100,000 strings it holds Python's interpreter lock
for 50-150 ms, and the GUI thread, which needs the lock for every event, waits as long
(a stall the window shows, though the work is on a worker). Here the keys are made in a
Python loop, short runs are sorted in C (``CHUNK`` items, about a millisecond each),
and the runs are merged by ``heapq.merge``, which is Python: the interpreter hands the
lock to the GUI thread every millisecond throughout (``app.gui.GUI_SWITCH_INTERVAL_S``).
The result is ``sorted``'s, equal keys in their order.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
CHUNK = 4096  # items per short sort: about a millisecond of C each


def sorted_in_steps(items: Sequence[Item], key: Callable[[Item], Any]) -> list[Item]:
    """``sorted(items, key=key)``, never in one long call into C."""
    keys = [key(item) for item in items]
    return [items[place] for place in places_in_order(keys)]


def places_in_order(keys: Sequence[Any]) -> list[int]:
    """The places of ``keys`` in ascending order of the keys, equal keys in their order."""
    runs = [sorted(range(start, min(start + CHUNK, len(keys))), key=keys.__getitem__)
            for start in range(0, len(keys), CHUNK)]
    return list(heapq.merge(*runs, key=keys.__getitem__))
