"""The HTML report: one self-contained page an auditor opens in any browser, offline.

Inert by construction: inline CSS only, no scripts, nothing to load (no fonts, images
or style sheets), and a Content-Security-Policy that forbids all of that should a
value ever slip through. Every value from the tenant is escaped: display names are
typed by users and can hold markup.

A page a browser opens in a second at any size: the full tables are the CSVs
(``deputy report --format csv``, or the review's File menu), and the page is their
summary. Cells carry a short word and a colour (a legend gives the full role), only
people with some access get a column, and past ``GRID_MAX_PEOPLE`` columns the matrix
becomes one line per mailbox listing who has access; past ``LINES_MAX_MAILBOXES``
mailboxes it becomes counts (access by role, the most shared mailboxes, the people
with the widest access). Each rule shows its first ``FINDINGS_SHOWN`` findings, the
changes their first ``CHANGES_SHOWN``, and every list of mailboxes its first
``MAILBOXES_SHOWN``, each saying how many more the CSV holds. A 100,000-mailbox
snapshot's page was 95 MB of table before this; it is now a few hundred KB.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from html import escape
from itertools import islice

from app import __version__
from app.graph.roles import ROLE_ORDER, delivery_label, role_label, role_rank, role_short_label
from app.review.changes import Change, Comparison, Kind
from app.review.data import SnapshotData
from app.review.findings import Finding, Rule
from app.review.limits import sentences
from app.review.matrix import Cell
from app.review.people import Person
from app.review.report_style import CSS, level_class
from app.review.snapshot_store import COMPLETE, PARTIAL, Snapshot
from app.words import counted, plural

GRID_MAX_PEOPLE = 60
LINES_MAX_MAILBOXES = 1_000
FINDINGS_SHOWN = 25
CHANGES_SHOWN = 100
MAILBOXES_SHOWN = 50
TOP_SHOWN = 20

# Nothing may be loaded or run, whatever a value manages to smuggle in.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def local_time(iso: str | None) -> str:
    """A stored UTC time as the reader's local time: "21 Nov 2026, 14:03 (UTC+01:00)"."""
    if not iso:
        return "not finished"
    moment = datetime.fromisoformat(iso).astimezone()
    offset = moment.strftime("%z")
    return f"{moment.day} {moment:%b %Y, %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def _status(snapshot: Snapshot, unreadable: int) -> str:
    if snapshot.status == COMPLETE:
        return '<span class="status st-complete">Complete</span>'
    if snapshot.status == PARTIAL:
        return (f'<span class="status st-partial">Partial</span> '
                f"{counted(unreadable, 'mailbox')} not read completely")
    word = snapshot.state_words.capitalize()  # running (a sync writes it now), interrupted…
    return (f'<span class="status st-bad">{_e(word)}</span> {snapshot.mailboxes_stored:,} '
            f"of {counted(snapshot.mailboxes_planned, 'mailbox')} stored")


def _chip(role: str) -> str:
    return f'<span class="chip {level_class(role)}">{_e(role_label(role))}</span>'


def _person(person: Person) -> str:
    tag = ('<span class="tag all">Everyone inside</span>' if person.is_my_organization
           else "" if person.inside else '<span class="tag out">Outside</span>')
    return f"{_e(person.name)}{tag}"


def _person_and_address(person: Person) -> str:
    """The person, and the address when it is not the name already."""
    if not person.address or person.address == person.name:
        return _person(person)
    return f'{_person(person)} <span class="addr">{_e(person.address)}</span>'


# ---------------------------------------------------------------------- header

