"""Whose mailboxes a sync reads: everyone for an app-only administrator; for a person,
their own mailbox, and what they may not read of the people whose calendars they were
given (their executives), with why, so the sync never asks for it.

``capabilities`` decides, from the calendars as Graph lists them to this identity: a
person may read an executive's calendar, but not who else can see it nor who receives
the executive's meeting requests (GUIDE §2.2). Asking would only collect 403s.

Reads the directory or the calendar list: call it off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from app.accounts import Session
from app.graph.capabilities import Action, capabilities
from app.review.limits import OWNER_ONLY, Unreadable
from app.sync import SyncScope

PERSON_SCOPE = "their own mailbox"


def scope_of(session: Session, tenant: str = "") -> SyncScope:
    """``tenant``: how the snapshot names the organization (default: the session's)."""
    service = session.service
    if session.app_only:
        names = {u.user_principal_name: u.display_name for u in service.users()}
        return SyncScope(tenant or session.tenant, session.label, "all mailboxes",
                         sorted(names, key=str.casefold), names, session.state_key)
    names: dict[str, str] = {}
    readable: list[str] = []
    unreadable: dict[str, Unreadable] = {}
    for calendar in service.calendars():
        address = calendar.owner.address
        if not address:
            continue
        names[address] = calendar.owner.name or address
        if capabilities(session.username, calendar)[Action.READ_SHARING].allowed:
            readable.append(address)
        else:
            unreadable.setdefault(address.casefold(),
                                  Unreadable(OWNER_ONLY, address, names[address]))
    own = {a.casefold() for a in readable}
    return SyncScope(tenant or session.tenant, session.label, PERSON_SCOPE,
                     sorted(set(readable), key=str.casefold), names, session.state_key,
                     sorted((u for k, u in unreadable.items() if k not in own),
                            key=lambda u: u.who.casefold()))


def listed_scope(session: Session, scope: SyncScope, wanted: Sequence[str]) -> SyncScope:
    """``scope`` narrowed to the ``wanted`` mailboxes (``deputy sync --mailboxes``). A
    person reads only their own of them; the others are listed as unreadable."""
    if session.app_only:
        return replace(scope, mailboxes=list(wanted), description="listed mailboxes")
    me = (session.username or "").casefold()
    return replace(scope, mailboxes=[m for m in wanted if m.casefold() == me],
                   description="listed mailboxes",
                   unreadable=[Unreadable(OWNER_ONLY, m, scope.names.get(m, ""))
                               for m in wanted if m.casefold() != me])
