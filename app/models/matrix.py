"""The matrix as a Qt model: mailboxes down, people across, each cell a role.

Column 0 is the mailbox; column ``1 + i`` is the ``i``th person showing. Nothing is a
widget: a 1,000 by 1,000 matrix holds only the few thousand cells that hold a role,
compactly (``app.review.cells``).

The model shows an ``Arrangement``: the rows and columns a filter keeps, in the order
of the sort, worked out off the GUI thread (``app.review.matrix_order``). There is no
filter proxy: a ``QSortFilterProxyModel`` asks Python about every row and column each
time it filters or its source moves, 0.2-0.5 s on the GUI thread at 100,000 mailboxes by
100,000 people; and one that sorts asks ``data()`` for both sides of every comparison.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.graph.roles import role_sentence
from app.models.item_roles import ItemRole
from app.models.table import Index
from app.review.matrix import Cell, Matrix, MatrixFilter
from app.review.matrix_order import BY_MAILBOX, Arrangement, MatrixOrder
from app.review.role_colors import colors_of

# The roles Qt's item delegate asks of a cell to paint it that the matrix never sets.
_UNSET_WHEN_PAINTED = frozenset((
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.DecorationRole))


@cache
def _qcolors_of(role: str) -> tuple[QColor, QColor] | None:
    """Made once per role: making a ``QColor`` from its name lets go of the interpreter
    lock, and a paint made two per cell (each then waited up to a millisecond for a
    worker to hand the lock back)."""
    colors = colors_of(role)
    return (QColor(colors[0]), QColor(colors[1])) if colors else None


def _role_data(span: QModelRoleDataSpan | QModelRoleData) -> Sequence[QModelRoleData]:
    """Each role asked in ``span`` (a sequence, which PySide6's stubs don't say)."""
    return (span,) if isinstance(span, QModelRoleData) else cast(
        "Sequence[QModelRoleData]", span)


def role_color(role: str) -> QColor | None:
    colors = _qcolors_of(role)
    return QColor(colors[0]) if colors else None  # a copy: the caller may change it


def role_text_color(role: str) -> QColor | None:
    colors = _qcolors_of(role)
    return QColor(colors[1]) if colors else None


class MatrixModel(QAbstractTableModel):
    """The matrix of one snapshot, as an ``Arrangement`` shows it.

    ``set_matrix`` replaces the matrix whole (a new snapshot); ``arrange`` shows another
    arrangement of it. A header click (``sort``) does not sort here: it says what is
    wanted (``sort_wanted``), and the view has it worked out off the GUI thread.

    Signals:
        sort_wanted(): ``wanted_sort`` changed.

    Attributes:
        wanted_sort: (person's key, descending) of the last sort asked for, the key
            ``BY_MAILBOX`` for the mailbox; the arrangement showing may still be of an
            earlier one.
    """

    sort_wanted = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix = Matrix.empty()
        self.arrangement = Arrangement.empty()
        self.wanted_sort = (BY_MAILBOX, False)

    def set_matrix(self, matrix: Matrix) -> None:
        """``matrix``, everything in it by mailbox A to Z until ``arrange``."""
        self.beginResetModel()
        self.matrix = matrix
        self.arrangement = Arrangement.at_first(matrix)
        self.endResetModel()

    def arrange(self, arrangement: Arrangement) -> None:
        """Show ``arrangement`` (of this matrix): one layout change, in which a selection
        follows its cells to where they now show, and leaves those no longer shown."""
        if arrangement is self.arrangement:
            return
        self.layoutAboutToBeChanged.emit()
        before, self.arrangement = self.arrangement, arrangement
        kept = self.persistentIndexList()
        if kept:
            self.changePersistentIndexList(kept, [self._moved(i, before) for i in kept])
        self.layoutChanged.emit()

    def _moved(self, index: QModelIndex, before: Arrangement) -> QModelIndex:
        now = self.arrangement
        row = now.row_place.get(before.rows[index.row()], -1)
        column = index.column()
        if column > 0:
            column = 1 + now.person_place.get(before.people[column - 1], -1)
        return self.index(row, column) if row >= 0 and column >= 0 else QModelIndex()

    def matrix_row(self, row: int) -> int:
        return self.arrangement.rows[row]

    def person_at(self, column: int) -> int:
        """The person (a column of ``Matrix.people``) in ``column`` (1 and on)."""
        return self.arrangement.people[column - 1]

    def column_of(self, person: int) -> int:
        """Where ``person`` shows; -1 when a filter hides them."""
        place = self.arrangement.person_place.get(person)
        return -1 if place is None else place + 1

    def shown(self) -> tuple[int, int]:
        """How many mailboxes and people are showing."""
        return len(self.arrangement.rows), len(self.arrangement.people)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The header's sort indicator, a click on it, or the view's own call: rows by
        the mailbox's name, or by the role a person has in each (none first when
        ascending). As Qt's own sort: equal rows keep their order when ascending, and
        descending is ascending backwards (``app.review.matrix_order``)."""
        if not 0 <= column <= len(self.arrangement.people):
            return
        wanted = (BY_MAILBOX if column == 0 else self.matrix.people.keys[self.person_at(column)],
                  order == Qt.SortOrder.DescendingOrder)
        if wanted != self.wanted_sort:
            self.wanted_sort = wanted
            self.sort_wanted.emit()

    def order_with(self, spec: MatrixFilter) -> MatrixOrder:
        """What to work out next: ``spec``, sorted as last asked."""
        person, descending = self.wanted_sort
        return MatrixOrder(spec, person, descending)

    def follow_shown_sort(self) -> None:
        """The sort showing is the one wanted from now on: the arrangement fell back to
        the mailbox (a filter hid the person sorted by), and the header will say so."""
        self.wanted_sort = (self.arrangement.order.person, self.arrangement.order.descending)

    def sort_column(self) -> tuple[int, Qt.SortOrder]:
        """The column the rows showing are sorted by, and which way (for the header)."""
        order = self.arrangement.order
        column = 0 if order.person == BY_MAILBOX else \
            self.column_of(self.matrix.person_index[order.person])
        return column, (Qt.SortOrder.DescendingOrder if order.descending
                        else Qt.SortOrder.AscendingOrder)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self.arrangement.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else 1 + len(self.arrangement.people)

    def cell(self, index: Index) -> Cell | None:
        if not index.isValid() or index.column() == 0:
            return None
        at = self.matrix.cells.find(self.matrix_row(index.row()), self.person_at(index.column()))
        return self.matrix.cells.cell(at) if at >= 0 else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.arrangement.rows[index.row()]
        if index.column() == 0:
            return self._mailbox_data(row, role)
        cells = self.matrix.cells
        person = self.arrangement.people[index.column() - 1]
        at = cells.find(row, person)
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
            owner = self.matrix.mailbox_label(row)
            return (f"{role_sentence(cell.role, self.matrix.people[person].name, owner)}"
                    f"\n\n{cell.details}")
        if role == ItemRole.OBJECT:
            return cells.cell(at)
        return None

    def multiData(self, index: Index,
                  roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:  # noqa: N803
        """Every role a cell is painted with, in one call: Qt's delegate asks seven of
        each cell it paints, and each call into Python waits for the interpreter lock
        while a worker holds it (as it reads and compares snapshots when a review
        opens): the paints of a 100,000-mailbox review held the window 90-110 ms with
        seven calls a cell. Roles the paint does not ask go to ``data``."""
        text: str | None = None
        colors: tuple[QColor, QColor] | None = None
        if index.isValid():
            row = self.arrangement.rows[index.row()]
            if index.column() == 0:
                text = self.matrix.mailbox_label(row)
            else:
                cells = self.matrix.cells
                at = cells.find(row, self.arrangement.people[index.column() - 1])
                if at >= 0:
                    text, colors = cells.cell(at).text, _qcolors_of(cells.role(at))
        for item in _role_data(roleDataSpan):
            role = item.role()
            if role == Qt.ItemDataRole.DisplayRole:
                value: Any = text
            elif role == Qt.ItemDataRole.BackgroundRole:
                value = colors and colors[0]  # not copied: a copy lets go of the lock
            elif role == Qt.ItemDataRole.ForegroundRole:
                value = colors and colors[1]
            elif role in _UNSET_WHEN_PAINTED:
                value = None
            else:
                value = self.data(index, role)
            if value is None:
                item.clearData()
            else:
                item.setData(value)

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
        # The headers ask for several roles of thousands of sections as a matrix shows
        # (their size hints): only the two answered here read anything.
        if orientation != Qt.Orientation.Horizontal or role not in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if section == 0:
            return "Mailbox" if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 < section <= len(self.arrangement.people):
            return None
        people, at = self.matrix.people, self.person_at(section)
        if role == Qt.ItemDataRole.DisplayRole:  # as ``Person``'s words, none made
            return people.names[at] if people.inside[at] else f"{people.names[at]} (outside)"
        person = people[at]
        if role == Qt.ItemDataRole.ToolTipRole:
            if person.is_my_organization:
                return "Everyone in your organization"
            return f"{person.label} — {person.where.lower()} the organization"
        return None

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
        cells, last = self.matrix.cells, len(self.arrangement.people)
        for part in (selection.at(i) for i in range(selection.count())):
            top, bottom, left, right = part.top(), part.bottom(), part.left(), part.right()
            if top < 0 or right < 1:
                continue
            # The people of the columns selected; all shown (None: everyone) read as such.
            people = self.arrangement.people_shown if left <= 1 and right >= last else {
                self.person_at(column) for column in range(max(1, left), right + 1)}
            for row in range(top, min(bottom + 1, len(self.arrangement.rows))):
                matrix_row = self.matrix_row(row)
                for at in cells.in_row(matrix_row):
                    person = cells.column_of(at)
                    if people is None or person in people:
                        yield row, (matrix_row, person)
