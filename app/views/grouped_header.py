"""A column header in two lines: a band naming each group of columns (a person, in a
week: their seven days), and each column's own line under it (the day; in a day, the
person's time zone). Qt's header has no groups: each section paints its piece of the
band, the text laid out over the whole group and clipped to the section, so the band
reads as one; a name stays over the part of its group in sight. Text is elided to the
room it has: names come from anyone."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from app.models.schedule_grid import GridRole, ScheduleGridModel

PADDING = 4


class GroupedHeader(QHeaderView):
    """The horizontal header of the side-by-side grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def on_scrolled(self, _value: int) -> None:
        """The bands follow what is in sight: painted again whole, not shifted."""
        self.viewport().update()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        line = self.fontMetrics().height()
        return QSize(hint.width(), 2 * line + 3 * PADDING)

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        """A section's background and its own line; the bands over the groups are drawn
        once per group after all sections (``paintEvent``), not once per section."""
        model = self.model()
        if not isinstance(model, ScheduleGridModel) or not rect.isValid():
            super().paintSection(painter, rect, logical_index)
            return
        painter.save()
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical_index
        option.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        line = self.fontMetrics().height()
        below = QRect(rect.left() + PADDING, rect.top() + 2 * PADDING + line,
                      max(0, rect.width() - 2 * PADDING), line)
        subtitle = str(model.headerData(logical_index, Qt.Orientation.Horizontal,
                                        GridRole.SUBTITLE) or "")
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.drawText(below, Qt.AlignmentFlag.AlignCenter, painter.fontMetrics().elidedText(
            subtitle, Qt.TextElideMode.ElideRight, below.width()))
        first, count = model.group_of(logical_index)
        if first + count - 1 == logical_index and count > 1:  # a group ends: a firmer line
            painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
            painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.restore()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if not isinstance(model, ScheduleGridModel) or not self.count():
            return
        painter = QPainter(self.viewport())
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        line, right = self.fontMetrics().height(), self.viewport().width()
        column = max(0, self.logicalIndexAt(0))
        last = self.logicalIndexAt(right - 1)
        last = self.count() - 1 if last < 0 else last
        while column <= last:
            first, count = model.group_of(column)
            left = self.sectionViewportPosition(first)
            width = sum(self.sectionSize(first + offset) for offset in range(count))
            # The part of the group in sight: its name stays readable while a week scrolls.
            seen_left, seen_right = max(left, 0), min(left + width, right)
            whole = QRect(seen_left + PADDING, PADDING,
                          max(0, seen_right - seen_left - 2 * PADDING), line)
            group = str(model.headerData(first, Qt.Orientation.Horizontal,
                                         GridRole.GROUP) or "")
            painter.drawText(whole, Qt.AlignmentFlag.AlignCenter,
                             painter.fontMetrics().elidedText(
                                 group, Qt.TextElideMode.ElideRight, whole.width()))
            column = first + max(count, 1)
        painter.end()
