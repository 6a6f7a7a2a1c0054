"""What Deputy remembers for one signed-in identity between runs: the pinned mailboxes,
the names Outlook gave my copies of others' calendars, and the last selection."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

from app.accounts import Session
from app.graph.resources import Calendar


class Remembered:
    """Per-identity state in Deputy's settings, under ``state/<identity>/``."""

    def __init__(self, store: QSettings, session: Session) -> None:
        self._store = store
        self._prefix = f"state/{session.state_key.replace('@', '_at_')}"

    def _key(self, name: str) -> str:
        return f"{self._prefix}/{name}"

    def _json(self, name: str, default: str) -> object:
        try:
            return json.loads(str(self._store.value(self._key(name), default)))
        except ValueError:
            return json.loads(default)

    def pinned(self) -> list[dict[str, str]]:
        value = self._json("pinned", "[]")
        return [p for p in value if isinstance(p, dict) and p.get("address")] \
            if isinstance(value, list) else []

    def save_pinned(self, pinned: list[dict[str, str]]) -> None:
        self._store.setValue(self._key("pinned"), json.dumps(pinned))

    def given_names(self) -> dict[str, str]:
        """The names Graph gave my copies of others' calendars before I renamed them, by
        copy id.

        Graph links a copy to nothing but its owner: which copy is of the owner's primary
        calendar, and which sharing invitation a copy came from, can be told only by the
        name Outlook gave it ("Alex Wilber", or the shared calendar's name). A rename must
        not change what a copy is, so the given name is kept from the first rename on.
        """
        value = self._json("copy_names", "{}")
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)} \
            if isinstance(value, dict) else {}

    def keep_given_name(self, calendar: Calendar) -> None:
        names = self.given_names()
        if calendar.id not in names:
            names[calendar.id] = calendar.name
            self._store.setValue(self._key("copy_names"), json.dumps(names))

    def last_selection(self) -> tuple[str, str]:
        """The mailbox address and calendar id selected when Deputy last closed."""
        return (str(self._store.value(self._key("mailbox"), "") or ""),
                str(self._store.value(self._key("calendar"), "") or ""))

    def select(self, *, mailbox: str | None = None, calendar: str | None = None) -> None:
        if mailbox is not None:
            self._store.setValue(self._key("mailbox"), mailbox)
        if calendar is not None:
            self._store.setValue(self._key("calendar"), calendar)
