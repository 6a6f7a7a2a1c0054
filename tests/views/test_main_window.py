"""The main window against the emulator: mailboxes, calendars, sharing and delegates."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox

from app.graph.roles import VIEW_ROLES
from app.models.calendars import Column as CalendarColumn
from app.models.mailboxes import MailboxKind
from app.models.permissions import Column as PermissionColumn
from app.views.add_person import AddPersonDialog
from app.views.role_editor import RoleDialog
from tests.views.conftest import LOAD_TIMEOUT_MS, rendered, save_screenshot, wait_until_settled

ADELE, ALEX = "AdeleV@contoso.com", "AlexW@contoso.com"


def sidebar(window) -> dict[str, tuple[MailboxKind, str]]:
    return {m.display_name: (m.kind, m.access)
            for m in window.workspace.directory.mailboxes.mailboxes}


def select_mailbox(qtbot, window, name: str) -> None:
    row = next(i for i, m in enumerate(window.workspace.directory.mailboxes.mailboxes)
               if m.display_name == name)
    window.sidebar.select_row(window.sidebar.proxy.mapFromSource(
        window.workspace.directory.mailboxes.index(row)).row())
    wait_until_settled(qtbot, window)
    assert window.workspace.directory.current_mailbox.display_name == name


def select_calendar(qtbot, window, name: str) -> None:
    box = window.sharing_view.calendar_box
    row = box.findText(name)
    assert row >= 0, f"{name} not among {[box.itemText(i) for i in range(box.count())]}"
    box.setCurrentIndex(row)
    box.activated.emit(row)
    wait_until_settled(qtbot, window)
    assert window.workspace.directory.current_calendar.name == name


def select_person(window, name: str) -> None:
    view = window.sharing_view
    model = view.model
    row = next(i for i, p in enumerate(model.permissions) if p.email_address.name == name)
    view.table.setCurrentIndex(view.proxy.mapFromSource(model.index(row, 0)))


def alex_sharing(qtbot, open_deputy, calendar: str, person: str | None = None):
    """Alex's window on the sharing of ``calendar``, with ``person`` selected."""
    window = open_deputy(ALEX)
    window.show_view("sharing")
    select_calendar(qtbot, window, calendar)
    if person is not None:
        select_person(window, person)
    return window, window.sharing_view


def server_permissions(graph, owner: str, calendar_name: str) -> dict[str, str]:
    client = graph(owner, "Calendars.Read")
    calendars = client.get_all("/me/calendars")
    calendar = next(c for c in calendars if c["name"] == calendar_name)
    path = f"/me/calendars/{calendar['id']}/calendarPermissions"
    return {p["emailAddress"].get("address") or p["emailAddress"]["name"]: p["role"]
            for p in client.get_all(path)}


# ---------------------------------------------------------------------- as Adele

def test_adele_sees_whose_calendars_she_reaches(qtbot, open_deputy, tmp_path):
    window = open_deputy(ADELE)
    assert sidebar(window) == {
        "Me (Adele Vance)": (MailboxKind.ME, ""),
        "Alex Wilber": (MailboxKind.SHARED, "Delegate"),
        "Lee Gu": (MailboxKind.SHARED, "Can view"),
        "Patti Fernandez": (MailboxKind.SHARED, "Delegate + private"),
    }
    assert window.account_label.text() == "Signed in as Adele Vance (AdeleV@contoso.com)"
    # Every invitation in the seed was accepted long ago: nothing is waiting.
    assert not window.calendars_view.invitations.isVisibleTo(window)
    save_screenshot(window, "main-adele.png", tmp_path)


def test_alex_sharing_is_disabled_for_adele_with_the_reason(qtbot, open_deputy, tmp_path):
    window = open_deputy(ADELE)
    select_mailbox(qtbot, window, "Alex Wilber")
    window.show_view("sharing")
    view = window.sharing_view
    reason = "Only Alex Wilber or an administrator can change who can see this calendar."
    assert view.reason.text() == reason
    assert view.reason.isVisibleTo(window)
    assert not view.add_button.isEnabled()
    assert rendered(view.add_button.toolTip()) == reason
    assert not view.table.isEnabled()
    assert not view.delivery_buttons["sendToDelegateOnly"].isEnabled()
    assert "Only Alex Wilber or an administrator" in view.delivery_reason.text()
    assert window.message_bar.message == ""  # said before trying, not after failing
    save_screenshot(window, "sharing-disabled.png", tmp_path)


