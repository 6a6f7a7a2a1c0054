"""Every dialog by the keys a person presses: Enter does the dialog's action (never
Cancel), Esc closes an untouched dialog at once and asks before throwing typed input
away, and no text is cut off.

Dialogs are opened as a person opens them (a shortcut, a button), found as the window
in front (``QApplication.activeModalWidget``), and typed into where the keyboard focus
is, so a wrong tab order or a wrong default button fails here as it would for them.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

import shiboken6
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QPushButton, QWidget

from app.models.events import Column as EventColumn
from app.models.mailboxes import MailboxKind
from app.models.messages import Column as MessageColumn
from app.models.permissions import Column as PermissionColumn
from app.views.add_person import AddPersonDialog
from app.views.compose import ComposeDialog
from app.views.dialog_parts import DISCARD, KEEP_EDITING
from app.views.first_run import FirstRunDialog
from app.views.open_mailbox import OpenMailboxDialog
from app.views.respond import RespondDialog
from app.views.role_editor import RoleDialog
from tests.graph.client.conftest import set_faults
from tests.graph_client import ADELE, ALEX, CHRISTIE, PATTI
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot, wait_until_settled
from tests.views.test_main_window import select_calendar, select_person, server_permissions
from tests.views.test_meetings import answer_on_organizers_copy

Key, Ctrl = Qt.Key, Qt.KeyboardModifier.ControlModifier
CLIENT_ID = "5f3c7a8e-0d2b-4e6a-9c1f-0123456789ab"
PASTED_FROM_OUTLOOK = '"Wilber, Alex" <AlexW@contoso.com>; Megan Bowen <MeganB@contoso.com>'


# ---------------------------------------------------------------------- a person's hands

def in_front(qtbot, kind: type[QWidget]) -> QWidget:
    """The dialog in front of the person, once it is there, with the keyboard."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()  # a window manager does this; the offscreen platform doesn't
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def shortcut(qtbot, window: QWidget, key: Qt.Key, modifier=Ctrl) -> None:
    """A shortcut of ``window``, once it is the active window again (after a dialog
    closed, a window manager gives it back the keyboard; offscreen, the test does)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, key, modifier)


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key, delivered where a person's key goes: an open popup, else the focus."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_in(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def tab_to(qtbot, widget: QWidget, most: int = 20) -> None:
    """Tab until ``widget`` has the focus, as a person does; fails if it never comes."""
    for _ in range(most):
        if QApplication.focusWidget() is widget:
            return
        press(qtbot, Key.Key_Tab)
    assert QApplication.focusWidget() is widget, f"Tab never reached {widget.accessibleName()}"


@contextmanager
def closing(qtbot, dialog: QDialog, result=QDialog.DialogCode.Accepted):
    with qtbot.waitSignal(dialog.finished, timeout=LOAD_TIMEOUT_MS) as finished:
        yield
    assert finished.args == [result]


def discard_question(qtbot) -> QMessageBox:
    box = in_front(qtbot, QMessageBox)
    assert box.defaultButton().text() == KEEP_EDITING
    return box


def keep_editing(qtbot, dialog: QDialog) -> None:
    """Esc, then Enter on the question: its default is to keep editing."""
    press(qtbot, Key.Key_Escape)
    box = discard_question(qtbot)
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # the keyboard back
    assert dialog.isVisible() and not shiboken6.isValid(box)


def discard(qtbot, dialog: QDialog) -> None:
    """Esc, then the question's Discard button, by mouse."""
    press(qtbot, Key.Key_Escape)
    box = discard_question(qtbot)
    button = next(b for b in box.buttons() if b.text() == DISCARD)
    with closing(qtbot, dialog, QDialog.DialogCode.Rejected):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def escape_closes_at_once(qtbot, dialog: QDialog) -> None:
    with closing(qtbot, dialog, QDialog.DialogCode.Rejected):
        press(qtbot, Key.Key_Escape)
    assert QApplication.activeModalWidget() is None  # no question was asked


def assert_action_is_the_default(dialog: QDialog, action: QPushButton) -> None:
    defaults = [b.text() for b in dialog.findChildren(QPushButton)
                if b.window() is dialog and (b.isDefault() or b.autoDefault())]
    assert defaults == [action.text()]


def clipped_texts(dialog: QWidget) -> list[str]:
    """The texts shown cut off: a wrapped label lower than its lines, or any label
    narrower or lower than its text."""
    cut = []
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.text() and label.window() is dialog:
            needed = (label.heightForWidth(label.width()) if label.wordWrap()
                      else label.minimumSizeHint().height())
            if label.height() < needed or (not label.wordWrap()
                                           and label.width() < label.minimumSizeHint().width()):
                cut.append(label.text())
    return cut


