"""Parts Deputy's dialogs share: how a dialog with one action behaves (Enter, Esc, the
default button), the address field, and the file dialog for exports and imports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.views.plain_text import plain_label

SECONDARY_SCALE = 0.92
KEEP_EDITING, DISCARD = "&Keep editing", "&Discard"


class ActionDialog(QDialog):
    """A dialog that does one thing (Share, Send, Open…), as a desktop user expects.

    - Enter does it when the input allows. Its button is the dialog's default and drawn
      so; no other button takes the default on focus (``QDialogButtonBox`` makes every
      button autoDefault: Cancel, once focused or first in the tab order, would take
      Enter). Ctrl+Enter does it too, from a field where Enter starts a new line.
    - When the input does not allow it, the button is disabled and the words beside it
      (``reason``) say what is missing: ``allow_action(False, "Type an address.")``.
    - Esc, Cancel and the window's close button ask before throwing away what was typed
      (``has_input()``): "Discard this invitation?", Keep editing being the default.
      A dialog holding nothing typed closes at once.
    - Deleted once closed: whoever opened it reads its answer in ``accepted`` or
      ``finished``, never later.

    Attributes:
        discard_question: what the question says, "Discard this invitation?".
        discard_box: the question, while it is asked.
    """

    discard_question = "Discard what you typed?"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.action_button: QPushButton | None = None
        self.discard_box: QMessageBox | None = None
        self.reason = plain_label()
        self.reason.setWordWrap(True)
        self.reason.setAccessibleDescription("Why the action is not available")
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.trigger_action)

    def action_row(self, action: str, *, enabled: bool = False,
                   on_action: Callable[[], None] | None = None) -> QHBoxLayout:
        """The reason (when the action can't be done), then Cancel and ``action``
        ("&Share"), the default; sets ``action_button``.

        ``on_action``: what the action does instead of closing the dialog (a dialog that
        closes only once the server has said yes).
        """
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.action_button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.action_button.setEnabled(enabled)
        buttons.accepted.connect(on_action or self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(buttons)
        return row

    def allow_action(self, allowed: bool, reason: str = "") -> None:
        """Enable the action, or disable it saying why (shown beside its button)."""
        if self.action_button is not None:
            self.action_button.setEnabled(allowed)
        self.reason.setText("" if allowed else reason)

    def trigger_action(self) -> None:
        """What Enter does: the action, if it may be done now."""
        if self.action_button is not None and self.action_button.isEnabled():
            self.action_button.click()

    def has_input(self) -> bool:
        """Whether closing would throw away something the person typed."""
        return False

    def reject(self) -> None:
        """Esc, Cancel and the close button: close, asking first if that loses input."""
        if self.discard_box is not None:
            return
        if not self.has_input():
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(),
                          self.discard_question, QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText("What you typed is not kept.")
        name_icon(box, "Question")
        discard = box.addButton(DISCARD, QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(KEEP_EDITING, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.discard_box = box

        def answered(button: QAbstractButton) -> None:
            if button is discard:
                self.discard()

        field = self.focusWidget()

        def closed() -> None:
            self.discard_box = None
            if shiboken6.isValid(self) and self.isVisible():  # kept: back to the field
                self.activateWindow()
                if field is not None and shiboken6.isValid(field):
                    field.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

        box.buttonClicked.connect(answered)
        box.finished.connect(closed)
        box.open()

    def discard(self) -> None:
        """Close without asking, throwing away what was typed."""
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._make_action_the_default()
        self.fit_height()

    def event(self, event: QEvent) -> bool:
        """When a text changes (a problem shown, roles arrived), grow to show it whole."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self.fit_height()
        return handled

    def _make_action_the_default(self) -> None:
        if self.action_button is None:
            return
        for button in self.findChildren(QPushButton):
            if button.window() is self:  # not the buttons of a question asked over it
                button.setAutoDefault(False)
        # Set again now that the button is inside the dialog: only then does the
        # dialog learn it is its default (before, the button had no dialog above it).
        self.action_button.setDefault(False)
        self.action_button.setDefault(True)

    def fit_height(self) -> None:
        """Grow to show all the text, up to the screen's height: Qt gives a window the
        height its content needs at its preferred width, which is too little for
        wrapped lines at a narrower one, and does not grow a window already shown."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = self.width()
        needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        if self.height() >= needed:
            return
        area = self.screen().availableGeometry() if self.screen() else None
        self.resize(width, min(needed, area.height()) if area else needed)
        if area is not None and self.frameGeometry().bottom() > area.bottom():
            self.move(self.x(), max(area.top(), self.y() - (self.frameGeometry().bottom()
                                                           - area.bottom())))


def name_icon(box: QMessageBox, name: str) -> None:
    """Name a message box's icon for screen readers ("Question"): Qt leaves it nameless,
    and a nameless picture is read as "image"."""
    icon = box.findChild(QLabel, "qt_msgboxex_icon_label")
    if icon is not None:
        icon.setAccessibleName(name)


def while_open(dialog: QWidget, slot: Callable[..., None]) -> Callable[..., None]:
    """``slot``, called only while ``dialog`` exists: an answer from the server may
    arrive after the person closed (and so deleted) the dialog that asked."""
    def call(*args: object) -> None:
        if shiboken6.isValid(dialog):
            slot(*args)
    return call


def address_row(placeholder: str) -> tuple[QFormLayout, QLineEdit, QLabel]:
    """An "Email address" field with a line under it for what is wrong with it."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName("Email address")
    message = plain_label()
    message.setWordWrap(True)
    form = QFormLayout()
    form.addRow("&Email address:", edit)
    form.addRow("", message)
    return form, edit, message


def explanation(text: str = "", *, indent: int = 0) -> QLabel:
    """Secondary text under a choice: a little smaller, in the normal text colour.

    Not a disabled label: disabled grey is too faint to read in most palettes.
    """
    label = plain_label(text)
    label.setWordWrap(True)
    label.setIndent(indent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * SECONDARY_SCALE)
    label.setFont(font)
    return label


def ask_for_file(parent: QWidget, title: str, suggested: str, file_filter: str,
                 on_path: Callable[[str], None], *, save: bool = True) -> QFileDialog:
    """A file dialog opened window-modal, not run in a nested event loop: the window
    keeps painting, and tests can answer it. ``on_path(path)`` when the user chooses."""
    dialog = QFileDialog(parent, title, str(Path.home() / suggested), file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save
                         else QFileDialog.AcceptMode.AcceptOpen)
    if save:
        dialog.setDefaultSuffix(Path(suggested).suffix.lstrip("."))
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(on_path)
    dialog.open()
    return dialog
