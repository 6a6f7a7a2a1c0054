"""The HTML report: one self-contained page an auditor opens in any browser, offline.

Inert by construction: inline CSS only, no scripts, nothing to load (no fonts, images
or style sheets), and a Content-Security-Policy that forbids all of that should a
value ever slip through. Every value from the tenant is escaped: display names are
typed by users and can hold markup.

Sized for 1,000 mailboxes: cells carry a short word and a colour (a legend gives the
full role), only people with some access get a column, and past ``GRID_MAX_PEOPLE``
columns the matrix becomes one line per mailbox listing who has access, because a
grid a thousand people wide is neither readable nor small (a scale:1000 tenant's
report is about 0.9 MB this way).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from html import escape

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


# ---------------------------------------------------------------------- header

def _header(data: SnapshotData, people: int, findings: int, comparison: Comparison | None,
            older: SnapshotData | None) -> str:
    snapshot = data.snapshot
    mailboxes = len(data.mailboxes)
    meta = [("Tenant", _e(snapshot.tenant)), ("Taken by", _e(snapshot.identity)),
            ("Scope", _e(snapshot.scope)),
            ("Status", _status(snapshot, len(data.unreadable))),
            ("Mailboxes", f"{mailboxes:,}")]
    if snapshot.imported_at:
        meta.append(("Imported", _e(local_time(snapshot.imported_at))))
    changes = ("—" if comparison is None
               else f"{len(comparison.changes) + len(comparison.delivery):,}")
    since = ("changes: no earlier snapshot" if older is None
             else f"changes since snapshot {older.snapshot.id}")
    tiles = [("matrix", f"{mailboxes:,} &times; {people:,}",
              f"{plural('mailbox', mailboxes)} by {plural('person', people)} with access"),
             ("findings", f"{findings:,}", f"{plural('finding', findings)} to review"),
             ("changes", changes, since)]
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
    items = "".join(f"<li><b>{_e(data.matrix.mailbox_label(data.matrix.mailboxes.index(m)))}"
                    f"</b>: {_e('; '.join(problems))}</li>"
                    for m, problems in data.unreadable.items())
    return ('<section id="unreadable"><h2>Mailboxes not read completely'
            f'<span class="count hot">{len(data.unreadable):,}</span></h2>'
            '<p class="note">What these mailboxes share may be missing from this report; '
            "they are not compared with other snapshots.</p>"
            f'<ul class="problems">{items}</ul></section>')


# ---------------------------------------------------------------------- matrix

def _legend(roles: Iterable[str]) -> str:
    """The whole scale, so the reader sees where a colour sits; "none" and "custom" when
    the snapshot has them."""
    present = sorted(set(ROLE_ORDER[1:]) | (set(roles) & {"none", "custom"}), key=role_rank)
    return '<div class="legend">' + "".join(
        f'<span><span class="k {level_class(role)}">{_e(role_short_label(role))}'
        f"</span>{_e(role_label(role))}</span>" for role in present) + (
        '</div><p class="note">A small <span class="more">+1</span> beside a role counts the '
        "other calendars shared with that person; hover over the cell to see each one.</p>")


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
    columns = sorted({c for (_, c), cell in matrix.cells.items() if cell.rank > 0})
    roles = [cell.role for cell in matrix.cells.values()]
    intro = ('<section id="matrix"><h2>Matrix: who can see whose calendar</h2>'
             '<p class="note">Mailboxes down, people across; each cell is the most a person '
             "may do in that mailbox's calendars, coloured from seeing only when the owner "
             "is busy (light) to delegate with private events (strongest).</p>"
             + _legend(roles))
    if len(columns) > GRID_MAX_PEOPLE:
        return intro + _matrix_lines(data, columns) + "</section>", len(columns)
    head = "".join(f'<th title="{_e(matrix.people[c].address or "")}">'
                   f"{_person(matrix.people[c])}</th>" for c in columns)
    body = []
    for r, address in enumerate(matrix.mailboxes):
        cells = []
        for c in columns:
            cell = matrix.cells.get((r, c))
            cells.append("<td></td>" if cell is None else
                         f'<td class="{level_class(cell.role)}"{_cell_title(cell)}>'
                         f"{_cell_html(cell)}</td>")
        body.append(f"<tr>{_mailbox(data, r, address)}{''.join(cells)}</tr>")
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


# ---------------------------------------------------------------------- findings

def _findings(data: SnapshotData) -> str:
    findings = data.findings
    by_rule: dict[Rule, list[Finding]] = {rule: [] for rule in Rule}
    for finding in findings:
        by_rule[finding.rule].append(finding)
    parts = ['<section id="findings"><h2>Findings'
             f'<span class="count{" hot" if findings else ""}">{len(findings):,}</span></h2>'
             '<p class="note">What an auditor asks about. A permission can appear under '
             "more than one rule; each rule lists every row it concerns.</p>"]
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
            f"</td><td>{f.person.where}</td><td>{_chip(f.row.role)}</td></tr>" for f in found)
        parts.append('<table class="list"><thead><tr><th>Mailbox</th><th>Calendar</th>'
                     "<th>Person</th><th>Address</th><th>Inside or outside</th>"
                     f"<th>Role</th></tr></thead><tbody>{rows}</tbody></table></details>")
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


def _changes(data: SnapshotData, older: SnapshotData | None,
             comparison: Comparison | None) -> str:
    head = '<section id="changes"><h2>Changes'
    if older is None or comparison is None:
        return (head + '</h2><p class="note">There is no earlier snapshot to compare with: '
                "this is the first one. The next sync's report will show what changed."
                "</p></section>")
    kinds = Counter(c.kind for c in comparison.changes)
    total = len(comparison.changes) + len(comparison.delivery)
    parts = [head + f'<span class="count">{total:,}</span></h2><p class="note">Since '
             f"snapshot {older.snapshot.id}, taken {_e(local_time(older.snapshot.taken_at))}"
             + "".join(f" · {kinds[k]:,} {k.value.lower()}" for k in Kind if kinds[k])
             + ".</p>"]
    if not comparison.changes:
        parts.append('<p class="note">No one gained, lost or changed access in the '
                     "mailboxes compared.</p>")
    else:
        parts.append('<table class="list"><thead><tr><th>Change</th><th>Mailbox</th>'
                     "<th>Calendar</th><th>Person</th><th>Before → after</th></tr></thead>"
                     "<tbody>" + "".join(_change_row(data, c) for c in comparison.changes)
                     + "</tbody></table>")
    if comparison.delivery:
        rows = "".join(f"<tr><td>{_mailbox_text(data, m)}</td><td>{_e(delivery_label(before))}"
                       f'<span class="arrow">→</span>{_e(delivery_label(after))}</td></tr>'
                       for m, (before, after) in comparison.delivery.items())
        parts.append("<h3>Meeting requests delivery changed</h3>"
                     '<table class="list"><thead><tr><th>Mailbox</th><th>Before → after'
                     f"</th></tr></thead><tbody>{rows}</tbody></table>")
    if comparison.not_compared:
        parts.append('<h3>Not compared<span class="count hot">'
                     f"{len(comparison.not_compared):,}</span></h3>"
                     '<p class="note">Not read completely in one of the snapshots (or held by '
                     "only one), so what changed there is not known.</p>"
                     '<ul class="problems">'
                     + "".join(f"<li>{_mailbox_text(data, m)}: "
                               f"{_e(_why_not_compared(m, data, older))}</li>"
                               for m in comparison.not_compared) + "</ul>")
    return "".join(parts) + "</section>"


def _why_not_compared(mailbox: str, newer: SnapshotData, older: SnapshotData) -> str:
    reasons = []
    for label, side in (("this snapshot", newer), (f"snapshot {older.snapshot.id}", older)):
        problems = next((p for m, p in side.mailboxes.items()
                         if m.casefold() == mailbox.casefold()), None)
        if problems is None:
            reasons.append(f"not in {label}")
        elif problems:
            reasons.append(f"{label}: {'; '.join(problems)}")
    return "; ".join(reasons) or "not read completely"


# ---------------------------------------------------------------------- page

def render(data: SnapshotData, older: SnapshotData | None = None) -> str:
    """The whole report for ``data``, with the changes since ``older`` (None: the first)."""
    comparison = data.compare_with(older) if older is not None else None
    matrix, people = _matrix(data)
    title = f"Calendar sharing — snapshot {data.snapshot.id}, {local_time(data.snapshot.taken_at)}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        + _header(data, people, len(data.findings), comparison, older)
        + matrix + _findings(data) + _changes(data, older, comparison)
        + f"<footer>Written {_e(local_time(datetime.now().astimezone().isoformat()))} by "
        f"Deputy {_e(__version__)} from the snapshot kept on this computer.</footer>"
        "</main></body></html>\n")