def looks_whole(qtbot, dialog: QWidget, name: str, tmp_path) -> None:
    qtbot.waitUntil(lambda: not clipped_texts(dialog))
    save_screenshot(dialog, name, tmp_path)


# ---------------------------------------------------------------------- Share

def test_share_by_enter_after_choosing_a_role_by_keys(qtbot, open_deputy, graph, tmp_path):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    select_calendar(qtbot, window, "Kids parties")
    shortcut(qtbot, window, Key.Key_Insert, Qt.KeyboardModifier.NoModifier)  # Sharing, Add person…
    dialog = in_front(qtbot, AddPersonDialog)
    assert_action_is_the_default(dialog, dialog.share_button)
    assert QApplication.focusWidget() is dialog.address_edit
    assert dialog.reason.text() == "Type the address of the person to share with."

    press(qtbot, Key.Key_Return)  # nothing typed: nothing happens, nothing closes
    assert dialog.isVisible()
    type_in(qtbot, "LeeG@contoso.com")
    qtbot.waitUntil(lambda: bool(dialog.choice.offered), timeout=LOAD_TIMEOUT_MS)
    assert dialog.role == "read"  # the least access that is useful, chosen already
    assert dialog.reason.text() == ""
    looks_whole(qtbot, dialog, "dialog-share.png", tmp_path)  # every role's sentence whole

    press(qtbot, Key.Key_Tab)  # from the address to the chosen role
    assert QApplication.focusWidget().text().replace("&", "") == "Can view all details"
    press(qtbot, Key.Key_Up)  # the arrow chooses: Can view all details -> titles and locations
    assert dialog.role == "limitedRead"
    assert QApplication.focusWidget().isChecked()
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    tab_to(qtbot, cancel)
    assert dialog.share_button.isDefault() and not cancel.isDefault()
    with closing(qtbot, dialog):
        press(qtbot, Key.Key_Return)
    wait_until_settled(qtbot, window)

    assert server_permissions(graph, ALEX, "Kids parties")["LeeG@contoso.com"] == "limitedRead"
    view = window.sharing_view
    shown = {view.proxy.index(r, PermissionColumn.PERSON).data():
             view.proxy.index(r, PermissionColumn.ROLE).data()
             for r in range(view.proxy.rowCount())}
    assert shown["Lee Gu"] == "Can view titles and locations"


def test_share_asks_before_discarding_and_keeps_what_was_typed(qtbot, open_deputy, graph):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    select_calendar(qtbot, window, "Kids parties")
    before = server_permissions(graph, ALEX, "Kids parties")
    window.sharing_view.add_button.click()
    dialog = in_front(qtbot, AddPersonDialog)
    escape_closes_at_once(qtbot, dialog)

    window.sharing_view.add_button.click()
    dialog = in_front(qtbot, AddPersonDialog)
    type_in(qtbot, "LeeG@contoso.com")
    qtbot.waitUntil(lambda: bool(dialog.choice.offered), timeout=LOAD_TIMEOUT_MS)
    dialog.choice.choose("read")
    keep_editing(qtbot, dialog)
    assert (dialog.address, dialog.role) == ("LeeG@contoso.com", "read")
    discard(qtbot, dialog)
    wait_until_settled(qtbot, window)
    assert server_permissions(graph, ALEX, "Kids parties") == before


# ---------------------------------------------------------------------- Change access

def test_change_access_by_enter_and_not_before_a_change(qtbot, open_deputy, graph, tmp_path):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    select_calendar(qtbot, window, "Kids parties")
    select_person(window, "Adele Vance")
    shortcut(qtbot, window, Key.Key_E)  # Sharing, Change access…
    dialog = in_front(qtbot, RoleDialog)
    assert_action_is_the_default(dialog, dialog.save_button)
    assert dialog.reason.text() == "Choose another access to change it."
    press(qtbot, Key.Key_Return)  # nothing changed: nothing to do
    assert dialog.isVisible()
    escape_closes_at_once(qtbot, dialog)

    shortcut(qtbot, window, Key.Key_E)
    dialog = in_front(qtbot, RoleDialog)
    looks_whole(qtbot, dialog, "dialog-change-access.png", tmp_path)
    dialog.choice.choose("write")
    keep_editing(qtbot, dialog)
    assert dialog.choice.role == "write"
    with closing(qtbot, dialog):
        press(qtbot, Key.Key_Return)
    wait_until_settled(qtbot, window)
    assert server_permissions(graph, ALEX, "Kids parties")[ADELE] == "write"
    row = window.sharing_view.model.row_of(
        next(p.id for p in window.sharing_view.model.permissions
             if p.email_address.name == "Adele Vance"))
    assert window.sharing_view.model.index(row, PermissionColumn.ROLE).data() == "Can edit"


