"""Columns sized to what they hold, within the table's width, and the person's own widths.

Qt offers either "each column as wide as its text" (a table wider than the window, the
last columns out of sight) or fixed stretching (no column can be dragged). Deputy's lists
want what a mail client does: every column fits its text when there is room; when there
isn't, the less important columns give up width (their text elided "Lee G…") so the
one that matters most (a meeting's subject, a calendar's name) stays whole; the extra
room goes to that column; and every column can be dragged wider or narrower. Once the
person has dragged one, their widths stay, as a mail client keeps them. A right-click on
the header chooses the columns shown.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QFontMetricsF, QHelpEvent
from PySide6.QtWidgets import QHeaderView, QMenu, QStyle, QTableView, QToolTip

from app.views.plain_text import plain_tip

# What a column keeps at least when it gives up width: about this many characters.
MIN_CHARACTERS = 6


def cell_width_for(view: QTableView, text: str) -> int:
    """The column width at which ``text`` shows whole in ``view``'s cells: its advance
    in fractions of a pixel, rounded up, plus the margins the style puts on either side
    of an item's text (QCommonStyle: the focus frame's margin and one pixel) and the
    grid line, as sizeHintForColumn counts them. Whole pixels (fontMetrics) would be a
    pixel off either way with fonts whose advances are fractional (Windows's)."""
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    advance = QFontMetricsF(view.font()).horizontalAdvance(text)
    return math.ceil(advance) + 2 * margin + (1 if view.showGrid() else 0)


class ColumnFitter(QObject):
    """Keeps ``view``'s columns fitted; ``wide`` is the column that matters most.

    Attributes:
        wide: the logical index of the column that keeps its text whole when possible.
        keep: columns that never give up width (a date cut short says nothing).
        second: columns that give up width only when the others can give no more.
        by_hand: the person dragged a column; from then on their widths are kept.
    """

    def __init__(self, view: QTableView, wide: int, keep: tuple[int, ...] = (),
                 second: tuple[int, ...] = ()) -> None:
        super().__init__(view)
        self.view, self.wide = view, wide
        self.keep, self.second = frozenset(keep), frozenset(second)
        self.by_hand = False
        self._fitting = False
        # What each column's text needs, kept until the rows change: a resize (a
        # progress bar shown under the table) fits again without reading the rows.
        self._content: dict[int, int] = {}
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in range(header.count()):
            if header.isSectionHidden(column):
                # A section hidden while sized to its contents goes on taking its old
                # width in the header's length once Interactive (Qt 6): hide it anew.
                header.showSection(column)
                header.hideSection(column)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # "Organi…", not "rganize"
        header.sectionResized.connect(self.on_header_section_resized)
        # Right-click on the header: which columns to show, as in a mail client.
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.on_header_context_menu_requested)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.fit)
        view.viewport().installEventFilter(self)
        self._watch(view.model())

    def _watch(self, model) -> None:
        if model is None:
            return
        # At once when the rows are replaced, so the table is never drawn (or grabbed)
        # with the last rows' widths; row by row changes are gathered first.
        model.modelReset.connect(self.refit)
        model.layoutChanged.connect(self.refit)
        model.headerDataChanged.connect(self.schedule)
        model.rowsInserted.connect(self.schedule)
        model.rowsRemoved.connect(self.schedule)
        model.dataChanged.connect(self.on_model_data_changed)

    def schedule(self, *_args: object) -> None:
        """Fit again soon, to the rows as they will be then."""
        self._content.clear()
        if not self.by_hand:
            self._timer.start()

    def on_model_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex,
                              *_roles: object) -> None:
        """Only the changed columns are measured again (a run's outcomes change two
        columns of 1,000 rows; measuring all seven held the window 40 ms)."""
        for column in range(top_left.column(), bottom_right.column() + 1):
            self._content.pop(column, None)
        if not self.by_hand:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit(hidden_too=True)
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._content.clear()  # the same text, another width
        elif event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            return self._show_cut_text(event)
        return False

    def _show_cut_text(self, event: QHelpEvent) -> bool:
        """A cell whose text is cut short ("2 accepte…") shows it whole as its tooltip,
        unless the model has a tooltip of its own for it."""
        index = self.view.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False
        text = str(index.data() or "")
        if not text or cell_width_for(self.view, text) <= self.view.columnWidth(index.column()):
            return False
        QToolTip.showText(event.globalPos(), plain_tip(text), self.view.viewport())
        return True

    def column_menu(self) -> QMenu:
        """A checkable entry per column; the important one can't be hidden."""
        header, model = self.view.horizontalHeader(), self.view.model()
        menu = QMenu(header)
        for column in range(header.count()):
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column != self.wide)
            action.toggled.connect(self._toggler(column))
        return menu

    def _toggler(self, column: int):
        def toggle(shown: bool) -> None:
            self.view.setColumnHidden(column, not shown)
            self.fit()
        return toggle

    def on_header_context_menu_requested(self, pos: QPoint) -> None:
        menu = self.column_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.horizontalHeader().mapToGlobal(pos))

    def on_header_section_resized(self, _column: int, old: int, new: int) -> None:
        """A width the fitter did not set is the person's; hiding or showing a column
        (a width to or from nothing) is not."""
        if not self._fitting and old > 0 and new > 0:
            self.by_hand = True

    def content_width(self, column: int) -> int:
        """What ``column`` needs to show its header and its first rows' text whole."""
        width = self._content.get(column)
        if width is None:
            header = self.view.horizontalHeader()
            width = self._content[column] = max(header.sectionSizeFromContents(column).width(),
                                                self.view.sizeHintForColumn(column))
        return width

    def minimum_width(self, column: int, content: int | None = None) -> int:
        """How narrow a less important column may get: a few characters, or its text
        (``content``: its content width, when known already)."""
        floor = self.view.fontMetrics().averageCharWidth() * MIN_CHARACTERS + 12
        if content is None:
            content = self.content_width(column)
        return min(content, max(floor, self.view.horizontalHeader().minimumSectionSize()))

    def widths(self, available: int) -> dict[int, int]:
        """The width of each visible column for a table ``available`` pixels wide."""
        header = self.view.horizontalHeader()
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        # Measured once each: every measure asks the model for its first rows' text.
        content = {c: self.content_width(c) for c in columns}
        wanted = dict(content)
        if self.wide not in wanted:
            return wanted
        spare = available - sum(wanted.values())
        if spare >= 0:  # room for all: the important column takes the rest
            wanted[self.wide] += spare
            return wanted
        # Too narrow: the least important columns give up width first, then the second
        # ones. Within a group the widest give first, down to a common cap, so short
        # texts ("Request", "You") stay whole and only the longest are cut; none goes
        # below its minimum.
        second = [c for c in columns if c in self.second]
        first = [c for c in columns if c != self.wide and c not in self.keep
                 and c not in self.second]
        short = -spare
        for group in (first, second):
            if short <= 0 or not group:
                continue
            floors = {c: self.minimum_width(c, content[c]) for c in group}
            cap = _cap(sum(wanted[c] for c in group) - short, {c: wanted[c] for c in group},
                       floors)
            for column in group:
                wanted[column] = max(floors[column], min(wanted[column], cap))
            short = sum(wanted.values()) - available
        if short > 0:  # still too narrow: the important column shrinks too, not below
            wanted[self.wide] = max(self.minimum_width(self.wide, content[self.wide]),
                                    wanted[self.wide] - short)
        else:  # the cap's rounding left a few pixels: the important column has them
            wanted[self.wide] -= short
        return wanted

    def refit(self) -> None:
        """Fit to the rows as they are now (read again)."""
        self._content.clear()
        self.fit()

    def fit(self, *, hidden_too: bool = False) -> None:
        """Fit the columns now; a table out of sight (another view's, behind the one
        shown) waits until it is shown or resized, as measuring its rows is work for
        nobody while the person looks elsewhere."""
        if self.by_hand or self.view.model() is None:
            return
        if not hidden_too and not self.view.isVisible():
            return
        self._fitting = True
        try:
            for column, width in self.widths(self.view.viewport().width()).items():
                self.view.setColumnWidth(column, width)
        finally:
            self._fitting = False


def _cap(room: int, widths: dict[int, int], floors: dict[int, int]) -> int:
    """The largest width cap under which ``widths`` (each kept at its floor at least)
    add up to ``room`` or less; the floors' sum when even they don't fit."""
    def total(cap: int) -> int:
        return sum(max(floors[c], min(w, cap)) for c, w in widths.items())

    low, high = 0, max(widths.values(), default=0)
    while low < high:  # binary search for the largest cap that fits
        middle = (low + high + 1) // 2
        if total(middle) <= room:
            low = middle
        else:
            high = middle - 1
    return low


def fit_columns(view: QTableView, wide: int, keep: tuple[int, ...] = (),
                second: tuple[int, ...] = ()) -> ColumnFitter:
    """Fit ``view``'s columns (see the module); call after its model is set."""
    return ColumnFitter(view, wide, keep, second)
