"""Where a fix's requests go: a calendar's permissions, under its mailbox.

Mailboxes are addressed by object id where it is known: some answer 404 by
userPrincipalName and 200 by id (GUIDE §2.5), as the sync does.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from app.graph.auth.scopes import scopes_for

# Reading and changing calendar permissions (for an administrator's app: its
# application permission Calendars.ReadWrite; for a person: their own calendars).
SCOPES = scopes_for("sharing")


class Mailboxes:
    """Object ids of mailboxes, by address (any case)."""

    def __init__(self, ids: Mapping[str, str] | None = None) -> None:
        self.ids = dict(ids or {})
        self._ids = {address.casefold(): object_id for address, object_id in self.ids.items()}

    def mailbox_path(self, mailbox: str) -> str:
        """``/users/{id}``."""
        return f"/users/{quote(self._ids.get(mailbox.casefold(), mailbox), safe='@')}"

    def permissions_path(self, mailbox: str, calendar_id: str) -> str:
        """``/users/{id}/calendars/{id}/calendarPermissions``."""
        return (f"{self.mailbox_path(mailbox)}/calendars/{quote(calendar_id, safe='')}"
                "/calendarPermissions")

    def permission_path(self, mailbox: str, calendar_id: str, permission_id: str) -> str:
        return f"{self.permissions_path(mailbox, calendar_id)}/{quote(permission_id, safe='')}"
