"""The findings table's rows made ready off the GUI thread: each cell's text, and each
order the table may show (a rule's rows sorted by a column, either way).

A 100,000-mailbox snapshot flags some 134,000 rows. Working out their texts and sorting
them held the GUI thread 1.2-2.4 s when the Findings tab was first shown, and a proxy
asking Python whether to keep each row held it again at every change of rule. Here all
of it is done on the task runner, in plain Python loops the interpreter interrupts
every few milliseconds for the GUI thread; the window only puts in place an order made
here (``Prepared``). One long call into C would not be interrupted (``sorted`` over
134,000 strings holds the interpreter lock some 50 ms): the sort is made of short ones
(``app.sorting``).

A column is sorted once, over every rule's rows; each rule's rows are then taken from
that order in one pass, and every rule's order by that column, in both directions, is
kept: choosing another rule, or clicking the same header again, needs no new work.
(Every rule's rows at once, which the Findings tab never shows, are made when asked.)
Nothing here imports Qt.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from app.addresses import name_and_address
from app.graph.roles import role_label
from app.review.findings import Finding, Rule
from app.review.people import person_of
from app.review.snapshot_index import StoredFindings
from app.review.snapshot_store import PermissionRow
from app.sorting import places_in_order


class Column(IntEnum):
    MAILBOX = 0
    CALENDAR = 1
    PERSON = 2
    WHERE = 3
    ROLE = 4


def texts_of(row: PermissionRow, names: dict[str, str]) -> tuple[str, ...]:
    """A finding's cells, in ``Column`` order, from its row."""
    person = person_of(row)
    return (name_and_address(names.get(row.mailbox), row.mailbox), row.calendar_name,
            person.label, person.where, role_label(row.role))


def parts_of(findings: Sequence[Finding]) -> Iterable[tuple[Rule, PermissionRow]]:
    """Each finding's rule and row; a snapshot's kept findings make no Finding objects
    for it (``StoredFindings.parts``)."""
    if isinstance(findings, StoredFindings):
        return findings.parts()
    return ((finding.rule, finding.row) for finding in findings)


@dataclass(frozen=True)
class Prepared:
    """One order the table can show: ``rule``'s rows (None: every rule's) sorted by
    ``column``, descending or not.

    Attributes:
        order: the findings' numbers (places in ``FindingsTable.findings``), row by row.
        where: for each of the rule's findings, its row: ``where[number - start]``.
        (Arrays of machine integers: some 20 MB less per column sorted than lists.)
        start: the number of the rule's first finding.
    """

    rule: Rule | None
    column: int
    descending: bool
    order: Sequence[int]
    where: array[int]
    start: int

    def row_of(self, number: int) -> int:
        return self.where[number - self.start]


class FindingsTable:
    """A snapshot's findings with their texts; the orders are made on demand (on a
    worker) and kept.

    Attributes:
        findings: every finding, in ``find``'s order: rule by rule (as given: kept
            findings make each Finding when it is asked for).
        texts: each finding's cells, in ``Column`` order.
        spans: each rule's findings' numbers (a rule's findings are together).
    """

    def __init__(self, findings: Sequence[Finding], names: dict[str, str]) -> None:
        """Slow: some 134,000 findings' texts. Run it on a worker."""
        self.findings = findings
        self.texts: list[tuple[str, ...]] = []
        place = {rule: at for at, rule in enumerate(Rule)}
        counts = dict.fromkeys(Rule, 0)
        last = 0
        for rule, row in parts_of(findings):
            if place[rule] < last:
                raise ValueError("findings must come rule by rule, in the rules' order")
            last = place[rule]
            counts[rule] += 1
            self.texts.append(texts_of(row, names))
        self.spans: dict[Rule, range] = {}
        start = 0
        for rule in Rule:
            self.spans[rule] = range(start, start + counts[rule])
            start += counts[rule]
        self._prepared: dict[tuple[Rule | None, int, bool], Prepared] = {}
        self._ascending: dict[int, array[int]] = {}  # every finding, by each column sorted
        self._lock = threading.Lock()  # two workers sorting one column: one sorts

    def span(self, rule: Rule | None) -> range:
        return range(len(self.findings)) if rule is None else self.spans[rule]

    def ready(self, rule: Rule | None, column: int, descending: bool) -> Prepared | None:
        """The order, if made already (cheap: for the GUI thread)."""
        return self._prepared.get((rule, column, descending))

    def prepare(self, rule: Rule | None, column: int, descending: bool) -> Prepared:
        """The order, made now if it is not yet (slow the first time for a column: run
        it on a worker)."""
        with self._lock:
            if column not in self._ascending:
                self._prepare_column(column)
            if (rule, column, descending) not in self._prepared:  # every rule's: rare
                self._keep(rule, column, self._ascending[column])
        return self._prepared[(rule, column, descending)]

    def _prepare_column(self, column: int) -> None:
        """Sort by ``column`` once; each rule's rows in that order, both ways."""
        keys = [texts[column].casefold() for texts in self.texts]
        ascending = self._ascending[column] = array("i", places_in_order(keys))
        rule_of: list[Rule | None] = [None] * len(self.findings)  # by finding's number
        for each, span in self.spans.items():
            rule_of[span.start:span.stop] = [each] * len(span)
        orders: dict[Rule | None, list[int]] = {rule: [] for rule in Rule}
        for number in ascending:
            orders[rule_of[number]].append(number)
        for rule, order in orders.items():
            self._keep(rule, column, array("i", order))

    def _keep(self, rule: Rule | None, column: int, ascending: array[int]) -> None:
        """Keep ``rule``'s rows sorted by ``column`` (``ascending``), both ways, with
        where each row went."""
        start = self.span(rule).start
        for descending in (False, True):
            order = ascending[::-1] if descending else ascending
            where = array("i", bytes(4 * len(order)))
            for row, number in enumerate(order):
                where[number - start] = row
            self._prepared[(rule, column, descending)] = Prepared(
                rule, column, descending, order, where, start)

