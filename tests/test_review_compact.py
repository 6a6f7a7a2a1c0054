"""The review's data kept compact and read lazily gives what the rows give.

A snapshot read lazily (the review's window) builds its matrix from the stored values
and its findings from the rows SQLite picks as flaggable; read whole (a report, a
comparison) it builds both from every row. Both are checked here on real syncs: the
Contoso tenant with its odd shapes (custom and unknown roles, entries with no address,
people outside) and a generated tenant of a few hundred mailboxes.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from app.graph.emulator import EmulatorServer
from app.models.choices import KEY_ROLE, ChoicesModel
from app.models.matrix import MatrixModel
from app.review.cells import ROWS_PER_SORT, _in_order
from app.review.changes import Kind
from app.review.data import SnapshotData
from app.review.matrix import FREE_BUSY, WRITE, Matrix, MatrixFilter
from app.review.people import person_key
from app.review.snapshot_store import PermissionRow, SnapshotStore
from tests.test_report import synced_before_and_after
from tests.test_review_rules import filtered
from tests.test_snapshots import sync_all


@pytest.fixture(scope="module", params=["contoso", "scale:300"])
def read_both(request, tmp_path_factory) -> tuple[SnapshotData, SnapshotData]:
    """(lazy, whole): one snapshot read both ways."""
    store = SnapshotStore(tmp_path_factory.mktemp("store") / "snapshots.db")
    with EmulatorServer(request.param) as server:
        snapshot_id, _retried = sync_all(server, store)
    snapshot = store.snapshot(snapshot_id)
    assert snapshot is not None
    yield (SnapshotData.read(store, snapshot, lazy=True), SnapshotData.read(store, snapshot))
    store.close()


def test_lazy_matrix_and_findings_are_those_of_every_row(read_both):
    lazy, whole = read_both
    assert len(whole.rows) > 10  # a real snapshot, not an empty one
    assert lazy.matrix.mailboxes == whole.matrix.mailboxes
    assert lazy.matrix.people == whole.matrix.people
    assert lazy.matrix.names == whole.matrix.names
    assert dict(lazy.matrix.cells.items()) == dict(whole.matrix.cells.items())
    assert [(f.rule, f.row, f.person) for f in lazy.findings] == [
        (f.rule, f.row, f.person) for f in whole.findings]
    assert lazy.findings, "the tenants have something to flag"
    assert lazy.rows == whole.rows  # asked for, the lazy one reads them all


def test_cells_are_a_mapping_of_every_grant(read_both):
    _, whole = read_both
    matrix = whole.matrix
    by_cell: dict[tuple[int, int], list[str]] = {}
    row_of = {m.casefold(): r for r, m in enumerate(matrix.mailboxes)}
    column_of = {p.key: c for c, p in enumerate(matrix.people)}
    for row in whole.rows:
        at = (row_of[row.mailbox.casefold()], column_of[person_key(row)])
        by_cell.setdefault(at, []).append(row.role)
    cells = matrix.cells
    assert len(cells) == len(by_cell)
    assert sorted(cells) == list(cells)  # row by row, then by column
    for at, roles in by_cell.items():
        assert at in cells
        assert sorted(g.role for g in cells[at].grants) == sorted(roles)
    missing = next((r, c) for r in range(len(matrix.mailboxes))
                   for c in range(len(matrix.people)) if (r, c) not in by_cell)
    assert missing not in cells
    with pytest.raises(KeyError):
        cells[missing]


def kept_by_cell(matrix: Matrix, test) -> tuple[set[int], set[int]]:
    """The rows and columns with a cell ``test(row, column, cell)`` keeps, found by
    looking at every cell."""
    kept = [(r, c) for (r, c), cell in matrix.cells.items() if test(r, c, cell)]
    return {r for r, _ in kept}, {c for _, c in kept}


def test_filters_find_what_a_look_at_every_cell_finds(read_both):
    matrix = read_both[1].matrix
    outside = {c for c, p in enumerate(matrix.people) if not p.inside}
    assert matrix.visible(MatrixFilter(level="write")) == kept_by_cell(
        matrix, lambda r, c, cell: cell.rank >= WRITE)
    assert matrix.visible(MatrixFilter(level="delegates", external=True)) == kept_by_cell(
        matrix, lambda r, c, cell: c in outside and any(
            g.role.startswith("delegate") for g in cell.grants))
    busiest = max(range(len(matrix.people)),
                  key=lambda c: sum(1 for (_, column) in matrix.cells if column == c))
    person = matrix.people[busiest].key
    assert matrix.visible(MatrixFilter(person=person)) == kept_by_cell(
        matrix, lambda r, c, cell: c == busiest and cell.rank > 0)
    mailbox = matrix.mailboxes[0]
    assert matrix.visible(MatrixFilter(mailbox=mailbox.upper(),
                                       level="organization")) == kept_by_cell(
        matrix, lambda r, c, cell: r == 0 and matrix.people[c].is_my_organization
        and cell.rank > FREE_BUSY)


def test_choices_model_makes_entries_as_shown(qtmodeltester):
    model = ChoicesModel()
    names = ["Adele Vance", "Alex Wilber", "Megan Bowen"]
    model.set_choices("Everyone", len(names), names.__getitem__, lambda i: f"key{i}")
    qtmodeltester.check(model)
    assert model.rowCount() == 4
    assert model.index(0, 0).data() == "Everyone"
    assert model.index(2, 0).data() == "Alex Wilber"
    assert model.index(2, 0).data(KEY_ROLE) == "key1"
    assert model.row_of("key2") == 3
    assert model.row_of("nobody") == 0
    assert model.key_of_text("megan bowen", 0) == "key2"  # typed, any case
    assert model.key_of_text("Alex Wilber", 2) == "key1"
    assert model.key_of_text("Everyone", 0) == ""
    assert model.key_of_text("Someone else", 1) == ""


def test_a_comparison_of_unread_rows_is_that_of_every_row(tmp_path):
    store = SnapshotStore(tmp_path / "snapshots.db")
    first, second = synced_before_and_after(store)
    try:
        older, newer = (store.snapshot(first), store.snapshot(second))
        assert older is not None and newer is not None
        lazy = SnapshotData.read(store, newer, lazy=True).compare_with(
            SnapshotData.read(store, older, lazy=True))
        whole = SnapshotData.read(store, newer).compare_with(SnapshotData.read(store, older))
    finally:
        store.close()
    assert lazy == whole
    assert {c.kind for c in lazy.changes} == {Kind.ADDED, Kind.REMOVED, Kind.CHANGED}
    assert lazy.delivery  # Megan's delivery option changed too


def test_a_filter_keeping_scattered_people_is_one_layout_change(qtbot):
    """Not a removal per gap: with thousands of people each made the headers renumber
    their sections (minutes on the GUI thread at 20,000 people)."""
    rows = [PermissionRow(f"m{m}@contoso.com", "c", "Calendar", True, f"p{p}", f"Person {p}",
                          f"p{p}@{'fabrikam.example' if p % 2 else 'contoso.com'}", "read",
                          p % 2 == 0, True)
            for m in range(3) for p in range(200)]
    model = MatrixModel()
    model.set_matrix(Matrix.build(rows, [f"m{m}@contoso.com" for m in range(3)]))
    assert model.shown() == (3, 200)
    removed: list[int] = []
    model.columnsRemoved.connect(lambda *_: removed.append(1))
    with qtbot.waitSignal(model.layoutChanged):
        filtered(model, MatrixFilter(external=True))
    assert model.shown() == (3, 100)
    assert all("(outside)" in str(model.headerData(c, Qt.Orientation.Horizontal))
               for c in range(1, 101))
    assert removed == []


@given(st.lists(st.tuples(st.integers(0, 3 * ROWS_PER_SORT), st.integers(0, 2**24 - 1),
                          st.integers(0, 15))))
def test_grants_sorted_a_thousand_rows_at_a_time_are_sorted(grants):
    """The cells' grants are put in order a block of rows at a time (the interpreter lock
    is given back between blocks): the order is one sort's, equal keys as they came."""
    keys = [(row << 24 | column) << 4 | rest for row, column, rest in grants]
    in_order = _in_order(keys, 3 * ROWS_PER_SORT + 1, row_shift=28)
    assert in_order == sorted(range(len(keys)), key=keys.__getitem__)
