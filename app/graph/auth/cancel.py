"""Stopping a sign-in that waits on the person, from another thread.

An interactive or device-code sign-in blocks its worker thread until the person
finishes in the browser, which may be never. The GUI keeps a ``Cancellation`` and
calls ``cancel()`` from its Cancel button; each waiting flow registers how it stops.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancellation:
    """A one-way switch that runs the registered stop actions once, when thrown."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._actions: list[Callable[[], object]] = []

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            if self._cancelled:
                return
            self._cancelled = True
            actions, self._actions = self._actions, []
        for action in actions:
            action()

    def on_cancel(self, action: Callable[[], object]) -> None:
        """Run ``action`` when cancelled; at once if that already happened."""
        with self._lock:
            if not self._cancelled:
                self._actions.append(action)
                return
        action()
