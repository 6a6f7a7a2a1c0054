"""The review's rules on crafted snapshots: findings at each rule's edge, the matrix's
filters, and comparisons that must not mistake an unread mailbox for removed access.

Graph no longer lets anyone give people outside more than view roles, but older grants
made in Outlook can still hold them: those rows are crafted here, as a snapshot holds them.
"""

from __future__ import annotations

from app.models.findings import Column, FindingsModel
from app.models.matrix import MatrixModel
from app.review.changes import Kind, compare
from app.review.findings import Rule, find
from app.review.matrix import Matrix, MatrixFilter
from app.review.matrix_order import arranged
from app.review.snapshot_store import PermissionRow
from app.tasks import TaskRunner

ALEX, PATTI, LEE = "alex@contoso.com", "patti@contoso.com", "lee@contoso.com"


def grant(mailbox: str, who: str | None, role: str, *, inside: bool = True,
          calendar: str = "Calendar") -> PermissionRow:
    """``who`` None: "My Organization"."""
    if who is None:
        return PermissionRow(mailbox, f"{mailbox}/{calendar}", calendar, calendar == "Calendar",
                             "org", "My Organization", None, role, True, False)
    return PermissionRow(mailbox, f"{mailbox}/{calendar}", calendar, calendar == "Calendar",
                         f"p-{who}", who.split("@")[0].title(), who, role, inside, True)


ROWS = [
    grant(ALEX, "guest1@fabrikam.example", "freeBusyRead", inside=False),  # fine
    grant(ALEX, "guest2@fabrikam.example", "limitedRead", inside=False),  # outside, titles
    grant(ALEX, "guest3@fabrikam.example", "write", inside=False),  # outside, edits
    grant(PATTI, "guest4@fabrikam.example", "delegateWithoutPrivateEventAccess", inside=False),
    grant(PATTI, "adele@contoso.com", "delegateWithPrivateEventAccess"),
    grant(LEE, "adele@contoso.com", "delegateWithoutPrivateEventAccess"),
    grant(LEE, "megan@contoso.com", "write"),  # inside: fine
    grant(ALEX, None, "freeBusyRead"),  # fine
    grant(PATTI, None, "limitedRead"),  # everyone sees titles
    grant(LEE, None, "none"),
]
DELIVERY = {ALEX: "sendToDelegateOnly", PATTI: "sendToDelegateAndPrincipal",
            LEE: "sendToDelegateOnly"}


def test_each_rule_flags_exactly_its_rows():
    found = {(f.rule, f.row.mailbox, f.person.key) for f in find(ROWS, DELIVERY)}
    assert found == {
        (Rule.EXTERNAL_ABOVE_FREE_BUSY, ALEX, "guest2@fabrikam.example"),
        (Rule.EXTERNAL_ABOVE_FREE_BUSY, ALEX, "guest3@fabrikam.example"),
        (Rule.EXTERNAL_ABOVE_FREE_BUSY, PATTI, "guest4@fabrikam.example"),
        (Rule.EXTERNAL_WRITE_OR_DELEGATE, ALEX, "guest3@fabrikam.example"),
        (Rule.EXTERNAL_WRITE_OR_DELEGATE, PATTI, "guest4@fabrikam.example"),
        (Rule.ORGANIZATION_ABOVE_FREE_BUSY, PATTI, "my organization"),
        (Rule.DELEGATES_ONLY_DELIVERY, LEE, "adele@contoso.com"),
        (Rule.DELEGATE_WITH_PRIVATE, PATTI, "adele@contoso.com"),
    }


def test_findings_model_shows_the_rule_chosen_once_a_worker_has_made_it_ready(
        qtbot, qtmodeltester):
    runner = TaskRunner()
    try:
        model = FindingsModel(runner)
        findings = find(ROWS, DELIVERY)
        model.set_findings(findings, {ALEX: "Alex Wilber"})
        assert model.pending and model.rowCount() == 0  # made on the worker, not here
        qtbot.waitUntil(lambda: not model.pending)
        assert model.rowCount() == len(findings)  # no rule chosen: every rule's rows
        qtmodeltester.check(model)
        with qtbot.waitSignal(model.arranged):  # the table was made: at once
            model.set_rule(Rule.EXTERNAL_WRITE_OR_DELEGATE)
        assert [model.finding(r).rule for r in range(model.rowCount())] == [
            Rule.EXTERNAL_WRITE_OR_DELEGATE] * 2
        qtmodeltester.check(model)
        assert "Alex Wilber <alex@contoso.com>" in {
            model.index(r, Column.MAILBOX).data() for r in range(model.rowCount())}
    finally:
        runner.shutdown()


def shown(matrix: Matrix, spec: MatrixFilter) -> tuple[set[str], set[str]]:
    rows, columns = matrix.visible(spec)
    return {matrix.mailboxes[r] for r in rows}, {matrix.people[c].key for c in columns}


