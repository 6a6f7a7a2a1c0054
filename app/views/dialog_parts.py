"""Parts Deputy's dialogs share: the address field, and the Cancel/action button row."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)


def action_buttons(dialog: QDialog, action: str, *, enabled: bool = False,
                   ) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel and ``action`` ("&Share"), the default; disabled until the input is valid."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    accept = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setDefault(True)
    accept.setEnabled(enabled)
    buttons.accepted.connect(dialog.accept)
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
