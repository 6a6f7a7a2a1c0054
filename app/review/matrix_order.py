"""Which of the matrix's rows and columns show, in which order: worked out off the GUI thread.

At 100,000 mailboxes by 100,000 people, a filter or a sort worked out on the GUI thread
held the window 0.2-0.8 s each time (a Qt filter proxy asked Python about every row
and column). Here it is plain Python over numbers, run by the task runner; the model
then only takes the result (``app.models.matrix``). The lists are machine-integer
arrays: compact, and nothing for the garbage collector to walk.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from app.review.cells import Numbers
from app.review.matrix import Matrix, MatrixFilter

BY_MAILBOX = ""  # ``MatrixOrder.person`` when rows are sorted by the mailbox


def numbers(values: Iterable[int] = ()) -> Numbers:
    return array("l", values)


@dataclass(frozen=True)
class MatrixOrder:
    """What the user asked to see: a filter, and a sort.

    Attributes:
        person: the key of the person whose roles sort the rows, or ``BY_MAILBOX``: a
            key, so that the sort holds in the next snapshot's matrix.
    """

    spec: MatrixFilter = field(default_factory=MatrixFilter)
    person: str = BY_MAILBOX
    descending: bool = False


@dataclass(frozen=True, eq=False)
class Arrangement:
    """The rows and columns that show, in order.

    Attributes:
        order: what was asked, as it came out (a sort by a person the filter hides
            falls back to the mailbox, as the header can then show it).
        sorted_rows: every row, in the sort's order: the next sort starts from it, so
            that rows equal by the new sort keep their order (as Qt's own sort).
        rows: the rows that show, in order (``sorted_rows`` itself with no row filter).
        people: the columns that show, in ``Matrix.people``'s order.
        all_people: whether ``people`` is every column.
    """

    order: MatrixOrder
    sorted_rows: Numbers
    rows: Numbers
    people: Numbers
    all_people: bool

    @classmethod
    def empty(cls) -> Arrangement:
        return cls(MatrixOrder(), numbers(), numbers(), numbers(), True)

    @classmethod
    def at_first(cls, matrix: Matrix) -> Arrangement:
        """Everything, by mailbox A to Z: what a new snapshot shows before any filter
        (nothing to work out: both orders are made with the matrix, on its worker)."""
        rows = matrix.by_label
        return cls(MatrixOrder(), rows, rows, matrix.every_person, True)

    @cached_property
    def row_place(self) -> dict[int, int]:
        """Where each matrix row shows; asked only to carry a selection across."""
        return {row: place for place, row in enumerate(self.rows)}

    @cached_property
    def person_place(self) -> dict[int, int]:
        return {person: place for place, person in enumerate(self.people)}

    @cached_property
    def people_shown(self) -> frozenset[int] | None:
        """The people that show; None for everyone."""
        return None if self.all_people else frozenset(self.people)


def arranged(matrix: Matrix, before: Arrangement, wanted: MatrixOrder) -> Arrangement:
    """``wanted`` of ``matrix``, starting from ``before`` (the arrangement showing, of
    the same matrix): a sort that did not change is not done again."""
    rows_kept, people_kept = matrix.visible(wanted.spec)
    all_people = len(people_kept) == len(matrix.people)
    person = matrix.person_index.get(wanted.person, -1)
    if wanted.person != BY_MAILBOX and person not in people_kept:
        wanted = MatrixOrder(wanted.spec)  # the sorted column is gone: by mailbox again
    sort = (wanted.person, wanted.descending)
    if len(before.sorted_rows) == len(matrix.mailboxes) and \
            sort == (before.order.person, before.order.descending):
        sorted_rows = before.sorted_rows
    else:
        sorted_rows = _sorted(matrix, before.sorted_rows,
                              -1 if wanted.person == BY_MAILBOX else person, wanted.descending)
    rows = sorted_rows if len(rows_kept) == len(matrix.mailboxes) else \
        numbers(row for row in sorted_rows if row in rows_kept)
    people = matrix.every_person if all_people else \
        numbers(column for column in range(len(matrix.people)) if column in people_kept)
    return Arrangement(wanted, sorted_rows, rows, people, all_people)


def _sorted(matrix: Matrix, rows: Numbers, person: int, descending: bool) -> Numbers:
    """Every row by the mailbox's label (``person`` -1), or by the role in each of
    ``person`` (a column of ``Matrix.people``): none first when ascending, rows equal
    keeping their order in ``rows``. Descending is ascending backwards, as Qt's own sort."""
    if len(rows) != len(matrix.mailboxes):
        rows = matrix.by_label  # nothing sorted yet: from A to Z
    if person < 0:
        ordered = matrix.by_label
    else:
        ranks = matrix.cells.rank_by_row(person)  # the person's own cells: a few
        ordered = numbers(row for row in rows if row not in ranks)
        ordered.extend(sorted((row for row in rows if row in ranks), key=ranks.__getitem__))
    return numbers(reversed(ordered)) if descending else ordered
