"""Setting up the administrators' app in the GUI: checked with (a fake) Entra ID first,
kept only when it works, secrets in the keyring only; then a sync of every mailbox
from the review window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app import settings
from app.graph.auth.admin import client_secret_entry, passphrase_entry
from app.graph.auth.scopes import ADMIN_APPLICATION_PERMISSIONS
from app.review.snapshot_store import SnapshotStore
from app.signin.accounts import DemoAccounts
from app.tasks import TaskRunner
from app.views.admin_setup import AdminSetupDialog
from app.views.review_window import ReviewWindow
from tests.graph.auth.helpers import ADMIN_CLIENT_ID
from tests.graph.auth.test_admin import PASSPHRASE, SECRET, self_signed
from tests.graph_client import ADELE
from tests.test_sync import configure
from tests.views.accessible_tree import problems, unlabelled_fields
from tests.views.conftest import LOAD_TIMEOUT_MS
from tests.views.test_dialog_keys import in_front, keep_editing, press, tab_to, type_in


@pytest.fixture(scope="module")
def certificate():
    return self_signed("Deputy admin")


@pytest.fixture
def setup_dialog(qtbot, emulator, entra, certificate, memory_keyring, own_dialogs):
    """``open_dialog()`` -> the dialog over settings as the first run leaves them."""
    entra.register(ADMIN_CLIENT_ID, public_client_flows=False, certificate=certificate.cert,
                   secret=SECRET, app_roles=list(ADMIN_APPLICATION_PERMISSIONS))
    configure(emulator, entra)
    runner = TaskRunner()

    def open_dialog() -> AdminSetupDialog:
        dialog = own_dialogs(AdminSetupDialog(settings.open_store(), runner,
                                              http_client=entra))
        dialog.show()
        return dialog

    yield open_dialog
    runner.shutdown()


def check(qtbot, dialog: AdminSetupDialog) -> bool:
    assert dialog.save_button.isEnabled(), dialog.status_label.text()
    with qtbot.waitSignal(dialog.checked, timeout=LOAD_TIMEOUT_MS) as checked:
        dialog.save_button.click()
    return checked.args[0]


@pytest.fixture
def adeles_review(qtbot, emulator, entra, memory_keyring, tmp_path):
    """``adeles_review()`` -> (the review window of Adele, signed in to the demo, which
    can set up and use the administrators' app; its snapshot store)."""
    accounts = DemoAccounts(emulator.base_url)
    adele = accounts.open(next(p for p in accounts.candidates() if p.username == ADELE))
    runner = TaskRunner()
    store = SnapshotStore(tmp_path / "snapshots.db")

    def open_() -> tuple[ReviewWindow, SnapshotStore]:
        window = ReviewWindow(store, runner, session=adele,
                              admin_settings=settings.open_store(), sign_in_http_client=entra)
        qtbot.addWidget(window)
        return window, store

    yield open_
    runner.shutdown()
    adele.close()
    store.close()


def test_a_wrong_secret_saves_nothing_and_keeps_what_was_typed(setup_dialog, qtbot,
                                                               memory_keyring):
    dialog = setup_dialog()
    dialog.client_id_edit.setText(ADMIN_CLIENT_ID)
    dialog.secret_choice.setChecked(True)
    dialog.secret_edit.setText("expired-secret")

    assert not check(qtbot, dialog)

    assert dialog.isVisible()
    assert "AADSTS7000215" in dialog.status_label.text()
    assert dialog.status_label.text().endswith("Nothing was saved.")
    assert dialog.secret_edit.text() == "expired-secret"
    assert memory_keyring.passwords == {}
    assert settings.ADMIN_CLIENT_ID.read(settings.open_store()) == ""

    dialog.secret_edit.setText(SECRET)
    assert check(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert memory_keyring.passwords == {("Deputy", client_secret_entry(ADMIN_CLIENT_ID)): SECRET}
    store = settings.open_store()
    assert settings.ADMIN_CLIENT_ID.read(store) == ADMIN_CLIENT_ID
    assert settings.ADMIN_CERTIFICATE.read(store) == ""
    assert SECRET not in Path(store.fileName()).read_text(encoding="utf-8")


def test_an_encrypted_certificate_key_keeps_its_passphrase_in_the_keyring(
        setup_dialog, qtbot, certificate, tmp_path, memory_keyring):
    pem = tmp_path / "deputy-admin.pem"
    pem.write_text(certificate.key_pem(PASSPHRASE) + certificate.cert_pem(), encoding="ascii")
    dialog = setup_dialog()
    dialog.client_id_edit.setText(ADMIN_CLIENT_ID)
    assert dialog.certificate_choice.isChecked()  # the recommended one comes first
    assert not dialog.save_button.isEnabled()
    assert dialog.reason.text() == "Choose the certificate file."
    dialog.pem_edit.setText(str(pem))
    dialog.passphrase_edit.setText("not the passphrase")

    assert not check(qtbot, dialog)
    assert "passphrase is wrong" in dialog.status_label.text()
    assert memory_keyring.passwords == {}

    dialog.passphrase_edit.setText(PASSPHRASE)
    assert check(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    store = settings.open_store()
    assert settings.ADMIN_CERTIFICATE.read(store) == str(pem)
    assert settings.ADMIN_KEY_ENCRYPTED.read(store)
    assert memory_keyring.passwords == {
        ("Deputy", passphrase_entry(ADMIN_CLIENT_ID)): PASSPHRASE}

    # Opened again: what is set up shows, and the stored passphrase need not be retyped.
    again = setup_dialog()
    assert (again.client_id_edit.text(), again.pem_edit.text()) == (ADMIN_CLIENT_ID, str(pem))
    assert check(qtbot, again)
    assert again.result() == QDialog.DialogCode.Accepted


def test_the_review_syncs_every_mailbox_as_the_admin_app_once_it_is_set_up(
        setup_dialog, adeles_review, emulator, entra, qtbot):
    setup_dialog()  # registers the admin app with the fake Entra ID
    window, store = adeles_review()
    assert not window.sync.admin_sync_action.isEnabled()
    assert "Set up the administrators' app first" in window.sync.admin_sync_action.statusTip()

    dialog = window.sync.set_up_admin_app()
    dialog.client_id_edit.setText(ADMIN_CLIENT_ID)
    dialog.secret_choice.setChecked(True)
    dialog.secret_edit.setText(SECRET)
    assert check(qtbot, dialog)
    assert window.sync.admin_sync_action.isEnabled()

    with qtbot.waitSignal(window.synced, timeout=LOAD_TIMEOUT_MS) as synced, \
            qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.sync.admin_sync_action.trigger()
    snapshot = store.snapshot(synced.args[0])
    assert window.current.snapshot.id == snapshot.id
    assert (snapshot.identity, snapshot.scope) == (
        f"{entra.tenant_id} admin (app-only)", "all mailboxes")
    # Every member (guests are left out: no mailbox here to read).
    assert snapshot.mailboxes_stored == len(
        [p for p in emulator.tenant.users() if p.user_type == "Member"])
    assert "client_credentials" in entra.grant_types()


def test_the_admin_app_is_set_up_by_keys_from_the_review_menu(
        setup_dialog, adeles_review, qtbot):
    setup_dialog().done(QDialog.DialogCode.Rejected)  # registers the admin app with Entra ID
    window, _store = adeles_review()
    window.sync.admin_setup_action.trigger()  # Review, Set up the administrators' app…
    dialog = in_front(qtbot, AdminSetupDialog)
    assert dialog.reason.text() == "Enter the app's ID and its credential."
    press(qtbot, Qt.Key.Key_Return)  # nothing typed: nothing happens
    assert dialog.isVisible()
    type_in(qtbot, ADMIN_CLIENT_ID)
    tab_to(qtbot, dialog.certificate_choice)
    press(qtbot, Qt.Key.Key_Down)  # Certificate -> Client secret
    assert dialog.secret_choice.isChecked()
    assert dialog.reason.text() == "Enter the client secret."
    tab_to(qtbot, dialog.secret_edit)
    type_in(qtbot, SECRET)
    keep_editing(qtbot, dialog)
    assert (dialog.client_id_edit.text(), dialog.secret_edit.text()) == (ADMIN_CLIENT_ID,
                                                                         SECRET)
    with qtbot.waitSignal(dialog.checked, timeout=LOAD_TIMEOUT_MS) as checked, \
            qtbot.waitSignal(dialog.accepted, timeout=LOAD_TIMEOUT_MS):
        press(qtbot, Qt.Key.Key_Return)
    assert checked.args == [True]
    assert window.sync.admin_sync_action.isEnabled()


def test_the_admin_setup_is_read_whole_by_a_screen_reader(setup_dialog, adeles_review, qtbot):
    """Opened from the review's menu; each credential's fields once chosen."""
    window, _store = adeles_review()
    window.show()
    window.sync.admin_setup_action.trigger()  # Review, Set up the administrators' app…
    dialog = in_front(qtbot, AdminSetupDialog)
    assert [str(p) for p in problems(dialog)] == []
    assert unlabelled_fields(dialog) == []
    tab_to(qtbot, dialog.certificate_choice)
    press(qtbot, Qt.Key.Key_Down)  # Certificate -> Client secret
    assert dialog.secret_choice.isChecked()
    assert [str(p) for p in problems(dialog)] == []
    assert unlabelled_fields(dialog) == []
    dialog.discard()
