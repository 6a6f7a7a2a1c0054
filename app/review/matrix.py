"""The matrix: mailboxes down, people across, each cell the strongest role given.

A person may have access to several of a mailbox's calendars; the cell shows the
strongest role and keeps every grant, so a tooltip can list them. Filtering works on
the sparse set of cells (a matrix of 1,000 by 1,000 has a few thousand of them), and
yields the rows and columns to show: the Qt model never looks at empty cells to decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from app.addresses import name_and_address
from app.graph.roles import DELEGATE_ROLES, role_label, role_rank, role_short_label
from app.review.people import Person, person_of
from app.review.snapshot_store import PermissionRow

FREE_BUSY = role_rank("freeBusyRead")
WRITE = role_rank("write")
PRIVATE = "delegateWithPrivateEventAccess"


@dataclass(frozen=True)
class Grant:
    """One role on one calendar."""

    calendar_name: str
    is_default: bool
    role: str


@dataclass(frozen=True)
class Cell:
    """What one person may do with one mailbox's calendars; ``role`` is the strongest."""

    grants: tuple[Grant, ...]

    @property
    def role(self) -> str:
        return max(self.grants, key=lambda g: role_rank(g.role)).role

    @property
    def rank(self) -> int:
        return role_rank(self.role)

    @property
    def text(self) -> str:
        """"Edit", or "Edit +1" when another calendar is shared too (the details say which)."""
        others = sum(1 for g in self.grants if g.role != "none") - 1
        label = role_short_label(self.role)
        return f"{label} +{others}" if others > 0 else label

    @property
    def details(self) -> str:
        return "\n".join(f"{g.calendar_name}: {role_label(g.role)}" for g in self.grants)


# What the "level" filter keeps: each a test on a cell and its column's person.
LEVELS: dict[str, str] = {
    "": "Any access",
    "write": "Can edit and above",
    "delegates": "Delegates",
    "private": "Sees private events",
    "organization": "“My Organization” above free/busy",
}


@dataclass(frozen=True)
class MatrixFilter:
    """What to show. Empty fields keep everything.

    Attributes:
        person: one person's key, or "".
        mailbox: one mailbox address (case-insensitive), or "".
        external: only people outside the organization.
        level: a key of ``LEVELS``.
        search: words to find in a mailbox's or a person's name or address.
        executives: only mailboxes with a delegate, the executives an auditor asks
            about first ("who outside can see an executive's calendar?").
    """

    person: str = ""
    mailbox: str = ""
    external: bool = False
    level: str = ""
    search: str = ""
    executives: bool = False

    @property
    def narrows_cells(self) -> bool:
        return bool(self.person or self.external or self.level)

    @property
    def narrows_rows(self) -> bool:
        return bool(self.mailbox or self.executives)


def _level_keeps(level: str, cell: Cell, person: Person) -> bool:
    if level == "write":
        return cell.rank >= WRITE
    if level == "delegates":
        return any(g.role in DELEGATE_ROLES for g in cell.grants)
    if level == "private":
        return any(g.role == PRIVATE for g in cell.grants)
    if level == "organization":
        return person.is_my_organization and cell.rank > FREE_BUSY
    return cell.rank > 0


@dataclass
class Matrix:
    """Mailboxes down, people across.

    Attributes:
        mailboxes: row addresses, in the order given.
        people: columns, "My Organization" first, then people outside the organization,
            then the others, each by name.
        cells: by (row, column).
        names: display names of mailboxes, where a permission elsewhere gave one.
    """

    mailboxes: list[str]
    people: list[Person]
    cells: dict[tuple[int, int], Cell]
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Iterable[PermissionRow], mailboxes: Sequence[str],
              names: Mapping[str, str] | None = None) -> Matrix:
        """``names``: the mailboxes' display names the sync knew; others are taken from
        permissions given to the same address, where there are any."""
        rows = list(rows)
        row_of = {address.casefold(): i for i, address in enumerate(mailboxes)}
        people: dict[str, Person] = {}
        for row in rows:
            people.setdefault(person_of(row).key, person_of(row))
        ordered = sorted(people.values(),  # people outside first: an auditor's first question
                         key=lambda p: (not p.is_my_organization, p.inside, p.name.casefold()))
        column_of = {p.key: i for i, p in enumerate(ordered)}
        grants: dict[tuple[int, int], list[Grant]] = {}
        for row in rows:
            at = (row_of[row.mailbox.casefold()], column_of[person_of(row).key])
            grants.setdefault(at, []).append(Grant(row.calendar_name, row.is_default, row.role))
        known = {p.address.casefold(): p.name for p in ordered if p.address}
        known.update({m.casefold(): name for m, name in (names or {}).items() if name})
        return cls(list(mailboxes), ordered,
                   {at: Cell(tuple(sorted(g, key=lambda g: (not g.is_default,
                                                           g.calendar_name.casefold()))))
                    for at, g in grants.items()},
                   {m: known[m.casefold()] for m in mailboxes if m.casefold() in known})

    @cached_property
    def executive_rows(self) -> set[int]:
        """The mailboxes with at least one delegate."""
        return {r for (r, _), cell in self.cells.items()
                if any(g.role in DELEGATE_ROLES for g in cell.grants)}

    def mailbox_label(self, row: int) -> str:
        address = self.mailboxes[row]
        name = self.names.get(address)
        return name_and_address(name, address)

    def visible(self, spec: MatrixFilter) -> tuple[set[int], set[int]]:
        """The rows and columns that ``spec`` keeps.

        Without a filter on cells every mailbox and person shows; with one, only the
        mailboxes and people that have a kept cell.
        """
        words = spec.search.casefold().split()
        columns = {c for c, p in enumerate(self.people)
                   if (not spec.person or p.key == spec.person)
                   and (not spec.external or not p.inside)}
        rows = {r for r, m in enumerate(self.mailboxes)
                if not spec.mailbox or m.casefold() == spec.mailbox.casefold()}
        if spec.executives:
            rows &= self.executive_rows
        if words:
            rows_found = {r for r in rows if all(w in self.mailbox_label(r).casefold()
                                                 for w in words)}
            columns_found = {c for c in columns
                             if all(w in f"{self.people[c].name} {self.people[c].address}"
                                    .casefold() for w in words)}
            if rows_found and not columns_found:
                rows = rows_found
            elif columns_found and not rows_found:
                columns = columns_found
            else:
                rows, columns = rows_found, columns_found
        if not (spec.narrows_cells or spec.narrows_rows):
            return rows, columns
        kept = [(r, c) for (r, c), cell in self.cells.items()
                if r in rows and c in columns
                and _level_keeps(spec.level, cell, self.people[c])]
        shown_rows = {r for r, _ in kept} if spec.narrows_cells else rows
        return shown_rows, {c for _, c in kept}
