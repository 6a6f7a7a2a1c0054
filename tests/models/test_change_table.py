"""The changes between two snapshots as the table shows them, made and sorted on the
worker that compares: the same rows, in the same order, as the table sorting them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.models.changes import ChangesModel, Column, change_table
from app.review.changes import compare
from app.review.snapshot_store import PermissionRow


def row(mailbox: str, person: str, role: str) -> PermissionRow:
    return PermissionRow(mailbox, "c", "Calendar", True, person, person.title(),
                         f"{person}@contoso.com", role, True, True)


def comparison():
    mailboxes = {m: [] for m in ("b@contoso.com", "A@contoso.com", "c@contoso.com")}
    old = [row("b@contoso.com", "zoe", "read"), row("A@contoso.com", "ann", "read"),
           row("c@contoso.com", "bob", "write")]
    new = [row("b@contoso.com", "zoe", "write"), row("A@contoso.com", "ann", "read"),
           row("c@contoso.com", "amy", "read"), row("b@contoso.com", "amy", "read")]
    return compare(old, new, old_mailboxes=mailboxes, new_mailboxes=mailboxes)


def shown(model: ChangesModel) -> list[tuple[str, ...]]:
    return [tuple(model.data(model.index(r, c)) for c in range(len(Column)))
            for r in range(model.rowCount())]


def test_a_table_made_on_the_worker_shows_as_one_the_model_sorts(qtbot, qtmodeltester):
    names = {"b@contoso.com": "Bea", "c@contoso.com": "Cy"}
    for column in (Column.MAILBOX, Column.PERSON):
        made = ChangesModel()
        made.set_table(change_table(comparison(), names, column))
        qtmodeltester.check(made)
        sorted_here = ChangesModel()
        sorted_here.set_comparison(comparison(), names)
        sorted_here.sort(Column.CALENDAR)  # another order first: then the one asked
        sorted_here.sort(column, Qt.SortOrder.AscendingOrder)
        assert shown(made) == shown(sorted_here)
        assert len(shown(made)) == 4  # a change, a removal, two additions
    by_person = change_table(comparison(), names, Column.PERSON)
    assert [r.person.split()[0] for r in by_person.rows] == ["Amy", "Amy", "Bob", "Zoe"]
    assert [r.mailbox for r in change_table(comparison(), names).rows] == [
        "b@contoso.com", "b@contoso.com", "c@contoso.com", "c@contoso.com"]  # Bea, then Cy


def test_the_table_made_sorted_is_not_sorted_again(qtbot):
    """The view asks the sort showing once more as it shows the table: nothing moves."""
    model = ChangesModel()
    model.set_table(change_table(comparison(), {}, Column.PERSON))
    moved: list[int] = []
    model.layoutChanged.connect(lambda: moved.append(1))
    model.sort(Column.PERSON, Qt.SortOrder.AscendingOrder)
    assert moved == []
    model.sort(Column.PERSON, Qt.SortOrder.DescendingOrder)
    assert moved == [1]
    assert [row[Column.PERSON].split()[0] for row in shown(model)] == ["Zoe", "Bob", "Amy", "Amy"]