def test_adele_renames_her_copy_and_alex_keeps_the_old_name(qtbot, open_deputy, graph):
    window = open_deputy(ADELE)
    select_mailbox(qtbot, window, "Alex Wilber")
    view = window.calendars_view
    model = view.model
    row = next(i for i, c in enumerate(model.calendars) if c.name == "Kids parties")
    index = view.proxy.mapFromSource(model.index(row, CalendarColumn.NAME))
    view.table.setCurrentIndex(index)
    assert view.rename_button.isEnabled()
    assert "visible only to you" in view.hint.text()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = view.table.findChild(QLineEdit)
    assert editor is not None and editor.text() == "Kids parties"
    editor.selectAll()
    qtbot.keyClicks(editor, "Alex's kids")
    with qtbot.waitSignal(model.dataChanged):  # the delegate commits on the next loop turn
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert model.calendar_row(row).pending == "Alex's kids"
    assert model.index(row, CalendarColumn.NAME).data() == "Alex's kids (saving…)"
    wait_until_settled(qtbot, window)
    assert "Alex's kids" in [c.name for c in model.calendars]
    alex = graph(ALEX, "Calendars.Read")
    assert "Kids parties" in [c["name"] for c in alex.get_all("/me/calendars")]
    adele = graph(ADELE, "Calendars.Read")
    assert "Alex's kids" in [c["name"] for c in adele.get_all("/me/calendars")]


def test_my_own_calendar_cannot_be_renamed_as_a_copy(qtbot, open_deputy):
    window = open_deputy(ADELE)
    view = window.calendars_view
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    assert not view.rename_button.isEnabled()
    assert "rename your own calendars in Outlook" in view.rename_button.toolTip()
    assert not view.model.flags(view.model.index(0, CalendarColumn.NAME)) \
        & Qt.ItemFlag.ItemIsEditable


# ---------------------------------------------------------------------- as Alex

def test_role_editor_offers_exactly_the_allowed_roles(qtbot, open_deputy, graph, tmp_path):
    window, view = alex_sharing(qtbot, open_deputy, "Kids parties", "Adele Vance")
    permission = view.selected_permission()
    assert view.change_button.isEnabled()
    view.change_selected()
    dialog = view.dialog
    assert isinstance(dialog, RoleDialog)
    assert dialog.choice.offered == permission.allowed_roles
    assert dialog.choice.role == "read"
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    save_screenshot(dialog, "role-editor.png", tmp_path)
    dialog.choice.choose("write")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)
    assert server_permissions(graph, ALEX, "Kids parties")[ADELE] == "write"
    row = view.model.row_of(permission.id)
    assert view.model.index(row, PermissionColumn.ROLE).data() == "Can edit"
    # The table was read again, and Adele is still the chosen row, ready for another change.
    assert view.selected_permission().id == permission.id
    assert view.table.selectionModel().isRowSelected(view.table.currentIndex().row())
    assert view.change_button.isEnabled()


def test_sharing_with_an_outside_person_offers_view_roles_only(qtbot, open_deputy, graph,
                                                               tmp_path):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    select_calendar(qtbot, window, "Kids parties")
    view = window.sharing_view
    view.add_person()
    dialog = view.dialog
    assert isinstance(dialog, AddPersonDialog)
    qtbot.keyClicks(dialog.address_edit, "samanthab@adatum.com")
    assert "Outside your organization" in dialog.where.text()
    qtbot.waitUntil(lambda: bool(dialog.choice.offered), timeout=5000)
    assert set(dialog.choice.offered) <= VIEW_ROLES
    assert "write" not in dialog.choice.offered
    assert dialog.role == "read"  # an outsider's view role, chosen already
    assert dialog.share_button.isEnabled()
    dialog.choice.choose("limitedRead")
    save_screenshot(dialog, "add-person.png", tmp_path)
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)
    assert server_permissions(graph, ALEX, "Kids parties")["samanthab@adatum.com"] == "limitedRead"
    assert "Samantha Booth" in [p.email_address.name for p in view.model.permissions] or \
        "samanthab@adatum.com" in [p.email_address.address for p in view.model.permissions]


def test_a_bad_address_is_refused_before_any_request(qtbot, open_deputy):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    view = window.sharing_view
    view.add_person()
    dialog = view.dialog
    qtbot.keyClicks(dialog.address_edit, "samantha at adatum")
    assert "not an email address" in dialog.where.text()
    assert not dialog._check.isActive()
    assert not dialog.share_button.isEnabled()
    dialog.reject()


