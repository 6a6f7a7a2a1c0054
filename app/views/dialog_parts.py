"""Parts Deputy's dialogs share: the address field, the Cancel/action button row, and
the file dialog for exports and imports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

SECONDARY_SCALE = 0.92


def action_buttons(dialog: QDialog, action: str, *, enabled: bool = False,
                   on_accept: Callable[[], None] | None = None,
                   ) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel and ``action`` ("&Share"), the default; disabled until the input is valid.

    ``on_accept``: what the action does instead of closing the dialog (a dialog that
    closes only once the server has said yes).
    """
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    accept = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setDefault(True)
    accept.setEnabled(enabled)
    buttons.accepted.connect(on_accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, accept


def address_row(placeholder: str) -> tuple[QFormLayout, QLineEdit, QLabel]:
    """An "Email address" field with a line under it for what is wrong with it."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName("Email address")
    message = QLabel()
    message.setWordWrap(True)
    form = QFormLayout()
    form.addRow("&Email address:", edit)
    form.addRow("", message)
    return form, edit, message


def explanation(text: str = "", *, indent: int = 0) -> QLabel:
    """Secondary text under a choice: a little smaller, in the normal text colour.

    Not a disabled label: disabled grey is too faint to read in most palettes.
    """
    label = QLabel(text)
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


def os_reason(error: BaseException | None) -> str:
    """The operating system's words ("Permission denied"); the rest is in the log."""
    return getattr(error, "strerror", None) or "the details are in the log"