# ---------------------------------------------------------------------- Open another mailbox

def test_open_a_mailbox_by_enter_once_the_address_is_one(qtbot, open_deputy, tmp_path):
    window = open_deputy(ADELE)
    shortcut(qtbot, window, Key.Key_O)  # Mailbox, Open another mailbox…
    dialog = in_front(qtbot, OpenMailboxDialog)
    assert_action_is_the_default(dialog, dialog.open_button)
    escape_closes_at_once(qtbot, dialog)

    shortcut(qtbot, window, Key.Key_O)
    dialog = in_front(qtbot, OpenMailboxDialog)
    assert dialog.reason.text() == "Type an address to open."
    type_in(qtbot, "christie")
    press(qtbot, Key.Key_Return)
    assert dialog.isVisible()
    assert "not an email address" in dialog.problem.text()
    assert dialog.reason.text() == "Correct the address to open it."
    looks_whole(qtbot, dialog, "dialog-open-mailbox.png", tmp_path)  # the two-line problem too
    keep_editing(qtbot, dialog)
    assert dialog.address == "christie"
    type_in(qtbot, "c@contoso.com")
    with closing(qtbot, dialog):
        press(qtbot, Key.Key_Enter)  # the keypad's Enter too
    wait_until_settled(qtbot, window)
    pinned = [m.address.casefold() for m in window.workspace.directory.mailboxes.mailboxes
              if m.kind == MailboxKind.PINNED]
    assert pinned == ["christiec@contoso.com"]


# ---------------------------------------------------------------------- New meeting

def open_new_meeting(qtbot, window) -> ComposeDialog:
    shortcut(qtbot, window, Key.Key_N)  # Meetings, New meeting…
    dialog = in_front(qtbot, ComposeDialog)
    if dialog._lookups:
        with qtbot.waitSignal(dialog.settled, timeout=LOAD_TIMEOUT_MS):
            pass
    return dialog


def adele_events(graph, subject: str) -> list[dict]:
    return [e for e in graph(ADELE, "Calendars.Read").get_all("/me/events")
            if e["subject"] == subject]


def test_new_meeting_pasted_from_outlook_is_sent_by_enter(qtbot, open_deputy, graph,
                                                           tmp_path):
    window = open_deputy(ADELE)
    dialog = open_new_meeting(qtbot, window)
    assert_action_is_the_default(dialog, dialog.send_button)
    tab_to(qtbot, dialog.attendees)
    QApplication.clipboard().setText(PASTED_FROM_OUTLOOK)
    press(qtbot, Key.Key_V, Ctrl)
    assert dialog.attendees.text() == PASTED_FROM_OUTLOOK
    press(qtbot, Key.Key_Return)  # no subject yet: refused, and said where
    assert dialog.isVisible()
    assert dialog.subject_problem.text() == "Give the meeting a subject."
    assert QApplication.focusWidget() is dialog.subject
    type_in(qtbot, "Quarterly planning")
    tab_to(qtbot, dialog.location)  # through the times and the time zone
    type_in(qtbot, "Room 12")
    looks_whole(qtbot, dialog, "dialog-new-meeting.png", tmp_path)
    with closing(qtbot, dialog):
        press(qtbot, Key.Key_Return)
    wait_until_settled(qtbot, window)

    [event] = adele_events(graph, "Quarterly planning")
    assert [(a["emailAddress"]["name"], a["emailAddress"]["address"])
            for a in event["attendees"]] == [("Wilber, Alex", "AlexW@contoso.com"),
                                             ("Megan Bowen", "MeganB@contoso.com")]
    assert window.statusBar().currentMessage() == "“Quarterly planning” sent."


def test_tab_goes_through_a_new_meeting_field_by_field(qtbot, open_deputy):
    window = open_deputy(ADELE)
    dialog = open_new_meeting(qtbot, window)
    seen = []
    for _ in range(11):
        focused = QApplication.focusWidget()
        seen.append(focused.accessibleName() or focused.text())
        press(qtbot, Key.Key_Tab)
    assert seen == ["Attendees", "Subject", "Start", "End", "All &day", "Time zone",
                    "Location", "Message to the attendees", "Cancel", "&Send", "From"]
    dialog.discard()


