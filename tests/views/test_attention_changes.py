"""Needs attention tells Adele which of her executives' meetings changed or were cancelled
since she last looked, until she says she has seen each, across restarts.

Against the demo's Contoso tenant: Lee cancelled the vendor demo he had invited Alex and
Patti to before Adele ever started Deputy; while she works, Patti moves her treasury
update an hour later.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from PySide6.QtCore import Qt

from app import paths
from app.attention.last_look import file_for
from app.attention.rows import Need
from app.models.attention import Column
from app.views.demo_picker import DemoPickerDialog
from app.views.main_window import MainWindow
from tests.graph_client import PATTI
from tests.views.person import Person, idle, press, quit_from_the_menu, run_deputy, settled, shown
from tests.views.test_person_start import PICKER

VENDOR_DEMO = "Cancelled: Vendor demo"
TREASURY = "Changed: Treasury update"


def changes(window: MainWindow) -> dict[tuple[str, str], str]:
    """(for, to do) -> what changed, of the rows about changes."""
    model = window.attention_view.model
    return {(row.for_name, model.index(r, Column.TO_DO).data()):
            model.index(r, Column.DETAILS).data()
            for r, row in enumerate(model.rows) if row.need in (Need.CHANGED, Need.CANCELLED)}


def select_row(window: MainWindow, for_name: str, to_do: str) -> None:
    """Down the list with the keyboard to the row."""
    view, model = window.attention_view, window.attention_view.model
    target = next(r for r in range(model.rowCount())
                  if (model.rows[r].for_name, model.index(r, Column.TO_DO).data())
                  == (for_name, to_do))
    view.table.setFocus()
    if view.table.currentIndex().row() > target:
        press(Qt.Key.Key_Home)
    for _step in range(target - max(view.table.currentIndex().row(), 0)):
        press(Qt.Key.Key_Down)
    assert view.table.currentIndex().row() == target


def move_an_hour_later(graph, user: str, subject: str) -> str:
    """As the organizer: the meeting an hour later; the time it had, as the row says it."""
    client = graph(user, "Calendars.ReadWrite")
    event = next(e for e in client.get_all("/me/events") if e["subject"] == subject)
    moved = {}
    for end in ("start", "end"):
        at = datetime.fromisoformat(event[end]["dateTime"][:19]) + timedelta(hours=1)
        moved[end] = {"dateTime": at.isoformat(), "timeZone": event[end]["timeZone"]}
    assert client.patch(f"/me/events/{event['id']}", json=moved).status_code == 200
    return event["id"]


def test_a_change_waits_until_seen_and_stays_seen_after_a_restart(graph, emulator):
    seen: dict[str, object] = {}

    def first_day() -> Person:
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Return)  # Adele
        window = yield settled("Adele Vance")
        yield lambda: len(changes(window)) == 2 and window
        seen["first"] = changes(window)
        # Alex's: seen; the row goes.
        select_row(window, "Alex Wilber", VENDOR_DEMO)
        seen["facts"] = window.attention_view.facts.text()
        press(Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Seen
        yield lambda: ("Alex Wilber", VENDOR_DEMO) not in changes(window) and window
        # Patti moves her treasury update; Adele refreshes.
        move_an_hour_later(graph, PATTI, "Treasury update")
        press(Qt.Key.Key_F5)
        yield lambda: ("Patti Fernandez", TREASURY) in changes(window) and window
        yield idle(window)
        seen["after refresh"] = changes(window)
        quit_from_the_menu()

    def next_day() -> Person:
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Return)
        window = yield settled("Adele Vance")
        yield lambda: window.workspace.attention.count and window
        yield idle(window)
        seen["next day"] = changes(window)
        select_row(window, "Patti Fernandez", TREASURY)
        seen["actions"] = [b.text() for b in (window.attention_view.seen_button,
                                              window.attention_view.meeting_button)
                           if b.isVisible()]
        press(Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
        yield lambda: ("Patti Fernandez", TREASURY) not in changes(window) and window
        yield idle(window)
        seen["at last"] = changes(window)
        quit_from_the_menu()

    assert run_deputy(["--demo", "--emulator", emulator.base_url], first_day()) == 0
    assert seen["first"] == {("Alex Wilber", VENDOR_DEMO): "Cancelled by the organizer",
                             ("Patti Fernandez", VENDOR_DEMO): "Cancelled by the organizer"}
    assert "Cancelled by the organizer." in str(seen["facts"])
    moved = seen["after refresh"]
    assert set(moved) == {("Patti Fernandez", VENDOR_DEMO), ("Patti Fernandez", TREASURY)}
    assert moved[("Patti Fernandez", TREASURY)].startswith("Moved, was ")

    assert run_deputy(["--demo", "--emulator", emulator.base_url], next_day()) == 0
    # What she saw stays seen; what she didn't waits for her.
    assert seen["next day"] == moved
    assert seen["actions"] == ["&Seen", "Open the &meeting"]
    assert seen["at last"] == {("Patti Fernandez", VENDOR_DEMO): "Cancelled by the organizer"}
    # Nobody's words in the file that remembers what she saw.
    [kept] = (paths.data_dir() / "attention").glob("last-look-*.json")
    text = kept.read_text(encoding="utf-8")
    assert "Vendor" not in text and "Treasury" not in text
    assert json.loads(text)["version"] == 1


def test_a_broken_memory_of_what_was_seen_is_set_aside(graph, emulator):
    folder = paths.data_dir() / "attention"
    folder.mkdir(parents=True)
    broken = file_for("adelev@contoso.com")
    broken.write_text("{not json", encoding="utf-8")
    seen: dict[str, object] = {}

    def person() -> Person:
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Return)
        window = yield settled("Adele Vance")
        yield lambda: len(changes(window)) == 2 and window
        seen["changes"] = changes(window)
        quit_from_the_menu()

    assert run_deputy(["--demo", "--emulator", emulator.base_url], person()) == 0
    assert len(seen["changes"]) == 2  # started again from the calendars as they are
    assert broken.with_name(f"{broken.name}.broken").read_text(encoding="utf-8") == "{not json"
    assert json.loads(broken.read_text(encoding="utf-8"))["version"] == 1
