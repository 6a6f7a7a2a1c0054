"""A calendar shared with me, where the service accepts invitations only in Outlook.

Quirk ``sharing-accept-unsupported`` (microsoft-graph-docs-contrib#922): Graph answers
400 to ``calendarSharingMessage/accept``. Lee presses Add to my calendars; Deputy says,
in words, how to accept it in Outlook (no error), and shows the calendar as soon as
Outlook has added it.
"""

from __future__ import annotations

import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.graph.emulator.quirks import Quirks
from app.messages import Place
from app.models.mailboxes import MailboxKind
from tests.graph.client.conftest import emulator_stats
from tests.graph_client import ALEX
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot, wait_until_settled
from tests.views.test_main_window import sidebar

LEE = "LeeG@contoso.com"


def share_kids_parties_with_lee(graph) -> None:
    alex = graph(ALEX, "Calendars.ReadWrite")
    calendar = next(c for c in alex.get_all("/me/calendars") if c["name"] == "Kids parties")
    alex.post(f"/me/calendars/{calendar['id']}/calendarPermissions",
              {"emailAddress": {"address": LEE, "name": "Lee Gu"},
               "role": "read"}).raise_for_status()


def accept_in_outlook(emulator) -> None:
    """Lee, in Outlook, opens the invitation and chooses Accept."""
    answer = requests.post(f"{emulator.base_url}/_emulator/outlook/accept",
                           json={"user": LEE}, timeout=10)
    answer.raise_for_status()
    assert answer.json()["accepted"] == ["Kids parties"]


def accept_requests(emulator) -> int:
    return emulator_stats(emulator)["by_status"].get("400", 0)


def test_deputy_says_how_to_accept_in_outlook_and_shows_the_calendar_once_added(
        qtbot, open_deputy, graph, emulator, tmp_path):
    emulator.set_quirks(Quirks({"sharing-accept-unsupported"}))
    share_kids_parties_with_lee(graph)
    window = open_deputy(LEE)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # View > Calendars
    view = window.calendars_view
    assert view.invitations.item(0).text() == "“Kids parties”, shared by Alex Wilber"
    assert view.outlook_steps.isHidden()

    view.invitations.setFocus()
    qtbot.keyClick(view.invitations, Qt.Key.Key_Return)  # Enter adds, as the button does
    qtbot.waitUntil(lambda: view.outlook_steps.isVisible(), timeout=LOAD_TIMEOUT_MS)
    wait_until_settled(qtbot, window)
    steps = view.outlook_steps.text()
    assert steps.startswith("Microsoft 365 adds a calendar shared with you only from Outlook.")
    assert "open the invitation “Alex Wilber has shared 'Kids parties' with you”" in steps
    assert "choose Accept" in steps
    assert view.invitations.item(0).text() == (
        "“Kids parties”, shared by Alex Wilber: accept it in Outlook")
    assert window.statusBar().currentMessage() == (
        "To add Kids parties, accept its invitation in Outlook: Deputy shows it here once "
        "added.")
    assert window.message_bar.isHidden()  # not an error: a way to do it
    assert window.workspace.messages.problems_for(Place.MAIN) == []
    save_screenshot(window, "accept-in-outlook.png", tmp_path)

    # Asked again, Deputy doesn't ask Graph again: it knows where this is done.
    refused = accept_requests(emulator)
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)
    assert accept_requests(emulator) == refused
    assert view.outlook_steps.isVisible()

    accept_in_outlook(emulator)
    # Lee comes back to Deputy's window: the calendar is looked for at once.
    QApplication.instance().applicationStateChanged.emit(
        Qt.ApplicationState.ApplicationActive)
    qtbot.waitUntil(lambda: "Alex Wilber" in sidebar(window), timeout=LOAD_TIMEOUT_MS)
    wait_until_settled(qtbot, window)
    assert sidebar(window)["Alex Wilber"] == (MailboxKind.SHARED, "Can view")
    assert view.invitations.count() == 0
    assert not view.invitations.isVisibleTo(window)
    assert not view.outlook_steps.isVisibleTo(window)
    assert window.statusBar().currentMessage() == "Kids parties is now in your calendars."
    assert window.workspace.invitations.awaiting_outlook == {}


def test_deputy_keeps_looking_until_outlook_has_added_it(qtbot, open_deputy, graph,
                                                          emulator):
    """Without the person coming back to the window: Deputy looks every few seconds."""
    emulator.set_quirks(Quirks({"sharing-accept-unsupported"}))
    share_kids_parties_with_lee(graph)
    window = open_deputy(LEE)
    window.workspace.invitations.outlook_check.setInterval(50)  # the clock, not the behaviour
    window.calendars_view.accept_button.click()
    qtbot.waitUntil(lambda: bool(window.workspace.invitations.awaiting_outlook),
                    timeout=LOAD_TIMEOUT_MS)
    accept_in_outlook(emulator)
    qtbot.waitUntil(lambda: "Alex Wilber" in sidebar(window), timeout=LOAD_TIMEOUT_MS)
    wait_until_settled(qtbot, window)
    assert not window.workspace.invitations.outlook_check.isActive()  # nothing left to look for


def test_a_closed_window_stops_looking(qtbot, open_deputy, graph, emulator):
    """A closed window's session asks Graph (and the person) for nothing more."""
    emulator.set_quirks(Quirks({"sharing-accept-unsupported"}))
    share_kids_parties_with_lee(graph)
    window = open_deputy(LEE)
    window.calendars_view.accept_button.click()
    qtbot.waitUntil(lambda: window.workspace.invitations.outlook_check.isActive(),
                    timeout=LOAD_TIMEOUT_MS)
    wait_until_settled(qtbot, window)
    window.close()
    assert not window.workspace.invitations.outlook_check.isActive()
