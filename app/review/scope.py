"""Whose mailboxes a sync reads: everyone for an app-only administrator; for a person,
their own mailbox, and what they may not read of the people whose calendars they were
given (their executives), with why, so the sync never asks for it.

``capabilities`` decides, from the calendars as Graph lists them to this identity: a
person may read an executive's calendar, but not who else can see it nor who receives
the executive's meeting requests (GUIDE §2.2). Asking would only collect 403s.

Reads the directory or the calendar list: call it off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from app.graph.capabilities import Action, capabilities
from app.graph.resources import User
from app.review.limits import NO_MAILBOX, OWNER_ONLY, Unreadable
from app.sorting import sorted_in_steps

if TYPE_CHECKING:  # requests: a review read offline loads none of the sign-in
    from app.signin.accounts import Session

PERSON_SCOPE = "their own mailbox"


@dataclass(frozen=True)
class SyncScope:
    """Whose mailboxes a sync reads, and who reads them (for the snapshot's record).

    Attributes:
        names: display names of the mailboxes, where known, for the review.
        identity_key: whose snapshot it is ("adelev@contoso.com", "app-only"); by
            default worked out from ``identity``.
        unreadable: what the identity may not read, so the sync does not ask.
        ids: object ids of the mailboxes, where known: Graph is asked by id, since some
            mailboxes answer 404 by userPrincipalName and 200 by id (quirk
            mailbox-by-upn-not-found); the snapshot keeps the addresses.
    """

    tenant: str
    identity: str
    description: str
    mailboxes: Sequence[str]
    names: Mapping[str, str] = field(default_factory=dict)
    identity_key: str = ""
    unreadable: Sequence[Unreadable] = ()
    ids: Mapping[str, str] = field(default_factory=dict)


def scope_of(session: Session, tenant: str = "") -> SyncScope:
    """``tenant``: how the snapshot names the organization (default: the session's)."""
    if session.app_only:
        return _tenant_scope(session, tenant)
    service = session.service
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
    # By id, as the administrators' sync: some mailboxes answer 404 by their address.
    # (Only the identity's own mailbox is readable: only an owner may read sharing.)
    me_id = service.me().id if readable else ""
    ids = {address: me_id for address in readable if me_id}
    return SyncScope(tenant or session.tenant, session.label, PERSON_SCOPE,
                     sorted(set(readable), key=str.casefold), names, session.state_key,
                     sorted((u for k, u in unreadable.items() if k not in own),
                            key=lambda u: u.who.casefold()), ids)


def _tenant_scope(session: Session, tenant: str) -> SyncScope:
    """An app-only administrator's scope: every user of the directory with a mailbox."""
    users = session.service.users()
    with_mailbox = [u for u in users if might_have_mailbox(u)]
    names = {u.user_principal_name: u.display_name for u in with_mailbox}
    ids = {u.user_principal_name: u.id for u in with_mailbox if u.id}
    left_out = [Unreadable(NO_MAILBOX, u.user_principal_name, u.display_name)
                for u in users if not might_have_mailbox(u)]
    # In steps: 100,000 addresses in one ``sorted`` held the window's thread 0.1-0.3 s.
    return SyncScope(tenant or session.tenant, session.label, "all mailboxes",
                     sorted_in_steps(list(names), str.casefold), names, session.state_key,
                     sorted_in_steps(left_out, lambda u: u.who.casefold()), ids)


def might_have_mailbox(user: User) -> bool:
    """Guests and users without ``mail`` are left out (``User.might_have_mailbox``).

    Nothing in the directory tells the rest apart cheaply: ``assignedLicenses/$count ne
    0`` and ``mail ne null`` are advanced queries (ConsistencyLevel: eventual), and a
    licence filter would also drop shared and room mailboxes, which have calendars and
    no licence. Unlicensed, on-premises and soft-deleted mailboxes are read, and say why
    not (MailboxNotEnabledForRESTAPI).
    """
    return user.might_have_mailbox


def listed_scope(session: Session, scope: SyncScope, wanted: Sequence[str]) -> SyncScope:
    """``scope`` narrowed to the ``wanted`` mailboxes (``deputy sync --mailboxes``). A
    person reads only their own of them; the others are listed as unreadable."""
    if session.app_only:
        asked = {m.casefold() for m in wanted}
        left_out = {u.mailbox.casefold() for u in scope.unreadable}
        return replace(scope, mailboxes=[m for m in wanted if m.casefold() not in left_out],
                       description="listed mailboxes",
                       unreadable=[u for u in scope.unreadable
                                   if u.mailbox.casefold() in asked])
    me = (session.username or "").casefold()
    return replace(scope, mailboxes=[m for m in wanted if m.casefold() == me],
                   description="listed mailboxes",
                   unreadable=[Unreadable(OWNER_ONLY, m, scope.names.get(m, ""))
                               for m in wanted if m.casefold() != me])