def _header(data: SnapshotData, people: int, findings: int, since: Since | None) -> str:
    snapshot = data.snapshot
    mailboxes = len(data.mailboxes)
    meta = [("Tenant", _e(snapshot.tenant)), ("Taken by", _e(snapshot.identity)),
            ("Scope", _e(snapshot.scope)),
            ("Status", _status(snapshot, len(data.unreadable))),
            ("Mailboxes", f"{mailboxes:,}")]
    if snapshot.imported_at:
        meta.append(("Imported", _e(local_time(snapshot.imported_at))))
    changes = ("—" if since is None else
               f"{len(since.comparison.changes) + len(since.comparison.delivery):,}")
    changes_since = ("changes: no earlier snapshot" if since is None
                     else f"changes since snapshot {since.snapshot.id}")
    tiles = [("matrix", f"{mailboxes:,} &times; {people:,}",
              f"{plural('mailbox', mailboxes)} by {plural('person', people)} with access"),
             ("findings", f"{findings:,}", f"{plural('finding', findings)} to review"),
             ("changes", changes, changes_since)]
    return (
        '<header class="top"><div class="in">'
        f'<div class="eyebrow">Deputy · calendar sharing audit</div>'
        f"<h1>Who can see whose calendar</h1>"
        f'<p class="lede">Snapshot {snapshot.id}, taken {_e(local_time(snapshot.taken_at))}'
        "</p><dl class=\"meta\">"
        + "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in meta)
        + "</dl></div></header><main>"
        '<nav class="toc">'
        + "".join(f'<a href="#{anchor}"><b>{big}</b><span>{_e(small)}</span></a>'
                  for anchor, big, small in tiles)
        + "</nav>" + _not_asked(data) + _unreadable(data))


def _not_asked(data: SnapshotData) -> str:
    """What the identity that synced may not read (not a failure), one sentence a kind."""
    said = sentences(data.snapshot.unreadable)
    if not said:
        return ""
    return ('<section id="not-read"><h2>Not in this snapshot</h2>'
            + "".join(f'<p class="note">{_e(sentence)}</p>' for sentence in said)
            + "</section>")


def _unreadable(data: SnapshotData) -> str:
    if not data.unreadable:
        return ""
    unreadable = data.unreadable
    shown = islice(unreadable.items(), MAILBOXES_SHOWN)
    items = "".join(f"<li><b>{_e(data.matrix.mailbox_label(data.matrix.mailboxes.index(m)))}"
                    f"</b>: {_e('; '.join(problems))}</li>" for m, problems in shown)
    return ('<section id="unreadable"><h2>Mailboxes not read completely'
            f'<span class="count hot">{len(unreadable):,}</span></h2>'
            '<p class="note">What these mailboxes share may be missing from this report; '
            "they are not compared with other snapshots.</p>"
            f'<ul class="problems">{items}</ul>{_and_more(len(unreadable) - MAILBOXES_SHOWN)}'
            "</section>")


def _and_more(left: int, table: str = "", command: str = "") -> str:
    """"And 1,234 more", with where the whole list is: the CSV ``command`` writes."""
    if left <= 0:
        return ""
    if not table:
        return f'<p class="note">And {left:,} more.</p>'
    return (f'<p class="note">And {left:,} more: the {table} CSV has every one '
            f"{_where(table, command)}.</p>")


def _where(table: str, command: str) -> str:
    """How to write the CSV of ``table``: on the command line, or from the review."""
    return (f'(<span class="cmd">{_e(command)}</span>, or “Export the {table} to CSV…” in '
            "the review window's File menu)")


def _csv_command(table: str, snapshot_id: int, since: int | None = None) -> str:
    """The ``deputy report`` command line that writes ``table`` of this report's snapshot."""
    pair = f" --since {since}" if since is not None else ""
    return (f"deputy report --snapshot {snapshot_id}{pair} --format csv --table {table} "
            f"--out {table}.csv")


# ---------------------------------------------------------------------- matrix

def _legend(roles: Iterable[str], *, cells: bool = True) -> str:
    """The whole scale, so the reader sees where a colour sits; "none" and "custom" when
    the snapshot has them."""
    present = sorted(set(ROLE_ORDER[1:]) | (set(roles) & {"none", "custom"}), key=role_rank)
    return '<div class="legend">' + "".join(
        f'<span><span class="k {level_class(role)}">{_e(role_short_label(role))}'
        f"</span>{_e(role_label(role))}</span>" for role in present) + (
        "</div>") + ('<p class="note">A small <span class="more">+1</span> beside a role counts '
                     "the other calendars shared with that person; hover over the cell to see "
                     "each one.</p>" if cells else "")


