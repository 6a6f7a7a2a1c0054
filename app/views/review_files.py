"""The review's File menu: export the report, a table or the snapshot, and import one;
each asks for the file, then ``ReviewWork`` writes or reads it on the task runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from app.review.changes import Comparison
from app.review.data import SnapshotData
from app.review.report import Table
from app.review_work import ReviewWork
from app.views.dialog_parts import ask_for_file


class ReviewFiles(QObject):
    """Export and Import, on the snapshot the window shows.

    Attributes:
        export_actions: enabled once a snapshot shows.
        import_action: always there.
        dialog: the open file dialog, or None.
    """

    def __init__(self, work: ReviewWork, menu: QMenu,
                 shown: Callable[[], tuple[SnapshotData | None,
                                           tuple[SnapshotData, Comparison] | None]],
                 parent: QWidget) -> None:
        """``shown()``: the snapshot shown, and the older one with the changes shown."""
        super().__init__(parent)
        self.work, self.shown, self.window = work, shown, parent
        self.dialog: QFileDialog | None = None
        self.export_actions: list[QAction] = []
        for text, shortcut, slot in (
                ("Export &report (HTML)…", "Ctrl+Shift+E", self.export_report),
                ("Export the &matrix to CSV…", "", self._ask_csv("matrix")),
                ("Export the &findings to CSV…", "", self._ask_csv("findings")),
                ("Export the &changes to CSV…", "", self._ask_csv("changes")),
                ("Export this &snapshot…", "", self.export_snapshot)):
            action = menu.addAction(text)
            if shortcut:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            action.setEnabled(False)
            self.export_actions.append(action)
        self.import_action = menu.addAction("&Import a snapshot…")
        self.import_action.triggered.connect(self.import_snapshot)

    def _ask(self, title: str, suggested: str, kinds: str, then: Callable[[str], None],
             *, save: bool = True) -> None:
        self.dialog = ask_for_file(self.window, title, suggested, kinds, then, save=save)

    def _ask_csv(self, table: Table) -> Callable[[], None]:
        def ask() -> None:
            self._ask(f"Export the {table} to CSV", f"deputy-{table}.csv",
                      "CSV files (*.csv)", lambda path: self.export_csv_to(table, path))
        return ask

    def export_csv_to(self, table: Table, path: str) -> None:
        data, comparison = self.shown()
        if data is not None:
            self.work.export_csv(Path(path), table, data, comparison[0] if comparison else None)

    def export_report(self) -> None:
        self._ask("Export the review as a report", "deputy-review.html", "Web pages (*.html)",
                  self.export_report_to)

    def export_report_to(self, path: str) -> None:
        """The matrix, findings and the changes shown in the Changes tab, in one page."""
        data, comparison = self.shown()
        if data is not None:
            self.work.export_report(Path(path), data, comparison[0] if comparison else None)

    def export_snapshot(self) -> None:
        self._ask("Export this snapshot", "deputy-snapshot.deputy",
                  "Deputy snapshots (*.deputy)", self.export_snapshot_to)

    def export_snapshot_to(self, path: str) -> None:
        """The whole snapshot in one file, to review on another computer (Import)."""
        data, _comparison = self.shown()
        if data is not None:
            self.work.export_snapshot(Path(path), data)

    def import_snapshot(self) -> None:
        self._ask("Import a snapshot", "", "Deputy snapshots (*.deputy);;All files (*)",
                  self.import_snapshot_from, save=False)

    def import_snapshot_from(self, path: str) -> None:
        self.work.import_snapshot(Path(path))
