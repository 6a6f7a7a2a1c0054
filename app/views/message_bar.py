"""A bar above the content for problems: what happened and what to do, until closed.

Unlike a dialog it does not stop the user; unlike the status bar it stays until read.
Screen readers say the message when it appears (``app.views.announce``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from app.messages import Message, MessageBridge, Place
from app.views.announce import announce
from app.views.plain_text import plain_label


class MessageBar(QFrame):
    """Shows one message at a time; a newer message replaces the older one.

    Attributes:
        about: the mailbox the message shown is about (None: the whole window).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Message")
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        # A picture says "warning" to those who see it; its name says it to the others
        # (a nameless image is read as "image", or its file name).
        self.icon.setAccessibleName("Warning")
        self.text = plain_label()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Close this message (Esc)")
        self.close_button.setAccessibleName("Close message")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.ToolTipBase))
        palette.setColor(QPalette.ColorRole.WindowText,
                         palette.color(QPalette.ColorRole.ToolTipText))
        self.setPalette(palette)
        self.about: str | None = None
        self._place: Place | None = None
        self.hide()

    def listen(self, bridge: MessageBridge, place: Place) -> None:
        """Show the problems ``bridge`` carries for ``place``, this bar's window."""
        self._place = place
        # A bound method: Qt lets go of it when the bar goes, while the bridge lives on.
        bridge.posted.connect(self.on_bridge_posted)

    def on_bridge_posted(self, message: Message) -> None:
        if message.problem and message.place is self._place:
            self.show_problem(message.words, about=message.about)

    def let_go_unless_about(self, key: str) -> None:
        """Another mailbox is shown: a message about a mailbox other than ``key`` goes
        (one about this same mailbox stays, as after a change to it is saved)."""
        if self.about is not None and self.about != key:
            self.hide()
            self.about = None

    def show_problem(self, message: str, *, about: str | None = None) -> None:
        self.about = about
        self.text.setText(message)
        self.setAccessibleDescription(message)
        self.show()
        announce(self, message, urgent=True)

    @property
    def message(self) -> str:
        return self.text.text() if self.isVisible() else ""
