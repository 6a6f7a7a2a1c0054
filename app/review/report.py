"""Exports of a snapshot's review: the matrix, the findings and the changes, as CSV or HTML.

The CSV matrix is long, one row per mailbox, calendar and person, not the grid the
views show: a spreadsheet filters and pivots a long table in one click (every outside
person, every delegate, one mailbox), it keeps each calendar's role where the grid has
only the strongest, and it stays a few thousand rows at 1,000 mailboxes where a grid
would be a thousand columns wide. CSV files are UTF-8 with a byte-order mark, so Excel
reads names with accents right.

Reports are written beside their final name and moved into place when complete (a
failed export never leaves half a file where a good one was), readable by the user
only, like the snapshot store: they say who can see whose calendar.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from app.csv_export import write_rows
from app.graph.roles import delivery_label, role_label
from app.private_files import replacing
from app.review import report_html
from app.review.changes import Comparison
from app.review.data import SnapshotData
from app.review.people import person_of

Table = Literal["matrix", "findings", "changes"]
TABLES: tuple[Table, ...] = ("matrix", "findings", "changes")

NOT_COMPARED = "Not compared: not read completely in both snapshots"
DELIVERY_CHANGED = "Meeting requests delivery changed"


def matrix_rows(data: SnapshotData) -> list[list[str]]:
    """Header, then one row per permission: mailbox, calendar, person, role."""
    names = data.matrix.names
    rows = sorted(data.rows, key=lambda r: (r.mailbox.casefold(), not r.is_default,
                                            r.calendar_name.casefold(),
                                            person_of(r).name.casefold()))
    table = [["Mailbox", "Mailbox name", "Calendar", "Main calendar", "Person", "Address",
              "Inside or outside", "Role", "Graph role"]]
    for row in rows:
        person = person_of(row)
        table.append([row.mailbox, names.get(row.mailbox, ""), row.calendar_name,
                      "Yes" if row.is_default else "No", person.name, person.address or "",
                      person.where, role_label(row.role), row.role])
    return table


def findings_rows(data: SnapshotData) -> list[list[str]]:
    """Header, then one row per finding, in rule order."""
    table = [["Rule", "Mailbox", "Calendar", "Person", "Address", "Inside or outside",
              "Role"]]
    for finding in data.findings:
        table.append([finding.rule.title, finding.row.mailbox, finding.row.calendar_name,
                      finding.person.name, finding.person.address or "",
                      finding.person.where, role_label(finding.row.role)])
    return table


def changes_rows(comparison: Comparison) -> list[list[str]]:
    """Header, the role changes, then delivery-option changes and mailboxes not compared.

    "Before" is empty for an added person and "After" for a removed one.
    """
    table = [["Mailbox", "Calendar", "Person", "Address", "Change", "Before", "After"]]
    for change in comparison.changes:
        table.append([change.mailbox, change.calendar_name, change.person.name,
                      change.person.address or "", change.kind.value,
                      role_label(change.before) if change.before else "",
                      role_label(change.after) if change.after else ""])
    for mailbox, (before, after) in comparison.delivery.items():
        table.append([mailbox, "", "", "", DELIVERY_CHANGED, delivery_label(before),
                      delivery_label(after)])
    for mailbox in comparison.not_compared:
        table.append([mailbox, "", "", "", NOT_COMPARED, "", ""])
    return table


def csv_rows(table: Table, data: SnapshotData,
             comparison: Comparison | None = None) -> list[list[str]]:
    """The rows of one exported table, header first."""
    if table == "matrix":
        return matrix_rows(data)
    if table == "findings":
        return findings_rows(data)
    if table == "changes":
        if comparison is None:
            raise ValueError("the changes need an earlier snapshot to compare with")
        return changes_rows(comparison)
    raise ValueError(f"unknown table {table!r}; one of {', '.join(TABLES)}")


def write_csv(path: Path, table: Table, data: SnapshotData,
              comparison: Comparison | None = None) -> int:
    """Write one table as CSV (cells that a spreadsheet would run as a formula made text,
    see ``csv_export``); how many rows (without the header). Raises OSError."""
    return write_rows(path, csv_rows(table, data, comparison)) - 1


def render_html(data: SnapshotData, older: SnapshotData | None = None) -> str:
    """The self-contained HTML report (see ``report_html``)."""
    return report_html.render(data, older)


def write_html(path: Path, data: SnapshotData, older: SnapshotData | None = None) -> int:
    """Write the HTML report, with the changes since ``older``; its size in bytes.

    Raises OSError.
    """
    text = render_html(data, older)
    with replacing(path, encoding="utf-8", newline="") as file:
        file.write(text)
    return len(text.encode("utf-8"))
