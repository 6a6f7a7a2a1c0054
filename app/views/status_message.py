"""The status bar's message: a sentence about what was just done, left of the permanent
parts ("Signed in as …", the background work), never over them.

QStatusBar draws its own temporary message in whatever room it computed last, so a
message shown while the background work appeared ran under it. This is a plain widget
in the status bar's layout instead: it gets the room left over, and a sentence longer
than that ends in "…", whole in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QStatusBar, QWidget

from app.messages import Message, MessageBridge, Place
from app.views.announce import announce
from app.views.plain_text import plain_tip

NOTICE_MS = 6000  # how long a notice from the message bridge stays


class StatusMessage(QWidget):
    """One message at a time, for a while or until replaced."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setAccessibleName("Status")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.clear)

    def text(self) -> str:
        return self._text

    def show_message(self, text: str, timeout_ms: int = 0) -> None:
        """Show ``text`` and have screen readers say it; after ``timeout_ms`` (0: until
        replaced) it goes."""
        self._text = text
        self.setToolTip(plain_tip(text))
        self.setAccessibleDescription(text)
        self._timer.stop()
        if timeout_ms:
            self._timer.start(timeout_ms)
        self.update()
        announce(self, text)

    def clear(self) -> None:
        self.show_message("")

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._text),
                     self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height())

    def elided(self) -> str:
        """The message as it fits the room it has."""
        return self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight,
                                             self.width())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.elided())


class StatusBar(QStatusBar):
    """A status bar whose ``showMessage`` (and ``currentMessage``) go to a StatusMessage
    in its layout rather than to QStatusBar's own drawing, for every caller alike.

    Attributes:
        message: the StatusMessage, leftmost, stretching.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = StatusMessage()
        self.addWidget(self.message, 1)
        self._place: Place | None = None

    def listen(self, bridge: MessageBridge, place: Place) -> None:
        """Show the notices ``bridge`` carries for ``place``, this bar's window."""
        self._place = place
        bridge.posted.connect(self.on_bridge_posted)

    def on_bridge_posted(self, message: Message) -> None:
        if not message.problem and message.place is self._place:
            self.showMessage(message.words, NOTICE_MS)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        # QStatusBar's stub allows a None timeout; like 0, it keeps the message.
        self.message.show_message(text, timeout or 0)

    def currentMessage(self) -> str:
        return self.message.text()

    def clearMessage(self) -> None:
        self.message.clear()
