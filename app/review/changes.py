"""What changed between two snapshots: people added, removed, and roles changed.

Permissions are matched by mailbox, calendar and person (not by permission id: a
person removed and shared with again is a changed role to an auditor, not two rows).
A mailbox that could not be read completely in either snapshot is not compared, and
the result says so: a missing read must never look like removed access.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from app.review.people import Person, person_key, person_of
from app.review.snapshot_store import PermissionRow
from app.sorting import sorted_in_steps


class Kind(Enum):
    ADDED = "Added"
    REMOVED = "Removed"
    CHANGED = "Changed"


@dataclass(frozen=True)
class Change:
    """One person's access to one calendar, before and after (None: had none)."""

    kind: Kind
    mailbox: str
    calendar_name: str
    person: Person
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Comparison:
    """The changes, and the mailboxes left out because one side could not read them.

    Attributes:
        delivery: mailbox → (option before, option after), where it changed.
    """

    changes: list[Change]
    not_compared: list[str]
    delivery: dict[str, tuple[str | None, str | None]]


def _key(row: PermissionRow) -> tuple[str, str, str]:
    return row.mailbox.casefold(), row.calendar_id, person_key(row)


def compare(old: Iterable[PermissionRow], new: Iterable[PermissionRow], *,
            old_mailboxes: Mapping[str, list[str]], new_mailboxes: Mapping[str, list[str]],
            old_delivery: Mapping[str, str | None] | None = None,
            new_delivery: Mapping[str, str | None] | None = None) -> Comparison:
    """Compare two snapshots' permissions.

    ``*_mailboxes``: every mailbox each snapshot holds, mapped to what could not be
    read in it (empty when read completely). Mailboxes read completely in both are
    compared; the others are listed in ``not_compared``.

    The mailboxes are matched in Python loops, not by set operations: over 100,000
    mailboxes each of those is one call into C of 20-80 ms, during which the GUI
    thread waits for the interpreter lock (``app.sorting`` says more).
    """
    readable_old = {m.casefold() for m, problems in old_mailboxes.items() if not problems}
    both = {m.casefold() for m, problems in new_mailboxes.items()
            if not problems and m.casefold() in readable_old}
    every = {m.casefold(): m for m in [*old_mailboxes, *new_mailboxes]}
    not_compared = sorted((mailbox for key, mailbox in every.items() if key not in both),
                          key=str.casefold)
    before = {_key(r): r for r in old if r.mailbox.casefold() in both}
    after = {_key(r): r for r in new if r.mailbox.casefold() in both}
    changes = []
    for key in before.keys() | after.keys():
        was, now = before.get(key), after.get(key)
        if was is not None and now is not None and was.role == now.role:
            continue
        row = now or was
        assert row is not None
        kind = Kind.ADDED if was is None else Kind.REMOVED if now is None else Kind.CHANGED
        changes.append(Change(kind, row.mailbox, row.calendar_name, person_of(row),
                              was.role if was else None, now.role if now else None))
    changes = sorted_in_steps(changes, key=lambda c: (
        c.mailbox.casefold(), c.calendar_name.casefold(), c.person.name.casefold()))
    delivery = {}
    old_delivery, new_delivery = old_delivery or {}, new_delivery or {}
    changed = [m for m, option in old_delivery.items() if m in new_delivery
               and option != new_delivery[m] and m.casefold() in both]
    for mailbox in sorted(changed, key=str.casefold):  # the few, not 100,000 mailboxes
        delivery[mailbox] = (old_delivery[mailbox], new_delivery[mailbox])
    return Comparison(changes, not_compared, delivery)
