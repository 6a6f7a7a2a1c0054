"""Whose mailboxes a sync reads: everyone for an app-only administrator; for a person,
their own mailbox and the mailboxes whose calendars they were given (their executives).

Reads the directory or the calendar list: call it off the GUI thread.
"""

from __future__ import annotations

from app.accounts import Session
from app.sync import SyncScope


def scope_of(session: Session, tenant: str = "") -> SyncScope:
    """``tenant``: how the snapshot names the organization (default: the session's)."""
    service = session.service
    if session.app_only:
        names = {u.user_principal_name: u.display_name for u in service.users()}
        description = "all mailboxes"
    else:
        names = {c.owner.address: c.owner.name or c.owner.address
                 for c in service.calendars() if c.owner.address}
        description = "me and my executives"
    return SyncScope(tenant or session.tenant, session.label, description,
                     sorted(names, key=str.casefold), names)
