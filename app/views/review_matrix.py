"""The matrix tab: who can see which mailbox, with filters an auditor reaches for.

Filters sit above the table in the order of the question they answer: which person,
which mailbox, how much access, inside or outside, and free text. A line under the
table says how much of the snapshot is showing, and the legend says what the colours
mean. The mailbox column stays in place when the table scrolls sideways, so a row's
mailbox is in view whichever person's column is. Columns have a fixed width: sizing
1,000 columns to their contents would freeze the window. Cells are selected as in a
spreadsheet (drag, Shift+arrows, Ctrl+click), to fix what they hold.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.fixes.matrix_cells import PickedCell
from app.graph.roles import role_label, role_short_label
from app.models.choices import ChoicesModel
from app.models.matrix import MatrixModel, role_color, role_text_color
from app.review.matrix import LEVELS, Matrix, MatrixFilter
from app.review.role_colors import legend_roles
from app.tasks import TaskRunner
from app.views.fix_button import OFFLINE_FIX, FixButton
from app.views.frozen_column import FrozenColumnTable
from app.views.list_parts import labelled_row, search_field
from app.views.matrix_arranger import MatrixArranger
from app.views.plain_text import plain_label
from app.words import counted

PERSON_COLUMN_WIDTH = 130  # at least; wide enough for every role's words
# Find filters as each letter is typed below this many mailboxes; from it, once the
# typing pauses this long (or at Enter).
SEARCH_AT_ONCE_BELOW = 5_000
SEARCH_PAUSE_MS = 300
PERSON_COLUMN_MAX_WIDTH = 200  # for long names; the header's tooltip has all of it
MAILBOX_COLUMN_WIDTH = 300
NAMED_COLUMNS = 12  # up to this many people, their columns fit their names
CELL_PADDING = 16  # the cell's margins and focus frame
HEADER_PADDING = 24  # the header's margins and sort arrow


def _field_of(box: QComboBox) -> QLineEdit:
    """The text field of an editable combo box (Qt's stub allows None: not editable)."""
    field = box.lineEdit()
    assert field is not None, "the combo box is editable"
    return field


def _searchable_combo(placeholder: str, accessible_name: str) -> QComboBox:
    """A combo box that finds an entry as you type (1,000 mailboxes are too many to
    scroll through), over a ``ChoicesModel``: its entries are made as they show."""
    box = QComboBox()
    box.setModel(ChoicesModel(box))
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    field = _field_of(box)
    field.setPlaceholderText(placeholder)
    completer = field.completer()
    # setEditable gave the box a field and the field a completer; the stubs can't know.
    assert completer is not None
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setAccessibleName(accessible_name)
    # The field inside is what has the keyboard: named too, or a screen reader says
    # only "edit" (its placeholder is gone once something is chosen).
    field.setAccessibleName(accessible_name)
    box.setMinimumContentsLength(14)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return box


def _choices_of(box: QComboBox) -> ChoicesModel:
    model = box.model()
    assert isinstance(model, ChoicesModel), "made by _searchable_combo"
    return model


def legend() -> QWidget:
    """"Colours:" and one swatch per role, least to most access."""
    widget = QWidget()
    layout = QHBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel("Least access"))
    for role in legend_roles():
        swatch = QLabel(f"  {role_short_label(role)}  ")
        swatch.setToolTip(role_label(role))
        swatch.setAutoFillBackground(True)
        palette = swatch.palette()
        palette.setColor(QPalette.ColorRole.Window, role_color(role) or QColor())
        palette.setColor(QPalette.ColorRole.WindowText, role_text_color(role) or QColor())
        swatch.setPalette(palette)
        layout.addWidget(swatch)
    layout.addWidget(QLabel("Most access"))
    layout.addStretch(1)
    return widget


