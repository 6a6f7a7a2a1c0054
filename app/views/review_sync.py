"""The review's sync controls: Sync now (button and menu), Cancel, the administrators'
app's sync and set-up, and the progress panel; all of them driven by ``ReviewWork``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QProgressBar, QPushButton, QWidget

from app.review_work import ReviewWork, SyncEnd
from app.signin.tenant_config import admin_is_set_up
from app.tasks import TaskRunner
from app.views.plain_text import plain_label, plain_tip

if TYPE_CHECKING:  # the dialog needs MSAL and cryptography: imported when it opens
    from app.review.sync import (
        SyncProgress,  # requests: a review read offline loads none of the sync
    )
    from app.signin.accounts import Session  # requests: none for a review read offline
    from app.views.admin_setup import AdminSetupDialog

PERSON_SYNC_TIP = ("Reads who can see your own calendars. Who can see your executives' "
                   "calendars only they or an administrator can read.")


class SyncPanel(QWidget):
    """A sync's progress in figures, with Cancel; hidden when no sync runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Sync progress")
        self.bar.setMaximumWidth(220)
        self.label = plain_label()
        self.label.setAccessibleDescription("Sync figures")
        self.cancel_button = QPushButton("&Cancel sync")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.cancel_button)
        self.hide()

    def start(self) -> None:
        self.bar.setRange(0, 0)
        self.label.setText("Finding the mailboxes to read…")
        self.cancel_button.setEnabled(True)
        self.show()

    def progress(self, step: SyncProgress) -> None:
        self.bar.setRange(0, 1000)
        self.bar.setValue(round(step.fraction * 1000))
        self.label.setText(step.line)


class ReviewSync(QObject):
    """The controls, on or off with why: offline (no session), a person's sync (what it
    can read, said before it is pressed), an administrator's.

    Attributes:
        button, panel: for the window's layout.
        sync_action, cancel_action: in the Review menu (Ctrl+R, Esc).
        admin_sync_action, admin_setup_action: a person's way to sync every mailbox as
            the administrators' app of a real tenant (None in the demo).
    """

    def __init__(self, work: ReviewWork, runner: TaskRunner, menu: QMenu, *,
                 session: Session | None, offline_reason: str,
                 admin_settings: QSettings | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.work, self.runner, self.admin_settings = work, runner, admin_settings
        self.window = parent
        self.offline = session is None
        self.button = QPushButton("&Sync now")
        self.panel = SyncPanel()
        self.sync_action = menu.addAction("&Sync now")
        self.sync_action.setShortcut("Ctrl+R")
        self.cancel_action = menu.addAction("&Cancel sync")
        self.cancel_action.setShortcut("Esc")
        self.admin_sync_action: QAction | None = None
        self.admin_setup_action: QAction | None = None
        if admin_settings is not None and session is not None and not session.app_only:
            menu.addSeparator()
            self.admin_sync_action = menu.addAction(
                "Sync &every mailbox as the administrators' app")
            self.admin_sync_action.triggered.connect(work.sync_every_mailbox)
            self.admin_setup_action = menu.addAction("Set up the administrators' &app…")
            self.admin_setup_action.triggered.connect(self.set_up_admin_app)
            self._update_admin_sync()
        tip = (offline_reason if session is None
               else PERSON_SYNC_TIP if not session.app_only else "")
        for control in (self.button, self.sync_action):
            control.setEnabled(not self.offline)
            if tip:  # offline: why not; a person: what it can read, before it is pressed
                control.setToolTip(plain_tip(tip))
                control.setStatusTip(tip)
        self.button.clicked.connect(work.sync)
        self.sync_action.triggered.connect(work.sync)
        self.cancel_action.triggered.connect(self.cancel)
        self.panel.cancel_button.clicked.connect(self.cancel)
        work.sync_started.connect(self.on_work_sync_started)
        work.sync_progress.connect(self.panel.progress)
        work.sync_ended.connect(self.on_work_sync_ended)

    def set_up_admin_app(self) -> AdminSetupDialog | None:
        if self.admin_settings is None:
            return None
        from app.views.admin_setup import AdminSetupDialog

        dialog = AdminSetupDialog(self.admin_settings, self.runner,
                                  http_client=self.work.sign_in_http_client,
                                  parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._update_admin_sync)
        dialog.open()
        return dialog

    def _update_admin_sync(self) -> None:
        if self.admin_sync_action is None or self.admin_settings is None:
            return
        ready = admin_is_set_up(self.admin_settings)
        self.admin_sync_action.setEnabled(ready and not self.work.syncing)
        self.admin_sync_action.setStatusTip(
            "" if ready else "Set up the administrators' app first (Review menu).")

    def on_work_sync_started(self) -> None:
        self._enable(False)
        self.panel.start()

    def _enable(self, enabled: bool) -> None:
        self.button.setEnabled(enabled and not self.offline)
        self.sync_action.setEnabled(enabled and not self.offline)
        self._update_admin_sync()

    def cancel(self) -> None:
        if self.work.syncing:
            self.work.cancel_sync()
            self.panel.cancel_button.setEnabled(False)
            self.panel.label.setText("Stopping after the mailboxes being read…")

    def on_work_sync_ended(self, _end: SyncEnd | None) -> None:
        self.panel.hide()
        self._enable(True)
