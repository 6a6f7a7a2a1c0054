"""What a screen reader finds in every window and dialog of Deputy, opened as a person
opens them (a shortcut, a menu, a button): every control named, every field labelled
(a buddy label with a mnemonic, not a placeholder), every table with header names,
every label read as what it shows, headings read as headings, no two controls on the
same Alt+letter; and results and problems announced, not only painted.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QMessageBox, QToolButton, QWidget

from app.graph.roles import role_label
from app.views.add_person import AddPersonDialog
from app.views.compose import ComposeDialog
from app.views.demo_picker import DemoPickerDialog
from app.views.first_run import FirstRunDialog
from app.views.open_mailbox import OpenMailboxDialog
from app.views.respond import RespondDialog
from app.views.role_editor import ROLE_MNEMONICS, RoleDialog
from tests.graph.client.conftest import set_faults
from tests.graph_client import ADELE, ALEX
from tests.views.accessible_tree import Role, interface, problems, unlabelled_fields, walk
from tests.views.conftest import LOAD_TIMEOUT_MS, matrix_settled, wait_until_settled
from tests.views.mnemonics import clashes
from tests.views.screen_reader import listening
from tests.views.test_demo_picker import _people
from tests.views.test_dialog_keys import (
    in_front,
    open_pricing_approval,
    press,
    shortcut,
    type_in,
)
from tests.views.test_main_window import select_calendar, select_person

Key, Ctrl = Qt.Key, Qt.KeyboardModifier.ControlModifier
CtrlShift = Ctrl | Qt.KeyboardModifier.ShiftModifier
VIEW_KEYS = {"calendars": Key.Key_1, "sharing": Key.Key_2, "meetings": Key.Key_3,
             "messages": Key.Key_4}


def assert_readable(window: QWidget, *, exempt: tuple[QWidget, ...] = ()) -> None:
    """Nothing in ``window`` a screen-reader user could not use or reach."""
    assert [str(p) for p in problems(window)] == []
    assert unlabelled_fields(window, exempt=exempt) == []
    assert clashes(window) == {}  # each Alt+letter reaches one control


def typed_into(qtbot, field) -> None:
    """Some text in a search field, so its clear button shows (and is walked)."""
    field.setFocus()
    qtbot.keyClicks(field, "a")
    clear = [b for b in field.findChildren(QToolButton) if b.isVisible()]
    assert [b.accessibleName() for b in clear] == ["Clear search"]


@pytest.mark.parametrize("who", [ADELE, ALEX, None], ids=["Adele", "Alex", "administrator"])
def test_the_main_window_in_each_view_is_read_whole(qtbot, open_deputy, who):
    window = open_deputy(who)
    shortcut(qtbot, window, Key.Key_F)  # View, Find a mailbox
    typed_into(qtbot, window.sidebar.search)
    for view, key in VIEW_KEYS.items():
        shortcut(qtbot, window, key, CtrlShift)
        assert window.current_view == view
        wait_until_settled(qtbot, window)
        assert_readable(window, exempt=(window.sidebar.search,))  # Ctrl+F reaches it


def test_each_alt_letter_of_the_needs_attention_views_reaches_one_control(qtbot, open_deputy):
    """Ctrl+0, then Alt+Y for Side by side: its "Times in" field once shared Alt+I with
    the Meetings menu, and Alt+I reached whichever was made first."""
    window = open_deputy(ADELE)
    shortcut(qtbot, window, Key.Key_0)  # View, Needs attention
    assert window.current_view == "attention"
    wait_until_settled(qtbot, window)
    assert clashes(window) == {}
    shortcut(qtbot, window, Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # Side by side
    assert window.current_view == "side-by-side"
    wait_until_settled(qtbot, window)
    assert clashes(window) == {}


def test_the_heading_is_read_as_a_heading_by_what_it_says(qtbot, open_deputy):
    window = open_deputy(ADELE)
    heading = interface(window.heading)
    assert (heading.role(), heading.text(QAccessible.Text.Name)) == (Role.Heading,
                                                                      "Your calendars")
    select_person_in_sidebar(qtbot, window, "Alex Wilber")
    assert heading.text(QAccessible.Text.Name) == "Alex Wilber"
    headings = [node.text(QAccessible.Text.Name) for node, _path in walk(interface(window))
                if node.role() == Role.Heading]
    assert headings == ["Alex Wilber"]


def select_person_in_sidebar(qtbot, window, name: str) -> None:
    shortcut(qtbot, window, Key.Key_F)
    type_in(qtbot, name)
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: window.heading.text() == name)
    wait_until_settled(qtbot, window)


def open_review_synced(qtbot, window):
    """View, Permission review (Ctrl+Shift+R), then Review, Sync now (Ctrl+R)."""
    shortcut(qtbot, window, Key.Key_R, CtrlShift)
    review = window.review
    qtbot.waitUntil(review.isVisible)
    with qtbot.waitSignal(review.synced, timeout=LOAD_TIMEOUT_MS):
        shortcut(qtbot, review, Key.Key_R)
    qtbot.waitUntil(lambda: review.current is not None, timeout=LOAD_TIMEOUT_MS)
    return review


@pytest.mark.parametrize("who", [ALEX, None], ids=["Alex", "administrator"])
def test_the_review_in_each_tab_and_the_journal_are_read_whole(qtbot, open_deputy, who):
    review = open_review_synced(qtbot, open_deputy(who))
    for number in range(1, review.tabs.count() + 1):
        shortcut(qtbot, review, getattr(Key, f"Key_{number}"))
        assert review.tabs.currentIndex() == number - 1
        for field in (review.matrix_view.search, getattr(review.journal_view, "search", None)):
            if field is not None and field.isVisible() and not field.text():
                typed_into(qtbot, field)
        matrix_settled(qtbot, review.matrix_view)  # read once "Filtering…" is done
        assert_readable(review)


# ---------------------------------------------------------------------- dialogs

def test_share_and_change_access_are_read_whole(qtbot, open_deputy):
    window = open_deputy(ALEX)
    shortcut(qtbot, window, VIEW_KEYS["sharing"], CtrlShift)
    select_calendar(qtbot, window, "Kids parties")
    shortcut(qtbot, window, Key.Key_Insert, Qt.KeyboardModifier.NoModifier)
    dialog = in_front(qtbot, AddPersonDialog)
    type_in(qtbot, "LeeG@contoso.com")
    qtbot.waitUntil(lambda: bool(dialog.choice.offered), timeout=LOAD_TIMEOUT_MS)
    # The Until moment is reached by Alt+U on its check box, which hands it the keyboard.
    assert_readable(dialog, exempt=(dialog.until.edit,))
    press(qtbot, Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Can view when &busy
    qtbot.waitUntil(lambda: dialog.role == "freeBusyRead")
    dialog.discard()

    select_person(window, "Adele Vance")
    shortcut(qtbot, window, Key.Key_E)
    dialog = in_front(qtbot, RoleDialog)
    assert_readable(dialog, exempt=(dialog.until.edit,))
    press(qtbot, Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.until.edit.hasFocus())  # how Alt+U reaches it
    dialog.discard()

    window.activateWindow()
    window.sharing_view.remove_button.click()  # the question before removing
    box = in_front(qtbot, QMessageBox)
    assert_readable(box)
    box.reject()


def test_every_role_has_a_mnemonic_on_its_own_words():
    for role, text in ROLE_MNEMONICS.items():
        assert text.replace("&", "") == role_label(role) and text.count("&") == 1
    letters = [text[text.index("&") + 1].casefold() for text in ROLE_MNEMONICS.values()]
    assert len(set(letters)) == len(letters)
    assert not set(letters) & {"e", "s", "c"}  # &Email address, &Share, &Change access


def test_open_mailbox_and_the_discard_question_are_read_whole(qtbot, open_deputy):
    window = open_deputy(ADELE)
    shortcut(qtbot, window, Key.Key_O)
    dialog = in_front(qtbot, OpenMailboxDialog)
    type_in(qtbot, "christie")
    assert_readable(dialog)
    press(qtbot, Key.Key_Escape)
    box = in_front(qtbot, QMessageBox)  # Discard the address you typed?
    assert_readable(box)
    box.reject()
    dialog.discard()


def test_new_meeting_is_read_whole(qtbot, open_deputy):
    window = open_deputy(ADELE)
    shortcut(qtbot, window, Key.Key_N)
    dialog = in_front(qtbot, ComposeDialog)
    if dialog._lookups:
        with qtbot.waitSignal(dialog.settled, timeout=LOAD_TIMEOUT_MS):
            pass
    assert_readable(dialog)
    dialog.discard()


@pytest.mark.parametrize("action", ["accept", "tentativelyAccept", "decline"])
def test_answering_a_meeting_is_read_whole(qtbot, open_deputy, action):
    window = open_deputy(ADELE)
    dialog = open_pricing_approval(qtbot, window, action)
    assert isinstance(dialog, RespondDialog)
    assert_readable(dialog)
    dialog.discard()


# ---------------------------------------------------------------------- announcements

def test_sharing_is_announced_as_well_as_shown(qtbot, open_deputy):
    window = open_deputy(ALEX)
    shortcut(qtbot, window, VIEW_KEYS["sharing"], CtrlShift)
    select_calendar(qtbot, window, "Kids parties")
    with listening() as heard:
        shortcut(qtbot, window, Key.Key_Insert, Qt.KeyboardModifier.NoModifier)
        dialog = in_front(qtbot, AddPersonDialog)
        type_in(qtbot, "LeeG@contoso.com")
        qtbot.waitUntil(lambda: bool(dialog.choice.offered), timeout=LOAD_TIMEOUT_MS)
        press(qtbot, Key.Key_T, Qt.KeyboardModifier.AltModifier)  # Can view &titles…
        qtbot.waitUntil(lambda: dialog.role == "limitedRead")
        press(qtbot, Key.Key_Return)
        said = "Kids parties is now shared with LeeG@contoso.com."
        qtbot.waitUntil(lambda: said in [a.text for a in heard], timeout=LOAD_TIMEOUT_MS)
    assert window.statusBar().currentMessage() == said
    [announcement] = [a for a in heard if a.text == said]
    assert not announcement.urgent and announcement.source is window.status_message


def test_a_problem_is_announced_at_once(qtbot, open_deputy, emulator):
    window = open_deputy(ADELE)
    with listening() as heard:
        set_faults(emulator, fail_rate=1, fail_with=["reset"])
        shortcut(qtbot, window, Key.Key_F5, Qt.KeyboardModifier.NoModifier)  # View, Refresh
        qtbot.waitUntil(lambda: bool(window.message_bar.message), timeout=LOAD_TIMEOUT_MS)
    set_faults(emulator)
    urgent = [a for a in heard if a.urgent]
    assert [a.text for a in urgent] == [window.message_bar.message]
    assert urgent[0].source is window.message_bar


def test_a_finished_sync_is_announced(qtbot, open_deputy):
    window = open_deputy(ALEX)
    with listening() as heard:
        review = open_review_synced(qtbot, window)
    said = "Sync finished: 1 mailbox read."
    assert review.statusBar().currentMessage() == said
    assert said in [a.text for a in heard if not a.urgent]


# ---------------------------------------------------------------------- first windows

def test_first_run_is_read_whole(qtbot, own_dialogs):
    dialog = own_dialogs(FirstRunDialog())
    dialog.open()
    in_front(qtbot, FirstRunDialog)
    assert_readable(dialog)


@pytest.mark.parametrize("copies", [1, 8], ids=["Contoso", "a tenant with a search field"])
def test_the_demo_picker_is_read_whole(qtbot, emulator, own_dialogs, copies):
    dialog = own_dialogs(DemoPickerDialog(_people(qtbot, emulator) * copies))
    dialog.open()
    in_front(qtbot, DemoPickerDialog)
    assert dialog.filter_edit.isVisible() == (copies > 1)
    if copies > 1:
        typed_into(qtbot, dialog.filter_edit)
    assert_readable(dialog)
