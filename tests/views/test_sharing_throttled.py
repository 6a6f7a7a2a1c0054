"""Share, when the service answers 429 after it has shared (quirk throttled-after-running).

Deputy resends a request answered 429; when the first one had been carried out, the
resend meets 409 ErrorItemAlreadyExists. For the same person and role, that is the
share done; for another role, it is a conflict Deputy says in words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.graph.emulator.quirks import Quirks
from app.messages import Place
from tests.graph.client.conftest import emulator_stats, set_faults
from tests.graph_client import ALEX
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot, wait_until_settled
from tests.views.test_main_window import select_calendar, server_permissions

CHRISTIE = "ChristieC@contoso.com"
LEE = "LeeG@contoso.com"


def share_from_the_dialog(qtbot, window, address: str, role: str,
                          before_share=lambda: None) -> None:
    """Alex, on Kids parties: Add a person, the address, the role, Share."""
    window.sharing_view.add_person()
    dialog = window.sharing_view.dialog
    qtbot.keyClicks(dialog.address_edit, address)
    qtbot.waitUntil(lambda: role in dialog.choice.offered, timeout=LOAD_TIMEOUT_MS)
    dialog.choice.choose(role)
    wait_until_settled(qtbot, window)
    before_share()
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)


def kids_parties_sharing(qtbot, open_deputy):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    select_calendar(qtbot, window, "Kids parties")
    return window


def test_a_share_answered_429_after_it_was_done_is_done(qtbot, open_deputy, graph, emulator):
    emulator.set_quirks(Quirks({"throttled-after-running"}))
    window = kids_parties_sharing(qtbot, open_deputy)
    conflicts = emulator_stats(emulator)["by_status"].get("409", 0)
    share_from_the_dialog(  # the Share's POST is done, then answered 429
        qtbot, window, CHRISTIE, "read",
        before_share=lambda: set_faults(emulator, fail_next=1, fail_with=[429], retry_after=0))
    assert emulator_stats(emulator)["by_status"].get("409", 0) == conflicts + 1
    assert window.message_bar.isHidden()
    assert window.workspace.messages.problems_for(Place.MAIN) == []
    assert window.statusBar().currentMessage() == (
        "Kids parties is now shared with ChristieC@contoso.com.")
    assert server_permissions(graph, ALEX, "Kids parties")[CHRISTIE] == "read"
    shown = [p.email_address.address for p in window.sharing_view.model.permissions]
    assert shown.count(CHRISTIE) == 1


def test_sharing_with_someone_who_got_another_role_meanwhile_says_so(
        qtbot, open_deputy, graph, tmp_path):
    window = kids_parties_sharing(qtbot, open_deputy)
    # Meanwhile, in Outlook, Alex gives Lee "titles and locations".
    alex = graph(ALEX, "Calendars.ReadWrite")
    calendar = next(c for c in alex.get_all("/me/calendars") if c["name"] == "Kids parties")
    alex.post(f"/me/calendars/{calendar['id']}/calendarPermissions",
              {"emailAddress": {"address": LEE}, "role": "limitedRead"}).raise_for_status()
    share_from_the_dialog(qtbot, window, LEE, "read")
    qtbot.waitUntil(lambda: window.message_bar.isVisible(), timeout=LOAD_TIMEOUT_MS)
    assert window.message_bar.message == (
        "Lee Gu already has access to this calendar (Can view titles and locations). To give "
        "them “Can view all details”, change their access instead of adding them again.")
    assert server_permissions(graph, ALEX, "Kids parties")[LEE] == "limitedRead"
    save_screenshot(window, "share-conflict.png", tmp_path)
