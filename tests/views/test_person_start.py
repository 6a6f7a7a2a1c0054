"""``deputy --demo`` (and ``deputy`` on a first run) from its first window to Quit, with
keys and clicks, as a newcomer does: nothing here calls Deputy's methods to get on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from app.views.compose import ComposeDialog
from app.views.demo_picker import DemoPickerDialog
from app.views.first_run import FirstRunDialog
from tests.views.person import (
    Person,
    back_to,
    picture,
    press,
    quit_from_the_menu,
    run_deputy,
    settled,
    shown,
    type_text,
    visible_windows,
)
from tests.views.test_accessible_names import assert_readable

PICKER = "sign in as"


def row_of(picker: DemoPickerDialog, name: str):
    return next(picker.people_list.item(row) for row in range(picker.people_list.count())
                if picker.people_list.item(row).text().startswith(name))


def test_enter_in_the_picker_opens_adele_and_the_window_stays_until_quit():
    seen: dict[str, object] = {}

    def person() -> Person:
        picker = yield shown(DemoPickerDialog, PICKER)
        # The story starts with Adele, and Sign in (not Cancel) is what Enter presses.
        seen["preselected"] = picker.chosen().display_name
        seen["intro"] = picker.intro_label.text()
        seen["default"] = picker.sign_in_button.isDefault()
        picture(picker, "demo-picker.png")
        press(Qt.Key.Key_Return)
        window = yield settled("Adele Vance")
        picture(window, "main-window.png")
        seen["windows"] = [w.windowTitle() for w in visible_windows()]
        press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        compose = yield shown(ComposeDialog, "New meeting")
        press(Qt.Key.Key_Escape)  # nothing typed: just closes
        yield back_to(window, compose)
        quit_from_the_menu()

    assert run_deputy(["--demo"], person()) == 0
    assert seen["preselected"] == "Adele Vance"
    assert "Adele Vance is an assistant" in str(seen["intro"])
    assert seen["default"] is True
    # Her window, its title with how many things need her (Needs attention, first).
    assert len(seen["windows"]) == 1
    assert str(seen["windows"][0]).startswith(
        "Deputy — Adele Vance (AdeleV@contoso.com) — demo tenant — ")
    assert str(seen["windows"][0]).endswith(" need attention")


def test_double_click_then_switch_account_and_sign_out_keep_deputy_running():
    seen: dict[str, object] = {}

    def person() -> Person:
        picker = yield shown(DemoPickerDialog, PICKER)
        alex = row_of(picker, "Alex Wilber")
        viewport = picker.people_list.viewport()
        center = picker.people_list.visualItemRect(alex).center()
        QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=center)
        QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=center)
        yield settled("Alex Wilber")
        # File > Switch account: the picker again, on Alex, who signed in last.
        press(Qt.Key.Key_W,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        picker = yield shown(DemoPickerDialog, PICKER)
        seen["after switching"] = picker.chosen().display_name
        press(Qt.Key.Key_Down)
        QTest.mouseClick(picker.sign_in_button, Qt.MouseButton.LeftButton)
        yield settled("Christie Cline")
        # File > Sign out, with the keyboard: Alt+F, then the item's mnemonic.
        press(Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
        yield QApplication.activePopupWidget
        press(Qt.Key.Key_O)
        picker = yield shown(DemoPickerDialog, PICKER)
        seen["after signing out"] = picker.chosen().display_name
        seen["windows"] = [w.windowTitle() for w in visible_windows()]
        press(Qt.Key.Key_Escape)  # leaves the demo

    assert run_deputy(["--demo"], person()) == 0
    assert seen["after switching"] == "Alex Wilber"
    assert seen["after signing out"] == "Adele Vance"  # signed out: nobody is remembered
    assert seen["windows"] == ["Deputy demo: sign in as"]


def test_cancel_in_the_picker_quits_without_a_window():
    def person() -> Person:
        picker = yield shown(DemoPickerDialog, PICKER)
        cancel = next(b for b in picker.findChildren(type(picker.sign_in_button))
                      if b.text() == "Cancel")
        assert not cancel.isDefault()
        QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)

    assert run_deputy(["--demo"], person()) == 0
    assert visible_windows() == []


def test_first_run_try_the_demo_instead_reaches_the_main_window():
    def person() -> Person:
        first_run = yield shown(FirstRunDialog)
        QTest.mouseClick(first_run.demo_button, Qt.MouseButton.LeftButton)
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Enter)  # the keypad's Enter
        yield settled("Adele Vance")
        quit_from_the_menu()

    assert run_deputy([], person()) == 0


def test_a_generated_tenant_introduces_itself_and_finds_a_person_by_typing():
    seen: dict[str, object] = {}

    def person() -> Person:
        picker = yield shown(DemoPickerDialog, PICKER)
        seen["intro"] = picker.intro_label.text()
        seen["preselected"] = picker.chosen().display_name
        seen["rows"] = picker.people_list.count()
        assert picker.filter_edit.hasFocus()
        type_text("nobody-here")
        press(Qt.Key.Key_Return)  # nobody to sign in as: Enter does nothing, and says why
        seen["no match"] = (picker.sign_in_button.isEnabled(), picker.reason.text(),
                            picker.isVisible())
        press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text("user00007")
        seen["found"] = picker.chosen().username
        press(Qt.Key.Key_Return)
        yield settled("user00007@contoso.com")
        quit_from_the_menu()

    assert run_deputy(["--demo", "--seed", "scale:40"], person()) == 0
    assert "generated organization of 40 mailboxes" in str(seen["intro"])
    assert "Adele" not in str(seen["intro"])
    assert seen["preselected"] == "Administrator (app-only)"
    assert seen["rows"] == 41
    assert seen["found"] == "user00007@contoso.com"
    assert seen["no match"] == (False, "Nobody's name or address has “nobody-here”.", True)


def test_the_picker_is_a_dialog_that_goes_when_answered():
    """The picker is deleted once answered: no hidden dialogs pile up on switching."""
    pickers: list[QDialog] = []

    def person() -> Person:
        picker = yield shown(DemoPickerDialog, PICKER)
        pickers.append(picker)
        press(Qt.Key.Key_Return)
        yield settled("Adele Vance")
        alive = [w for w in QApplication.topLevelWidgets() if isinstance(w, DemoPickerDialog)]
        assert alive == []
        quit_from_the_menu()

    assert run_deputy(["--demo"], person()) == 0


# ---------------------------------------------------------------------- read by a screen reader

def test_first_run_and_the_demo_picker_are_read_whole_as_deputy_shows_them():
    """``deputy`` with nothing set up: the first-run dialog, its "Try the demo", the
    picker, then Esc leaves (``test_accessible_names`` says what is checked; these run
    here, with the other runs of ``deputy``, after the tests of its windows)."""
    def person() -> Person:
        first_run = yield shown(FirstRunDialog)
        assert_readable(first_run)
        QTest.mouseClick(first_run.demo_button, Qt.MouseButton.LeftButton)
        picker = yield shown(DemoPickerDialog, "sign in as")
        assert_readable(picker)
        press(Qt.Key.Key_Escape)  # leaves the demo

    assert run_deputy([], person()) == 0


def test_a_generated_tenants_picker_is_read_whole():
    def person() -> Person:
        picker = yield shown(DemoPickerDialog, "sign in as")
        assert picker.filter_edit.isVisible()
        type_text("user0000")
        assert_readable(picker)
        press(Qt.Key.Key_Escape)  # leaves the demo

    assert run_deputy(["--demo", "--seed", "scale:40"], person()) == 0


def test_a_tenant_saved_as_organizations_brings_the_first_run_back_saying_why():
    """An earlier Deputy offered 'organizations'; Deputy's single-tenant registration
    can't sign in there (AADSTS50194), so the first run asks again, IDs filled in."""
    from app import settings

    store = settings.open_store()
    settings.TENANT.write(store, "organizations")
    settings.CLIENT_ID.write(store, "5f3c7a8e-0d2b-4e6a-9c1f-0123456789ab")
    store.sync()
    seen: dict[str, object] = {}

    def person() -> Person:
        first_run = yield shown(FirstRunDialog)
        seen["ids"] = (first_run.tenant_edit.text(), first_run.client_id_edit.text())
        seen["why"] = first_run.problem_label.text()
        seen["can save"] = first_run.save_button.isEnabled()
        QTest.mouseClick(first_run.demo_button, Qt.MouseButton.LeftButton)
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Escape)

    assert run_deputy([], person()) == 0
    assert seen["ids"] == ("organizations", "5f3c7a8e-0d2b-4e6a-9c1f-0123456789ab")
    assert str(seen["why"]).startswith("Deputy's app registration is for your organization "
                                       "only, and Microsoft refuses 'organizations'")
    assert seen["can save"] is False
