"""A horizontal header whose sections are each one line of text, as tall as any other.

Qt works out a header's size hint from the first and the last 100 sections, asking the
model several roles of each, and forgets it at every layout change of the model; the
table asks for it at each geometry update. Over a model in Python that is some 2,400
calls into Python each time: as a 100,000-person matrix showed, about 4,900 of them,
each waiting for the interpreter lock while a worker read or compared snapshots. When
every section is one line of text, one section tells the height of all.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QHeaderView, QWidget


class OneLineHeader(QHeaderView):
    """A horizontal header whose height is that of its first section (every section is
    one line of text, with no icon); its width hint is that section's too (a table
    places its horizontal header by the height alone). Clickable, its sections
    highlighted with the selection, as the header a ``QTableView`` makes itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self._hint: QSize | None = None

    def sizeHint(self) -> QSize:
        if self.count() == 0:
            return super().sizeHint()  # as Qt's: nothing to show, no height
        if self._hint is None:
            self._hint = self.sectionSizeFromContents(0)
        return self._hint

    def setModel(self, model: QAbstractItemModel | None) -> None:
        self._hint = None
        super().setModel(model)

    def reset(self) -> None:
        self._hint = None  # the model was reset: its first section may read otherwise
        super().reset()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Holding the interpreter lock throughout: the paint asks the model for each
        section it shows (``FrozenColumnTable.paintEvent`` says why)."""
        super().paintEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._hint = None
        super().changeEvent(event)
