"""The matrix's cells, kept compact: numbers in arrays, a ``Cell`` made when one is asked for.

A 100,000-mailbox snapshot has some 700,000 cells. As a dictionary of ``Cell`` objects
(each a tuple of ``Grant`` objects, under a key tuple) they took some 350 bytes each;
here a cell is its column, its strongest role and where its grants start, in arrays
of machine integers (about 20 bytes), and a grant its calendar's name and its role as
small numbers into lists of the distinct names and roles. Cells are held row by row
(the model shows rows) and indexed by column too (a filter or a sort on one person
reads that person's cells only, never the whole matrix).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from app.graph.roles import DELEGATE_ROLES, role_label, role_rank, role_short_label
from app.review.in_steps import emptied

PRIVATE = "delegateWithPrivateEventAccess"
Numbers: TypeAlias = "array[int]"  # machine integers, "l" (not subscriptable at run time)
# A cell's marks, so that a filter needs none of its grants.
HAS_DELEGATE, HAS_PRIVATE = 1, 2


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


class Cells(Mapping[tuple[int, int], Cell]):
    """Cells by (row, column), read-only; made by ``CellsBuilder``.

    Attributes:
        roles: the distinct roles, by their number in a grant.
        ranks: each of ``roles``' rank (``role_rank``).
    """

    def __init__(self, rows: int, columns: int, row_start: Numbers, column: Numbers,
                 best: Numbers, marks: bytearray, grant_start: Numbers, calendar: Numbers,
                 role: Numbers, is_default: bytearray, calendars: list[str],
                 roles: list[str],
                 by_column: tuple[Numbers, Numbers, Numbers] | None = None) -> None:
        """``by_column``: ``column_index()`` of these cells, kept from an earlier time
        (``app.review.snapshot_index``); worked out here when None."""
        self.rows, self.columns = rows, columns
        self._row_start, self._column, self._best, self._marks = (row_start, column, best,
                                                                  marks)
        self._grant_start, self._calendar, self._role = grant_start, calendar, role
        self._default, self._calendars = is_default, calendars
        self.roles, self.ranks = roles, [role_rank(r) for r in roles]
        self._cell_row, self._column_start, self._by_column = (
            by_column if by_column is not None else self._index_columns())

    def _index_columns(self) -> tuple[Numbers, Numbers, Numbers]:
        """Each cell's row, and the cells column by column (a counting sort: two passes,
        no comparisons), so a person's cells are found without reading the others."""
        cell_row = array("l", bytes(len(self._column) * array("l").itemsize))
        start = self._row_start
        for row in range(self.rows):
            for at in range(start[row], start[row + 1]):
                cell_row[at] = row
        column_start = array("l", [0] * (self.columns + 1))
        for column in self._column:
            column_start[column + 1] += 1
        for column in range(self.columns):
            column_start[column + 1] += column_start[column]
        by_column = array("l", bytes(len(self._column) * array("l").itemsize))
        filled = array("l", column_start)
        for at, column in enumerate(self._column):
            by_column[filled[column]] = at
            filled[column] += 1
        return cell_row, column_start, by_column

    def numbers(self) -> dict[str, Numbers | bytearray]:
        """Every array these cells are made of, by name: ``from_numbers`` makes them again."""
        return {"row_start": self._row_start, "column": self._column, "best": self._best,
                "marks": self._marks, "grant_start": self._grant_start,
                "calendar": self._calendar, "role": self._role, "is_default": self._default,
                "cell_row": self._cell_row, "column_start": self._column_start,
                "by_column": self._by_column}

    @classmethod
    def from_numbers(cls, rows: int, columns: int, numbers: Mapping[str, Any],
                     calendars: list[str], roles: list[str]) -> Cells:
        """The cells whose ``numbers()`` these are, nothing worked out again."""
        n = numbers
        return cls(rows, columns, n["row_start"], n["column"], n["best"], n["marks"],
                   n["grant_start"], n["calendar"], n["role"], n["is_default"], calendars,
                   roles, (n["cell_row"], n["column_start"], n["by_column"]))

    @property
    def names(self) -> tuple[list[str], list[str]]:
        """The distinct calendars' names and roles the grants' numbers stand for."""
        return self._calendars, self.roles

    @classmethod
    def empty(cls) -> Cells:
        return cls(0, 0, array("l", [0]), array("l"), array("l"), bytearray(),
                   array("l", [0]), array("l"), array("l"), bytearray(), [], [])

    # ------------------------------------------------------------------ Mapping

    def __len__(self) -> int:
        return len(self._column)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        start = self._row_start
        for row in range(self.rows):
            for at in range(start[row], start[row + 1]):
                yield row, self._column[at]

    def __getitem__(self, key: tuple[int, int]) -> Cell:
        at = self.find(*key)
        if at < 0:
            raise KeyError(key)
        return self.cell(at)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and self.find(*key) >= 0

    # ------------------------------------------------------------------ by number

    def find(self, row: int, column: int) -> int:
        """The cell's number, or -1 when the person has nothing in that mailbox."""
        if not 0 <= row < self.rows:
            return -1
        low, high = self._row_start[row], self._row_start[row + 1]
        at = bisect_left(self._column, column, low, high)
        return at if at < high and self._column[at] == column else -1

    def cell(self, at: int) -> Cell:
        calendars, roles, calendar, role, default = (self._calendars, self.roles,
                                                     self._calendar, self._role, self._default)
        return Cell(tuple(Grant(calendars[calendar[g]], bool(default[g]), roles[role[g]])
                          for g in range(self._grant_start[at], self._grant_start[at + 1])))

    def rank(self, at: int) -> int:
        return int(self.ranks[self._best[at]])

    def role(self, at: int) -> str:
        return str(self.roles[self._best[at]])

    def marks(self, at: int) -> int:
        return int(self._marks[at])

    def column_of(self, at: int) -> int:
        return int(self._column[at])

    def in_row(self, row: int) -> range:
        """The numbers of the row's cells, by column."""
        return range(self._row_start[row], self._row_start[row + 1])

    def row_of(self, at: int) -> int:
        return int(self._cell_row[at])

    def in_column(self, column: int) -> Iterator[tuple[int, int]]:
        """(row, cell number) of the column's cells, by row."""
        rows = self._cell_row
        for at in self._by_column[self._column_start[column]:self._column_start[column + 1]]:
            yield rows[at], at

    def rank_by_row(self, column: int) -> dict[int, int]:
        """Each row's rank in ``column``, for the rows with a cell there."""
        return {row: self.rank(at) for row, at in self.in_column(column)}