def test_new_meeting_by_ctrl_enter_from_the_message(qtbot, open_deputy, graph):
    window = open_deputy(ADELE)
    dialog = open_new_meeting(qtbot, window)
    tab_to(qtbot, dialog.attendees)
    type_in(qtbot, "MeganB@contoso.com")
    QApplication.clipboard().setText("\nLeeG@contoso.com\nChristieC@contoso.com\n")
    press(qtbot, Key.Key_V, Ctrl)  # a column pasted from a spreadsheet
    assert dialog.attendees.text() == \
        "MeganB@contoso.com; LeeG@contoso.com; ChristieC@contoso.com"
    tab_to(qtbot, dialog.subject)
    type_in(qtbot, "Lunch")
    tab_to(qtbot, dialog.body)
    type_in(qtbot, "First line")
    press(qtbot, Key.Key_Return)  # in the message, Enter is a new line
    type_in(qtbot, "Second line")
    assert dialog.isVisible()
    with closing(qtbot, dialog):
        press(qtbot, Key.Key_Return, Ctrl)
    wait_until_settled(qtbot, window)
    [event] = adele_events(graph, "Lunch")
    assert len(event["attendees"]) == 3
    assert "First line" in event["body"]["content"] and "Second line" in event["body"]["content"]


def test_the_completer_adds_a_person_after_a_quoted_name(qtbot, open_deputy):
    window = open_deputy(ADELE)
    dialog = open_new_meeting(qtbot, window)
    tab_to(qtbot, dialog.attendees)
    type_in(qtbot, '"Wilber, Alex" <AlexW@contoso.com>, meg')
    popup = dialog.attendees.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Return)  # picks the suggestion; doesn't send
    assert dialog.isVisible()
    assert dialog.attendees.text() == \
        '"Wilber, Alex" <AlexW@contoso.com>, Megan Bowen <MeganB@contoso.com>; '
    dialog.discard()


def test_esc_on_a_new_meeting_asks_and_keeps_every_field(qtbot, open_deputy, graph):
    window = open_deputy(ADELE)
    dialog = open_new_meeting(qtbot, window)
    escape_closes_at_once(qtbot, dialog)

    dialog = open_new_meeting(qtbot, window)
    day = date.today() + timedelta(days=9)
    typed = {dialog.attendees: "MeganB@contoso.com", dialog.subject: "Budget review",
             dialog.location: "Room 4"}
    for field, text in typed.items():
        tab_to(qtbot, field)
        type_in(qtbot, text)
    dialog.start.setDateTime(QDateTime(day.year, day.month, day.day, 15, 0, 0))
    tab_to(qtbot, dialog.body)
    type_in(qtbot, "Bring the numbers")
    keep_editing(qtbot, dialog)
    assert {field.text() for field in typed} == set(typed.values())
    assert dialog.body.toPlainText() == "Bring the numbers"
    assert dialog.start.dateTime() == QDateTime(day.year, day.month, day.day, 15, 0, 0)
    assert QApplication.focusWidget() is dialog.body  # back where the person was

    # The window's close button asks too; this time the draft goes.
    dialog.close()
    box = discard_question(qtbot)
    assert box.text() == "Discard this invitation?"
    with closing(qtbot, dialog, QDialog.DialogCode.Rejected):
        qtbot.mouseClick(next(b for b in box.buttons() if b.text() == DISCARD),
                         Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)
    assert adele_events(graph, "Budget review") == []


def test_a_meeting_closed_while_sending_still_says_how_sending_went(qtbot, open_deputy,
                                                                     emulator):
    window = open_deputy(ADELE)
    dialog = open_new_meeting(qtbot, window)
    tab_to(qtbot, dialog.attendees)
    type_in(qtbot, "MeganB@contoso.com")
    tab_to(qtbot, dialog.subject)
    type_in(qtbot, "Offsite")
    set_faults(emulator, latency_ms=300, fail_next=6, fail_with=[503], retry_after=0)
    press(qtbot, Key.Key_Return)
    assert dialog.problem.text() == "Sending…"
    with closing(qtbot, dialog, QDialog.DialogCode.Rejected):
        press(qtbot, Key.Key_Escape)  # on its way: closing loses nothing, so no question
    qtbot.waitUntil(lambda: window.message_bar.message.startswith("“Offsite” was not sent:"),
                    timeout=LOAD_TIMEOUT_MS)


# ---------------------------------------------------------------------- Accept / Decline

