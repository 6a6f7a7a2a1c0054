"""The first-run dialog validates the two IDs and hands over the checklist."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.views.first_run import FirstRunDialog
from tests.views.test_dialog_keys import press, tab_to, type_in

CLIENT_ID = "5f3c7a8e-0d2b-4e6a-9c1f-0123456789ab"


def test_save_is_enabled_only_for_valid_ids(qtbot, own_dialogs):
    dialog = own_dialogs(FirstRunDialog())
    assert not dialog.save_button.isEnabled()
    assert dialog.problem_label.text() == ""  # no nagging before any typing
    qtbot.keyClicks(dialog.tenant_edit, "contoso.onmicrosoft.com")
    qtbot.keyClicks(dialog.client_id_edit, "not-a-guid")
    assert not dialog.save_button.isEnabled()
    assert "32 hex digits" in dialog.problem_label.text()
    dialog.client_id_edit.setText(CLIENT_ID)
    assert dialog.save_button.isEnabled()
    assert dialog.config().authority.endswith("/contoso.onmicrosoft.com")
    assert dialog.config().client_id == CLIENT_ID


def test_checklist_names_the_client_id_and_copies(qtbot, own_dialogs):
    dialog = own_dialogs(FirstRunDialog(tenant="contoso.onmicrosoft.com", client_id=CLIENT_ID))
    text = dialog.checklist.toPlainText()
    assert f"ms-appx-web://microsoft.aad.brokerplugin/{CLIENT_ID}" in text
    assert "http://localhost" in text
    assert "Calendars.ReadWrite" in text
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text
    assert dialog.copied_label.text() == "Copied"


def test_demo_choice_is_signalled(qtbot, own_dialogs):
    dialog = own_dialogs(FirstRunDialog())
    with qtbot.waitSignal(dialog.demo_requested, timeout=1000):
        dialog.demo_button.click()


def test_renders_for_a_screenshot(qtbot, tmp_path, own_dialogs):
    dialog = own_dialogs(FirstRunDialog(tenant="contoso.onmicrosoft.com", client_id=CLIENT_ID))
    dialog.resize(760, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    shot = tmp_path / "first-run.png"
    if os.environ.get("DEPUTY_SCREENSHOTS"):
        shot = Path(os.environ["DEPUTY_SCREENSHOTS"]) / "first-run.png"
    assert dialog.grab().save(str(shot))
    assert shot.stat().st_size > 10_000



def test_organizations_is_refused_with_a_sentence_as_a_person_types_it(qtbot, own_dialogs):
    """Deputy's registration is single-tenant (the checklist says so): Microsoft refuses
    'organizations' for it (AADSTS50194), so the dialog does before anyone signs in."""
    dialog = own_dialogs(FirstRunDialog())
    dialog.show()
    dialog.activateWindow()  # a window manager does this; the offscreen platform doesn't
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.tenant_edit
    type_in(qtbot, "organizations")
    tab_to(qtbot, dialog.client_id_edit)
    type_in(qtbot, CLIENT_ID)

    assert not dialog.save_button.isEnabled()
    assert dialog.problem_label.text() == (
        "Deputy's app registration is for your organization only, and Microsoft refuses "
        "'organizations' for such an app (AADSTS50194). Enter your tenant's domain, such as "
        "contoso.onmicrosoft.com, or its Directory (tenant) ID.")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter does not save what Microsoft would refuse

    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is dialog.tenant_edit
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_in(qtbot, "contoso.onmicrosoft.com")
    assert dialog.problem_label.text() == ""
    assert dialog.save_button.isEnabled()
    assert dialog.config().authority == "https://login.microsoftonline.com/contoso.onmicrosoft.com"
    if os.environ.get("DEPUTY_SCREENSHOTS"):
        dialog.grab().save(str(Path(os.environ["DEPUTY_SCREENSHOTS"]) / "first-run-refused.png"))
