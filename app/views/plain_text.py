"""Text other people wrote, shown as text: never as markup Qt guesses is rich.

A QLabel left at AutoText and every tooltip run `Qt::mightBeRichText`: a subject or a
name like "<h1 style=color:red>Your account is suspended</h1><img src=…>" would be drawn
as a red heading, a styled link and a local image. Labels showing such data are made
plain text here; tooltips cannot be told their format, so their text is escaped.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QToolTip, QWidget


def plain_label(text: str = "") -> QLabel:
    """A label whose text is shown literally, whatever it looks like."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def plain_tip(text: str | None) -> str:
    """A tooltip showing `text` literally: escaped rich text, line breaks kept.

    Empty stays empty, so no tooltip appears where there is nothing to say."""
    if not text:
        return ""
    # quotes are text outside a tag; a Windows line end is one line break, not two
    lines = escape(text.replace("\r\n", "\n"), quote=False).split("\n")
    return "<p style='white-space:pre-wrap'>" + "<br>".join(lines) + "</p>"


class PlainItemTips(QObject):
    """Shows an item view's tooltips (its cells' and its headers') as plain text.

    A model's ToolTipRole is text it was given (a sender's name, a calendar's name); Qt
    would show it as rich text when it looks like markup, so this shows it escaped."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        view.viewport().installEventFilter(self)
        for header in self._headers():
            header.viewport().installEventFilter(self)

    def _headers(self) -> list[QHeaderView]:
        headers = (getattr(self.view, "horizontalHeader", None),
                   getattr(self.view, "verticalHeader", None))
        return [header() for header in headers if header is not None]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        tip = self._tip_at(watched, event.pos())
        if not tip:
            return False
        QToolTip.showText(event.globalPos(), plain_tip(tip),
                          watched if isinstance(watched, QWidget) else None)
        return True

    def _tip_at(self, watched: QObject, pos: QPoint) -> str:
        model = self.view.model()
        if model is None:
            return ""
        if watched is self.view.viewport():
            index = self.view.indexAt(pos)
            return str(index.data(Qt.ItemDataRole.ToolTipRole) or "") if index.isValid() else ""
        for header in self._headers():
            if watched is header.viewport():
                section = header.logicalIndexAt(pos)
                if section < 0:
                    return ""
                tip = model.headerData(section, header.orientation(),
                                       Qt.ItemDataRole.ToolTipRole)
                return str(tip or "")
        return ""


def plain_item_tips(view: QAbstractItemView) -> QAbstractItemView:
    """Makes `view` show its model's tooltips as plain text (``PlainItemTips``)."""
    PlainItemTips(view)
    return view
