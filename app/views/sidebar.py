"""The mailboxes sidebar: whose calendars I am looking at, with my access to each.

Groups ("Shared with me", "Pinned", ...) are drawn as captions above their first row
by the delegate, so the list stays one flat model that the search box filters.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.models.item_roles import ItemRole
from app.models.mailboxes import Mailbox, MailboxKind, MailboxListModel
from app.views.list_parts import keyboard_list, search_field

Index = QModelIndex | QPersistentModelIndex

CAPTIONS = {
    MailboxKind.ME: "",
    MailboxKind.SHARED: "Shared with me",
    MailboxKind.PINNED: "Pinned",
    MailboxKind.DIRECTORY: "Everyone in the organization",
}


class MailboxDelegate(QStyledItemDelegate):
    """A row: the name, my access as a badge on the right, a group caption above."""

    def _caption(self, index: Index) -> str:
        kind = MailboxKind(index.data(ItemRole.KIND))
        model = index.model()
        above = model.index(index.row() - 1, 0) if index.row() > 0 and model else QModelIndex()
        if above.isValid() and above.data(ItemRole.KIND) == kind:
            return ""
        return CAPTIONS[kind]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        size.setHeight(max(size.height(), option.fontMetrics.height() + 10))
        if self._caption(index):
            size.setHeight(size.height() + option.fontMetrics.height() + 8)
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        caption = self._caption(index)
        row = QStyleOptionViewItem(option)
        if caption:
            top = option.fontMetrics.height() + 8
            caption_rect = QRect(option.rect.left() + 6, option.rect.top() + 2,
                                 option.rect.width() - 12, top - 4)
            painter.save()
            font = QFont(option.font)
            font.setBold(True)
            painter.setFont(font)
            # Secondary text, not the disabled grey (1.9:1 on white): the palette's
            # placeholder colour, which Deputy makes readable (app.views.palette).
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(caption_rect, Qt.AlignmentFlag.AlignBottom, caption.upper())
            painter.restore()
            row.rect = option.rect.adjusted(0, top, 0, 0)
        badge = str(index.data(ItemRole.BADGE) or "")
        mailbox: Mailbox = index.data(ItemRole.OBJECT)
        if mailbox is not None and mailbox.pinned and mailbox.kind != MailboxKind.PINNED:
            badge = f"{badge} · pinned" if badge else "pinned"
        badge_width = option.fontMetrics.horizontalAdvance(badge) + 14 if badge else 0
        self.initStyleOption(row, index)
        text_rect = row.rect
        # The style draws the row and the name, in its colours: a selected row's text is
        # not always HighlightedText (the Windows styles draw a light selection with the
        # Text colour; painting HighlightedText here made it white on light blue).
        # Elided first, so that the name leaves room for the badge.
        name_width = text_rect.width() - badge_width - 20
        row.text = option.fontMetrics.elidedText(str(index.data() or ""),
                                                 Qt.TextElideMode.ElideRight, name_width)
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, row, painter, option.widget)
        painter.save()
        if badge:
            height = option.fontMetrics.height() + 2
            pill = QRect(text_rect.right() - badge_width - 6,
                         text_rect.center().y() - height // 2, badge_width, height)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            # Button colours: readable in light and dark palettes alike.
            painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
            painter.setBrush(option.palette.color(QPalette.ColorRole.Button))
            painter.drawRoundedRect(pill, height / 2, height / 2)
            painter.setPen(option.palette.color(QPalette.ColorRole.ButtonText))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, badge)
        painter.restore()


class MailboxFilter(QSortFilterProxyModel):
    """Keeps the mailboxes whose name or address contains the search text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""

    def set_text(self, text: str) -> None:
        self.beginFilterChange()  # Qt 6.10's replacement for invalidateFilter()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._text:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        mailbox: Mailbox = index.data(ItemRole.OBJECT)
        return mailbox.is_me or self._text in f"{mailbox.display_name} {mailbox.address}".casefold()


class MailboxSidebar(QWidget):
    """Search box and list; ``mailbox_activated`` when the user picks a mailbox.

    Signals:
        mailbox_activated(mailbox): a mailbox was chosen by click or keyboard.
    """

    mailbox_activated = Signal(object)

    def __init__(self, model: MailboxListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.search = search_field("Find a mailbox (Ctrl+F)", "Find a mailbox")
        self.proxy = MailboxFilter(self)
        self.proxy.setSourceModel(model)
        self.list = keyboard_list(QListView())
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(MailboxDelegate(self.list))
        self.list.setAccessibleName("Mailboxes")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.search.textChanged.connect(self.proxy.set_text)
        self.search.returnPressed.connect(self.on_search_return_pressed)
        self.list.selectionModel().currentChanged.connect(self.on_list_current_changed)

    def on_list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        mailbox = current.data(ItemRole.OBJECT) if current.isValid() else None
        if mailbox is not None:
            self.mailbox_activated.emit(mailbox)

    def on_search_return_pressed(self) -> None:
        """Enter in the search box opens the first match that isn't Me."""
        for row in range(self.proxy.rowCount()):
            mailbox: Mailbox = self.proxy.index(row, 0).data(ItemRole.OBJECT)
            if not mailbox.is_me or self.proxy.rowCount() == 1:
                self.list.setCurrentIndex(self.proxy.index(row, 0))
                self.list.setFocus()
                return

    def show_selected(self, address: str) -> None:
        """Mark ``address`` selected without announcing it (the workspace chose it)."""
        source_row = self.model.row_of(address)
        if source_row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(source_row))
        if index.isValid() and self.list.currentIndex() != index:
            blocked = self.list.selectionModel().blockSignals(True)
            self.list.setCurrentIndex(index)
            self.list.selectionModel().blockSignals(blocked)
            self.list.viewport().update()

    def select_offset(self, step: int) -> None:
        """Alt+Up / Alt+Down: the previous or next mailbox."""
        count = self.proxy.rowCount()
        if count:
            row = (max(self.list.currentIndex().row(), 0) + step) % count
            self.list.setCurrentIndex(self.proxy.index(row, 0))

    def select_row(self, row: int) -> None:
        """Ctrl+1..9: the n-th mailbox of the list as shown."""
        if 0 <= row < self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(row, 0))
