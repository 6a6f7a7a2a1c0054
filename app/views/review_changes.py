"""The changes tab: pick two snapshots; see who was added, removed, or got another role.

The newer snapshot is the one the review shows; the older defaults to the one before
it. Sorting by mailbox or by person answers "what changed on Alex's calendar" and
"what changed for this contractor" from the same table.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.models.changes import ChangesModel, ChangeTable, Column
from app.review.changes import Comparison, Kind
from app.review.snapshot_store import Snapshot
from app.views.column_fit import fit_columns
from app.views.list_parts import table
from app.views.plain_text import plain_label
from app.views.review_banner import snapshot_words
from app.words import counted


class ChangesView(QWidget):
    """Two snapshot pickers, a summary line, and the changes table.

    Signals:
        pair_chosen(older_id, newer_id): compare these two.
    """

    pair_chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChangesModel(self)
        self.older_box = QComboBox()
        self.older_box.setAccessibleName("Compare from")
        self.newer_box = QComboBox()
        self.newer_box.setAccessibleName("Compare to")
        for box in (self.older_box, self.newer_box):
            # Room for "#12 · 21 Nov 2026 14:03 (a month ago) · 1,200 mailboxes" when the
            # window has it; narrower (the list shows it whole) when it has not.
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(20)
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.order_box = QComboBox()
        self.order_box.setAccessibleName("Sort changes by")
        self.order_box.addItem("By mailbox", int(Column.MAILBOX))
        self.order_box.addItem("By person", int(Column.PERSON))
        # From above To, each as wide as the window allows: side by side, two snapshots'
        # words ("#12 · 21 Nov 2026 14:03 (a month ago) · 1,200 mailboxes") were cut off.
        pickers = QGridLayout()
        for row, (text, box) in enumerate((("Fr&om:", self.older_box),
                                           ("&To:", self.newer_box))):
            caption = QLabel(text)
            caption.setBuddy(box)
            pickers.addWidget(caption, row, 0)
            pickers.addWidget(box, row, 1)
        sort_label = QLabel("Or&der:")  # Alt+S: Sync now, Alt+F: the File menu
        sort_label.setBuddy(self.order_box)
        pickers.addWidget(sort_label, 0, 2)
        pickers.addWidget(self.order_box, 0, 3)
        pickers.setColumnStretch(1, 1)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleDescription("Summary of changes")
        self.table = table("Changes between the two snapshots")
        self.table.setModel(self.model)  # it sorts itself: no proxy asking per comparison
        self.columns = fit_columns(self.table, Column.PERSON,
                                   keep=(Column.CHANGE, Column.BEFORE, Column.AFTER),
                                   second=(Column.MAILBOX,))
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.older_box.currentIndexChanged.connect(self.on_pair_changed)
        self.newer_box.currentIndexChanged.connect(self.on_pair_changed)
        self.order_box.currentIndexChanged.connect(self.on_order_changed)

    def set_snapshots(self, snapshots: list[Snapshot], newer_id: int | None) -> None:
        """Offer ``snapshots`` (newest first); compare ``newer_id`` with the one before."""
        with QSignalBlocker(self.older_box), QSignalBlocker(self.newer_box):
            for box in (self.older_box, self.newer_box):
                box.clear()
                for snapshot in snapshots:
                    box.addItem(snapshot_words(snapshot), snapshot.id)
                box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)
            newer = max(0, self.newer_box.findData(newer_id))
            self.newer_box.setCurrentIndex(newer)
            self.older_box.setCurrentIndex(min(newer + 1, len(snapshots) - 1))
        self.on_pair_changed()

    def on_pair_changed(self) -> None:
        older, newer = self.older_box.currentData(), self.newer_box.currentData()
        if older is None or newer is None or older == newer:
            self.model.set_comparison(None, {})
            self.summary.setText("Sync again later, then pick two different snapshots to see "
                                 "what changed between them." if older == newer else "")
            return
        self.summary.setText("Comparing…")
        self.pair_chosen.emit(older, newer)

    def on_order_changed(self) -> None:
        self.table.sortByColumn(self.order_box.currentData(), Qt.SortOrder.AscendingOrder)

    def sort_column(self) -> Column:
        """The column the person asked the changes to be sorted by."""
        return Column(self.order_box.currentData())

    def show_comparison(self, comparison: Comparison, table: ChangeTable) -> None:
        """``table``: ``comparison``'s rows, made and sorted on the worker."""
        self.model.set_table(table)
        self.on_order_changed()  # sorted already, unless the person chose another meanwhile
        counts = {kind: sum(1 for c in comparison.changes if c.kind == kind) for kind in Kind}
        parts = [f"{counted(counts[Kind.CHANGED], 'role')} changed",
                 f"{counts[Kind.ADDED]:,} added", f"{counts[Kind.REMOVED]:,} removed"]
        if comparison.delivery:
            parts.append("meeting-message delivery changed on "
                         + counted(len(comparison.delivery), "mailbox"))
        text = ("No changes in who can see what." if not comparison.changes
                and not comparison.delivery else ", ".join(parts).capitalize() + ".")
        if comparison.not_compared:
            shown = ", ".join(comparison.not_compared[:5])
            more = len(comparison.not_compared) - 5
            text += (f" Not compared, because one of the snapshots could not read them or "
                     f"doesn't hold them: {shown}" + (f" and {more} more" if more > 0 else "")
                     + ".")
        self.summary.setText(text)
