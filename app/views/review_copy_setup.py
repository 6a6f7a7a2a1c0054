"""The review's "Copy a delegate set-up…" (Review menu, Ctrl+Shift+D): the mailboxes of
the snapshot shown to choose from (``CopySetupChooser``), then the preview of the copy
(``CopySetupDialog``). An administrator looks for it where the permissions of every
mailbox are: the review."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMenu, QWidget

from app.journal import ChangeJournal
from app.review.data import SnapshotData
from app.tasks import TaskRunner
from app.views.copy_setup_chooser import CopySetupChooser
from app.views.copy_setup_dialog import CopySetupDialog

if TYPE_CHECKING:  # requests: none for a review read offline
    from app.signin.accounts import Session

OFFLINE = "Offline: sign in to copy a delegate set-up."
NO_JOURNAL = ("Deputy can't open its change journal, so it changes nothing: a copy must be "
              "recorded to be undone.")
NO_SNAPSHOT = "Sync first: the mailboxes to choose from are the snapshot's."


class ReviewCopySetup(QObject):
    """The menu item and the two dialogs it opens.

    Signals:
        finished_run(RunResult): a copy was sent.

    Attributes:
        action: the menu item; chooser, dialog: the dialogs while open (for tests).
    """

    finished_run = Signal(object)

    def __init__(self, menu: QMenu, session: Session | None, journal: ChangeJournal | None,
                 runner: TaskRunner, current: Callable[[], SnapshotData | None],
                 window: QWidget) -> None:
        super().__init__(window)
        self.session, self.journal, self.runner = session, journal, runner
        self._current, self._window = current, window
        self.chooser: CopySetupChooser | None = None
        self.dialog: CopySetupDialog | None = None
        menu.setToolTipsVisible(True)  # a disabled item says why
        self.action = menu.addAction("Copy a &delegate set-up…")
        self.action.setShortcut("Ctrl+Shift+D")
        self.action.triggered.connect(self.choose)
        self.update()

    def update(self) -> None:
        """Enabled once signed in, with a journal and a snapshot shown; else why not."""
        why = (OFFLINE if self.session is None else NO_JOURNAL if self.journal is None
               else NO_SNAPSHOT if self._current() is None else "")
        self.action.setEnabled(not why)
        self.action.setToolTip(why or "Give other mailboxes the delegates of one "
                               "executive's calendar, after a preview")

    def choose(self) -> None:
        data = self._current()
        if data is None or self.session is None or self.journal is None:
            return
        chooser = CopySetupChooser(data.names, list(data.mailboxes), self._window)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.chosen.connect(self.preview)
        chooser.destroyed.connect(lambda: setattr(self, "chooser", None))
        self.chooser = chooser
        chooser.show()

    def preview(self, source: str, targets: list[str]) -> None:
        data = self._current()
        if self.session is None or self.journal is None or data is None:
            return
        dialog = CopySetupDialog(source, targets, data.names, self.session, self.journal,
                                 self.runner, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished_run.connect(self.finished_run.emit)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.show()