class CellsBuilder:
    """Collects grants as (row, person, calendar's name, main calendar, role), in any
    order, a person by a number of the caller's; ``build()`` sorts them into ``Cells``
    once the people's columns are known."""

    def __init__(self) -> None:
        self._row, self._person = array("l"), array("l")
        self._calendar, self._role, self._default = array("l"), array("l"), bytearray()
        self._calendars: dict[str, int] = {}
        self._roles: dict[str, int] = {}

    def add(self, row: int, person: int, calendar_name: str, is_default: bool | int,
            role: str) -> None:
        self._row.append(row)
        self._person.append(person)
        self._calendar.append(self._calendars.setdefault(calendar_name, len(self._calendars)))
        self._role.append(self._roles.setdefault(role, len(self._roles)))
        self._default.append(is_default)

    def build(self, rows: int, column_of: list[int]) -> Cells:
        """``column_of``: each person's column, by the caller's number."""
        calendars, roles = list(self._calendars), list(self._roles)
        # Within a cell: the main calendar first, then by name. One number per grant
        # sorts it into place: row, column, main calendar, calendar's name.
        place = [0] * len(calendars)
        for at, c in enumerate(sorted(range(len(calendars)),
                                      key=lambda c: calendars[c].casefold())):
            place[c] = at
        places = max(1, len(calendars)).bit_length()
        keys = [((row << 24 | column_of[person]) << 1 | (not default)) << places | place[c]
                for row, person, c, default in zip(self._row, self._person, self._calendar,
                                                   self._default, strict=True)]
        order = _in_order(keys, rows, row_shift=24 + 1 + places)
        ranks = [role_rank(r) for r in roles]
        mark_of = [(HAS_DELEGATE if r in DELEGATE_ROLES else 0) | (HAS_PRIVATE if r == PRIVATE
                                                                  else 0) for r in roles]
        row_start, column, best = array("l", [0] * (rows + 1)), array("l"), array("l")
        marks, grant_start = bytearray(), array("l")
        calendar, role, default = array("l"), array("l"), bytearray()
        last = -1
        shift = places + 1
        for g in order:
            cell_key = keys[g] >> shift
            r = self._role[g]
            if cell_key != last:
                last = cell_key
                row_start[(cell_key >> 24) + 1] += 1
                column.append(cell_key & 0xFFFFFF)
                best.append(r)
                marks.append(mark_of[r])
                grant_start.append(len(role))
            else:
                if ranks[r] > ranks[best[-1]]:
                    best[-1] = r
                marks[-1] |= mark_of[r]
            calendar.append(self._calendar[g])
            role.append(r)
            default.append(self._default[g])
        grant_start.append(len(role))
        for at in range(rows):
            row_start[at + 1] += row_start[at]
        emptied(keys)
        emptied(order)
        return Cells(rows, len(column_of), row_start, column, best, marks, grant_start,
                     calendar, role, default, calendars, roles)


ROWS_PER_SORT = 1024  # about 7,000 grants: a millisecond or two of sorting in C


def _in_order(keys: list[int], rows: int, row_shift: int) -> list[int]:
    """The grants' numbers in the order of their keys, whose bits from ``row_shift`` up
    are the row: sorted ``ROWS_PER_SORT`` rows at a time, after a pass in Python that
    puts each grant with its rows. One sort of a 100,000-mailbox snapshot's 700,000
    grants was one call into C that held the interpreter lock, and the window with it,
    for 100-300 ms; the sorts of a thousand rows give it back every few milliseconds."""
    block_shift = row_shift + (ROWS_PER_SORT - 1).bit_length()
    blocks: list[list[int]] = [[] for _ in range(rows // ROWS_PER_SORT + 1)]
    for grant, key in enumerate(keys):
        blocks[key >> block_shift].append(grant)
    order: list[int] = []
    for at, block in enumerate(blocks):
        blocks[at] = []  # freed a block at a time (in_steps.emptied)
        block.sort(key=keys.__getitem__)
        order.extend(block)
    return order
