"""A page of tabs whose view is made the first time it is shown or asked for.

The main window has six views; a person who starts Deputy sees one. Making the other
five at start (their widgets, their column fitting as each hidden table is laid out,
the reads their lists start on a first row) held the start about 50 ms for nothing
anyone saw. Each view shows the workspace as it is when made: what loaded before is
there, and what still loads shows as loading.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """Holds the view ``make()`` returns, made when the page first shows or when
    ``view`` is first read (a menu's action on a view not yet seen).

    ``after_first_paint``: a page shown as its window opens is made on the event loop's
    next turn instead, after the window's first picture, so that the window's making and
    the page's are not one long wait (the review window: some 50 ms in one go on this
    machine, the matrix's table alone 10-20 ms of it). Reading ``view`` makes it at once.
    """

    def __init__(self, make: Callable[[], QWidget], parent: QWidget | None = None, *,
                 after_first_paint: bool = False) -> None:
        super().__init__(parent)
        self._make: Callable[[], QWidget] | None = make
        self._view: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._soon: QTimer | None = None
        if after_first_paint:
            # A timer, not a queued call: Qt runs timers after the paints already asked
            # for, queued calls before them.
            self._soon = QTimer(self, singleShot=True, interval=0)
            self._soon.timeout.connect(lambda: self.view)

    @property
    def made(self) -> bool:
        return self._view is not None

    @property
    def view(self) -> QWidget:
        if self._view is None:
            assert self._make is not None
            if self._soon is not None:
                self._soon.stop()
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
        if self._view is None and self._soon is not None:
            self._soon.start()
        else:
            self.view  # noqa: B018 - made as it is first shown
        super().showEvent(event)
