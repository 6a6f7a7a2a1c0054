"""Where a secondary window opens: whole on the screen of the window it belongs to.

A fixed size of 1200 by 720 opened partly off a laptop's screen, and a geometry saved on
a bigger monitor would do the same after it is unplugged. So a window asks for the size
it prefers, gets at most what the screen has free (without panels and docks), centred
over the window it came from, and a saved geometry is used only when it still fits.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# Room for the title bar and borders, which are not known before the window is shown.
FRAME_ALLOWANCE = QSize(16, 48)


def screen_of(window: QWidget, anchor: QWidget | None) -> QScreen:
    """The screen ``anchor`` is on (the window opened from it), else ``window``'s."""
    for widget in (anchor, window):
        if widget is not None and widget.screen() is not None:
            return widget.screen()
    return QGuiApplication.primaryScreen()


def fitted(area: QRect, preferred: QSize, minimum: QSize) -> QSize:
    """``preferred``, shrunk to what ``area`` holds with a frame, never below
    ``minimum`` unless the screen itself is smaller."""
    room = area.size() - FRAME_ALLOWANCE
    return QSize(max(min(preferred.width(), room.width()), min(minimum.width(), room.width())),
                 max(min(preferred.height(), room.height()),
                     min(minimum.height(), room.height())))


def inside(area: QRect, frame: QRect) -> QPoint:
    """The top-left that moves ``frame`` as little as possible to lie within ``area``."""
    x = min(max(frame.left(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.top(), area.top()), area.bottom() + 1 - frame.height())
    return QPoint(max(x, area.left()), max(y, area.top()))


def place(window: QWidget, anchor: QWidget | None, preferred: QSize,
          saved: QByteArray | None = None) -> None:
    """Size and move ``window`` (not shown yet) within the screen ``anchor`` is on:
    ``saved`` (``saveGeometry``) if it fits there, else ``preferred`` (or less),
    centred over ``anchor``."""
    area = screen_of(window, anchor).availableGeometry()
    if (saved is not None and not saved.isEmpty() and window.restoreGeometry(saved)
            and area.contains(window.frameGeometry())):
        return
    size = fitted(area, preferred, window.minimumSizeHint())
    window.resize(size)
    centre = (anchor.frameGeometry() if anchor is not None and anchor.isVisible()
              else area).center()
    frame = QRect(QPoint(0, 0), size + FRAME_ALLOWANCE)
    frame.moveCenter(centre)
    window.move(inside(area, frame))


def keep_within_screen(window: QWidget) -> None:
    """Once shown (the frame is known): move, or shrink, what still sticks out."""
    area = screen_of(window, None).availableGeometry()
    frame = window.frameGeometry()
    if area.contains(frame):
        return
    border = frame.size() - window.size()
    if frame.width() > area.width() or frame.height() > area.height():
        window.resize(min(window.width(), area.width() - border.width()),
                      min(window.height(), area.height() - border.height()))
        frame = window.frameGeometry()
    window.move(inside(area, frame))
