"""The first-run dialog: where to sign in, and what the administrator must register.

A new user of a real tenant cannot sign in until an administrator has registered
Deputy in Entra ID. This dialog asks for the two values that registration yields and
hands over the checklist to send to the administrator, ready to copy.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QFontMetricsF, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.graph.auth.config import (
    AuthConfig,
    client_id_problem,
    registration_checklist,
    tenant_problem,
)
from app.views.dialog_parts import ActionDialog
from app.views.plain_text import plain_label


class FirstRunDialog(ActionDialog):
    """Asks for the tenant and client id; shows the registration checklist.

    The checklist keeps its own line breaks (it is copied into a mail to the
    administrator) and is shown unwrapped, wide enough for its longest line: wrapping
    it again at the widget's edge broke every long line in two.

    Signals:
        demo_requested: the user chose to try the built-in demo instead.
    """

    demo_requested = Signal()
    discard_question = "Discard the IDs you typed?"

    def __init__(
        self, parent: QWidget | None = None, *, tenant: str = "", client_id: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect Deputy to Microsoft 365")
        self._initial = (tenant, client_id)
        self._answer: AuthConfig | None = None

        intro = QLabel(
            "Deputy signs in to your organization's Microsoft 365 through an app "
            "registration that an IT administrator creates once. Enter its two IDs below. "
            "If you don't have them yet, copy the checklist and send it to your "
            "administrator."
        )
        intro.setWordWrap(True)

        self.tenant_edit = QLineEdit(tenant)
        self.tenant_edit.setPlaceholderText("contoso.onmicrosoft.com")
        self.tenant_edit.setAccessibleName("Directory (tenant) ID or domain")
        self.client_id_edit = QLineEdit(client_id)
        self.client_id_edit.setPlaceholderText("00000000-0000-0000-0000-000000000000")
        self.client_id_edit.setAccessibleName("Application (client) ID")
        form = QFormLayout()
        form.addRow("&Tenant (ID or domain):", self.tenant_edit)
        form.addRow("Application (&client) ID:", self.client_id_edit)

        self.problem_label = plain_label()
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleDescription("What to fix")
        self.problem_label.setStyleSheet("color: palette(link);")

        self.checklist = QPlainTextEdit()
        self.checklist.setReadOnly(True)
        self.checklist.setAccessibleName("Checklist for your administrator")
        self.checklist.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.checklist.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.checklist.setMinimumHeight(260)
        self.copy_button = QPushButton("C&opy checklist")
        self.copied_label = plain_label()
        copy_row = QHBoxLayout()
        copy_row.addWidget(QLabel("<b>For your administrator</b>"))
        copy_row.addStretch(1)
        copy_row.addWidget(self.copied_label)
        copy_row.addWidget(self.copy_button)

        self.demo_button = QPushButton("Try the &demo instead")
        buttons = self.action_row("&Save and sign in")
        buttons.insertWidget(0, self.demo_button)
        self.save_button = self.action_button

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addLayout(copy_row)
        layout.addWidget(self.checklist, 1)
        layout.addLayout(buttons)

        self.tenant_edit.textChanged.connect(self.on_input_changed)
        self.client_id_edit.textChanged.connect(self.on_input_changed)
        self.copy_button.clicked.connect(self.on_copy_clicked)
        self.demo_button.clicked.connect(self.on_demo_clicked)
        self.on_input_changed()
        self.resize(self.sizeHint().width(), 640)

    def config(self) -> AuthConfig:
        """The IDs typed; once the dialog is closed (and so deleted), as they were then."""
        if self._answer is not None:
            return self._answer
        return AuthConfig(
            client_id=self.client_id_edit.text().strip(), tenant=self.tenant_edit.text().strip()
        )

    def done(self, result: int) -> None:
        self._answer = self.config()
        super().done(result)

    def on_input_changed(self) -> None:
        problem = tenant_problem(self.tenant_edit.text()) or client_id_problem(
            self.client_id_edit.text()
        )
        typed_anything = bool(self.tenant_edit.text() or self.client_id_edit.text())
        self.problem_label.setText(problem if problem and typed_anything else "")
        self.allow_action(problem is None, "Correct the ID marked above." if typed_anything
                          else "Enter both IDs to sign in, or try the demo.")
        client_id = self.client_id_edit.text().strip()
        self.checklist.setPlainText(
            registration_checklist(client_id if client_id_problem(client_id) is None else None)
        )
        self._fit_checklist()
        self.copied_label.clear()

    def _fit_checklist(self) -> None:
        """As wide as its widest line, so that nothing is hidden sideways. Measured, not
        counted in characters: the fixed-width font asked for may be a proportional
        one on a computer that lacks it; and in fractions of a pixel, rounded up."""
        metrics = QFontMetricsF(self.checklist.font())
        widest = max((metrics.horizontalAdvance(line)
                      for line in self.checklist.toPlainText().splitlines()), default=0.0)
        margins = self.checklist.contentsMargins()
        self.checklist.setMinimumWidth(math.ceil(
            widest + 2 * self.checklist.document().documentMargin()
            + margins.left() + margins.right()
            + self.checklist.verticalScrollBar().sizeHint().width() + 4))

    def has_input(self) -> bool:
        return (self.tenant_edit.text().strip(), self.client_id_edit.text().strip()) != \
            tuple(value.strip() for value in self._initial)

    def on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.checklist.toPlainText())
        self.copied_label.setText("Copied")

    def on_demo_clicked(self) -> None:
        """The demo instead: what was typed here is not wanted, so no question."""
        self.demo_requested.emit()
        self.done(QDialog.DialogCode.Rejected)
