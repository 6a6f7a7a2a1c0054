"""Needs attention: Adele starts the day there, sees every request waiting for an answer
for her and the executives she assists with what each clashes with, the meetings of
the next two weeks whose attendees haven't all answered, and answers one request
without leaving it.

Seen against the demo's Contoso tenant: Megan invites Alex to the hiring committee at
the time of Alex's private physiotherapy (Adele, his delegate without private access,
sees "Busy"); Alex invites Patti to the budget sign-off while Patti prepares the board.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.attention.part import FOLLOW_UP_DAYS
from app.models.attention import AttentionTableModel, Column
from app.views.demo_picker import DemoPickerDialog
from app.views.main_window import ATTENTION, MainWindow
from app.views.respond import RespondDialog
from tests.graph_client import ADELE, ALEX, MEGAN, PATTI
from tests.views.everything_shown import everything_shown
from tests.views.person import (
    Person,
    back_to,
    idle,
    press,
    quit_from_the_menu,
    run_deputy,
    settled,
    shown,
)
from tests.views.test_person_start import PICKER

HIRING = "Answer: Hiring committee"
# (for, to do, what it clashes with) of every row Adele has when she starts.
ADELES_DAY = sorted([
    ("Alex Wilber", "Answer: Architecture review", ()),
    ("Alex Wilber", "Answer: Deal review: Contoso Pharma", ()),
    ("Alex Wilber", HIRING, ("Busy",)),  # Alex's private physiotherapy
    ("Alex Wilber", "Answer: Regional sales kickoff", ()),
    ("Patti Fernandez", "Answer: Architecture review", ()),
    ("Patti Fernandez", "Answer: Board pre-read", ()),
    ("Patti Fernandez", "Answer: Budget sign-off", ("Board prep",)),
    ("Patti Fernandez", "Answer: Cloud spend review", ()),
    ("Patti Fernandez", "Answer: Pricing approval", ()),
    ("Patti Fernandez", "Answer: Regional sales kickoff", ()),
    ("You", "Answer: All-hands", ()),
])


# Lee cancelled the vendor demo he had invited Alex and Patti to.
ADELES_CHANGES = [
    ("Alex Wilber", "Cancelled: Vendor demo", "Cancelled by the organizer"),
    ("Patti Fernandez", "Cancelled: Vendor demo", "Cancelled by the organizer"),
]


def changes_shown(window: MainWindow) -> list[tuple[str, str, str]]:
    """The meetings changed or cancelled since Adele last looked: (for, to do, what)."""
    model = window.attention_view.model
    return sorted((row.for_name, model.index(r, Column.TO_DO).data(),
                   model.index(r, Column.DETAILS).data())
                  for r, row in enumerate(model.rows) if row.change)


def rows_shown(window: MainWindow) -> list[tuple[str, str, tuple[str, ...]]]:
    """The answers to give: (for, to do, what each clashes with)."""
    model = window.attention_view.model
    return sorted((model.index(r, Column.FOR).data(), model.index(r, Column.TO_DO).data(),
                   tuple(c.words for c in model.rows[r].conflicts))
                  for r in range(model.rowCount())
                  if model.index(r, Column.TO_DO).data().startswith("Answer: "))


def follow_ups_shown(window: MainWindow) -> list[tuple[str, str, tuple[str, ...]]]:
    """The meetings to follow up: (for, to do, the addresses of who hasn't answered)."""
    model = window.attention_view.model
    return sorted((row.for_name, model.index(r, Column.TO_DO).data(),
                   tuple(sorted(a.casefold() for _n, a in row.unanswered)))
                  for r, row in enumerate(model.rows) if row.unanswered)


def follow_ups_on_the_service(graph) -> list[tuple[str, str, tuple[str, ...]]]:
    """What each organizer's own calendar says: their meetings of the next two weeks,
    still ahead, with attendees (not rooms) who haven't answered."""
    start = datetime.now(UTC)
    window = {"startDateTime": start.strftime("%Y-%m-%dT%H:%M:%S"),
              "endDateTime": (start + timedelta(days=FOLLOW_UP_DAYS)).strftime(
                  "%Y-%m-%dT%H:%M:%S")}
    found = []
    for user, name in ((ADELE, "You"), (ALEX, "Alex Wilber"), (PATTI, "Patti Fernandez")):
        for event in graph(user, "Calendars.Read").get_all("/me/calendarView", params=window):
            waiting = tuple(sorted(
                a["emailAddress"]["address"].casefold() for a in event["attendees"]
                if a["type"] != "resource"
                and a["status"]["response"] in ("none", "notResponded")))
            ends = datetime.fromisoformat(event["end"]["dateTime"][:19]).replace(tzinfo=UTC)
            if event["isOrganizer"] and not event["isCancelled"] and waiting and ends > start:
                found.append((name, f"Follow up: {event['subject']}", waiting))
    return sorted(found)


def row_of(window: MainWindow, for_name: str, to_do: str) -> int:
    model = window.attention_view.model
    return next(r for r in range(model.rowCount())
                if (model.index(r, Column.FOR).data(), model.index(r, Column.TO_DO).data())
                == (for_name, to_do))


def test_adele_starts_in_needs_attention_and_answers_for_alex_from_there(graph, emulator):
    seen: dict[str, object] = {}

    def person() -> Person:
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Return)  # Adele, whom the story starts with
        window = yield settled("Adele Vance")
        yield lambda: window.workspace.attention.count and window
        yield idle(window)
        seen["view"] = window.current_view
        seen["rows"] = rows_shown(window)
        seen["follow-ups"] = follow_ups_shown(window)
        seen["changes"] = changes_shown(window)
        seen["title"] = window.windowTitle()
        seen["button"] = window.attention_button.text()
        seen["shown"] = everything_shown()
        view = window.attention_view
        seen["first opened"] = view.title.text()
        # The hiring committee's row, with the keyboard: the list has it, Down to it.
        view.table.setFocus()
        target = row_of(window, "Alex Wilber", HIRING)
        for _step in range(target - view.table.currentIndex().row()):
            press(Qt.Key.Key_Down)
        assert view.table.currentIndex().row() == target
        seen["facts"] = view.facts.text()
        press(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Accept…
        dialog = yield shown(RespondDialog)
        press(Qt.Key.Key_Return)  # Send
        yield back_to(window, dialog)
        yield lambda: ("Alex Wilber", HIRING) not in [
            (f, t) for f, t, _c in rows_shown(window)] and window
        yield idle(window)
        seen["after"] = rows_shown(window)
        seen["title after"] = window.windowTitle()
        quit_from_the_menu()

    assert run_deputy(["--demo", "--emulator", emulator.base_url], person()) == 0
    assert seen["view"] == ATTENTION  # the first thing she sees
    assert seen["first opened"] == "Answer: Cloud spend review"  # the newest
    assert seen["rows"] == ADELES_DAY
    assert seen["follow-ups"] == follow_ups_on_the_service(graph)
    assert seen["follow-ups"]  # the seed has some, for Alex and for Patti
    assert seen["changes"] == ADELES_CHANGES
    count = len(ADELES_DAY) + len(seen["follow-ups"]) + len(ADELES_CHANGES)
    assert seen["title"].endswith(f"— {count} need attention")
    assert seen["button"] == f"Needs attention ({count})"
    assert "Physiotherapy" not in str(seen["shown"])  # Alex's private event: "Busy" only
    assert "Clashes with Busy (" in str(seen["facts"])
    assert seen["after"] == [r for r in ADELES_DAY if r[:2] != ("Alex Wilber", HIRING)]
    assert str(seen["title after"]).endswith(f"— {count - 1} need attention")
    # Megan, who organized it, has Alex's answer.
    megan = graph(MEGAN, "Calendars.Read")
    event = next(e for e in megan.get_all("/me/events") if e["subject"] == "Hiring committee")
    answers = {a["emailAddress"]["address"].casefold(): a["status"]["response"]
               for a in event["attendees"]}
    assert answers[ALEX.casefold()] == "accepted"


def test_the_rows_model_passes_qts_checks(open_deputy, qtmodeltester):
    window = open_deputy("AdeleV@contoso.com")
    model = window.attention_view.model
    assert isinstance(model, AttentionTableModel) and model.rowCount() > len(ADELES_DAY)
    qtmodeltester.check(model)


def test_the_addresses_of_who_has_not_answered_are_one_click_away(open_deputy, qtbot):
    window = open_deputy("AdeleV@contoso.com")
    view = window.attention_view
    row = next(r for r, item in enumerate(view.model.rows) if item.unanswered)
    view.table.setCurrentIndex(view.model.index(row, Column.TO_DO))
    assert view.copy_button.isVisible() and not view.response_buttons.isVisible()
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    wanted = [address for _name, address in view.model.rows[row].unanswered]
    assert QGuiApplication.clipboard().text() == "; ".join(wanted)
    assert window.statusBar().currentMessage().startswith("Copied the addresses of ")


def test_a_request_opens_whole_in_meeting_messages_from_its_row(open_deputy, qtbot):
    window = open_deputy("AdeleV@contoso.com")
    view = window.attention_view
    row = row_of(window, "Alex Wilber", HIRING)
    view.table.setCurrentIndex(view.model.index(row, Column.TO_DO))
    assert view.open_button.isVisible()
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert window.current_view == "messages"
    messages = window.messages_view
    assert messages.message is not None and messages.message.subject == "Hiring committee"
    assert messages.title.text() == "Hiring committee"
    assert "for Alex Wilber" in messages.facts.text()