def _cell_html(cell: Cell) -> str:
    """The role's short word, and a badge counting the person's other calendars there."""
    others = sum(1 for g in cell.grants if g.role != "none") - 1
    more = f'<span class="more">+{others}</span>' if others > 0 else ""
    return _e(role_short_label(cell.role)) + more


def _cell_title(cell: Cell) -> str:
    """The calendars behind a cell, when it is not simply the main calendar."""
    if len(cell.grants) == 1 and cell.grants[0].is_default:
        return ""
    return f' title="{_e(cell.details)}"'


def _matrix(data: SnapshotData) -> tuple[str, int]:
    """The matrix section, and how many people have a column (or a chip)."""
    matrix = data.matrix
    cells = matrix.cells  # by number: no Cell made for each
    columns = sorted({cells.column_of(at) for at in range(len(cells)) if cells.rank(at) > 0})
    roles = {cells.role(at) for at in range(len(cells))}
    counts = len(matrix.mailboxes) > LINES_MAX_MAILBOXES
    intro = ('<section id="matrix"><h2>Matrix: who can see whose calendar</h2>'
             + ("" if counts else
                '<p class="note">Mailboxes down, people across; each cell is the most a '
                "person may do in that mailbox's calendars, coloured from seeing only when "
                "the owner is busy (light) to delegate with private events (strongest).</p>")
             + _legend(roles, cells=not counts))
    if counts:
        return intro + _matrix_counts(data, columns) + "</section>", len(columns)
    if len(columns) > GRID_MAX_PEOPLE:
        return intro + _matrix_lines(data, columns) + "</section>", len(columns)
    head = "".join(f'<th title="{_e(matrix.people[c].address or "")}">'
                   f"{_person(matrix.people[c])}</th>" for c in columns)
    body = []
    for r, address in enumerate(matrix.mailboxes):
        row_cells: list[str] = []
        for c in columns:
            cell = matrix.cells.get((r, c))
            row_cells.append("<td></td>" if cell is None else
                             f'<td class="{level_class(cell.role)}"{_cell_title(cell)}>'
                             f"{_cell_html(cell)}</td>")
        body.append(f"<tr>{_mailbox(data, r, address)}{''.join(row_cells)}</tr>")
    return (intro + '<div class="scroll"><table class="grid"><thead><tr>'
            f'<th class="corner">Mailbox</th>{head}</tr></thead><tbody>'
            + "".join(body) + "</tbody></table></div></section>", len(columns))


def _mailbox_text(data: SnapshotData, address: str) -> str:
    """A mailbox's name with its address, for the findings and the changes."""
    name = data.matrix.names.get(address)
    return f'{_e(name)} <span class="addr">{_e(address)}</span>' if name else _e(address)


def _mailbox(data: SnapshotData, row: int, address: str) -> str:
    name = data.matrix.names.get(address)
    warn = ('<span class="tag warn">Not read completely</span>'
            if data.mailboxes.get(address) else "")
    if name:
        return f'<th>{_e(name)}{warn} <span class="addr">{_e(address)}</span></th>'
    return f"<th>{_e(address)}{warn}</th>"


