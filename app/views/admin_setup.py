"""Setting up the administrators' app registration: its ID and its credential.

An admin who reviews every mailbox signs in as an application (GUIDE §1): a second
app registration with application permissions and a certificate or a client secret.
This dialog takes its ID and credential, checks them with Microsoft Entra ID by
asking for a token, and only then keeps them: the ID and the certificate's place in
the settings, the secret or the key's passphrase in the system keyring. A mistyped
secret never replaces one that worked.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app import settings
from app.graph.auth.admin import (
    AdminSignIn,
    CertificateCredential,
    ClientSecretCredential,
    Credential,
    client_secret_entry,
    passphrase_entry,
)
from app.graph.auth.config import client_id_problem
from app.graph.auth.secret_store import SecretStoreUnavailable, UnsavedSecrets
from app.problems import told
from app.signin.tenant_config import NotSetUp, admin_config, save_admin
from app.tasks import Outcome, Task, TaskRunner
from app.views.dialog_parts import ActionDialog, explanation
from app.views.focus_ring import one_tab_stop
from app.views.plain_text import plain_label

log = logging.getLogger(__name__)


def _secret_field(accessible_name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible_name)
    return edit


class AdminSetupDialog(ActionDialog):
    """The admin app's client ID and credential, checked before they are kept.

    ``http_client``: MSAL's, for tests against a fake Microsoft Entra ID.

    Signals:
        checked(bool): a check ended; True when it worked and everything was kept.
    """

    checked = Signal(bool)
    discard_question = "Discard the administrators' app details you typed?"

    def __init__(self, store: QSettings, runner: TaskRunner, *, http_client: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up the administrators' app")
        self.setMinimumWidth(560)
        self.store = store
        self.runner = runner
        self.http_client = http_client
        self._check: Task | None = None

        intro = explanation(
            "To review every mailbox, Deputy signs in as your organization's "
            "administrators' app: a second app registration with application permissions "
            f"in {settings.TENANT.read(store) or 'your tenant'}. Enter its ID and its "
            "certificate or client secret. Deputy checks them with Microsoft Entra ID "
            "before keeping them; secrets go to this computer's keyring, never to a file.")
        self.client_id_edit = QLineEdit(settings.ADMIN_CLIENT_ID.read(store))
        self.client_id_edit.setPlaceholderText("00000000-0000-0000-0000-000000000000")
        self.client_id_edit.setAccessibleName("Application (client) ID")

        self.certificate_choice = QRadioButton("&Certificate (recommended)")
        self.secret_choice = QRadioButton("C&lient secret")
        choices = QButtonGroup(self)
        choices.addButton(self.certificate_choice)
        choices.addButton(self.secret_choice)
        pem = settings.ADMIN_CERTIFICATE.read(store)
        (self.certificate_choice if pem or not self.client_id_edit.text()
         else self.secret_choice).setChecked(True)
        one_tab_stop(choices)
        choices.buttonToggled.connect(lambda *_: one_tab_stop(choices))

        self.pem_edit = QLineEdit(pem)
        self.pem_edit.setPlaceholderText("A PEM file with the private key and the certificate")
        self.pem_edit.setAccessibleName("Certificate file")
        self.browse_button = QPushButton("&Browse…")
        pem_row = QHBoxLayout()
        pem_row.addWidget(self.pem_edit, 1)
        pem_row.addWidget(self.browse_button)
        self.thumbprint_edit = QLineEdit(settings.ADMIN_CERTIFICATE_THUMBPRINT.read(store))
        self.thumbprint_edit.setPlaceholderText("Only if the file holds the key alone")
        self.thumbprint_edit.setAccessibleName("Certificate thumbprint")
        self.passphrase_edit = _secret_field("Passphrase of the private key")
        self.passphrase_edit.setPlaceholderText(
            "Leave empty to keep the one stored" if settings.ADMIN_KEY_ENCRYPTED.read(store)
            else "Only if the key is encrypted")
        self.secret_edit = _secret_field("Client secret")
        self.secret_edit.setPlaceholderText(
            "Leave empty to keep the one stored" if not pem and self.client_id_edit.text()
            else "The secret's Value, as the Entra admin center showed it once")

        pem_label = QLabel("Certificate &file:")
        pem_label.setBuddy(self.pem_edit)  # a row holding a layout gets no buddy by itself
        form = QFormLayout()
        form.addRow("Application (client) &ID:", self.client_id_edit)
        form.addRow("Credential:", self.certificate_choice)
        form.addRow(pem_label, pem_row)
        form.addRow("&Thumbprint:", self.thumbprint_edit)
        form.addRow("&Passphrase:", self.passphrase_edit)
        form.addRow("", self.secret_choice)
        form.addRow("Sec&ret:", self.secret_edit)

        self.status_label = plain_label()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleDescription("Outcome of the check")
        buttons = self.action_row("Check and &save", on_action=self.check_and_save)
        assert self.action_button is not None  # action_row made it
        self.save_button = self.action_button

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addLayout(buttons)

        for edit in (self.client_id_edit, self.pem_edit, self.secret_edit):
            edit.textChanged.connect(self.on_input_changed)
        self.certificate_choice.toggled.connect(self.on_input_changed)
        self.browse_button.clicked.connect(self.on_browse_clicked)
        self._initial = self._typed()
        self.on_input_changed()

    # ------------------------------------------------------------------ input

    @property
    def client_id(self) -> str:
        return self.client_id_edit.text().strip()

    def _typed(self) -> tuple[object, ...]:
        return (self.client_id_edit.text(), self.certificate_choice.isChecked(),
                self.pem_edit.text(), self.thumbprint_edit.text(),
                self.passphrase_edit.text(), self.secret_edit.text())

    def has_input(self) -> bool:
        return self._typed() != self._initial

    def credential(self) -> Credential:
        if self.secret_choice.isChecked():
            return ClientSecretCredential()
        return CertificateCredential(Path(self.pem_edit.text().strip()).expanduser(),
                                     self.thumbprint_edit.text().strip() or None,
                                     bool(self.passphrase_edit.text())
                                     or self._passphrase_stored())

    def _passphrase_stored(self) -> bool:
        return (self.client_id == settings.ADMIN_CLIENT_ID.read(self.store)
                and settings.ADMIN_KEY_ENCRYPTED.read(self.store))

    def problem(self) -> str | None:
        """What keeps the check from starting, in words; None when it can start."""
        if client_id_problem(self.client_id):
            return client_id_problem(self.client_id)
        if self.certificate_choice.isChecked() and not self.pem_edit.text().strip():
            return "Choose the certificate file."
        if (self.secret_choice.isChecked() and not self.secret_edit.text()
                and self.client_id != settings.ADMIN_CLIENT_ID.read(self.store)):
            return "Enter the client secret."
        return None

    def on_input_changed(self) -> None:
        certificate = self.certificate_choice.isChecked()
        for widget in (self.pem_edit, self.browse_button, self.thumbprint_edit,
                       self.passphrase_edit):
            widget.setEnabled(certificate)
        self.secret_edit.setEnabled(not certificate)
        problem = self.problem()
        typed = bool(self.client_id_edit.text())
        self.status_label.clear()  # a failed check's words, until the next change
        if self._check is not None:
            self.allow_action(False, "Checking…")
        else:
            self.allow_action(problem is None, problem if typed and problem
                              else "Enter the app's ID and its credential.")

    def on_browse_clicked(self) -> None:
        dialog = QFileDialog(self, "The administrators' app certificate",
                             self.pem_edit.text() or str(Path.home()),
                             "PEM files (*.pem *.crt *.key);;All files (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.pem_edit.setText)
        dialog.open()

    # ------------------------------------------------------------------ check

    def check_and_save(self) -> None:
        """Ask Entra ID for a token with what was typed; keep it only if one comes."""
        if self.problem() is not None or self._check is not None:
            return
        try:
            config = admin_config(self.store, self.client_id)
        except NotSetUp as exc:
            self.status_label.setText(str(exc))
            return
        typed = {}
        if self.secret_choice.isChecked() and self.secret_edit.text():
            typed[client_secret_entry(self.client_id)] = self.secret_edit.text()
        if self.certificate_choice.isChecked() and self.passphrase_edit.text():
            typed[passphrase_entry(self.client_id)] = self.passphrase_edit.text()
        secrets = UnsavedSecrets(typed)
        credential = self.credential()
        sign_in = AdminSignIn(config, credential, secrets=secrets,
                              http_client=self.http_client)
        self.status_label.setText("Checking with Microsoft Entra ID…")
        self.save_button.setEnabled(False)

        def done(outcome: Outcome) -> None:
            self._check = None
            self.on_input_changed()
            if not outcome.ok:
                self.status_label.setText(self._failure_words(outcome.error))
                self.checked.emit(False)
                return
            try:
                secrets.keep()
            except SecretStoreUnavailable as exc:
                log.warning("Admin app set-up: the keyring refused: %s", exc)
                self.status_label.setText(
                    "The credential works, but this computer's keyring would not keep the "
                    "secret, so nothing was saved. Unlock or set up the keyring, then try "
                    "again.")
                self.checked.emit(False)
                return
            save_admin(self.store, self.client_id, credential)
            self.checked.emit(True)
            self.accept()

        self._check = self.runner.run("Checking the administrators' app",
                                      lambda _task: sign_in.app_token(), done, owner=self)

    @staticmethod
    def _failure_words(error: BaseException | None) -> str:
        return f"{told(error, 'check the credential')} Nothing was saved."
