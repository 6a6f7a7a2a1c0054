"""The matrix as a Qt model: mailboxes down, people across, each cell a role.

Column 0 is the mailbox; column ``1 + i`` is ``matrix.people[i]``. Nothing is a
widget: a 1,000 by 1,000 matrix holds only the few thousand cells that hold a role,
compactly (``app.review.cells``), and the filter proxy keeps the row and column sets
``Matrix.visible`` works out, so filtering never scans empty cells.

The model sorts its own rows, one Python sort over a key per row; the proxy only
filters. A ``QSortFilterProxyModel`` that sorts asks ``data()`` for both sides of every
comparison, some 20,000 calls into Python for 1,000 mailboxes: 70 ms on the GUI
thread each time a snapshot is shown or a column header clicked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from app.graph.roles import role_sentence
from app.models.item_roles import ItemRole
from app.models.table import Index
from app.review.matrix import Cell, Matrix, MatrixFilter
from app.review.role_colors import colors_of


def role_color(role: str) -> QColor | None:
    colors = colors_of(role)
    return QColor(colors[0]) if colors else None


def role_text_color(role: str) -> QColor | None:
    colors = colors_of(role)
    return QColor(colors[1]) if colors else None


class MatrixModel(QAbstractTableModel):
    """The matrix of one snapshot; ``set_matrix`` replaces it whole (a new snapshot).

    Rows are shown in the order of the last ``sort`` (the mailbox, A to Z, at first);
    ``matrix_row`` maps a row of the model to its row in the matrix.

    Attributes:
        sort_column: the column rows are sorted by; ``sort_order`` which way.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix = Matrix.empty()
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._order: list[int] = []  # model row -> matrix row

    def set_matrix(self, matrix: Matrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        if self.sort_column > len(matrix.people):
            self.sort_column = 0
        self._order = self._sorted(range(len(matrix.mailboxes)), self.sort_column,
                                   self.sort_order)
        self.endResetModel()

    def matrix_row(self, row: int) -> int:
        return self._order[row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Rows by the mailbox's name, or by the role a person has in each (none first
        when ascending). As Qt's own sort: equal rows keep their order when ascending
        (by name, say, when sorted by name before), and descending is ascending backwards."""
        if not 0 <= column <= len(self.matrix.people):
            return
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        old_order, self._order = self._order, self._sorted(self._order, column, order)
        moved = {matrix_row: row for row, matrix_row in enumerate(self._order)}
        before = self.persistentIndexList()
        self.changePersistentIndexList(
            before, [self.index(moved[old_order[i.row()]], i.column()) for i in before])
        self.layoutChanged.emit()

    def _sorted(self, rows: Sequence[int], column: int, order: Qt.SortOrder) -> list[int]:
        """``rows`` (of the matrix) in the order asked; a stable sort."""
        matrix = self.matrix
        if column == 0:
            ordered = sorted(rows, key=matrix.label_rank.__getitem__)
        else:  # only the person's own cells are read: a few among 100,000 mailboxes
            ranks = matrix.cells.rank_by_row(column - 1)
            ordered = sorted(rows, key=lambda row: ranks.get(row, -1))
        if order == Qt.SortOrder.DescendingOrder:
            ordered.reverse()  # as Qt's own sort: exactly ascending, backwards
        return ordered

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else 1 + len(self.matrix.people)

    def cell(self, index: Index) -> Cell | None:
        if not index.isValid() or index.column() == 0:
            return None
        at = self.matrix.cells.find(self._order[index.row()], index.column() - 1)
        return self.matrix.cells.cell(at) if at >= 0 else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._order[index.row()]
        if index.column() == 0:
            return self._mailbox_data(row, role)
        cells = self.matrix.cells
        at = cells.find(row, index.column() - 1)
        if role == ItemRole.SORT:
            return cells.rank(at) if at >= 0 else -1
        if at < 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cells.cell(at).text
        if role == Qt.ItemDataRole.BackgroundRole:
            return role_color(cells.role(at))
        if role == Qt.ItemDataRole.ForegroundRole:
            return role_text_color(cells.role(at))
        if role == Qt.ItemDataRole.ToolTipRole:
            cell = cells.cell(at)
            person = self.matrix.people[index.column() - 1]
            owner = self.matrix.mailbox_label(row)
            return f"{role_sentence(cell.role, person.name, owner)}\n\n{cell.details}"
        if role == ItemRole.OBJECT:
            return cells.cell(at)
        return None

    def _mailbox_data(self, row: int, role: int) -> Any:
        """``row``: in the matrix."""
        if role in (Qt.ItemDataRole.DisplayRole, ItemRole.SORT):
            label = self.matrix.mailbox_label(row)
            return label.casefold() if role == ItemRole.SORT else label
        if role == ItemRole.OBJECT:
            return self.matrix.mailboxes[row]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return "Mailbox" if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 < section <= len(self.matrix.people):
            return None
        person = self.matrix.people[section - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return person.name if person.inside else f"{person.name} (outside)"
        if role == Qt.ItemDataRole.ToolTipRole:
            if person.is_my_organization:
                return "Everyone in your organization"
            return f"{person.label} — {person.where.lower()} the organization"
        return None


class MatrixFilterProxy(QSortFilterProxyModel):
    """Keeps the rows and columns a ``MatrixFilter`` selects; sorting is passed on to
    the ``MatrixModel``, which sorts without a call into Python per comparison."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(ItemRole.SORT)
        self.spec = MatrixFilter()
        self._rows: set[int] | None = None
        self._columns: set[int] | None = None

    def set_filter(self, spec: MatrixFilter) -> None:
        self.spec = spec
        self.refilter()

    def expect(self, matrix: Matrix, spec: MatrixFilter) -> None:
        """Before the source gets ``matrix``: what ``spec`` keeps of it, so that the
        mapping the proxy makes on the source's reset is the right one, and the filter
        applied next (the same) is not worked out over again. On 100,000 mailboxes each
        mapping asks Python about every row and column: some 0.3 s on the GUI thread."""
        self.spec = spec
        self._rows, self._columns = self._kept(matrix, spec)

    @staticmethod
    def _kept(matrix: Matrix, spec: MatrixFilter) -> tuple[set[int] | None, set[int] | None]:
        """``Matrix.visible``, None for all (the filter asks no question then)."""
        rows, columns = matrix.visible(spec)
        return (None if len(rows) == len(matrix.mailboxes) else rows,
                None if len(columns) == len(matrix.people) else columns)

    def refilter(self) -> None:
        """Work out what to show (also after the source got a new matrix).

        The proxy's mapping is made again whole (``invalidate``: one layout change), not
        changed range by range: with 20,000 people a filter keeps scattered columns, and
        a removal signal for each gap had the headers renumber their sections each time
        (211 s on the GUI thread). Nothing is made again when the same rows and columns
        show."""
        model = self.sourceModel()
        if isinstance(model, MatrixModel):
            kept = self._kept(model.matrix, self.spec)
            if kept == (self._rows, self._columns):
                return
            self._rows, self._columns = kept
        self.invalidate()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The header's sort indicator, a click on it, or the view's own call."""
        model = self.sourceModel()
        if not isinstance(model, MatrixModel):
            super().sort(column, order)
        elif (column, order) != (model.sort_column, model.sort_order):
            model.sort(column, order)

    def sortColumn(self) -> int:
        model = self.sourceModel()
        return model.sort_column if isinstance(model, MatrixModel) else super().sortColumn()

    def sortOrder(self) -> Qt.SortOrder:
        model = self.sourceModel()
        return model.sort_order if isinstance(model, MatrixModel) else super().sortOrder()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._rows is None:
            return True  # every row, or not over a MatrixModel (``refilter``)
        model = self.sourceModel()
        assert isinstance(model, MatrixModel)
        return model.matrix_row(source_row) in self._rows

    def filterAcceptsColumn(self, source_column: int, source_parent: Index) -> bool:
        return source_column == 0 or self._columns is None or source_column - 1 in self._columns

    def shown(self) -> tuple[int, int]:
        """How many mailboxes and people are showing."""
        return self.rowCount(), max(0, self.columnCount() - 1)

    def cells_in(self, selection: QItemSelection) -> list[tuple[int, int]]:
        """(matrix row, person) of each cell in ``selection`` that holds a role, each
        once, row by row as shown; the mailbox column and empty cells left out."""
        found: dict[tuple[int, int], int] = {}
        for row, cell in self._held(selection):
            found.setdefault(cell, row)
        return sorted(found, key=lambda cell: (found[cell], cell[1]))

    def holds_a_cell(self, selection: QItemSelection) -> bool:
        """Whether ``selection`` has a cell that holds a role: the first one found ends
        the search."""
        return any(True for _ in self._held(selection))

    def _held(self, selection: QItemSelection) -> Iterator[tuple[int, tuple[int, int]]]:
        """(row shown, (matrix row, person)) of the cells in ``selection`` holding a role.

        Only the cells each selected row holds are read, never the empty ones: Ctrl+A
        over 1,000 mailboxes by 1,000 people looks at a few thousand cells."""
        model = self.sourceModel()
        if not isinstance(model, MatrixModel):
            return
        cells, last = model.matrix.cells, self.columnCount() - 1
        for part in (selection.at(i) for i in range(selection.count())):
            top, bottom, left, right = part.top(), part.bottom(), part.left(), part.right()
            if top < 0 or right < 1:
                continue
            # The people of the columns selected; all shown (None: everyone) read as such.
            people = self._columns if left <= 1 and right >= last else {
                self.mapToSource(self.index(top, column)).column() - 1
                for column in range(max(1, left), right + 1)}
            for row in range(top, bottom + 1):
                matrix_row = model.matrix_row(self.mapToSource(self.index(row, 0)).row())
                for at in cells.in_row(matrix_row):
                    person = cells.column_of(at)
                    if people is None or person in people:
                        yield row, (matrix_row, person)
