"""Cells picked in the review's matrix, as the snapshot's permissions a fix plans from.

A cell is one person's access to one mailbox: a permission on each of the mailbox's
calendars the person may see (the cell shows the strongest, "Edit +1"), so a cell is
as many changes as it has calendars. The matrix holds no permission ids (only numbers,
``app.review.cells``): the rows are read back from the snapshot file, the picked
mailboxes' alone, and go to ``plan_rows`` as a finding's rows do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from app.review.people import person_key
from app.review.snapshot_store import PermissionRow, SnapshotStore


@dataclass(frozen=True)
class PickedCell:
    """One cell of the matrix: whose mailbox (the address as the snapshot lists it),
    and whose column (``Person.key``)."""

    mailbox: str
    person_key: str


def rows_of_cells(store: SnapshotStore, snapshot_id: int,
                  cells: Iterable[PickedCell]) -> list[PermissionRow]:
    """Every permission of each cell, in the cells' order, each cell once; a cell the
    snapshot holds nothing for gives nothing."""
    picked = list(dict.fromkeys(cells))
    held: defaultdict[tuple[str, str], list[PermissionRow]] = defaultdict(list)
    for row in store.permissions_of(snapshot_id, {cell.mailbox for cell in picked}):
        held[row.mailbox, person_key(row)].append(row)
    return [row for cell in picked for row in held.get((cell.mailbox, cell.person_key), ())]
