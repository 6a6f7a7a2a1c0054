"""Where the keyboard is, drawn so a person sees it: a ring around the focused control.

Qt's styles draw focus faintly or not at all: Fusion draws its 1-pixel focus frame only
after a Tab (``State_KeyboardFocusChange``), so a push button focused when a dialog
opened, a radio given focus by a program, or a table after it reloads show nothing.
``FocusRingStyle`` wraps the platform's style and draws a 2-pixel ring in the palette's
Highlight colour around whatever has the focus, whatever gave it the focus. Where
Highlight is too close to what lies under the ring (a selected row is filled with it,
a high-contrast palette may have it near the window colour), the ring takes the text
colour that stands out most instead: at least 3:1 against its surroundings (WCAG 2.1,
1.4.11 non-text contrast), and never the same thing as the selection.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QStyleOptionFocusRect,
    QWidget,
)

from app.contrast import NON_TEXT_MINIMUM, contrast_ratio

RING_WIDTH = 2

# Whole controls whose focus the base style draws faintly (a 1-pixel outline, or only
# after a Tab): the ring goes round the control itself.
_RINGED_PRIMITIVES = {QStyle.PrimitiveElement.PE_FrameLineEdit}
_RINGED_COMPLEX = {QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox}
# Fusion draws push buttons and tabs without asking for a focus frame at all, and the
# frame of a text field of several lines (a comment, a meeting's body) the same with
# and without the focus.
_RINGED_CONTROLS = {QStyle.ControlElement.CE_PushButton, QStyle.ControlElement.CE_TabBarTab,
                    QStyle.ControlElement.CE_ShapedFrame}


# Radio and check boxes whose outline the base style draws too faint to find (Fusion:
# 2.1:1 in a light palette, 2.5:1 in a dark one): outlined again, at least 3:1.
_OUTLINED_INDICATORS = {QStyle.PrimitiveElement.PE_IndicatorRadioButton,
                        QStyle.PrimitiveElement.PE_IndicatorCheckBox}


def contrast(first: QColor, second: QColor) -> float:
    return contrast_ratio(first.name(), second.name())


def ring_colour(palette: QPalette, background: QColor) -> QColor:
    """Highlight when it stands out from ``background`` by 3:1; else the palette's
    text colour that stands out most (white on a selected row, in most palettes)."""
    highlight = palette.color(QPalette.ColorRole.Highlight)
    if contrast(highlight, background) >= NON_TEXT_MINIMUM:
        return highlight
    candidates = [palette.color(role) for role in (
        QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText)]
    return max(candidates, key=lambda colour: contrast(colour, background))


def outline_colour(palette: QPalette) -> QColor:
    """The edge of a radio or check box: the palette's secondary text colour (readable
    at 4.5:1, so well above the 3:1 a control's edge needs), else its text colour."""
    window = palette.color(QPalette.ColorRole.Window)
    secondary = palette.color(QPalette.ColorRole.PlaceholderText)
    if contrast(secondary, window) >= NON_TEXT_MINIMUM:
        return secondary
    return palette.color(QPalette.ColorRole.WindowText)


def draw_outline(painter: QPainter, option: QStyleOption, *, round_: bool) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(outline_colour(option.palette), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
    if round_:
        painter.drawEllipse(box)
    else:
        painter.drawRect(box)
    painter.restore()


def draw_ring(painter: QPainter, rect: QRect, colour: QColor) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    pen = QPen(colour, RING_WIDTH)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    # A pen of width 2 straddles the rectangle's edge: inset by one so all of it shows.
    painter.drawRect(rect.adjusted(1, 1, -1, -1))
    painter.restore()


class FocusRingStyle(QProxyStyle):
    """The platform's style, with a focus ring it always draws (see the module)."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            if isinstance(widget, QPushButton):
                return  # ringed whole, in drawControl
            background = (option.backgroundColor
                          if isinstance(option, QStyleOptionFocusRect)
                          and option.backgroundColor.isValid()
                          else option.palette.color(QPalette.ColorRole.Window))
            draw_ring(painter, option.rect, ring_colour(option.palette, background))
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in _OUTLINED_INDICATORS and option.state & QStyle.StateFlag.State_Enabled:
            draw_outline(painter, option,
                         round_=element == QStyle.PrimitiveElement.PE_IndicatorRadioButton)
        if element in _RINGED_PRIMITIVES and _has_focus(option, widget):
            draw_ring(painter, option.rect, _ring_on_window(option))

    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption,
                    painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawControl(element, option, painter, widget)
        if isinstance(widget, QAbstractItemView):
            return  # a list rings its current row's cell instead (PE_FrameFocusRect)
        if element in _RINGED_CONTROLS and _has_focus(option, widget):
            draw_ring(painter, option.rect, _ring_on_window(option))

    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOptionComplex,
                           painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in _RINGED_COMPLEX and _has_focus(option, widget):
            draw_ring(painter, option.rect, _ring_on_window(option))


def _has_focus(option: QStyleOption, widget: QWidget | None) -> bool:
    """The option says so, and the widget (or the field inside it) has the keyboard:
    an editable combo box's field has the focus, not the box."""
    if not option.state & QStyle.StateFlag.State_HasFocus:
        return False
    focused = QApplication.focusWidget()
    return widget is None or (focused is not None and (
        focused is widget or widget.isAncestorOf(focused)))


def _ring_on_window(option: QStyleOption) -> QColor:
    return ring_colour(option.palette, option.palette.color(QPalette.ColorRole.Window))


def one_tab_stop(group: QButtonGroup) -> None:
    """Tab reaches a group of radios once, at the chosen one, and the arrows choose
    within it, as in a desktop's (and WAI-ARIA's) radio group: Qt makes every radio a
    Tab stop, so Tab landed on the first role, not on the chosen one. While none is
    chosen, the first is the stop."""
    buttons = group.buttons()
    stop = group.checkedButton() or (buttons[0] if buttons else None)
    for button in buttons:
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button is stop
                              else Qt.FocusPolicy.ClickFocus)


def install_focus_ring(app: QApplication) -> None:
    """Give ``app`` the focus ring, over the style it has (once)."""
    if isinstance(app.style(), FocusRingStyle):
        return
    style = FocusRingStyle(app.style().name())
    app.setStyle(style)
    # The application owns the style, but PySide keeps the Python half (the overrides)
    # only while Python holds a reference: without one, Qt draws with the plain style.
    _installed.append(style)


_installed: list[FocusRingStyle] = []
