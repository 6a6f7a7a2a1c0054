"""The findings tab: the rules an auditor asks about on the left, with how many rows
each flags; the flagged rows of the chosen rule on the right."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models.findings import Column, FindingsModel
from app.models.item_roles import ItemRole
from app.review.findings import Finding, Rule
from app.review.snapshot_index import rule_counts
from app.tasks import TaskRunner
from app.views.column_fit import fit_columns
from app.views.fix_button import OFFLINE_FIX, FixButton
from app.views.list_parts import empty_label, heading_label, keyboard_list, stacked, table
from app.views.plain_text import plain_label
from app.words import counted

ITEM_TEXT_MARGIN = 16  # the item's text margins and focus frame, both sides
ITEM_VERTICAL_MARGIN = 8
WRAP = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere


class RuleList(QListWidget):
    """The rules, each title wrapped whole over as many lines as it needs.

    Qt measures a wrapped item once, at whatever width the list had then, and clips or
    elides it at another width ("“My Organization” sees more than free/busy …"): each
    item's height is worked out here for the list's width, again when it changes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keyboard_list(self)
        self.setWordWrap(True)
        self.setSpacing(4)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_items(self) -> None:
        # The style's margins around an item's text, counted generously: a line too many
        # leaves a little air, a line too few cuts the title.
        width = max(40, self.viewport().width() - 2 * self.spacing() - ITEM_TEXT_MARGIN)
        for row in range(self.count()):
            item = self.item(row)
            metrics = QFontMetrics(item.font())
            height = metrics.boundingRect(0, 0, width, 10_000, WRAP, item.text()).height()
            item.setSizeHint(QSize(width, height + ITEM_VERTICAL_MARGIN))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_items()


