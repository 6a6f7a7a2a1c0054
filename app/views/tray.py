"""Needs attention on the desktop: a tray icon with the count, and a notification for
each new meeting request or clash the watch finds while Deputy runs.

Where the desktop has no tray (some Linux desktops, the tests' offscreen screen), the
news go to the window's status bar instead, so nothing told is lost.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSystemTrayIcon

from app import APP_NAME
from app.attention.part import Attention
from app.attention.watch import Notice, Watch
from app.workspace.jobs import Jobs

SHOWN_MS = 10_000  # how long a notification stays, where the desktop lets Deputy say


class AttentionTray(QObject):
    """The tray icon of one main window.

    Signals:
        opened(): the person clicked the icon or a notification: show Needs attention.

    Attributes:
        icon: the tray icon, or None where the desktop has no tray.
        told: every notice told, newest last (what the person was shown).
    """

    opened = Signal()

    def __init__(self, jobs: Jobs, attention: Attention, watch: Watch,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.told: list[Notice] = []
        self.icon: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon = QSystemTrayIcon(QGuiApplication.windowIcon(), self)
            self.icon.activated.connect(self.on_icon_activated)
            self.icon.messageClicked.connect(self.opened.emit)
            self.icon.show()
        watch.told.connect(self.tell)
        attention.changed.connect(self.on_attention_changed)
        self.on_attention_changed(attention.count)

    def on_attention_changed(self, count: int) -> None:
        if self.icon is not None:
            self.icon.setToolTip(f"{APP_NAME}: {count} need attention" if count
                                 else f"{APP_NAME}: nothing needs you now")

    def on_icon_activated(self, _reason: QSystemTrayIcon.ActivationReason) -> None:
        self.opened.emit()

    def tell(self, notice: Notice) -> None:
        self.told.append(notice)
        if self.icon is not None and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(notice.title, notice.text,
                                  QSystemTrayIcon.MessageIcon.Information, SHOWN_MS)
        else:
            self.jobs.notice(f"{notice.title}: {notice.text.replace(chr(10), ' · ')}")

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