def open_pricing_approval(qtbot, window, action: str) -> RespondDialog:
    window.show_view("messages")
    view = window.messages_view
    view.select_for("Patti Fernandez")
    subjects = [view.proxy.index(r, MessageColumn.SUBJECT).data()
                for r in range(view.proxy.rowCount())]
    view.table.setCurrentIndex(view.proxy.index(subjects.index("Pricing approval"), 0))
    qtbot.mouseClick(view.response_buttons.buttons[action], Qt.MouseButton.LeftButton)
    return in_front(qtbot, RespondDialog)


def test_accept_with_a_comment_by_enter(qtbot, open_deputy, graph, tmp_path):
    window = open_deputy(ADELE)
    dialog = open_pricing_approval(qtbot, window, "accept")
    assert_action_is_the_default(dialog, dialog.accept_button)
    escape_closes_at_once(qtbot, dialog)

    dialog = open_pricing_approval(qtbot, window, "accept")
    assert QApplication.focusWidget() is dialog.comment
    type_in(qtbot, "Patti joins from the airport.")
    press(qtbot, Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # a second line
    type_in(qtbot, "Back at 3.")
    keep_editing(qtbot, dialog)
    assert dialog.comment.toPlainText() == "Patti joins from the airport.\nBack at 3."
    looks_whole(qtbot, dialog, "dialog-accept.png", tmp_path)
    with closing(qtbot, dialog):
        press(qtbot, Key.Key_Return)
    wait_until_settled(qtbot, window)
    assert answer_on_organizers_copy(graph, CHRISTIE, "Pricing approval", PATTI) == "accepted"
    assert "accepted" in window.statusBar().currentMessage()


# ---------------------------------------------------------------------- First run

def test_first_run_saves_by_enter_and_asks_before_discarding_ids(qtbot, own_dialogs, tmp_path):
    dialog = own_dialogs(FirstRunDialog())
    dialog.open()
    in_front(qtbot, FirstRunDialog)
    assert_action_is_the_default(dialog, dialog.save_button)
    assert dialog.reason.text() == "Enter both IDs to sign in, or try the demo."
    press(qtbot, Key.Key_Return)
    assert dialog.isVisible()
    type_in(qtbot, "contoso.onmicrosoft.com")
    keep_editing(qtbot, dialog)
    assert dialog.tenant_edit.text() == "contoso.onmicrosoft.com"
    tab_to(qtbot, dialog.client_id_edit)
    type_in(qtbot, CLIENT_ID)
    # The checklist: the administrator's lines as written, each on one line, all visible.
    assert dialog.checklist.toPlainText().count("\n") + 1 == \
        dialog.checklist.document().lineCount()
    assert dialog.checklist.horizontalScrollBar().maximum() == 0
    looks_whole(qtbot, dialog, "dialog-first-run.png", tmp_path)
    tab_to(qtbot, dialog.copy_button)
    with closing(qtbot, dialog):
        press(qtbot, Key.Key_Return)
    assert dialog.config().client_id == CLIENT_ID  # read after closing, as the caller does


def test_first_run_untouched_closes_on_esc(qtbot, own_dialogs):
    dialog = own_dialogs(FirstRunDialog(tenant="contoso.onmicrosoft.com"))
    dialog.open()
    in_front(qtbot, FirstRunDialog)
    escape_closes_at_once(qtbot, dialog)


# ---------------------------------------------------------------------- all of them

def test_dialogs_are_deleted_once_closed(qtbot, open_deputy):
    window = open_deputy(ADELE)
    shortcut(qtbot, window, Key.Key_O)
    dialog = in_front(qtbot, OpenMailboxDialog)
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    dialog = open_new_meeting(qtbot, window)
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    assert not window.findChildren(QDialog)


def test_meetings_view_lists_the_meeting_sent_by_enter(qtbot, open_deputy):
    """What the person sees after sending: the meeting in their Meetings list."""
    window = open_deputy(ADELE)
    dialog = open_new_meeting(qtbot, window)
    day = date.today() + timedelta(days=2)
    tab_to(qtbot, dialog.attendees)
    type_in(qtbot, "MeganB@contoso.com")
    tab_to(qtbot, dialog.subject)
    type_in(qtbot, "Coffee")
    dialog.start.setDateTime(QDateTime(day.year, day.month, day.day, 10, 0, 0))
    tab_to(qtbot, dialog.subject)
    with closing(qtbot, dialog):
        press(qtbot, Key.Key_Return)
    window.workspace.meetings.set_range(day, day)
    wait_until_settled(qtbot, window)
    view = window.meetings_view
    subjects = [view.proxy.index(r, EventColumn.SUBJECT).data()
                for r in range(view.proxy.rowCount())]
    assert "Coffee" in subjects
