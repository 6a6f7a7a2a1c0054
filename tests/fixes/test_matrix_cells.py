"""Cells picked in the matrix turned into the snapshot's permissions a fix plans from:
which cells a selection holds (empty ones and the mailbox column left out, a filter's
hidden people too), and each cell's permissions read back from the snapshot file."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt

from app.fixes.matrix_cells import PickedCell, rows_of_cells
from app.models.matrix import MatrixModel
from app.review import snapshot_store
from app.review.matrix import Matrix, MatrixFilter
from app.review.people import MY_ORGANIZATION, person_key
from tests.fixes.helpers import synced
from tests.test_review_rules import ALEX, LEE, PATTI, ROWS, filtered


def block(model, top: int, left: int, bottom: int, right: int) -> QItemSelection:
    selection = QItemSelection()
    selection.select(model.index(top, left), model.index(bottom, right))
    return selection


def picked(model, selection) -> list[tuple[str, str]]:
    matrix = model.matrix
    return [(matrix.mailboxes[row], matrix.people[person].key)
            for row, person in model.cells_in(selection)]


def test_a_selection_gives_the_cells_that_hold_a_role_row_by_row(qtmodeltester):
    model = MatrixModel()
    model.set_matrix(Matrix.build(ROWS, [ALEX, PATTI, LEE]))
    qtmodeltester.check(model)
    everything = block(model, 0, 0, model.rowCount() - 1, model.columnCount() - 1)
    cells = picked(model, everything)
    assert len(cells) == len({(r.mailbox, person_key(r)) for r in ROWS})  # every cell once
    assert [mailbox for mailbox, _ in cells] == sorted(mailbox for mailbox, _ in cells)
    # The mailbox column alone holds no cell; a block of empty cells neither.
    assert not model.holds_a_cell(block(model, 0, 0, model.rowCount() - 1, 0))
    adele = next(c for c in range(1, model.columnCount())
                 if model.headerData(c, Qt.Orientation.Horizontal) == "Adele")
    alex_row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == ALEX)
    assert model.index(alex_row, adele).data() is None
    assert not model.holds_a_cell(block(model, alex_row, adele, alex_row, adele))
    # Everything selected under a filter: only the people and mailboxes it shows (Lee's
    # "My Organization" sees nothing: the filter leaves his mailbox out).
    filtered(model, MatrixFilter(person=MY_ORGANIZATION))
    everything = block(model, 0, 0, model.rowCount() - 1, model.columnCount() - 1)
    assert picked(model, everything) == [(ALEX, MY_ORGANIZATION), (PATTI, MY_ORGANIZATION)]
    # Two ranges over the same cell (Ctrl+click on a selected block) give it once.
    twice = block(model, 0, 1, 0, 1)
    twice.merge(block(model, 0, 0, 0, 1), QItemSelectionModel.SelectionFlag.Select)
    assert len(picked(model, twice)) == 1


def test_each_cell_is_every_calendar_the_person_has_in_that_mailbox(
        emulator, tmp_path, monkeypatch):
    store, snapshot_id = synced(emulator, tmp_path)
    try:
        every = store.permissions(snapshot_id)
        monkeypatch.setattr(snapshot_store, "MAILBOXES_PER_QUERY", 2)  # several queries
        # The matrix's mailboxes (the snapshot's list) find every permission.
        assert store.permissions_of(snapshot_id, store.mailboxes(snapshot_id)) == every
        adele_at_alex = [r for r in every if r.mailbox == "AlexW@contoso.com"
                         and r.person_address == "AdeleV@contoso.com"]
        assert len(adele_at_alex) == 2  # "Delegate +1": Calendar and Kids parties
        cells = [PickedCell("AlexW@contoso.com", "adelev@contoso.com"),
                 PickedCell("AlexW@contoso.com", "nobody@contoso.com"),  # an empty cell
                 PickedCell("AlexW@contoso.com", "adelev@contoso.com")]  # picked twice
        assert rows_of_cells(store, snapshot_id, cells) == adele_at_alex
        assert rows_of_cells(store, snapshot_id, []) == []
    finally:
        store.close()
