"""A small "Loading…" indicator a view shows beside data being read again."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from app.views.plain_text import plain_label


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
        layout.addWidget(plain_label(text))
        layout.addWidget(bar)
        self.setAccessibleName(text)
        self.hide()

    def set_busy(self, busy: bool) -> None:
        self.setVisible(busy)