def test_my_organization_cannot_be_removed(qtbot, open_deputy):
    _window, view = alex_sharing(qtbot, open_deputy, "Calendar", "My Organization")
    assert not view.remove_button.isEnabled()
    assert "can't be removed" in view.remove_button.toolTip()
    view.remove_selected()
    assert view.dialog is None  # no confirmation, no request
    row = next(i for i, p in enumerate(view.model.permissions) if p.is_my_organization)
    assert view.model.index(row, PermissionColumn.REMOVABLE).data() == "No, always there"


def test_removing_a_person_asks_first_then_removes(qtbot, open_deputy, graph):
    window, view = alex_sharing(qtbot, open_deputy, "Kids parties", "Megan Bowen")
    view.remove_selected()
    box = view.dialog
    assert isinstance(box, QMessageBox)
    assert "Megan Bowen" in box.text()
    stop = next(b for b in box.buttons() if b.text() == "&Stop sharing")
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)
    assert "MeganB@contoso.com" not in server_permissions(graph, ALEX, "Kids parties")
    assert "Megan Bowen" not in [p.email_address.name for p in view.model.permissions]


def test_delivery_option_round_trips(qtbot, open_deputy, graph):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    view = window.sharing_view
    assert view.delivery_buttons["sendToDelegateOnly"].isChecked()
    view.delivery_buttons["sendToDelegateAndPrincipal"].click()
    wait_until_settled(qtbot, window)
    settings = graph(ALEX, "MailboxSettings.Read").get("/me/mailboxSettings").json()
    assert settings["delegateMeetingMessageDeliveryOptions"] == "sendToDelegateAndPrincipal"
    assert view.delivery_buttons["sendToDelegateAndPrincipal"].isChecked()
    assert window.workspace.sharing.delivery.option == "sendToDelegateAndPrincipal"


def test_a_failed_change_shows_why_and_the_server_state(qtbot, open_deputy, graph):
    window, view = alex_sharing(qtbot, open_deputy, "Kids parties", "Adele Vance")
    permission = view.selected_permission()
    # Meanwhile, in Outlook, Alex stops sharing with Adele.
    alex = graph(ALEX, "Calendars.ReadWrite")
    calendar = next(c for c in alex.get_all("/me/calendars") if c["name"] == "Kids parties")
    alex.delete(f"/me/calendars/{calendar['id']}/calendarPermissions/{permission.id}")
    view.change_selected()
    dialog = view.dialog
    assert isinstance(dialog, RoleDialog)
    dialog.choice.choose("write")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)
    assert "no longer exists" in window.message_bar.message
    assert "Adele Vance" not in [p.email_address.name for p in view.model.permissions]


# ---------------------------------------------------------------------- state and keys

def test_pinned_mailbox_and_selection_survive_a_restart(qtbot, open_deputy):
    window = open_deputy(ADELE)
    window.open_mailbox()
    dialog = window.dialog
    qtbot.keyClicks(dialog.address_edit, "ChristieC@contoso.com")
    assert dialog.open_button.isEnabled()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)
    pinned = [m for m in window.workspace.directory.mailboxes.mailboxes
              if m.kind == MailboxKind.PINNED]
    assert [m.address for m in pinned] == ["ChristieC@contoso.com"]
    assert pinned[0].access == "No access"
    # Christie has not shared her calendar with Adele: the window says so.
    assert "permission" in window.message_bar.message or "access" in window.message_bar.message
    select_mailbox(qtbot, window, "Patti Fernandez")
    window.show_view("sharing")
    window.close()

    again = open_deputy(ADELE)
    assert "ChristieC@contoso.com" in [
        m.address for m in again.workspace.directory.mailboxes.mailboxes]
    assert again.workspace.directory.current_mailbox.display_name == "Patti Fernandez"
    assert again.current_view == "sharing"


def test_switch_mailboxes_from_the_keyboard(qtbot, open_deputy):
    window = open_deputy(ADELE)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    wait_until_settled(qtbot, window)
    assert window.workspace.directory.current_mailbox.display_name == "Alex Wilber"
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    wait_until_settled(qtbot, window)
    assert window.workspace.directory.current_mailbox.display_name == "Lee Gu"
    assert window.heading.text() == "Lee Gu"
    assert "Can view" in window.subheading.text()


# ---------------------------------------------------------------------- as the administrator

