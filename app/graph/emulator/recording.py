"""Every JSON body the emulator answers with, for whoever asked to see them.

The test session listens, and reads each body with Microsoft's own SDK models
(``tests/contract/sdk_models.py``): a property the emulator invents, or a value Graph's
schema has no room for, fails the test that made the emulator send it. Batch items are
heard one by one, with their own method and path, as a client unpacks them.

Listening is process-wide, so the emulators a test starts itself (the demo's, a scale
seed's) are heard as well as the session's. With nobody listening it costs one check of
an empty list per answer.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Path segments whose next segment is a key (an id, a UPN), not a name.
_KEYED = frozenset(
    {"users", "groups", "calendars", "events", "calendarview", "calendarpermissions",
     "messages", "calendargroups"}
)
_FUNCTION_ARGUMENTS = re.compile(r"\(.*\)$")


@dataclass(frozen=True)
class SentBody:
    """One answer's JSON body and the request it answered."""

    method: str
    version: str
    path: str
    status: int
    body: Any
    departs: str = ""  # quirks.DEPARTS_HEADER: quirks whose shapes break the contract

    @property
    def route(self) -> str:
        """The path with its keys left out: ``/users/{id}/calendars/{id}/events``."""
        parts = [p for p in self.path.split("/") if p]
        shown: list[str] = []
        for index, part in enumerate(parts):
            after_key = index > 0 and parts[index - 1].lower() in _KEYED
            shown.append("{id}" if after_key else _FUNCTION_ARGUMENTS.sub("(…)", part))
        return "/" + "/".join(shown)

    def __str__(self) -> str:
        return f"{self.method} /{self.version}{self.route} -> {self.status}"


Listener = Callable[[SentBody], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def listen(listener: Listener) -> None:
    """Hear every JSON body any emulator in this process sends from now on."""
    with _lock:
        _listeners.append(listener)


def stop_listening(listener: Listener) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def sent(method: str, version: str, path: str, status: int, body: Any,
         departs: str = "") -> None:
    """Called by the server for each answer; JSON objects only (no body, no listener: no-op)."""
    if not _listeners or not isinstance(body, dict):
        return
    item = SentBody(method, version, path, status, body, departs)
    for listener in tuple(_listeners):
        listener(item)