class MatrixView(QWidget):
    """Filters, the matrix, how much shows, and the legend.

    Signals:
        filter_changed(MatrixFilter): what the user narrowed the matrix to.
        fix_requested(list[PickedCell]): the user wants to fix these cells' permissions.
    """

    filter_changed = Signal(object)
    fix_requested = Signal(list)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MatrixModel(self)
        self.arranger = MatrixArranger(self.model, runner, self)

        self.person_box = _searchable_combo("Everyone", "Person")
        self.mailbox_box = _searchable_combo("Every mailbox", "Mailbox")
        self.level_box = QComboBox()
        self.level_box.setAccessibleName("Access")
        self.level_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.level_box.setMinimumContentsLength(16)
        self.level_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for key, words in LEVELS.items():
            self.level_box.addItem(words, key)
        self.outside_box = QCheckBox("Only people &outside the organization")
        self.executives_box = QCheckBox("Only &executives")
        self.executives_box.setToolTip("Only mailboxes with a delegate: the executives whose "
                                       "assistants work in their calendars.")
        self.search = search_field("Search names and addresses", "Search the matrix")

        # Two rows: in one, the filters made the window 1,450 pixels wide at least.
        filters = labelled_row(("&Person:", self.person_box), ("Mai&lbox:", self.mailbox_box),
                               ("&Access:", self.level_box))
        for column in (1, 3, 5):
            filters.setStretch(column, 1)
        narrowing = QHBoxLayout()
        narrowing.addWidget(self.executives_box)
        narrowing.addWidget(self.outside_box)
        narrowing.addStretch(1)
        self.search.setMinimumWidth(200)
        find = QLabel("Fin&d:")
        find.setBuddy(self.search)
        narrowing.addWidget(find)
        narrowing.addWidget(self.search)

        self.table = FrozenColumnTable()
        self.table.setAccessibleName("Who can see which mailbox")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Extended: a fix takes many cells (drag, Shift+arrows, Ctrl+click).
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(PERSON_COLUMN_WIDTH)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.shown_label = plain_label()
        self.shown_label.setAccessibleDescription("How much is showing")
        self.fix_button = FixButton("Fi&x the selected…", "Preview, then change the "
                                    "permissions of the selected cells",
                                    "Select cells that hold a role (drag, Shift+arrows, "
                                    "Ctrl+click): an empty cell has nothing to fix")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addAction(self.fix_button.action)
        # Beside how much shows, above the table: beside the legend it made the window
        # wider than an 800-pixel screen.
        shown_row = QHBoxLayout()
        shown_row.addWidget(self.shown_label, 1)
        shown_row.addWidget(self.fix_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(narrowing)
        layout.addLayout(shown_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend())

        self.person_box.activated.connect(self.apply_filter)
        self.mailbox_box.activated.connect(self.apply_filter)
        _field_of(self.person_box).editingFinished.connect(self.apply_filter)
        _field_of(self.mailbox_box).editingFinished.connect(self.apply_filter)
        self.level_box.currentIndexChanged.connect(self.apply_filter)
        self.outside_box.toggled.connect(self.apply_filter)
        self.executives_box.toggled.connect(self.apply_filter)
        # Typing in Find filters once the typing pauses, on a large tenant: at 100,000
        # mailboxes each filter holds the window some 0.5 s, and a word typed letter by
        # letter held it that long per letter. Enter filters at once.
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self.on_search_text_changed)
        self.search.returnPressed.connect(self.on_search_return_pressed)
        self.table.selectionModel().selectionChanged.connect(self._update_fix)
        self.model.layoutChanged.connect(self._update_fix)  # a filter or a sort
        self.model.modelReset.connect(self._update_fix)
        self.model.sort_wanted.connect(self.apply_filter)
        self.arranger.arranged.connect(self.on_arranged)
        self.fix_button.clicked.connect(self.on_fix_button_clicked)

    def set_fixable(self, fixable: bool, why_not: str = OFFLINE_FIX) -> None:
        """Whether the signed-in identity can fix from here; ``why_not`` is said on the
        button when it can't."""
        self.fix_button.set_fixable(fixable, why_not)

    def selected_cells(self) -> list[PickedCell]:
        """The selected cells that hold a role, row by row as shown."""
        matrix = self.model.matrix
        return [PickedCell(matrix.mailboxes[row], matrix.people[person].key)
                for row, person in self.model.cells_in(self.table.selectionModel().selection())]

    def _update_fix(self) -> None:
        self.fix_button.set_chosen(self.model.holds_a_cell(
            self.table.selectionModel().selection()))

    def on_fix_button_clicked(self) -> None:
        chosen = self.selected_cells()
        if chosen:
            self.fix_requested.emit(chosen)

    def set_matrix(self, matrix: Matrix) -> None:
        """Show another snapshot's matrix, keeping the filters and the sort where they
        still apply: everything shows at once, A to Z, and what they keep as soon as the
        worker has it (``MatrixArranger``)."""
        spec = self.current_filter()
        self.model.set_matrix(matrix)
        self._fill_choices(matrix, spec)
        self._size_columns(matrix)
        self.apply_filter()

    def _size_columns(self, matrix: Matrix) -> None:
        """One width for every person's column (a filter moves columns about): each
        role's words whole ("Delegate + private +2"). With a few people, their names
        whole too, up to ``PERSON_COLUMN_MAX_WIDTH``; with many, the matrix stays dense
        and a long name is elided (its header's tooltip has all of it)."""
        cell = max(self.table.fontMetrics().horizontalAdvance(f"{role_short_label(role)} +9")
                   for role in legend_roles()) + CELL_PADDING
        width = max(PERSON_COLUMN_WIDTH, cell)
        if len(matrix.people) <= NAMED_COLUMNS:
            names = self.table.horizontalHeader().fontMetrics()
            longest = max((names.horizontalAdvance(
                str(self.model.headerData(column, Qt.Orientation.Horizontal) or ""))
                for column in range(1, len(matrix.people) + 1)), default=0)
            width = max(width, min(longest + HEADER_PADDING, PERSON_COLUMN_MAX_WIDTH))
        self.table.horizontalHeader().setDefaultSectionSize(width)
        self.table.setColumnWidth(0, MAILBOX_COLUMN_WIDTH)

    def _fill_choices(self, matrix: Matrix, spec: MatrixFilter) -> None:
        people, mailboxes = matrix.people, matrix.mailboxes
        for box, count, text, key, index, wanted, everyone in (
                (self.person_box, len(people), lambda i: people[i].label,
                 lambda i: people[i].key, matrix.person_index, spec.person, "Everyone"),
                (self.mailbox_box, len(mailboxes), matrix.mailbox_label,
                 mailboxes.__getitem__, matrix.mailbox_index, spec.mailbox, "Every mailbox")):
            with QSignalBlocker(box):
                choices = _choices_of(box)
                choices.set_choices(everyone, count, text, key, index)
                box.setCurrentIndex(choices.row_of(wanted))

    def current_filter(self) -> MatrixFilter:
        return MatrixFilter(person=self._chosen(self.person_box),
                            mailbox=self._chosen(self.mailbox_box),
                            external=self.outside_box.isChecked(),
                            level=self.level_box.currentData() or "",
                            search=self.search.text(),
                            executives=self.executives_box.isChecked())

    @staticmethod
    def _chosen(box: QComboBox) -> str:
        """The entry whose text is typed (or picked); "" (everything) when none is."""
        return _choices_of(box).key_of_text(box.currentText(), box.currentIndex())

    def set_filter(self, spec: MatrixFilter) -> None:
        """Show what ``spec`` keeps, and the filter fields say so (from a finding, say)."""
        with QSignalBlocker(self.person_box), QSignalBlocker(self.mailbox_box), \
                QSignalBlocker(self.level_box), QSignalBlocker(self.outside_box), \
                QSignalBlocker(self.executives_box), QSignalBlocker(self.search):
            self.person_box.setCurrentIndex(_choices_of(self.person_box).row_of(spec.person))
            self.mailbox_box.setCurrentIndex(
                _choices_of(self.mailbox_box).row_of(spec.mailbox))
            self.level_box.setCurrentIndex(max(0, self.level_box.findData(spec.level)))
            self.outside_box.setChecked(spec.external)
            self.executives_box.setChecked(spec.executives)
            self.search.setText(spec.search)
        self.apply_filter()

    def on_search_text_changed(self, _text: str) -> None:
        if len(self.model.matrix.mailboxes) < SEARCH_AT_ONCE_BELOW:
            self.apply_filter()  # quick enough to follow every letter
        else:
            self._search_pause.start()

    def on_search_return_pressed(self) -> None:
        if self._search_pause.isActive():
            self._search_pause.stop()
            self.apply_filter()

    def apply_filter(self) -> None:
        """Have what the filters keep, sorted as the header says, worked out and shown."""
        self._search_pause.stop()
        spec = self.current_filter()
        self.arranger.want(self.model.order_with(spec))
        if self.arranger.pending:
            self._say_shown()
        self.filter_changed.emit(spec)

    def on_arranged(self) -> None:
        column, order = self.model.sort_column()
        header = self.table.horizontalHeader()
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (column, order):
            # The sorted person moved (a filter), or a filter hides them (by mailbox).
            self.model.follow_shown_sort()
            header.setSortIndicator(column, order)
        self._say_shown()

    def _say_shown(self) -> None:
        matrix = self.model.matrix
        rows, people = self.model.shown()
        busy = "" if not self.arranger.pending else \
            "Sorting… " if self.arranger.asked.spec == self.model.arrangement.order.spec \
            else "Filtering… "
        self.shown_label.setText(
            busy + f"Showing {rows:,} of {counted(len(matrix.mailboxes), 'mailbox')} and "
            f"{people:,} of {counted(len(matrix.people), 'person')}." if matrix.mailboxes
            else "This snapshot holds no mailboxes.")

