"""The OK/Cancel row every Deputy dialog ends with, its OK named after what it does."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton


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