def _matrix_lines(data: SnapshotData, columns: list[int]) -> str:
    """Too many people for a column each: each mailbox lists who has access."""
    matrix = data.matrix
    by_row: dict[int, list[int]] = {}
    for (r, c), cell in matrix.cells.items():
        if cell.rank > 0:
            by_row.setdefault(r, []).append(c)
    lines = []
    for r, address in enumerate(matrix.mailboxes):
        here = sorted(by_row.get(r, []), key=lambda c: (-matrix.cells[r, c].rank,
                                                        matrix.people[c].name.casefold()))
        chips = []
        for c in here:
            cell, person = matrix.cells[r, c], matrix.people[c]
            tag = ('<span class="tag out">Outside</span>' if not person.inside else "")
            chips.append(f'<span class="chip {level_class(cell.role)}"'
                         f"{_cell_title(cell)}>{_e(person.name)}{tag}"
                         f"<b>{_cell_html(cell)}</b></span>")
        lines.append(f"<tr>{_mailbox(data, r, address)}<td>{''.join(chips)}</td></tr>")
    return (f'<p class="note">{len(columns):,} people have access: too many for a column '
            "each, so each mailbox lists who has access, most access first.</p>"
            '<table class="list"><thead><tr><th>Mailbox</th><th>People with access</th>'
            "</tr></thead><tbody>" + "".join(lines) + "</tbody></table>")


def _matrix_counts(data: SnapshotData, columns: list[int]) -> str:
    """Too many mailboxes for a line each: how much access there is, by role, and where
    the most of it is. The matrix CSV has every mailbox, calendar and person."""
    matrix = data.matrix
    pairs: Counter[str] = Counter()
    role_rows: dict[str, set[int]] = {}
    role_columns: dict[str, set[int]] = {}
    per_row: Counter[int] = Counter()
    per_column: Counter[int] = Counter()
    row_most: dict[int, tuple[int, str]] = {}  # (rank, role) of the most access
    column_most: dict[int, tuple[int, str]] = {}
    cells = matrix.cells
    for at in range(len(cells)):  # by number: no Cell made for each
        r, c, role = cells.row_of(at), cells.column_of(at), cells.role(at)
        most = (cells.rank(at), role)
        if most[0] <= 0:
            continue
        pairs[role] += 1
        role_rows.setdefault(role, set()).add(r)
        role_columns.setdefault(role, set()).add(c)
        per_row[r] += 1
        per_column[c] += 1
        row_most[r] = max(row_most.get(r, most), most)
        column_most[c] = max(column_most.get(c, most), most)
    by_role = "".join(
        f"<tr><td>{_chip(role)}</td><td>{pairs[role]:,}</td><td>{len(role_rows[role]):,}</td>"
        f"<td>{len(role_columns[role]):,}</td></tr>"
        for role in sorted(pairs, key=role_rank, reverse=True))
    mailboxes = sorted(per_row, key=lambda r: (-per_row[r], matrix.mailboxes[r].casefold()))
    top_mailboxes = "".join(
        f"<tr>{_mailbox(data, r, matrix.mailboxes[r])}<td>{per_row[r]:,}</td>"
        f"<td>{_chip(row_most[r][1])}</td></tr>" for r in mailboxes[:TOP_SHOWN])
    people = sorted((c for c in per_column if not matrix.people[c].is_my_organization),
                    key=lambda c: (-per_column[c], matrix.people[c].name.casefold()))
    top_people = "".join(
        f"<tr><td>{_person_and_address(matrix.people[c])}</td><td>{per_column[c]:,}</td>"
        f"<td>{_chip(column_most[c][1])}</td></tr>" for c in people[:TOP_SHOWN])
    command = _csv_command("matrix", data.snapshot.id)
    return (f'<p class="note">{len(matrix.mailboxes):,} mailboxes and {len(columns):,} people '
            "with access: too many to list here, so this is how much access there is and "
            "where the most of it is. The matrix CSV has every mailbox, calendar and person "
            f"{_where('matrix', command)}.</p>"
            "<h3>Access by role</h3>"
            '<p class="note">Each mailbox and person counted once, at the most that person '
            "may do in that mailbox's calendars.</p>"
            '<table class="list"><thead><tr><th>Most access</th><th>Mailbox and person pairs'
            "</th><th>Mailboxes</th><th>People</th></tr></thead>"
            f"<tbody>{by_role}</tbody></table>"
            f"<h3>The {min(TOP_SHOWN, len(mailboxes)):,} mailboxes shared with the most people"
            '</h3><table class="list"><thead><tr><th>Mailbox</th><th>People with access</th>'
            f"<th>Most access</th></tr></thead><tbody>{top_mailboxes}</tbody></table>"
            f"<h3>The {min(TOP_SHOWN, len(people)):,} people with access to the most "
            'mailboxes</h3><p class="note">Not counting “My Organization”, which every '
            "mailbox has.</p>"
            '<table class="list"><thead><tr><th>Person</th><th>Mailboxes</th>'
            f"<th>Most access</th></tr></thead><tbody>{top_people}</tbody></table>")


