"""What Deputy remembers for one signed-in identity between runs: the pinned mailboxes,
the names Outlook gave my copies of others' calendars, and the last selection."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

from app.graph.resources import Calendar
from app.settings import COPY_NAMES, LAST_CALENDAR, LAST_MAILBOX, PINNED, IdentitySetting
from app.signin.accounts import Session


class Remembered:
    """Per-identity state in Deputy's settings (``app.settings`` declares it)."""

    def __init__(self, store: QSettings, session: Session) -> None:
        self._store = store
        self._identity = session.state_key

    def _json(self, setting: IdentitySetting) -> object:
        try:
            return json.loads(setting.read(self._store, self._identity))
        except ValueError:
            return json.loads(setting.default)

    def pinned(self) -> list[dict[str, str]]:
        value = self._json(PINNED)
        return [p for p in value if isinstance(p, dict) and p.get("address")] \
            if isinstance(value, list) else []

    def save_pinned(self, pinned: list[dict[str, str]]) -> None:
        PINNED.write(self._store, self._identity, json.dumps(pinned))

    def given_names(self) -> dict[str, str]:
        """The names Graph gave my copies of others' calendars before I renamed them, by
        copy id.

        Graph links a copy to nothing but its owner: which copy is of the owner's primary
        calendar, and which sharing invitation a copy came from, can be told only by the
        name Outlook gave it ("Alex Wilber", or the shared calendar's name). A rename must
        not change what a copy is, so the given name is kept from the first rename on.
        """
        value = self._json(COPY_NAMES)
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)} \
            if isinstance(value, dict) else {}

    def keep_given_name(self, calendar: Calendar) -> None:
        names = self.given_names()
        if calendar.id not in names:
            names[calendar.id] = calendar.name
            COPY_NAMES.write(self._store, self._identity, json.dumps(names))

    def last_selection(self) -> tuple[str, str]:
        """The mailbox address and calendar id selected when Deputy last closed."""
        return (LAST_MAILBOX.read(self._store, self._identity),
                LAST_CALENDAR.read(self._store, self._identity))

    def select(self, *, mailbox: str | None = None, calendar: str | None = None) -> None:
        if mailbox is not None:
            LAST_MAILBOX.write(self._store, self._identity, mailbox)
        if calendar is not None:
            LAST_CALENDAR.write(self._store, self._identity, calendar)
