"""A review's "Fix…" button: enabled only when a fix can be made, and its tooltip says
why not when it can't (offline, no change journal, or nothing fixable chosen), as
GUIDE §1 asks of every action the identity cannot do."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget

OFFLINE_FIX = "Offline: sign in to fix what the review finds."


class FixButton(QPushButton):
    """A button (and, when given, a context menu's action) that opens the fix's preview.

    Attributes:
        fixable: whether the signed-in identity can fix from the review.
        chosen: whether something fixable is chosen.
        action: the context menu's entry, enabled with the button.
    """

    def __init__(self, text: str, what: str, nothing: str,
                 parent: QWidget | None = None) -> None:
        """``what``: what the button changes, said when it can; ``nothing``: why it
        can't when nothing fixable is chosen."""
        super().__init__(text, parent)
        self.what, self.nothing = what, nothing
        self.fixable, self.chosen = False, False
        self.why_not = OFFLINE_FIX
        self.action = QAction(text, self)
        self.action.triggered.connect(self.click)
        self.update_state()

    def set_fixable(self, fixable: bool, why_not: str = "") -> None:
        self.fixable, self.why_not = fixable, why_not
        self.update_state()

    def set_chosen(self, chosen: bool) -> None:
        self.chosen = chosen
        self.update_state()

    def update_state(self) -> None:
        enabled = self.fixable and self.chosen
        self.setEnabled(enabled)
        self.action.setEnabled(enabled)
        why = self.what if enabled else self.why_not if not self.fixable else self.nothing
        self.setToolTip(why)
        self.action.setToolTip(why)

    def set_label(self, text: str) -> None:
        """Other words on the button (a count in them), and in the menu's entry."""
        self.setText(text)
        self.action.setText(text)
