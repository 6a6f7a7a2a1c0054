"""Parts Deputy's dialogs share: the address field, and the Cancel/action button row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
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
