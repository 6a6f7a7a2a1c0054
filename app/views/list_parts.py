"""Parts of Deputy's list views: the read-only table, a search field, a list beside its
details, a row of labelled filters, and widgets stacked in a panel."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.models.item_roles import ItemRole
from app.views.headings import mark_heading
from app.views.plain_text import plain_item_tips, plain_label

RESIZE_PRECISION_ROWS = 50

_View = TypeVar("_View", bound=QAbstractItemView)


def keyboard_list(view: _View) -> _View:
    """Tab leaves the list and the arrows move within it, as in a desktop's file list.

    Qt's tables take Tab for themselves, cell by cell and round again: a person without
    a mouse was trapped in the people table, 25 Tabs, while nothing visible moved
    (whole rows are selected)."""
    view.setTabKeyNavigation(False)
    plain_item_tips(view)  # its tooltips are names and subjects others wrote
    return view


def row_key(index: QModelIndex) -> Any:
    """What names a row across reloads: its resource's Graph id (a permission, calendar,
    event, message), else the resource itself, else the first column's text."""
    first = index.siblingAtColumn(0)
    item = first.data(ItemRole.OBJECT)
    key = getattr(item, "id", None) or getattr(item, "key", None)
    if key:
        return key
    if isinstance(item, str | int):
        return item
    return first.data(Qt.ItemDataRole.DisplayRole)


class ListTable(QTableView):
    """A table of Deputy's: Tab leaves it (``keyboard_list``), and the row the person
    was on stays current and selected when the model reloads (a role changed, F5), by
    the row's key (``row_key``), not back to row 1 or to nothing; if it went away (the
    person was removed), the row now in its place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keyboard_list(self)
        self._kept_key: Any = None
        self._kept_row = -1
        self._watched: QAbstractItemModel | None = None

    def setModel(self, model: QAbstractItemModel | None) -> None:
        if self._watched is not None:
            self._watched.modelAboutToBeReset.disconnect(self._remember_place)
            self._watched.modelReset.disconnect(self._return_to_place)
        super().setModel(model)
        self._watched = model
        if model is not None:
            model.modelAboutToBeReset.connect(self._remember_place)
            model.modelReset.connect(self._return_to_place)

    def _remember_place(self) -> None:
        current = self.currentIndex()
        self._kept_row = current.row() if current.isValid() else -1
        self._kept_key = row_key(current) if current.isValid() else None

    def _return_to_place(self) -> None:
        model = self.model()
        if self._kept_row < 0 or model is None or model.rowCount() == 0:
            return
        row = next((r for r in range(model.rowCount())
                    if row_key(model.index(r, 0)) == self._kept_key),
                   min(self._kept_row, model.rowCount() - 1))
        column = max(self.horizontalHeader().logicalIndexAt(0), 0)
        self.selectionModel().setCurrentIndex(
            model.index(row, column),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self._kept_row, self._kept_key = -1, None


def table(accessible_name: str) -> QTableView:
    """A read-only, sortable, row-selecting table, as Deputy's lists are."""
    view = ListTable()
    view.setAccessibleName(accessible_name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Columns fit the first rows, not all of them: sizing to hundreds of rows' text
    # froze the window for a tenth of a second each time a list was shown.
    header.setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
    header.setStretchLastSection(True)
    return view


def search_field(placeholder: str, accessible_name: str) -> QLineEdit:
    """A search field with a clear button, both named for screen readers: the field by
    ``accessible_name`` (its placeholder goes once something is typed), the button
    "Clear search" (Qt's own has no name, and is read as just "button")."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible_name)
    edit.setClearButtonEnabled(True)
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName("Clear search")
        button.setToolTip("Clear search")
    return edit


def facts_label() -> QLabel:
    """The opened item's facts under its title: plain, wrapped, selectable to copy."""
    label = plain_label()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def heading_label() -> QLabel:
    """The opened item's title: bold and a little larger, a heading to screen readers.

    Plain text: a title is a subject anyone can write, and a label left to guess would
    lay out "<table><table>…" as nested tables (300 characters hung the view) or draw
    "<h1 style=color:red>" as a red heading."""
    label = plain_label()
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return mark_heading(label)


def empty_label() -> QLabel:
    """Says why a list is empty ("No meetings in these days."), under the list."""
    label = plain_label()
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


def labelled_row(*fields: tuple[str, QWidget]) -> QHBoxLayout:
    """"&Person: [box]  Mai&lbox: [box]": each caption's mnemonic focuses its field."""
    row = QHBoxLayout()
    for text, field in fields:
        caption = QLabel(text)
        caption.setBuddy(field)
        row.addWidget(caption)
        row.addWidget(field)
    return row


def stacked(*parts: QWidget | tuple[QWidget, int], left_margin: int = 0) -> QWidget:
    """Widgets one under another in a panel of their own; a (widget, stretch) grows."""
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(left_margin, 0, 0, 0)
    for part in parts:
        widget, stretch = part if isinstance(part, tuple) else (part, 0)
        layout.addWidget(widget, stretch)
    return panel


def list_beside_detail(view: QTableView, empty: QLabel, detail: QWidget,
                       sizes: tuple[int, int] | None = None) -> QSplitter:
    """The list (with its "empty" line) on the left, three fifths; details on the right."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(stacked((view, 1), empty))
    splitter.addWidget(detail)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    if sizes is not None:
        splitter.setSizes(list(sizes))
    splitter.setChildrenCollapsible(False)
    return splitter


def list_above_detail(view: QTableView, empty: QLabel, detail: QWidget) -> QSplitter:
    """The list (with its "empty" line) above, the details below, as a mail client's
    reading pane: every column of the list gets the window's whole width."""
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(stacked((view, 1), empty))
    splitter.addWidget(detail)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setChildrenCollapsible(False)
    return splitter
