"""``deputy --demo --emulator URL``: the demo on an emulator that runs already (a
training class's shared tenant), where others have sent things before Deputy starts.
Deputy is started as a person starts it, and the person picks whose eyes to use."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.graph.emulator import EmulatorServer
from app.models.messages import Column
from app.views.demo_picker import DemoPickerDialog
from tests.graph_client import ALEX, CHRISTIE, GraphTestClient
from tests.views.person import Person, idle, press, quit_from_the_menu, run_deputy, settled, shown
from tests.views.test_person_start import PICKER

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
STAGED = "Staged before Deputy started: the river-barge offsite"


def _christie_invites_alex(base_url: str) -> None:
    """Christie, in her own Outlook, sends Alex a meeting: Outlook routes the request to
    Adele, his delegate."""
    christie = GraphTestClient.signed_in(base_url, CHRISTIE, ["Calendars.ReadWrite"])
    try:
        created = christie.post("/me/events", json={
            "subject": STAGED,
            "start": {"dateTime": "2026-12-10T10:00:00", "timeZone": "UTC"},
            "end": {"dateTime": "2026-12-10T11:00:00", "timeZone": "UTC"},
            "attendees": [{"emailAddress": {"address": ALEX}, "type": "required"}],
        })
        assert created.status_code == 201, created.text
    finally:
        christie.close()


def _subjects(view) -> list[str]:
    return [view.proxy.index(row, Column.SUBJECT).data() for row in range(view.proxy.rowCount())]


def test_adele_sees_a_meeting_request_sent_before_deputy_started(emulator):
    _christie_invites_alex(emulator.base_url)
    seen: dict[str, object] = {}

    def person() -> Person:
        picker = yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_End)  # the administrator, last...
        press(Qt.Key.Key_Home)  # ...and back to the first: Adele
        seen["chosen"] = picker.chosen().username
        press(Qt.Key.Key_Return)
        window = yield settled("Adele Vance")
        press(Qt.Key.Key_4, CTRL_SHIFT)  # Meeting messages
        view = window.messages_view
        yield lambda: window.current_view == "messages"
        yield idle(window)
        seen["subjects"] = _subjects(view)
        quit_from_the_menu()

    assert run_deputy(["--demo", "--emulator", emulator.base_url], person()) == 0
    assert seen["chosen"] == "AdeleV@contoso.com"
    assert STAGED in seen["subjects"]  # only the running emulator has it


def test_the_picker_lists_the_people_of_the_emulators_tenant():
    seen: dict[str, object] = {}

    def person() -> Person:
        picker = yield shown(DemoPickerDialog, PICKER)
        seen["people"] = [picker.people_list.item(row).text().split("\n")[0]
                          for row in range(picker.people_list.count())]
        seen["intro"] = picker.intro_label.text()
        press(Qt.Key.Key_Escape)  # leaves the demo

    with EmulatorServer("scale:3") as class_tenant:
        assert run_deputy(["--demo", "--emulator", class_tenant.base_url], person()) == 0
        assert class_tenant.stats.requests == 0  # the picker asked, nothing of Graph yet
    assert len(seen["people"]) == 4  # its three mailboxes and the administrator
    assert seen["people"][-1].startswith("Administrator (app-only)")
    assert not [name for name in seen["people"] if "Adele" in name]  # not the built-in seed
    assert "generated organization of 3 mailboxes" in str(seen["intro"])