def test_matrix_filters():
    matrix = Matrix.build([*ROWS, grant(ALEX, "adele@contoso.com", "read", calendar="Board")],
                          [ALEX, PATTI, LEE, "quiet@contoso.com"])
    everyone = shown(matrix, MatrixFilter())
    assert everyone[0] == {ALEX, PATTI, LEE, "quiet@contoso.com"}
    assert len(everyone[1]) == 7
    assert shown(matrix, MatrixFilter(external=True)) == (
        {ALEX, PATTI}, {"guest1@fabrikam.example", "guest2@fabrikam.example",
                        "guest3@fabrikam.example", "guest4@fabrikam.example"})
    assert shown(matrix, MatrixFilter(level="write")) == (
        {ALEX, PATTI, LEE}, {"guest3@fabrikam.example", "guest4@fabrikam.example",
                             "adele@contoso.com", "megan@contoso.com"})
    assert shown(matrix, MatrixFilter(level="delegates")) == (
        {PATTI, LEE}, {"guest4@fabrikam.example", "adele@contoso.com"})
    assert shown(matrix, MatrixFilter(level="private")) == ({PATTI}, {"adele@contoso.com"})
    assert shown(matrix, MatrixFilter(level="organization")) == ({PATTI}, {"my organization"})
    assert shown(matrix, MatrixFilter(person="adele@contoso.com")) == (
        {ALEX, PATTI, LEE}, {"adele@contoso.com"})
    assert shown(matrix, MatrixFilter(mailbox=LEE.upper())) == (
        {LEE}, {"adele@contoso.com", "megan@contoso.com"})  # "none" is no access
    assert shown(matrix, MatrixFilter(search="guest3")) == (
        {ALEX, PATTI, LEE, "quiet@contoso.com"}, {"guest3@fabrikam.example"})
    assert shown(matrix, MatrixFilter(search="patti")) == ({PATTI}, everyone[1])
    # Adele has two of Alex's calendars: the cell shows the stronger, and counts the other.
    cell = matrix.cells[(0, [p.key for p in matrix.people].index("adele@contoso.com"))]
    assert (cell.role, cell.text) == ("read", "All details")


def filtered(model: MatrixModel, spec: MatrixFilter) -> None:
    """What the matrix view's worker does (``MatrixArranger``), here on the test's thread."""
    model.arrange(arranged(model.matrix, model.arrangement, model.order_with(spec)))


def test_matrix_model_sorts_by_role_and_filters(qtmodeltester):
    model = MatrixModel()
    model.set_matrix(Matrix.build(ROWS, [ALEX, PATTI, LEE]))
    qtmodeltester.check(model)
    org = 1  # "My Organization" is always the first person
    model.sort(org)
    filtered(model, MatrixFilter())
    assert [model.index(r, 0).data() for r in range(3)] == [LEE, ALEX, PATTI]
    filtered(model, MatrixFilter(level="private"))
    qtmodeltester.check(model)
    assert model.shown() == (1, 1)
    assert model.index(0, 1).data() == "Delegate + private"


def test_comparison_leaves_out_mailboxes_one_side_could_not_read():
    old = [grant(ALEX, "adele@contoso.com", "read"), grant(PATTI, "adele@contoso.com", "read")]
    new = [grant(ALEX, "adele@contoso.com", "write")]  # Patti's could not be read this time
    result = compare(old, new, old_mailboxes={ALEX: [], PATTI: []},
                     new_mailboxes={ALEX: [], PATTI: ["Could not read the calendars: …"]},
                     old_delivery={ALEX: "sendToDelegateOnly"},
                     new_delivery={ALEX: "sendToDelegateAndPrincipal"})
    assert [(c.kind, c.mailbox, c.before, c.after) for c in result.changes] == [
        (Kind.CHANGED, ALEX, "read", "write")]
    assert result.not_compared == [PATTI]
    assert result.delivery == {ALEX: ("sendToDelegateOnly", "sendToDelegateAndPrincipal")}


def test_changes_table_sorts_itself_and_the_selection_follows(qtbot):
    """The "What changed" table sorts itself (a sorting proxy asked for two cells per
    comparison: 2.2 s for 7,000 changes); a header click, equal rows in their order."""
    from PySide6.QtCore import QItemSelectionModel, Qt
    from PySide6.QtWidgets import QTableView

    from app.models.changes import ChangesModel
    from app.models.changes import Column as ChangeColumn

    old = [grant(ALEX, "adele@contoso.com", "read"), grant(PATTI, "megan@contoso.com", "read")]
    new = [grant(ALEX, "adele@contoso.com", "write"), grant(LEE, "zoe@contoso.com", "read")]
    result = compare(old, new, old_mailboxes={m: [] for m in (ALEX, PATTI, LEE)},
                     new_mailboxes={m: [] for m in (ALEX, PATTI, LEE)})
    model = ChangesModel()
    model.set_comparison(result, {})
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setSortingEnabled(True)

    def column(number: int) -> list[str]:
        return [model.index(r, number).data() for r in range(model.rowCount())]

    table.sortByColumn(ChangeColumn.MAILBOX, Qt.SortOrder.AscendingOrder)
    assert column(ChangeColumn.MAILBOX) == sorted(column(ChangeColumn.MAILBOX), key=str.casefold)
    chosen = next(r for r in range(model.rowCount()) if PATTI in column(0)[r])
    table.selectionModel().select(model.index(chosen, 0),
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
    table.sortByColumn(ChangeColumn.CHANGE, Qt.SortOrder.DescendingOrder)
    changes = column(ChangeColumn.CHANGE)
    assert changes == sorted(changes, key=str.casefold, reverse=True)
    [selected] = {i.row() for i in table.selectionModel().selectedIndexes()}
    assert PATTI in column(ChangeColumn.MAILBOX)[selected]