# ---------------------------------------------------------------------- findings

def _findings(data: SnapshotData) -> str:
    findings = data.findings
    by_rule: dict[Rule, list[Finding]] = {rule: [] for rule in Rule}
    for finding in findings:
        by_rule[finding.rule].append(finding)
    parts = ['<section id="findings"><h2>Findings'
             f'<span class="count{" hot" if findings else ""}">{len(findings):,}</span></h2>'
             '<p class="note">What an auditor asks about. A permission can appear under '
             "more than one rule; each rule lists every row it concerns (here the first "
             f"{FINDINGS_SHOWN:,}, the findings CSV has them all).</p>"]
    for rule, found in by_rule.items():
        # <details>: a long rule folds away without a script; one with nothing stays shut.
        parts.append(f"<details{' open' if found else ''}><summary><h3>{_e(rule.title)}"
                     f'<span class="count{" hot" if found else ""}">{len(found):,}</span>'
                     f'</h3></summary><p class="note">{_e(rule.why)}</p>')
        if not found:
            parts.append('<p class="note ok">None found.</p></details>')
            continue
        rows = "".join(
            f"<tr><td>{_mailbox_text(data, f.row.mailbox)}</td><td>{_e(f.row.calendar_name)}</td>"
            f"<td>{_e(f.person.name)}</td><td class=\"addr\">{_e(f.person.address or '')}"
            f"</td><td>{f.person.where}</td><td>{_chip(f.row.role)}</td></tr>"
            for f in found[:FINDINGS_SHOWN])
        parts.append('<table class="list"><thead><tr><th>Mailbox</th><th>Calendar</th>'
                     "<th>Person</th><th>Address</th><th>Inside or outside</th>"
                     f"<th>Role</th></tr></thead><tbody>{rows}</tbody></table>"
                     + _and_more(len(found) - FINDINGS_SHOWN, "findings",
                                 _csv_command("findings", data.snapshot.id))
                     + "</details>")
    return "".join(parts) + "</section>"


# ---------------------------------------------------------------------- changes

def _role_or_none(role: str | None) -> str:
    return _chip(role) if role else '<span class="addr">no access</span>'


def _change_row(data: SnapshotData, change: Change) -> str:
    return (f'<tr><td class="kind k-{change.kind.name.lower()}">{change.kind.value}</td>'
            f"<td>{_mailbox_text(data, change.mailbox)}</td><td>{_e(change.calendar_name)}</td>"
            f"<td>{_person(change.person)} <span class=\"addr\">"
            f"{_e(change.person.address or '')}</span></td>"
            f"<td>{_role_or_none(change.before)}<span class=\"arrow\">→</span>"
            f"{_role_or_none(change.after)}</td></tr>")


