"""The matrix: mailboxes down, people across, each cell the strongest role given.

A person may have access to several of a mailbox's calendars; the cell shows the
strongest role and keeps every grant, so a tooltip can list them. Filtering works on
the sparse set of cells (a matrix of 1,000 by 1,000 has a few thousand of them), and
yields the rows and columns to show: the Qt model never looks at empty cells to decide.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from app.addresses import name_and_address
from app.graph.roles import role_rank
from app.review.cells import HAS_DELEGATE, HAS_PRIVATE, PRIVATE, Cell, Cells, CellsBuilder, Grant
from app.review.people import MY_ORGANIZATION, People, Person, key_of, person_named
from app.review.snapshot_store import GrantValues, PermissionRow
from app.sorting import places_in_order

FREE_BUSY = role_rank("freeBusyRead")
WRITE = role_rank("write")
__all__ = ["FREE_BUSY", "LEVELS", "PRIVATE", "WRITE", "Cell", "Grant", "Matrix", "MatrixFilter"]


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


def _level_keeps(level: str, cells: Cells, at: int, person_key: str) -> bool:
    """Whether the ``level`` filter keeps cell number ``at``, in the column of the
    person whose key is ``person_key``."""
    if level == "write":
        return cells.rank(at) >= WRITE
    if level == "delegates":
        return bool(cells.marks(at) & HAS_DELEGATE)
    if level == "private":
        return bool(cells.marks(at) & HAS_PRIVATE)
    if level == "organization":
        return person_key == MY_ORGANIZATION and cells.rank(at) > FREE_BUSY
    return cells.rank(at) > 0


@dataclass
class Matrix:
    """Mailboxes down, people across.

    Attributes:
        mailboxes: row addresses, in the order given.
        people: columns, "My Organization" first, then people outside the organization,
            then the others, each by name.
        cells: by (row, column), compact (``app.review.cells``).
        names: display names of mailboxes, where a permission elsewhere gave one.
    """

    mailboxes: list[str]
    people: People
    cells: Cells
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> Matrix:
        return cls([], People.of(()), Cells.empty())

    @classmethod
    def build(cls, rows: Iterable[PermissionRow], mailboxes: Sequence[str],
              names: Mapping[str, str] | None = None) -> Matrix:
        """``names``: the mailboxes' display names the sync knew; others are taken from
        permissions given to the same address, where there are any."""
        return cls.from_values(((r.mailbox, r.calendar_name, r.is_default, r.person_name,
                                 r.person_address, r.role, r.inside, r.removable)
                                for r in rows), mailboxes, names)

    @classmethod
    def from_values(cls, rows: Iterable[GrantValues], mailboxes: Sequence[str],
                    names: Mapping[str, str] | None = None) -> Matrix:
        """``build`` from each permission's values alone, as ``SnapshotStore.grants``
        reads them: no row object is made for the 700,000 permissions of a
        100,000-mailbox snapshot.

        One pass: each person is made once (the first row for them gives the name), and
        each grant goes into the compact cells as numbers."""
        row_of = {address.casefold(): i for i, address in enumerate(mailboxes)}
        number: dict[str, int] = {}
        people: list[Person] = []
        builder = CellsBuilder()
        add = builder.add
        for mailbox, calendar_name, is_default, name, address, role, inside, removable in rows:
            key = key_of(address, name, removable)
            person = number.get(key)
            if person is None:
                person = number[key] = len(people)
                people.append(person_named(key, name, address, inside))
            add(row_of[mailbox.casefold()], person, calendar_name, is_default, role)
        # People outside first: an auditor's first question. In steps: 130,000 people
        # sorted in one call into C held the interpreter lock (app.sorting).
        ordered = places_in_order([(not p.is_my_organization, p.inside, p.name.casefold())
                                   for p in people])
        column_of = [0] * len(people)
        for column, person in enumerate(ordered):
            column_of[person] = column
        known = {p.address.casefold(): p.name for p in people if p.address}
        known.update({m.casefold(): name for m, name in (names or {}).items() if name})
        matrix = cls(list(mailboxes), People.of(people[p] for p in ordered),
                     builder.build(len(mailboxes), column_of),
                     {m: known[m.casefold()] for m in mailboxes if m.casefold() in known})
        matrix.work_out_lookups()
        return matrix

    @cached_property
    def executive_rows(self) -> set[int]:
        """The mailboxes with at least one delegate."""
        cells = self.cells
        return {cells.row_of(at) for at in range(len(cells))
                if cells.marks(at) & HAS_DELEGATE}

    @cached_property
    def label_rank(self) -> array[int]:
        """Each row's place when the mailboxes are sorted by their labels, ignoring case:
        the model sorts by it, without making 100,000 labels on the GUI thread."""
        labels = [self.mailbox_label(r).casefold() for r in range(len(self.mailboxes))]
        rank = array("l", bytes(len(labels) * array("l").itemsize))
        for place, row in enumerate(places_in_order(labels)):
            rank[row] = place
        return rank

    @cached_property
    def person_index(self) -> dict[str, int]:
        """Each person's column, by their key."""
        return {key: column for column, key in enumerate(self.people.keys)}

    @cached_property
    def every_person(self) -> array[int]:
        """Every column's number, in order: what shows when no filter hides anyone."""
        return array("l", range(len(self.people)))

    @cached_property
    def mailbox_index(self) -> dict[str, int]:
        """Each mailbox's row, by its address as the snapshot has it."""
        return {address: row for row, address in enumerate(self.mailboxes)}

    def work_out_lookups(self) -> None:
        """What the GUI thread will ask of a new matrix, worked out on the worker that
        made or read it: 100,000 of each took the window 10-50 ms apiece."""
        _ = self.by_label, self.every_person, self.person_index, self.mailbox_index

    @cached_property
    def by_label(self) -> array[int]:
        """The rows sorted by their labels (``label_rank`` the other way round): the
        order a new snapshot shows first, made on the worker that reads it."""
        rows = array("l", bytes(len(self.label_rank) * array("l").itemsize))
        for row, place in enumerate(self.label_rank):
            rows[place] = row
        return rows

    def mailbox_label(self, row: int) -> str:
        address = self.mailboxes[row]
        name = self.names.get(address)
        return name_and_address(name, address)

    def rank(self, row: int, column: int) -> int:
        """The strongest role's rank in a cell; -1 where the person has nothing."""
        at = self.cells.find(row, column)
        return self.cells.rank(at) if at >= 0 else -1

    def visible(self, spec: MatrixFilter) -> tuple[set[int], set[int]]:
        """The rows and columns that ``spec`` keeps.

        Without a filter on cells every mailbox and person shows; with one, only the
        mailboxes and people that have a kept cell. Only the cells of the rows or
        columns asked for are read: one person's, one mailbox's.
        """
        words = spec.search.casefold().split()
        people = self.people  # its columns read as they are: no Person made for each
        columns = {c for c, (key, inside) in enumerate(zip(people.keys, people.inside,
                                                           strict=True))
                   if (not spec.person or key == spec.person)
                   and (not spec.external or not inside)}
        rows = {r for r, m in enumerate(self.mailboxes)
                if not spec.mailbox or m.casefold() == spec.mailbox.casefold()}
        if spec.executives:
            rows &= self.executive_rows
        if words:
            rows_found = {r for r in rows if all(w in self.mailbox_label(r).casefold()
                                                 for w in words)}
            columns_found = {c for c in columns
                             if all(w in f"{people.names[c]} {people.addresses[c]}"
                                    .casefold() for w in words)}
            if rows_found and not columns_found:
                rows = rows_found
            elif columns_found and not rows_found:
                columns = columns_found
            else:
                rows, columns = rows_found, columns_found
        if not (spec.narrows_cells or spec.narrows_rows):
            return rows, columns
        cells, level = self.cells, spec.level
        if len(rows) <= len(columns):
            candidates = ((r, cells.column_of(at), at) for r in sorted(rows)
                          for at in cells.in_row(r))
        else:
            candidates = ((r, c, at) for c in sorted(columns) for r, at in cells.in_column(c))
        # Into two sets, not a list of (row, column) pairs: 700,000 pairs made on a worker
        # were as many objects for the garbage collector to walk on the GUI thread.
        rows_kept: set[int] = set()
        columns_kept: set[int] = set()
        for r, c, at in candidates:
            if r in rows and c in columns and _level_keeps(level, cells, at, people.keys[c]):
                rows_kept.add(r)
                columns_kept.add(c)
        return (rows_kept if spec.narrows_cells else rows), columns_kept
