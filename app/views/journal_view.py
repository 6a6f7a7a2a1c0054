"""The change journal: what Deputy changed, when, for whom, with Graph's request-ids.

Read from the file on the task runner (the journal may be long), then filtered in the
table without reading again. "Export to CSV…" writes the changes shown, in the order
shown, for a spreadsheet or an auditor. "Undo run N…" (also on a change's right-click
menu) puts back the whole run the selected change was made in, after its own preview
(``UndoDialog``); signed in only, as any change.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.fixes.timed import timed_accesses
from app.journal import ChangeJournal, ChangeKind, JournalEntry, write_csv
from app.models.expiries import ExpiryRow, rows_of
from app.models.item_roles import ItemRole
from app.models.journal import Column, JournalFilter, JournalTableModel
from app.problems import os_reason
from app.tasks import Outcome, Task, TaskRunner
from app.views.busy import BusyIndicator
from app.views.column_fit import fit_columns
from app.views.dialog_parts import ask_for_file, explanation
from app.views.expiry_list import ExpiryList
from app.views.fix_button import FixButton
from app.views.list_parts import search_field, table
from app.views.plain_text import plain_label
from app.views.undo_dialog import UndoDialog
from app.words import counted

if TYPE_CHECKING:  # requests: none for a review read offline
    from app.signin.accounts import Session

log = logging.getLogger(__name__)

ALL_CHANGES = "All changes"
UNDO_RUN = "&Undo run…"  # Alt+U: free in the review window
NO_RUN = ("Select a change made in a run (a fix, a copied set-up, an undo) to undo that "
          "run: a change made on its own is put back by hand.")
OFFLINE_UNDO = "Offline: sign in to undo a run."


class JournalView(QWidget):
    """Every change recorded in ``journal``; ``reload()`` reads it again.

    Signals:
        loaded(): the journal was read (again) and the table shows it.
        exported(str): the path of a CSV file just written.

    Attributes:
        model, proxy: every change read, and the ones the filters keep.
        expiries: the time-limited access not put back yet, above the changes.
        kind_box, search, table, count, export_button, undo_button: the parts, for tests.
        note: what went wrong reading or exporting, or the export's result.
        dialog: the open "Export to CSV" file dialog, for tests.
        undo_dialog: the open undo's preview, for tests.
    """

    loaded = Signal()
    exported = Signal(str)

    def __init__(self, journal: ChangeJournal, runner: TaskRunner,
                 parent: QWidget | None = None, *, session: Session | None = None) -> None:
        """``session``: who undoes a run; None offline, where nothing is undone."""
        super().__init__(parent)
        self.journal, self.runner, self.session = journal, runner, session
        self.dialog: QFileDialog | None = None
        self.undo_dialog: UndoDialog | None = None
        self._asked = 0  # a newer reload replaces an older one still running

        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("Kind of change")
        self.kind_box.addItem(ALL_CHANGES, None)
        for kind in ChangeKind:
            self.kind_box.addItem(kind.label, kind)
        kind_label = QLabel("Sho&w:")  # Alt+S: Sync now
        kind_label.setBuddy(self.kind_box)
        self.search = search_field("Search people, calendars, meetings, request ids",
                                   "Search the change journal")
        self.export_button = QPushButton("&Export to CSV…")
        self.export_button.setToolTip("Save the changes shown as a CSV file for a spreadsheet.")
        self.undo_button = FixButton(UNDO_RUN, "", NO_RUN)
        self.undo_button.set_fixable(session is not None, OFFLINE_UNDO)
        self.busy = BusyIndicator("Reading…")
        top = QHBoxLayout()
        find = QLabel("Fin&d:")
        find.setBuddy(self.search)
        for widget in (kind_label, self.kind_box, find):
            top.addWidget(widget)
        top.addWidget(self.search, 1)
        top.addWidget(self.busy)
        top.addWidget(self.undo_button)
        top.addWidget(self.export_button)

        self.expiries = ExpiryList()
        self.model = JournalTableModel(self)
        self.proxy = JournalFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = table("Changes made by Deputy")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(Column.TIME, Qt.SortOrder.DescendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addAction(self.undo_button.action)
        # Eight columns in a review window's width: what changed stays whole, who and the
        # request-id give way first (a cell cut short shows all of it when pointed at).
        self.columns = fit_columns(self.table, Column.BEFORE_AFTER,
                                   keep=(Column.TIME, Column.CHANGE, Column.OUTCOME),
                                   second=(Column.TARGET,))
        self.count = plain_label()
        self.count.setAccessibleDescription("Changes shown")
        self.note = explanation()
        self.note.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.expiries)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.note)

        self.kind_box.currentIndexChanged.connect(lambda _row: self._apply_filter())
        self.search.textChanged.connect(lambda _text: self._apply_filter())
        self.export_button.clicked.connect(self.export_csv)
        self.export_button.setEnabled(False)  # until there is something to export
        self.table.selectionModel().selectionChanged.connect(self._update_undo)
        self.proxy.layoutChanged.connect(self._update_undo)  # a filter or a sort
        self.proxy.modelReset.connect(self._update_undo)
        self.undo_button.clicked.connect(self.undo_selected_run)

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        """Read the journal again on the task runner; ``loaded`` says when it shows."""
        self._asked += 1
        asked = self._asked
        self.busy.set_busy(True)
        self.model.set_stale(True)

        def done(outcome: Outcome) -> None:
            if asked != self._asked:
                return  # a newer reload is on its way
            self.busy.set_busy(False)
            if outcome.ok:
                entries, expiries = outcome.value
                self.model.set_entries(entries)
                self.expiries.set_rows(expiries)
            else:
                self.model.set_stale(False)
                log.warning("Reading the change journal failed: %s", outcome.error)
                self._say(f"Deputy could not read the change journal ({os_reason(outcome.error)}).")
            self._show_count()
            self.loaded.emit()

        journal = self.journal

        def read(_task: Task) -> tuple[list[JournalEntry], list[ExpiryRow]]:
            return journal.entries(), rows_of(timed_accesses(journal), clock.now())

        self.runner.run("Reading the change journal", read, done, owner=self)

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.kind_box.currentData(), self.search.text())
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if total == 0:
            text = "No changes recorded yet."
        elif shown == total:
            text = f"{counted(total, 'change')} shown."
        else:
            text = f"{shown:,} of {counted(total, 'change')} shown."
        self.count.setText(text)
        self.export_button.setEnabled(shown > 0)

    # ------------------------------------------------------------------ undo

    def selected_run(self) -> int | None:
        """The run the selected change was made in; None for none or a change of its own."""
        rows = self.table.selectionModel().selectedRows()
        entry = rows[0].data(ItemRole.OBJECT) if rows else None
        return entry.run if isinstance(entry, JournalEntry) else None

    def _update_undo(self) -> None:
        run = self.selected_run()
        words = UNDO_RUN if run is None else f"&Undo run {run}…"
        self.undo_button.set_label(words)
        self.undo_button.what = (f"Preview, then put back every change run {run} made"
                                 if run is not None else "")
        self.undo_button.set_chosen(run is not None)

    def undo_selected_run(self) -> None:
        """The undo's preview for the selected change's run (read live from the tenant)."""
        run = self.selected_run()
        if run is None or self.session is None or self.undo_dialog is not None:
            return
        dialog = UndoDialog(run, self.session, self.journal, self.runner, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished_run.connect(lambda _result: self.reload())
        dialog.destroyed.connect(lambda: setattr(self, "undo_dialog", None))
        self.undo_dialog = dialog
        dialog.show()

    # ------------------------------------------------------------------ export

    def export_csv(self) -> None:
        """Ask where to save the changes shown; ``export_to`` writes them there."""
        self.dialog = ask_for_file(self, "Export changes to CSV", "deputy-changes.csv",
                                   "CSV files (*.csv)", self.export_to)

    def export_to(self, path: str) -> None:
        """Write the changes shown, in the order shown, to ``path`` (off the GUI thread)."""
        entries, target = self.proxy.shown(), Path(path)

        def done(outcome: Outcome) -> None:
            if outcome.ok:
                self._say(f"Exported {len(entries)} change{'s' if len(entries) != 1 else ''}"
                          f" to {target}.")
                self.exported.emit(str(target))
            else:
                log.warning("Exporting the change journal failed: %s", outcome.error)
                self._say(f"Deputy could not write {target} ({os_reason(outcome.error)}). "
                          "Choose another folder and export again.")

        self.runner.run(f"Exporting changes to {target.name}",
                        lambda _task: write_csv(entries, target), done, owner=self)

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()

