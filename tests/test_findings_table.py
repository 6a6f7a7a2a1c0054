"""The findings table's orders, made off the GUI thread: each rule's rows by each column,
both ways, as a plain sort would give them."""

from __future__ import annotations

import pytest

from app.review.findings import Rule, find
from app.review.findings_table import Column, FindingsTable
from tests.test_review_rules import ALEX, DELIVERY, ROWS, grant


def test_each_rule_s_rows_by_each_column_both_ways():
    rows = [*ROWS, *(grant(f"user{n}@contoso.com", f"guest{n % 7}@fabrikam.example",
                           "read", inside=False) for n in range(40))]
    findings = find(rows, DELIVERY)
    table = FindingsTable(findings, {ALEX: "Alex Wilber"})
    assert table.texts[0] == (
        table.texts[0][0], findings[0].row.calendar_name, findings[0].person.label,
        findings[0].person.where, table.texts[0][4])
    assert table.ready(None, Column.PERSON, True) is None  # made when first asked for
    table.prepare(Rule.NO_ADDRESS, Column.PERSON, False)
    # One sort of the column made every rule's order by it, both ways; every rule's
    # rows at once (which the tab never shows) when asked for.
    assert all(table.ready(rule, Column.PERSON, descending) is not None
               for rule in Rule for descending in (False, True))
    assert table.ready(None, Column.PERSON, False) is None
    for rule in (*Rule, None):
        span = table.span(rule)
        assert all(rule in (None, findings[n].rule) for n in span)
        for column in Column:
            for descending in (False, True):
                prepared = table.prepare(rule, column, descending)
                assert sorted(prepared.order) == list(span)
                shown = [table.texts[n][column].casefold() for n in prepared.order]
                assert shown == sorted(shown, reverse=descending)
                assert all(prepared.row_of(n) == row for row, n in enumerate(prepared.order))
                assert table.ready(rule, column, descending) is prepared
    rule = Rule.EXTERNAL_ABOVE_FREE_BUSY
    assert len(table.span(rule)) > 40
    assert table.prepare(rule, Column.MAILBOX, False).order != table.prepare(
        rule, Column.PERSON, False).order


def test_findings_out_of_rule_order_are_refused():
    findings = find(ROWS, DELIVERY)
    with pytest.raises(ValueError, match="rule by rule"):
        FindingsTable(list(reversed(findings)), {})