class FindingsView(QWidget):
    """Rules and their rows.

    Signals:
        show_in_matrix(Finding): the user wants to see this row in the matrix.
        fix_requested(list[Finding]): the user wants to fix these rows (those selected,
            or every one of the rule shown).
    """

    show_in_matrix = Signal(object)
    fix_requested = Signal(list)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        """``runner``: where the table's rows are made ready and sorted."""
        super().__init__(parent)
        self.model = FindingsModel(runner, self)
        self.counts: Counter[Rule] = Counter()
        self.findings: Sequence[Finding] = ()
        self._unshown: tuple[Sequence[Finding], dict[str, str]] | None = None  # till shown
        self.rules = RuleList()
        self.rules.setAccessibleName("Rules")
        for rule in Rule:
            item = QListWidgetItem(rule.title)
            item.setData(ItemRole.OBJECT, rule)
            item.setToolTip(rule.why)
            self.rules.addItem(item)
        self.title = heading_label()
        self.why = plain_label()
        self.why.setWordWrap(True)
        self.table = table("Flagged permissions")
        self.table.setModel(self.model)  # it keeps the rule's rows itself: no proxy
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setToolTip("Double-click a row to see it in the matrix")
        # Who has the access is what a finding is about: that column stays whole.
        self.columns = fit_columns(self.table, Column.PERSON, keep=(Column.ROLE,),
                                   second=(Column.MAILBOX,))
        # Extended: a fix takes many rows (Shift, Ctrl and Ctrl+A select them).
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.empty = empty_label()
        self.fix_button = FixButton("Fi&x the selected…",
                                    "Preview, then change the selected permissions",
                                    "Select the rows to fix (Shift, Ctrl, Ctrl+A)")
        # The whole rule, from its findings, not the table's rows: the table may not be
        # filled yet, and a selection is easy to lose on 1,000 rows.
        self.fix_all_button = FixButton("Fix &all…", "Preview, then change every "
                                        "permission this rule flags",
                                        "This rule flags nothing to fix")
        self.rules.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.rules.addAction(self.fix_all_button.action)
        self.fix_row = fix_row = QWidget()
        fix_layout = QHBoxLayout(fix_row)
        fix_layout.setContentsMargins(0, 0, 0, 0)
        fix_layout.addWidget(self.fix_button)
        fix_layout.addWidget(self.fix_all_button)
        fix_layout.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.rules)
        rows = stacked(self.title, self.why, (self.table, 1), fix_row, self.empty)
        column = rows.layout()
        assert isinstance(column, QVBoxLayout)  # stacked lays its parts out in one
        column.addStretch(0)  # takes the room when a rule has no rows to list
        splitter.addWidget(rows)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 760])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.rules.currentRowChanged.connect(self.on_rules_current_row_changed)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_fix)
        self.fix_button.clicked.connect(self.on_fix_button_clicked)
        self.fix_all_button.clicked.connect(self.on_fix_all_button_clicked)
        self.rules.setCurrentRow(0)

    def set_fixable(self, fixable: bool, why_not: str = OFFLINE_FIX) -> None:
        """Whether the signed-in identity can fix from here; ``why_not`` is said on the
        buttons when it can't."""
        for button in (self.fix_button, self.fix_all_button):
            button.set_fixable(fixable, why_not)

    @property
    def fixable(self) -> bool:
        return self.fix_button.fixable

    def rule(self) -> Rule | None:
        """The rule shown."""
        item = self.rules.currentItem()
        return None if item is None else item.data(ItemRole.OBJECT)

    def rule_findings(self) -> list[Finding]:
        """Every row the rule shown flags, whether the table shows them yet or not."""
        rule, table = self.rule(), self.model.table
        if table is not None:  # a rule's findings are together: each made alone
            return [table.findings[number] for number in table.span(rule)]
        return [f for f in self.findings if f.rule is rule]

    def selected_findings(self) -> list[Finding]:
        rows = self.table.selectionModel().selectedRows()
        return [f for f in (index.data(ItemRole.OBJECT) for index in sorted(rows))
                if f is not None]

    def _update_fix(self) -> None:
        self.fix_button.set_chosen(self.table.selectionModel().hasSelection())

    def on_fix_button_clicked(self) -> None:
        chosen = self.selected_findings()
        if chosen:
            self.fix_requested.emit(chosen)

    def on_fix_all_button_clicked(self) -> None:
        chosen = self.rule_findings()
        if chosen:
            self.fix_requested.emit(chosen)

    def set_findings(self, findings: Sequence[Finding], names: dict[str, str]) -> None:
        """Counts show at once; the table fills when the tab is first shown, once a
        worker has made its rows ready (134,000 of them on 100,000 mailboxes), as that
        is work the matrix's user may never ask for."""
        self.counts = rule_counts(findings)
        self.findings = findings
        for row in range(self.rules.count()):
            item = self.rules.item(row)
            rule: Rule = item.data(ItemRole.OBJECT)
            count = self.counts[rule]
            item.setText(f"{rule.title} ({count})")
            font = item.font()
            font.setBold(count > 0)
            item.setFont(font)
        self.rules.fit_items()
        self._unshown = (findings, names)
        if self.isVisible():
            self._fill_table()
        # Open on the first rule that flags something, not on an empty one.
        first = next((row for row in range(self.rules.count())
                      if self.counts[self.rules.item(row).data(ItemRole.OBJECT)]), 0)
        if first == self.rules.currentRow():
            self.on_rules_current_row_changed(first)
        else:
            self.rules.setCurrentRow(first)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fill_table()

    def _fill_table(self) -> None:
        if self._unshown is not None:
            findings, names = self._unshown
            self._unshown = None
            self.model.set_findings(findings, names)

    def on_rules_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        rule: Rule = self.rules.item(row).data(ItemRole.OBJECT)
        if rule != self.model.rule:
            # No row of one rule is in another's (a finding is one rule's): nothing to
            # keep chosen, and the table need not look for it among the new rows.
            self.table.selectionModel().clear()
        self.model.set_rule(rule)
        count = self.counts[rule]
        if not self.counts:
            self.title.setText("No findings")
            self.why.setText("None of the rules on the left flags anything in this snapshot.")
        else:
            self.title.setText(rule.title)
            self.why.setText(rule.why)
        self.table.setVisible(count > 0)
        self.fix_row.setVisible(count > 0)
        self.fix_all_button.set_label(f"Fix &all {count:,}…")
        self.fix_all_button.set_chosen(count > 0)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter if count
                                else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setText("" if not self.counts  # the heading said it
                           else "Nothing in this snapshot is flagged by this rule." if not count
                           else f"{counted(count, 'permission')} flagged.")
        self.empty.setVisible(bool(self.empty.text()))

    def on_table_double_clicked(self, index: QModelIndex) -> None:
        finding = index.data(ItemRole.OBJECT)
        if finding is not None:
            self.show_in_matrix.emit(finding)
