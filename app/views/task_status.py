"""The status bar's progress: what Deputy is doing in the background, with Cancel.

It appears only after work has run for a moment, so quick reads don't flicker.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from app.tasks import TaskRunner
from app.views.plain_text import plain_label

SHOW_AFTER_MS = 250


class TaskStatus(QWidget):
    """Follows a TaskRunner: a busy bar, the current task's description, and Cancel.

    Signals:
        cancel_clicked: the user wants to stop waiting.
    """

    cancel_clicked = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.label = plain_label()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Background work")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop waiting for what is being read (Esc)")
        self.cancel_button.clicked.connect(self.cancel_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._delay = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._delay.timeout.connect(self._refresh)
        runner.busy_changed.connect(self.on_runner_busy_changed)
        self.hide()

    def on_runner_busy_changed(self, count: int) -> None:
        if count == 0:
            self._delay.stop()
            self.hide()
        elif not self.isVisible():
            self._delay.start()
        else:
            self._refresh()

    def _refresh(self) -> None:
        running = self.runner.running
        if not running:
            self.hide()
            return
        first = running[0].description
        more = f" (+{len(running) - 1} more)" if len(running) > 1 else ""
        self.label.setText(f"{first}…{more}")
        self.show()
