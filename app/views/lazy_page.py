"""A page of tabs whose view is made the first time it is shown or asked for.

The main window has six views; a person who starts Deputy sees one. Making the other
five at start (their widgets, their column fitting as each hidden table is laid out,
the reads their lists start on a first row) held the start about 50 ms for nothing
anyone saw. Each view shows the workspace as it is when made: what loaded before is
there, and what still loads shows as loading.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """Holds the view ``make()`` returns, made when the page first shows or when
    ``view`` is first read (a menu's action on a view not yet seen)."""

    def __init__(self, make: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._make: Callable[[], QWidget] | None = make
        self._view: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def made(self) -> bool:
        return self._view is not None

    @property
    def view(self) -> QWidget:
        if self._view is None:
            assert self._make is not None
            make, self._make = self._make, None
            view = make()
            self._view = view
            self._layout.addWidget(view)
            if self.isVisible():
                # Qt lays out and shows a child added to a shown page on its next event:
                # now, so that its first measures (columns fitted to its width) and its
                # first picture are at its real size.
                view.setGeometry(self.contentsRect())
                view.show()
        return self._view

    def showEvent(self, event: QShowEvent) -> None:
        self.view  # noqa: B018 - made as it is first shown
        super().showEvent(event)
