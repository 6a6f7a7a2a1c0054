"""The first-run dialog: where to sign in, and what the administrator must register.

A new user of a real tenant cannot sign in until an administrator has registered
Deputy in Entra ID. This dialog asks for the two values that registration yields and
hands over the checklist to send to the administrator, ready to copy.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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


class FirstRunDialog(QDialog):
    """Asks for the tenant and client id; shows the registration checklist.

    Signals:
        demo_requested: the user chose to try the built-in demo instead.
    """

    demo_requested = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, tenant: str = "", client_id: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect Deputy to Microsoft 365")
        self.setMinimumWidth(640)

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

        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleName("What to fix")
        self.problem_label.setStyleSheet("color: palette(link);")

        self.checklist = QPlainTextEdit()
        self.checklist.setReadOnly(True)
        self.checklist.setAccessibleName("Checklist for your administrator")
        self.checklist.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.checklist.setMinimumHeight(260)
        self.copy_button = QPushButton("C&opy checklist")
        self.copied_label = QLabel()
        copy_row = QHBoxLayout()
        copy_row.addWidget(QLabel("<b>For your administrator</b>"))
        copy_row.addStretch(1)
        copy_row.addWidget(self.copied_label)
        copy_row.addWidget(self.copy_button)

        self.buttons = QDialogButtonBox()
        self.demo_button = self.buttons.addButton(
            "Try the &demo instead", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.save_button = self.buttons.addButton(
            "&Save and sign in", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addLayout(copy_row)
        layout.addWidget(self.checklist, 1)
        layout.addWidget(self.buttons)

        self.tenant_edit.textChanged.connect(self.on_input_changed)
        self.client_id_edit.textChanged.connect(self.on_input_changed)
        self.copy_button.clicked.connect(self.on_copy_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.demo_button.clicked.connect(self.on_demo_clicked)
        self.on_input_changed()

    def config(self) -> AuthConfig:
        return AuthConfig(
            client_id=self.client_id_edit.text().strip(), tenant=self.tenant_edit.text().strip()
        )

    def on_input_changed(self) -> None:
        problem = tenant_problem(self.tenant_edit.text()) or client_id_problem(
            self.client_id_edit.text()
        )
        typed_anything = bool(self.tenant_edit.text() or self.client_id_edit.text())
        self.problem_label.setText(problem if problem and typed_anything else "")
        self.save_button.setEnabled(problem is None)
        client_id = self.client_id_edit.text().strip()
        self.checklist.setPlainText(
            registration_checklist(client_id if client_id_problem(client_id) is None else None)
        )
        self.copied_label.clear()

    def on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.checklist.toPlainText())
        self.copied_label.setText("Copied")

    def on_demo_clicked(self) -> None:
        self.demo_requested.emit()
        self.done(QDialog.DialogCode.Rejected)