def _changes(data: SnapshotData, since: Since | None) -> str:
    head = '<section id="changes"><h2>Changes'
    if since is None:
        return (head + '</h2><p class="note">There is no earlier snapshot to compare with: '
                "this is the first one. The next sync's report will show what changed."
                "</p></section>")
    older, comparison = since.snapshot, since.comparison
    command = _csv_command("changes", data.snapshot.id, older.id)
    kinds = Counter(c.kind for c in comparison.changes)
    total = len(comparison.changes) + len(comparison.delivery)
    parts = [head + f'<span class="count">{total:,}</span></h2><p class="note">Since '
             f"snapshot {older.id}, taken {_e(local_time(older.taken_at))}"
             + "".join(f" · {kinds[k]:,} {k.value.lower()}" for k in Kind if kinds[k])
             + ".</p>"]
    if not comparison.changes:
        parts.append('<p class="note">No one gained, lost or changed access in the '
                     "mailboxes compared.</p>")
    else:
        parts.append('<table class="list"><thead><tr><th>Change</th><th>Mailbox</th>'
                     "<th>Calendar</th><th>Person</th><th>Before → after</th></tr></thead>"
                     "<tbody>" + "".join(_change_row(data, c)
                                         for c in comparison.changes[:CHANGES_SHOWN])
                     + "</tbody></table>"
                     + _and_more(len(comparison.changes) - CHANGES_SHOWN, "changes", command))
    if comparison.delivery:
        rows = "".join(f"<tr><td>{_mailbox_text(data, m)}</td><td>{_e(delivery_label(before))}"
                       f'<span class="arrow">→</span>{_e(delivery_label(after))}</td></tr>'
                       for m, (before, after) in islice(comparison.delivery.items(),
                                                        MAILBOXES_SHOWN))
        parts.append("<h3>Meeting requests delivery changed</h3>"
                     '<table class="list"><thead><tr><th>Mailbox</th><th>Before → after'
                     f"</th></tr></thead><tbody>{rows}</tbody></table>"
                     + _and_more(len(comparison.delivery) - MAILBOXES_SHOWN, "changes",
                                 command))
    if comparison.not_compared:
        sides = [{m.casefold(): problems for m, problems in side.items()}
                 for side in (data.mailboxes, since.mailboxes)]
        parts.append('<h3>Not compared<span class="count hot">'
                     f"{len(comparison.not_compared):,}</span></h3>"
                     '<p class="note">Not read completely in one of the snapshots (or held by '
                     "only one), so what changed there is not known.</p>"
                     '<ul class="problems">'
                     + "".join(f"<li>{_mailbox_text(data, m)}: "
                               f"{_e(_why_not_compared(m, older.id, sides))}</li>"
                               for m in comparison.not_compared[:MAILBOXES_SHOWN]) + "</ul>"
                     + _and_more(len(comparison.not_compared) - MAILBOXES_SHOWN, "changes",
                                 command))
    return "".join(parts) + "</section>"


def _why_not_compared(mailbox: str, older_id: int, sides: list[dict[str, list[str]]]) -> str:
    """``sides``: each snapshot's problems by mailbox, case-folded (newer, older)."""
    reasons = []
    for label, side in zip(("this snapshot", f"snapshot {older_id}"), sides,
                           strict=True):
        problems = side.get(mailbox.casefold())
        if problems is None:
            reasons.append(f"not in {label}")
        elif problems:
            reasons.append(f"{label}: {'; '.join(problems)}")
    return "; ".join(reasons) or "not read completely"


# ---------------------------------------------------------------------- page

@dataclass(frozen=True)
class Since:
    """What the page shows of the earlier snapshot: which it is, what could not be read
    in it, and what changed since (``deputy report`` has it without reading it whole).

    Attributes:
        mailboxes: every mailbox it holds, with what could not be read in it.
    """

    snapshot: Snapshot
    mailboxes: Mapping[str, list[str]]
    comparison: Comparison


def render(data: SnapshotData, older: SnapshotData | None = None, *,
           since: Since | None = None) -> str:
    """The whole report for ``data``, with the changes since ``older``, or ``since``
    (neither: the first snapshot)."""
    if since is None and older is not None:
        since = Since(older.snapshot, older.mailboxes, data.compare_with(older))
    matrix, people = _matrix(data)
    title = f"Calendar sharing — snapshot {data.snapshot.id}, {local_time(data.snapshot.taken_at)}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        + _header(data, people, len(data.findings), since)
        + matrix + _findings(data) + _changes(data, since)
        + f"<footer>Written {_e(local_time(datetime.now().astimezone().isoformat()))} by "
        f"Deputy {_e(__version__)} from the snapshot kept on this computer.</footer>"
        "</main></body></html>\n")
