"""The findings tab: the rules an auditor asks about on the left, with how many rows
each flags; the flagged rows of the chosen rule on the right."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models.findings import FindingsModel, RuleFilter
from app.models.roles import ItemRole
from app.review.findings import Finding, Rule
from app.views.list_parts import empty_label, heading_label, stacked, table


class FindingsView(QWidget):
    """Rules and their rows.

    Signals:
        show_in_matrix(Finding): the user wants to see this row in the matrix.
    """

    show_in_matrix = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.counts: Counter[Rule] = Counter()
        self._unshown: tuple[list[Finding], dict[str, str]] | None = None  # till shown
        self.proxy = RuleFilter(self)
        self.proxy.setSourceModel(self.model)
        self.rules = QListWidget()
        self.rules.setAccessibleName("Rules")
        self.rules.setWordWrap(True)
        self.rules.setSpacing(4)
        for rule in Rule:
            item = QListWidgetItem(rule.title)
            item.setData(ItemRole.OBJECT, rule)
            item.setToolTip(rule.why)
            self.rules.addItem(item)
        self.title = heading_label()
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.table = table("Flagged permissions")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setToolTip("Double-click a row to see it in the matrix")
        self.empty = empty_label()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.rules)
        splitter.addWidget(stacked(self.title, self.why, (self.table, 1), self.empty))
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 700])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.rules.currentRowChanged.connect(self.on_rules_current_row_changed)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.rules.setCurrentRow(0)

    def set_findings(self, findings: list[Finding], names: dict[str, str]) -> None:
        """Counts show at once; the table fills when the tab is first shown, as laying
        out hundreds of rows is work the matrix's user may never ask for."""
        self.counts = Counter(f.rule for f in findings)
        for row in range(self.rules.count()):
            item = self.rules.item(row)
            rule: Rule = item.data(ItemRole.OBJECT)
            count = self.counts[rule]
            item.setText(f"{rule.title} ({count})")
            font = item.font()
            font.setBold(count > 0)
            item.setFont(font)
        self._unshown = (findings, names)
        if self.isVisible():
            self._fill_table()
        self.on_rules_current_row_changed(self.rules.currentRow())

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
        self.proxy.set_rule(rule)
        count = self.counts[rule]
        self.title.setText(rule.title)
        self.why.setText(rule.why)
        self.empty.setText("Nothing in this snapshot is flagged by this rule." if not count
                           else f"{count} permission{'s' if count != 1 else ''} flagged.")

    def on_table_double_clicked(self, index: QModelIndex) -> None:
        finding = index.data(ItemRole.OBJECT)
        if finding is not None:
            self.show_in_matrix.emit(finding)
