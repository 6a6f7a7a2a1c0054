"""Copy a delegate set-up: one executive's primary-calendar access and delivery option,
planned onto other mailboxes as ordinary changes.

An assistant joins, a new executive starts: their calendar should be shared as a
colleague's is. The source's primary calendar and delivery option are read live, then
each target gets the changes that make its set-up match: a person the source has and
the target lacks is added, a differing role changed, the delivery option set. Those are
``Change``s like a fix's, so the preview (live check), apply (journal, request-id,
throttling, cancel) and undo are the fix's own.

What the copy does not touch, and says so in the plan's notes:
- people who have access to a target but not to the source are kept unless the caller
  asks to remove them (removing access is the surprising part of a copy);
- "My Organization" and entries for no one (no address) are not people to copy;
- a role set in Outlook (``custom``) or one this Deputy doesn't know can't be given;
- a person is never added to their own calendar (an assistant who is both).

A role the target's permission does not allow (``allowedRoles``, GUIDE §2.2) is lowered
to the most it allows, and the preview says so for that change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.graph.resources import Calendar, CalendarPermission
from app.graph.roles import ROLE_ORDER, is_known, role_label

from .addressing import Mailboxes
from .delivery import DEFAULT, delivery_change
from .plan import Change, PlanError

if TYPE_CHECKING:  # requests: loaded to read mailboxes, not with the review
    from app.graph.audit import MailboxSharing
    from app.graph.http import GraphClient


@dataclass
class CopyPlan:
    """The changes that make each target's set-up the source's, and what is left alone.

    Attributes:
        notes: sentences about what the copy keeps or can't copy, for the preview.
        kept: how many people the targets keep who are not on the source's calendar.
    """

    source: str
    targets: list[str]
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kept: int = 0

    def what(self, names: Mapping[str, str] | None = None) -> str:
        """The run's name in the change journal."""
        names = names or {}
        targets = ", ".join(names.get(t, t) for t in self.targets)
        return f"copy {names.get(self.source, self.source)}'s delegate set-up to {targets}"


def best_role(wanted: str, allowed: Sequence[str]) -> str | None:
    """``wanted``, or the most access below it that ``allowed`` holds (never "none":
    no access is not a copy of access); None when there is none."""
    if wanted in allowed:
        return wanted
    below = [r for r in ROLE_ORDER[1:ROLE_ORDER.index(wanted)] if r in allowed]
    return below[-1] if below else None


def primary_of(sharing: MailboxSharing) -> Calendar | None:
    return next((c for c in sharing.calendars if c.is_default_calendar), None)


def _address(permission: CalendarPermission) -> str:
    return (permission.email_address.address or "").casefold()


def plan_copy(client: GraphClient, source: str, targets: Sequence[str], *,
              remove_others: bool = False, names: Mapping[str, str] | None = None,
              mailboxes: Mailboxes | None = None, cancel: threading.Event | None = None,
              on_progress: Callable[[int, int], None] | None = None) -> CopyPlan:
    """Read the source and the targets now (one flow of ``$batch`` calls) and plan.
    Raises PlanError (the source can't be read, a target is the source) and Cancelled."""
    targets = list(dict.fromkeys(targets))
    if not targets:
        raise PlanError("Choose at least one mailbox to copy the set-up to.")
    if source.casefold() in {t.casefold() for t in targets}:
        raise PlanError(f"{source} is the source: it can't be a target too.")
    from app.graph.audit import read_sharing  # requests: loaded to read, not to review

    read = read_sharing(client, [source, *targets], cancel=cancel, on_progress=on_progress,
                        ids=(mailboxes or Mailboxes()).ids)
    return plan_from(read[source], [read[t] for t in targets], names=names or {},
                     remove_others=remove_others)


def plan_from(source: MailboxSharing, targets: Sequence[MailboxSharing], *,
              names: Mapping[str, str], remove_others: bool = False) -> CopyPlan:
    """The plan, from the sharing read of the source and of each target."""
    source_name = names.get(source.mailbox, source.mailbox)
    primary = primary_of(source)
    if source.problems or primary is None:
        why = "; ".join(source.problems) or "it has no primary calendar"
        raise PlanError(f"Can't read {source_name}'s set-up: {why}.")
    plan = CopyPlan(source.mailbox, [t.mailbox for t in targets])
    people: list[CalendarPermission] = []
    for permission in source.permissions.get(primary.id, []):
        if permission.is_my_organization or _address(permission) == source.mailbox.casefold():
            continue
        if not permission.email_address.address:
            plan.notes.append(f"Not copied: {permission.person_name} on {source_name}'s "
                              "calendar has no address, and Graph needs one to add a person.")
        elif not is_known(permission.role):
            plan.notes.append(f"Not copied: {permission.person_name} has “"
                              f"{role_label(permission.role)}” on {source_name}'s calendar, "
                              "which Graph can't give.")
        else:
            people.append(permission)
    option = source.delivery_option or DEFAULT
    for target in targets:
        _plan_target(plan, target, people, option, names, source_name, remove_others)
    return plan


def _plan_target(plan: CopyPlan, target: MailboxSharing, people: Sequence[CalendarPermission],
                 option: str, names: Mapping[str, str], source_name: str,
                 remove_others: bool) -> None:
    name = names.get(target.mailbox, target.mailbox)
    primary = primary_of(target)
    if target.problems or primary is None:
        why = "; ".join(target.problems) or "it has no primary calendar"
        plan.notes.append(f"Nothing planned for {name}: {why}.")
        return
    live = target.permissions.get(primary.id, [])
    held = {_address(p): p for p in live if p.email_address.address}
    wanted = {_address(p) for p in people}
    for person in people:
        address = person.email_address.address or ""
        if address.casefold() == target.mailbox.casefold():
            plan.notes.append(f"{person.person_name} is not added to their own calendar.")
            continue
        found = held.get(address.casefold())
        role = best_role(person.role, found.allowed_roles if found else person.allowed_roles)
        if role is None:
            plan.notes.append(f"Not copied to {name}: {person.person_name} can't be given "
                              f"“{role_label(person.role)}” or less there.")
            continue
        note = "" if role == person.role else (f"Lowered from “{role_label(person.role)}”, "
                                               "the most this permission allows.")
        plan.changes.append(Change(
            target.mailbox, primary.id, primary.name, found.id if found else "",
            person.email_address.name or address, address, found.role if found else None,
            role, found.is_removable if found else True, name, note=note))
    others = [p for p in live if p.is_removable and not p.is_my_organization
              and _address(p) not in wanted and _address(p) != target.mailbox.casefold()]
    if remove_others:
        plan.changes.extend(Change(
            target.mailbox, primary.id, primary.name, p.id, p.person_name,
            p.email_address.address, p.role, None, True, name) for p in others)
    elif others:
        plan.kept += len(others)
        plan.notes.append(f"Kept on {name}'s calendar, though not on {source_name}'s: "
                          f"{', '.join(p.person_name for p in others)}.")
    plan.changes.append(delivery_change(target.mailbox, name,
                                        target.delivery_option or DEFAULT, option))
