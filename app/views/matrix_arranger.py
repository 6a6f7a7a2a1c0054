"""The matrix's filters and sorts, worked out on the task runner one at a time.

At 100,000 mailboxes a filter takes the worker some 0.3 s; typing and clicking go on
meanwhile. What is asked while work runs waits, and only the last wish is worked out
next: three header clicks in a row make two arrangements, not three, and never show an
older one after a newer.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from app.models.matrix import MatrixModel
from app.review.matrix import Matrix
from app.review.matrix_order import Arrangement, MatrixOrder, arranged
from app.tasks import Outcome, TaskRunner

log = logging.getLogger(__name__)


class MatrixArranger(QObject):
    """Gives ``model`` the arrangement last wanted.

    Signals:
        arranged(): the model shows a new arrangement, or the one wanted already showed.
    """

    arranged = Signal()

    def __init__(self, model: MatrixModel, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.runner = runner
        self._wanted: MatrixOrder | None = None  # asked while work ran
        self._working = False
        self.asked = MatrixOrder()  # the last order asked for

    @property
    def pending(self) -> bool:
        """Whether what shows may not be what was last asked for."""
        return self._working or self._wanted is not None

    def want(self, order: MatrixOrder) -> None:
        self._wanted = self.asked = order
        if not self._working:
            self._start()

    def _start(self) -> None:
        order, self._wanted = self._wanted, None
        assert order is not None
        matrix, before = self.model.matrix, self.model.arrangement
        if order == before.order:
            self.arranged.emit()
            return
        self._working = True
        self.runner.run("Arranging the matrix",
                        lambda _task: arranged(matrix, before, order),
                        lambda outcome: self._on_arranged(matrix, outcome), owner=self)

    def _on_arranged(self, matrix: Matrix, outcome: Outcome) -> None:
        self._working = False
        if not outcome.ok:
            log.error("The matrix could not be arranged", exc_info=outcome.error)
        elif matrix is self.model.matrix:  # else a new snapshot came meanwhile
            arrangement: Arrangement = outcome.value
            self.model.arrange(arrangement)
        if self._wanted is not None:
            self._start()
        else:
            self.arranged.emit()
