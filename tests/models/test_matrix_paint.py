"""The matrix painted with one call into Python per cell, and headers sized from one
section: what shows is what the model's ``data`` and Qt's own header say."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QStyledItemDelegate, QStyleOptionViewItem

from app.models.matrix import MatrixModel
from app.review.matrix import Matrix
from app.review.snapshot_store import PermissionRow
from app.views.one_line_header import OneLineHeader

ROLES = ("read", "write", "delegateWithPrivateEventAccess", "freeBusyRead", "custom",
         "aRoleGraphAddsLater")


def small_matrix() -> Matrix:
    """Four mailboxes, six people, each person's role differing by mailbox; some empty."""
    rows = [PermissionRow(f"m{m}@contoso.com", "c", "Calendar", True, f"p{p}", f"Person {p}",
                          f"p{p}@contoso.com", ROLES[(m + p) % len(ROLES)], True, True)
            for m in range(4) for p in range(6) if (m + p) % 3]
    return Matrix.build(rows, [f"m{m}@contoso.com" for m in range(4)])


def test_each_cell_paints_with_what_data_says(qtbot, qtmodeltester):
    """The delegate asks its seven roles through ``multiData`` in one call; what it
    paints (text, fill, ink) is what ``data`` answers for each cell, empty ones too."""
    model = MatrixModel()
    model.set_matrix(small_matrix())
    qtmodeltester.check(model)
    delegate = QStyledItemDelegate()
    filled = 0
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)
            assert option.text == (model.data(index) or "")
            background = model.data(index, Qt.ItemDataRole.BackgroundRole)
            if background is None:
                assert option.backgroundBrush.style() == Qt.BrushStyle.NoBrush
            else:
                filled += 1
                assert option.backgroundBrush.color() == background
                ink = model.data(index, Qt.ItemDataRole.ForegroundRole)
                assert option.palette.color(option.palette.ColorRole.Text) == ink
    assert filled >= 10  # the roles' colours were looked at, not only empty cells
    assert model.data(model.index(0, 0)) == "m0@contoso.com"


def test_a_roles_colour_given_out_is_a_copy():
    """The colours are made once per role; a caller changing one changes no cell."""
    model = MatrixModel()
    model.set_matrix(small_matrix())
    index = next(model.index(r, c) for r in range(4) for c in range(1, 7)
                 if model.data(model.index(r, c), Qt.ItemDataRole.BackgroundRole))
    colour = model.data(index, Qt.ItemDataRole.BackgroundRole)
    before = colour.name()
    colour.setRgb(0, 0, 0)
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).name() == before


class CountedHeaders(QAbstractTableModel):
    """Many columns of one-line names; counts what the header asks."""

    def __init__(self, columns: int) -> None:
        super().__init__()
        self.columns = columns
        self.asked = 0

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.columns

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        self.asked += 1
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return "Mailbox" if section == 0 else f"Person {section} with a longer name"
        return None


def test_a_one_line_header_is_as_tall_as_qts_and_asks_one_section(qtbot):
    model = CountedHeaders(1_000)
    plain, ours = QHeaderView(Qt.Orientation.Horizontal), OneLineHeader()
    for header in (plain, ours):
        qtbot.addWidget(header)
        header.setModel(model)
    assert ours.sizeHint().height() == plain.sizeHint().height() > 0
    tall = ours.sizeHint().height()
    model.asked = 0
    model.layoutChanged.emit()  # Qt forgets its hint: 200 sections asked again
    plain.sizeHint()
    asked_by_qt, model.asked = model.asked, 0
    model.modelReset.emit()
    ours.sizeHint()
    assert asked_by_qt > 200
    assert model.asked < 20

    # A larger font: both taller, alike.
    font = QFont(ours.font())
    font.setPointSize(font.pointSize() * 2)
    for header in (plain, ours):
        header.setFont(font)
    assert ours.sizeHint().height() == plain.sizeHint().height() > tall


def test_a_header_with_no_sections_has_no_height(qtbot):
    header = OneLineHeader()
    qtbot.addWidget(header)
    header.setModel(QStandardItemModel(3, 0))
    assert header.sizeHint().height() == 0  # as Qt's own
    header.setModel(QStandardItemModel(3, 2))
    assert header.sizeHint().height() > 0
