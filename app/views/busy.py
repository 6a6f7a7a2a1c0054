"""A small "Loading…" indicator a view shows beside data being read again."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget


class BusyIndicator(QWidget):
    """A busy bar and a word; hidden unless ``set_busy(True)``."""

    def __init__(self, text: str = "Loading…", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setMaximumSize(60, 10)
        bar.setTextVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(text))
        layout.addWidget(bar)
        self.setAccessibleName(text)
        self.hide()

    def set_busy(self, busy: bool) -> None:
        self.setVisible(busy)
