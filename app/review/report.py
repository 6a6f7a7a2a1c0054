"""Exports of a snapshot's review: the matrix, the findings and the changes, as CSV or HTML.

The CSVs are the whole tables, streamed from the snapshot file (``report_rows``); the
HTML page is their summary. The CSV matrix is long, one row per mailbox, calendar and
person, not the grid the views show: a spreadsheet filters and pivots a long table in
one click (every outside person, every delegate, one mailbox), it keeps each
calendar's role where the grid has only the strongest, and it stays a few thousand
rows at 1,000 mailboxes where a grid would be a thousand columns wide. CSV files are
UTF-8 with a byte-order mark, so Excel reads names with accents right.

Reports are written beside their final name and moved into place when complete (a
failed export never leaves half a file where a good one was), readable by the user
only, like the snapshot store: they say who can see whose calendar.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from app.csv_export import write_rows
from app.graph.roles import delivery_label, role_label
from app.private_files import replacing
from app.review import report_html
from app.review.data import SnapshotData
from app.review.people import person_of
from app.review.report_rows import ReportRows
from app.review.snapshot_store import Snapshot, SnapshotStore

Table = Literal["matrix", "findings", "changes"]
TABLES: tuple[Table, ...] = ("matrix", "findings", "changes")

NOT_COMPARED = "Not compared: not read completely in both snapshots"
DELIVERY_CHANGED = "Meeting requests delivery changed"


def _matrix_table(rows: ReportRows, snapshot_id: int) -> Iterator[list[str]]:
    """Header, then one row per permission: mailbox, calendar, person, role."""
    yield ["Mailbox", "Mailbox name", "Calendar", "Main calendar", "Person", "Address",
           "Inside or outside", "Role", "Graph role"]
    for row, name in rows.permissions(snapshot_id):
        person = person_of(row)
        yield [row.mailbox, name or "", row.calendar_name, "Yes" if row.is_default else "No",
               person.name, person.address or "", person.where, role_label(row.role),
               row.role]


def _findings_table(rows: ReportRows, snapshot_id: int) -> Iterator[list[str]]:
    """Header, then one row per finding, in rule order."""
    yield ["Rule", "Mailbox", "Calendar", "Person", "Address", "Inside or outside", "Role"]
    for finding in rows.findings(snapshot_id):
        yield [finding.rule.title, finding.row.mailbox, finding.row.calendar_name,
               finding.person.name, finding.person.address or "", finding.person.where,
               role_label(finding.row.role)]


def _changes_table(rows: ReportRows, older_id: int, newer_id: int) -> Iterator[list[str]]:
    """Header, the role changes, then delivery-option changes and mailboxes not compared.

    "Before" is empty for an added person and "After" for a removed one.
    """
    yield ["Mailbox", "Calendar", "Person", "Address", "Change", "Before", "After"]
    for change in rows.changes(older_id, newer_id):
        yield [change.row.mailbox, change.row.calendar_name, change.person.name,
               change.person.address or "", change.kind.value,
               role_label(change.before) if change.before else "",
               role_label(change.after) if change.after else ""]
    for mailbox, before, after in rows.delivery_changes(older_id, newer_id):
        yield [mailbox, "", "", "", DELIVERY_CHANGED, delivery_label(before),
               delivery_label(after)]
    for mailbox in rows.not_compared(older_id, newer_id):
        yield [mailbox, "", "", "", NOT_COMPARED, "", ""]


def csv_rows(table: Table, rows: ReportRows, snapshot_id: int,
             older_id: int | None = None) -> Iterator[list[str]]:
    """The rows of one exported table, header first, read as they are written; the
    changes are from snapshot ``older_id`` to ``snapshot_id``."""
    if table == "matrix":
        return _matrix_table(rows, snapshot_id)
    if table == "findings":
        return _findings_table(rows, snapshot_id)
    if table == "changes":
        if older_id is None:
            raise ValueError("the changes need an earlier snapshot to compare with")
        return _changes_table(rows, older_id, snapshot_id)
    raise ValueError(f"unknown table {table!r}; one of {', '.join(TABLES)}")


def write_csv(path: Path, table: Table, store: SnapshotStore, snapshot_id: int,
              older_id: int | None = None) -> int:
    """Write one table of snapshot ``snapshot_id`` as CSV (cells that a spreadsheet would
    run as a formula made text, see ``csv_export``), streamed from the snapshot file in
    memory that does not grow with its size; how many rows (without the header).
    Raises OSError."""
    with ReportRows(store) as rows:
        return write_rows(path, csv_rows(table, rows, snapshot_id, older_id)) - 1


def render_html(data: SnapshotData, older: SnapshotData | None = None, *,
                since: report_html.Since | None = None) -> str:
    """The self-contained HTML report (see ``report_html``)."""
    return report_html.render(data, older, since=since)


def changes_since(store: SnapshotStore, older: Snapshot, newer_id: int) -> report_html.Since:
    """What the page shows of the ``older`` snapshot, compared with ``newer_id`` from
    the snapshot file without reading ``older`` whole."""
    store.check_rows(older.id)
    with ReportRows(store) as rows:
        comparison = rows.comparison(older.id, newer_id)
    return report_html.Since(older, store.mailboxes(older.id), comparison)


def write_html(path: Path, data: SnapshotData, older: SnapshotData | None = None, *,
               since: report_html.Since | None = None) -> int:
    """Write the HTML report, with the changes since ``older`` (or ``since``); its size
    in bytes. Raises OSError.
    """
    text = render_html(data, older, since=since)
    with replacing(path, encoding="utf-8", newline="") as file:
        file.write(text)
    return len(text.encode("utf-8"))