def test_the_administrator_browses_and_searches_the_directory(qtbot, open_deputy, tmp_path):
    window = open_deputy(None)
    kinds = {m.kind for m in window.workspace.directory.mailboxes.mailboxes}
    assert kinds == {MailboxKind.DIRECTORY}
    assert window.account_label.text() == "Signed in as Administrator (app-only)"
    qtbot.keyClicks(window.sidebar.search, "patti")
    assert window.sidebar.proxy.rowCount() == 1
    qtbot.keyClick(window.sidebar.search, Qt.Key.Key_Return)
    wait_until_settled(qtbot, window)
    assert window.workspace.directory.current_mailbox.address == "PattiF@contoso.com"
    window.show_view("sharing")
    view = window.sharing_view
    assert view.add_button.isEnabled()
    assert "Adele Vance" in [p.email_address.name for p in view.model.permissions]
    assert view.delivery_buttons["sendToDelegateAndPrincipal"].isChecked()
    assert view.delivery_buttons["sendToDelegateOnly"].isEnabled()
    save_screenshot(window, "admin-sharing.png", tmp_path)


def test_dialogs_close_without_changes(qtbot, open_deputy):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    select_person(window, "Adele Vance")
    window.sharing_view.change_selected()
    dialog = window.sharing_view.dialog
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not window.workspace.busy


# ---------------------------------------------------------------------- invitations, accounts, work

def test_a_new_sharing_invitation_can_be_accepted(qtbot, open_deputy, graph, emulator):
    """As the pages describe it; the service accepts only in Outlook
    (tests/views/test_invitations_in_outlook.py)."""
    emulator.set_quirks(emulator.quirks.without("sharing-accept-unsupported"))
    alex = graph(ALEX, "Calendars.ReadWrite")
    calendar = next(c for c in alex.get_all("/me/calendars") if c["name"] == "Kids parties")
    alex.post(f"/me/calendars/{calendar['id']}/calendarPermissions",
              {"emailAddress": {"address": "LeeG@contoso.com", "name": "Lee Gu"},
               "role": "read"}).raise_for_status()
    window = open_deputy("LeeG@contoso.com")
    view = window.calendars_view
    assert view.invitations.count() == 1
    assert view.invitations.item(0).text() == "“Kids parties”, shared by Alex Wilber"
    assert "Alex Wilber" not in sidebar(window)
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)
    assert sidebar(window)["Alex Wilber"] == (MailboxKind.SHARED, "Can view")
    assert view.invitations.count() == 0
    assert not view.invitations.isVisibleTo(window)


def test_switch_account_signs_in_as_someone_else(qtbot, open_deputy):
    window = open_deputy(ADELE)
    launcher = window.workspace.parent()
    window.switch_action.trigger()
    qtbot.waitUntil(lambda: getattr(launcher, "picker", None) is not None
                    and launcher.picker.isVisible(), timeout=10_000)
    assert launcher.picker.chosen().username == ADELE  # the last account is offered first
    launcher.picker.choose(ALEX)
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000) as shown:
        launcher.picker.accept()
    again = shown.args[0]
    wait_until_settled(qtbot, again)
    assert again.account_label.text() == "Signed in as Alex Wilber (AlexW@contoso.com)"
    assert "Me (Alex Wilber)" in sidebar(again)


def test_slow_loading_shows_progress_and_can_be_cancelled(qtbot, open_deputy, emulator):
    window = open_deputy(ADELE)
    emulator.faults = type(emulator.faults)(latency_ms=1500)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.workspace.busy
    qtbot.waitUntil(window.task_status.isVisible, timeout=5000)
    assert "Reading" in window.task_status.label.text()
    assert window.workspace.directory.calendars.stale  # the old rows stay, greyed
    qtbot.mouseClick(window.task_status.cancel_button, Qt.MouseButton.LeftButton)
    assert not window.workspace.busy
    assert not window.workspace.directory.calendars.stale
    assert window.status_message.text() == "Stopped loading. Press F5 to try again."
    assert sidebar(window)["Alex Wilber"] == (MailboxKind.SHARED, "Delegate")  # nothing lost


def test_my_calendars_are_read_once_at_start_for_the_sidebar_and_the_list(qtbot, open_deputy,
                                                                         emulator):
    """The sidebar's read takes my calendars (whose copies I hold); the list of mine is
    shown from them, not asked for again: a round trip less before the window shows them.
    """
    before = emulator.stats.by_path["GET /me/calendars"]
    window = open_deputy(ADELE)
    window.show_view("calendars")
    assert window.calendars_view.model.rowCount() >= 1
    assert window.workspace.directory.current_calendar is not None
    assert emulator.stats.by_path["GET /me/calendars"] - before == 1
    select_mailbox(qtbot, window, "Alex Wilber")  # later, a mailbox chosen reads them again
    qtbot.waitUntil(lambda: emulator.stats.by_path["GET /me/calendars"] - before == 2,
                    timeout=LOAD_TIMEOUT_MS)
