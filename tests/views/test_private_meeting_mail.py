"""A private meeting's mail, seen by Alex's two assistants.

Patti invites Alex to a private meeting. On the service the request goes to Alex alone
(quirk ``private-meeting-mail-not-forwarded``); where it reaches his delegates anyway,
Adele, who may not see Alex's private events, sees that a private meeting came and
when, and nothing of its subject, place or description: not on screen, not in a
tooltip, not in her journal, log or settings. Megan, who may see them, sees it whole.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

from app.graph.private_messages import PRIVATE_SUBJECT
from app.models.messages import Column
from app.views.demo_picker import DemoPickerDialog
from tests.graph_client import ADELE, ALEX, MEGAN, PATTI
from tests.private_meeting import SECRETS, SUBJECT, alex_answers, send_private_meeting
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot, wait_until_settled
from tests.views.everything_shown import everything_shown
from tests.views.person import Person, idle, press, quit_from_the_menu, run_deputy, settled, shown
from tests.views.test_meeting_messages import _open_messages
from tests.views.test_person_start import PICKER

QUIRK = "private-meeting-mail-not-forwarded"


def _subjects(view) -> list[str]:
    return [view.proxy.index(r, Column.SUBJECT).data() for r in range(view.proxy.rowCount())]


def _open(qtbot, view, subject: str) -> None:
    """Click the message with this subject in the list, as a person picks it."""
    index = view.proxy.index(_subjects(view).index(subject), Column.SUBJECT)
    view.table.scrollTo(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(index).center())
    qtbot.waitUntil(lambda: view.title.text() == subject, timeout=LOAD_TIMEOUT_MS)


def _text_room(box: QComboBox) -> int:
    """The width a combo box has for its text, beside its arrow and frame."""
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    return box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                      QStyle.SubControl.SC_ComboBoxEditField, box).width()


def _on_disk() -> str:
    """Everything Deputy wrote in its home, read as text whatever the file."""
    home = Path(os.environ["DEPUTY_HOME"])
    return "\n".join(p.read_bytes().decode("utf-8", "replace")
                     for p in home.rglob("*") if p.is_file())


def _alexs_side(window, shown: str) -> str:
    """What is shown, less Patti's own calendar. Adele is Patti's delegate with private
    access: Needs attention rightly follows up Patti's meeting (Alex hasn't answered)
    under its subject, as Outlook would show it to her in Patti's calendar. What Adele
    must never see is the meeting through Alex, whose private events are closed to her."""
    for row in window.workspace.attention.rows:
        if row.for_address == PATTI.casefold():
            shown = shown.replace(row.subject, "")
    return shown


def _assert_nothing_private(window) -> None:
    shown, stored = _alexs_side(window, everything_shown()), _on_disk()
    for secret in SECRETS:
        assert secret not in shown, f"{secret!r} is on screen"
        assert secret not in stored, f"{secret!r} is on disk"


def test_on_the_service_the_request_reaches_alex_and_not_his_assistants(
        qtbot, open_deputy, graph, emulator):
    emulator.set_quirks(emulator.quirks.plus(QUIRK))
    send_private_meeting(graph)

    window = open_deputy(ADELE)
    view = _open_messages(qtbot, window)
    assert PRIVATE_SUBJECT not in _subjects(view) and SUBJECT not in _subjects(view)
    _assert_nothing_private(window)
    window.close()

    alex = open_deputy(ALEX)
    view = _open_messages(qtbot, alex)
    _open(qtbot, view, SUBJECT)  # his own request, whole, and his to answer
    assert all(b.isEnabled() for b in view.response_buttons.buttons.values())


def test_adele_sees_a_private_meeting_came_and_when_and_nothing_else(
        qtbot, open_deputy, graph, emulator, tmp_path):
    emulator.set_quirks(emulator.quirks.without(QUIRK))  # the request reaches her
    send_private_meeting(graph)

    window = open_deputy(ADELE)
    view = _open_messages(qtbot, window)
    view.select_for("Alex Wilber")
    # The box shows the whole name it holds, not "Alex Wilbe".
    assert _text_room(view.for_box) >= view.for_box.fontMetrics().horizontalAdvance(
        "Alex Wilber")
    _open(qtbot, view, PRIVATE_SUBJECT)
    facts = view.facts.text().splitlines()
    assert facts[0] == "Request · from Patti Fernandez · for Alex Wilber"
    # 16:00 Pacific, in Adele's zone (Central): 18:00.
    assert "18:00" in facts[1] or "6:00" in facts[1]
    assert facts[2].startswith("A private meeting: its subject, place and description are "
                               "hidden because Alex Wilber has not given you access")
    assert view.body.toPlainText() == "Hidden: a private meeting."
    assert not any(b.isEnabled() for b in view.response_buttons.buttons.values())
    assert "Only Alex Wilber, or a delegate who may see" in view.response_buttons.reason.text()
    wait_until_settled(qtbot, window)
    _assert_nothing_private(window)
    save_screenshot(window, "private-request.png", tmp_path)


def test_megan_who_may_see_private_events_sees_it_whole(qtbot, open_deputy, graph, emulator):
    emulator.set_quirks(emulator.quirks.without(QUIRK))
    send_private_meeting(graph)
    window = open_deputy(MEGAN)
    view = _open_messages(qtbot, window)
    _open(qtbot, view, SUBJECT)
    assert "Patti's office, 30th floor" in view.facts.text()
    assert "Candidates we discuss in confidence" in view.body.toPlainText()


def test_a_private_request_whose_meeting_is_gone_stays_hidden(
        qtbot, open_deputy, graph, emulator):
    """With no meeting to ask, the sensitivity the message carries keeps it hidden."""
    emulator.set_quirks(emulator.quirks.without(QUIRK))
    send_private_meeting(graph)
    alex_answers(graph, "decline", send_response=False)

    window = open_deputy(ADELE)
    view = _open_messages(qtbot, window)
    _open(qtbot, view, PRIVATE_SUBJECT)
    assert view.body.toPlainText() == "Hidden: a private meeting."
    wait_until_settled(qtbot, window)
    _assert_nothing_private(window)


def test_started_as_a_person_starts_it_adele_reads_private_for_a_staged_private_request(
        graph, emulator):
    """Patti's private invitation is staged in a running emulator where it reaches Alex's
    delegates; Adele starts ``deputy --demo --emulator URL``, picks herself, and opens
    her meeting messages with the keyboard."""
    emulator.set_quirks(emulator.quirks.without(QUIRK))
    send_private_meeting(graph)
    seen: dict[str, object] = {}

    def person() -> Person:
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Return)  # Adele, whom the story starts with
        window = yield settled("Adele Vance")
        press(Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier
              | Qt.KeyboardModifier.ShiftModifier)  # Meeting messages
        view = window.messages_view
        yield lambda: window.current_view == "messages" and window
        yield idle(window)
        row = _subjects(view).index(PRIVATE_SUBJECT)
        view.table.setFocus()
        view.table.setCurrentIndex(view.proxy.index(row, Column.SUBJECT))
        yield lambda: view.title.text() == PRIVATE_SUBJECT
        seen["body"] = view.body.toPlainText()
        seen["shown"] = _alexs_side(window, everything_shown())
        quit_from_the_menu()

    assert run_deputy(["--demo", "--emulator", emulator.base_url], person()) == 0
    assert seen["body"] == "Hidden: a private meeting."
    assert not any(secret in str(seen["shown"]) for secret in SECRETS)
