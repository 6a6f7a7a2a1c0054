"""A fix's preview and result as text for a terminal: one row per change, then what
people will notice (each sentence once, with how many changes it concerns)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from app.graph.roles import role_label
from app.problems import user_words
from app.words import counted, shortened

from . import delivery
from .plan import Change
from .preview import Checked, Status

if TYPE_CHECKING:  # requests: the fix's sending, not loaded with the review
    from .apply import RunResult

HEADERS = ("#", "Mailbox", "Calendar", "Person", "Before", "After", "Status")
WIDEST = 34  # characters of a cell; longer names are cut with "…"


def before_after(change: Change) -> tuple[str, str]:
    if change.is_setting:
        return delivery.words(change, change.before), delivery.words(change, change.after)
    return (role_label(change.before) if change.before else "—",
            role_label(change.after) if change.after else "removed")


def _rows(checked: Sequence[Checked]) -> Iterable[tuple[str, ...]]:
    for number, one in enumerate(checked, start=1):
        change = one.change
        before, after = before_after(change)
        yield (str(number), change.mailbox, change.calendar_name, change.person, before,
               after, one.status.value)


def layout(rows: Iterable[Sequence[str]]) -> list[str]:
    """Rows as lines of aligned columns, the first row the header."""
    cut = [[shortened(cell, WIDEST) for cell in row] for row in rows]
    widths = [max(len(row[at]) for row in cut) for at in range(len(cut[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            .rstrip() for row in cut]


def preview_lines(checked: Sequence[Checked], notes: Sequence[str] = ()) -> list[str]:
    """The table, the reasons for what is not sent, the plan's ``notes`` (what it leaves
    as it is), what people notice, the count."""
    if not checked:
        return ["Nothing to change.", *notes]
    lines = layout([HEADERS, *_rows(checked)])
    skipped = [(n, one) for n, one in enumerate(checked, start=1) if not one.ready]
    if skipped:
        lines += ["", "Not sent:"]
        lines += [f"  {n}. {one.status.value}: {one.why}" for n, one in skipped]
    if notes:
        lines += ["", "Left as it is:"]
        lines += [f"  {note}" for note in notes]
    notices = Counter(one.notice for one in checked if one.ready and one.notice)
    if notices:
        lines += ["", "What people will notice:"]
        lines += [f"  {counted(count, 'change')}: {notice}"
                  for notice, count in notices.most_common()]
    ready = sum(one.ready for one in checked)
    changed = sum(one.status is Status.CHANGED for one in checked)
    lines += ["", f"{counted(ready, 'change')} to send, {len(checked) - ready:,} not sent."]
    if changed:
        lines.append(f"{counted(changed, 'permission')} changed since the snapshot: check "
                     "them, then add --reconfirm-changed to change them from what they are "
                     "now.")
    return lines


def result_lines(result: RunResult) -> list[str]:
    """The run's summary, then every change that was not done, with why."""
    lines = [result.summary]
    if result.stopped_by is not None:
        lines.append(f"Sending stopped: {user_words(result.stopped_by)}")
    for number, outcome in enumerate(result.outcomes, start=1):
        if not outcome.done:
            change = outcome.checked.change
            lines.append(f"  {number}. {change.mailbox}, {change.calendar_name}, "
                         f"{change.person}: {outcome.outcome}")
    return lines
