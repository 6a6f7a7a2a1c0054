"""The matrix as a Qt model: mailboxes down, people across, each cell a role.

Column 0 is the mailbox; column ``1 + i`` is ``matrix.people[i]``. Nothing is a
widget: a 1,000 by 1,000 matrix is a dictionary of the few thousand cells that hold
a role, and the filter proxy keeps the row and column sets ``Matrix.visible`` works
out, so filtering never scans empty cells.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from app.graph.roles import role_sentence
from app.models.roles import ItemRole
from app.models.table import Index
from app.review.matrix import Cell, Matrix, MatrixFilter
from app.review.role_colors import ROLE_COLORS


def role_color(role: str) -> QColor | None:
    colors = ROLE_COLORS.get(role)
    return QColor(colors[0]) if colors else None


def role_text_color(role: str) -> QColor | None:
    colors = ROLE_COLORS.get(role)
    return QColor(colors[1]) if colors else None


class MatrixModel(QAbstractTableModel):
    """The matrix of one snapshot; ``set_matrix`` replaces it whole (a new snapshot)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix = Matrix([], [], {})

    def set_matrix(self, matrix: Matrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self.matrix.mailboxes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else 1 + len(self.matrix.people)

    def cell(self, index: Index) -> Cell | None:
        if not index.isValid() or index.column() == 0:
            return None
        return self.matrix.cells.get((index.row(), index.column() - 1))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.column() == 0:
            return self._mailbox_data(index.row(), role)
        cell = self.cell(index)
        if role == ItemRole.SORT:
            return cell.rank if cell else -1
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return role_color(cell.role)
        if role == Qt.ItemDataRole.ForegroundRole:
            return role_text_color(cell.role)
        if role == Qt.ItemDataRole.ToolTipRole:
            person = self.matrix.people[index.column() - 1]
            owner = self.matrix.mailbox_label(index.row())
            return f"{role_sentence(cell.role, person.name, owner)}\n\n{cell.details}"
        if role == ItemRole.OBJECT:
            return cell
        return None

    def _mailbox_data(self, row: int, role: int) -> Any:
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
    """Keeps the rows and columns a ``MatrixFilter`` selects; sorts by name or by role."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(ItemRole.SORT)
        self.spec = MatrixFilter()
        self._rows: set[int] | None = None
        self._columns: set[int] | None = None

    def set_filter(self, spec: MatrixFilter) -> None:
        self.spec = spec
        self.refilter()

    def refilter(self) -> None:
        """Work out what to show (also after the source got a new matrix)."""
        model = self.sourceModel()
        self.beginFilterChange()
        if isinstance(model, MatrixModel):
            self._rows, self._columns = model.matrix.visible(self.spec)
        self.endFilterChange(QSortFilterProxyModel.Direction.Both)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self._rows is None or source_row in self._rows

    def filterAcceptsColumn(self, source_column: int, source_parent: Index) -> bool:
        return source_column == 0 or self._columns is None or source_column - 1 in self._columns

    def shown(self) -> tuple[int, int]:
        """How many mailboxes and people are showing."""
        return self.rowCount(), max(0, self.columnCount() - 1)

