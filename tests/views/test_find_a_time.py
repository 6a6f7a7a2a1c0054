"""Find a time beside the side-by-side grid, as an assistant uses it: the executives'
common free time listed and marked in the grid, someone typed in asked too, someone
unreadable named, and a free time chosen with Enter starting their meeting."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.attention.grid import SLOT
from app.models.free_times import FreeTimesModel
from app.views.compose import ComposeDialog
from tests.graph_client import ALEX, PATTI
from tests.views.conftest import LOAD_TIMEOUT_MS
from tests.views.person import press, type_text
from tests.views.test_side_by_side import opened_side_by_side
from tests.views.test_week_grid import to_week


def found_times(qtbot, window, others: str = ""):
    view = window.side_by_side_view
    finder = view.finder
    view.grid.setFocus()
    press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)  # Find a time: its form
    assert finder.isVisible() and finder.others.hasFocus()
    if others:
        type_text(others)
    with qtbot.waitSignal(finder.find_time.model.modelReset, timeout=LOAD_TIMEOUT_MS):
        press(Qt.Key.Key_Return)
    return finder


def test_free_times_are_free_for_every_executive_within_their_working_hours(
        qtbot, open_deputy, qtmodeltester):
    window, model = opened_side_by_side(qtbot, open_deputy)
    to_week(qtbot, window, model)
    finder = found_times(qtbot, window)
    times = finder.find_time.model.times
    assert times, finder.note.text()
    assert finder.note.text().startswith(f"{len(times)} free time")
    qtmodeltester.check(finder.find_time.model)
    assert isinstance(finder.find_time.model, FreeTimesModel)
    taken = {(r, b.column) for b in model.blocks for r in range(b.first, b.first + b.slots)}
    for person in (0, 1):  # Alex and Patti: free and at work in every slot found
        for column in range(model.columnCount()):
            if model.person_of(column) != person:
                continue
            for row in range(model.rowCount()):
                slot = model.slot_start(row, column)
                if any(t.start <= slot and slot + SLOT <= t.end for t in times):
                    assert (row, column) not in taken
                    assert row in model.working[column]
                    assert (row, column) in model.proposed
                    assert "free for everyone chosen" in model.index(row, column).data(
                        Qt.ItemDataRole.AccessibleTextRole)
    # Not mine: I arrange their meeting, I don't attend it.
    assert finder.find_time.people == [ALEX, PATTI]


def test_someone_typed_in_is_asked_too_and_the_unreadable_are_named(qtbot, open_deputy):
    window, _model = opened_side_by_side(qtbot, open_deputy)
    finder = found_times(qtbot, window, "ChristieC@contoso.com; nobody@contoso.com")
    assert finder.find_time.people == [ALEX, PATTI, "ChristieC@contoso.com",
                                       "nobody@contoso.com"]
    assert "nobody@contoso.com" in finder.note.text()
    assert "can't be read" in finder.note.text()


def test_enter_on_a_free_time_starts_the_meeting_then(qtbot, open_deputy):
    window, model = opened_side_by_side(qtbot, open_deputy)
    to_week(qtbot, window, model)
    finder = found_times(qtbot, window)
    first = finder.find_time.model.times[0]
    finder.times.setFocus()
    finder.times.setCurrentIndex(finder.find_time.model.index(0, 0))
    press(Qt.Key.Key_Return)
    dialog = window.compose_dialog
    assert isinstance(dialog, ComposeDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.target.owner_address == ALEX
    assert dialog.attendees.text() == f"{PATTI}; "
    start = first.start.astimezone(model.zone)
    assert dialog.start.dateTime().toString("yyyy-MM-dd HH:mm") == f"{start:%Y-%m-%d %H:%M}"
    dialog.reject()
