"""Side by side as an assistant works in it: the week of each executive in a group of
columns, a meeting opened from its block (by click and by Enter), and a new meeting
started by dragging over free time across executives' columns."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest

from app.models.schedule_grid import GridRole
from app.views.compose import ComposeDialog
from app.views.focus_ring import ring_colour
from app.zones import zone_info
from tests.graph_client import ALEX, PATTI
from tests.views.conftest import LOAD_TIMEOUT_MS
from tests.views.person import press, type_text
from tests.views.test_side_by_side import day_with, opened_side_by_side

ADELE = "AdeleV@contoso.com"


def start_in(window, event: dict) -> datetime:
    """An event's start (Graph writes UTC here) in the zone the grid shows."""
    zone = zone_info(window.side_by_side_view.side_by_side.time_zone)
    return datetime.fromisoformat(event["start"]["dateTime"][:19]).replace(
        tzinfo=zone_info("UTC")).astimezone(zone)


def to_week(qtbot, window, model) -> None:
    """Ctrl+Alt+3 from the grid, as in Outlook."""
    window.side_by_side_view.grid.setFocus()
    with qtbot.waitSignal(model.modelReset, timeout=LOAD_TIMEOUT_MS):
        press(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert model.week


def go_to(qtbot, window, model, day) -> None:
    """The Next (or Previous) button until ``day`` is shown: a person's clicks."""
    view = window.side_by_side_view
    button = view.later if day > model.day else view.earlier
    for _click in range(60):
        if day in model.days:
            return
        with qtbot.waitSignal(model.modelReset, timeout=LOAD_TIMEOUT_MS):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    raise AssertionError(f"{day} not reached")


def test_the_week_shows_each_executives_days_as_a_group_in_their_zone(
        qtbot, open_deputy, graph, qtmodeltester):
    window, model = opened_side_by_side(qtbot, open_deputy)
    to_week(qtbot, window, model)
    qtmodeltester.check(model)
    # The executives' weeks (Adele's own is in the day): seven columns each.
    assert model.columnCount() == 2 * 7 and model.days[0].weekday() == 0
    assert model.headerData(0, Qt.Orientation.Horizontal, GridRole.GROUP) \
        == "Alex Wilber · Pacific Standard Time"
    assert model.headerData(7, Qt.Orientation.Horizontal, GridRole.GROUP) \
        == "Patti Fernandez · Eastern Standard Time"
    # The budget sign-off (Alex's, with Patti) stands on its day in both their groups.
    signoff = start_in(window, day_with(graph, PATTI, "Budget sign-off"))
    go_to(qtbot, window, model, signoff.date())
    for person in (0, 1):
        column = model.column_of(person, signoff.date())
        block = next(b for b in model.blocks if b.column == column
                     and b.start <= signoff < b.end)
        spoken = model.index(block.first, column).data(Qt.ItemDataRole.AccessibleTextRole)
        assert spoken.startswith(f"{model.people[person][1]}, {signoff:%a %d %b}, "
                                 f"{block.start.astimezone(model.zone):%H:%M} to ")
    # Back to the day: Ctrl+Alt+1.
    with qtbot.waitSignal(model.modelReset, timeout=LOAD_TIMEOUT_MS):
        press(Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert not model.week and model.columnCount() == 3


def test_a_long_subject_is_cut_before_it_is_laid_out(qtbot, open_deputy, graph):
    alex = graph(ALEX, "Calendars.ReadWrite")
    # Forty days on, 18:00 UTC (morning in Pacific, afternoon in Eastern): nothing else then.
    now = datetime.now(zone_info("UTC")).replace(hour=18, minute=0, second=0,
                                                microsecond=0) + timedelta(days=40)
    made = alex.post("/me/events", json={
        "subject": "Sync " * 4000,
        "start": {"dateTime": f"{now:%Y-%m-%dT%H:%M:%S}", "timeZone": "UTC"},
        "end": {"dateTime": f"{now + timedelta(hours=1):%Y-%m-%dT%H:%M:%S}",
                "timeZone": "UTC"}})
    assert made.status_code == 201, made.text
    window, model = opened_side_by_side(qtbot, open_deputy)
    to_week(qtbot, window, model)  # a week at a time, not forty days
    go_to(qtbot, window, model, now.astimezone(model.zone).date())
    texts = [model.index(b.first, b.column).data() for b in model.blocks]
    assert any(t.startswith("Sync Sync") for t in texts)
    assert max(len(t) for t in texts) <= 80


def open_side_by_side_on(qtbot, open_deputy, graph, subject: str):
    """Adele's grid on the day of Alex's ``subject``; its block in Alex's column."""
    window, model = opened_side_by_side(qtbot, open_deputy)
    start = start_in(window, day_with(graph, ALEX, subject))
    go_to(qtbot, window, model, start.date())
    column = model.column_of(1, start.date())
    block = next(b for b in model.blocks if b.column == column and b.start <= start < b.end)
    return window, model, block


def meeting_opened(qtbot, window, subject: str) -> None:
    meetings = window.workspace.meetings
    qtbot.waitUntil(lambda: window.current_view == "meetings" and meetings.opened is not None
                    and meetings.opened.subject == subject, timeout=LOAD_TIMEOUT_MS)
    assert window.workspace.directory.current_mailbox.address == ALEX
    assert window.meetings_view.title.text() == subject


def test_a_click_on_a_block_opens_its_meeting_in_meetings(qtbot, open_deputy, graph):
    window, _model, block = open_side_by_side_on(qtbot, open_deputy, graph,
                                                 "Leadership stand-up")
    grid = window.side_by_side_view.grid
    grid.scrollTo(grid.block_index(block))
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=grid.visualRect(grid.block_index(block)).center())
    meeting_opened(qtbot, window, "Leadership stand-up")


def test_enter_on_a_block_opens_its_meeting(qtbot, open_deputy, graph):
    window, _model, block = open_side_by_side_on(qtbot, open_deputy, graph,
                                                 "Leadership stand-up")
    grid = window.side_by_side_view.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.block_index(block))
    press(Qt.Key.Key_Return)
    meeting_opened(qtbot, window, "Leadership stand-up")


def free_row(model, columns: list[int]) -> int:
    """A row in working hours where every one of ``columns`` is free."""
    taken = {(r, b.column) for b in model.blocks for r in range(b.first, b.first + b.slots)}
    return next(r for r in range(model.rowCount())
                if all((r, c) not in taken and r in model.working[c] for c in columns)
                and all((r + 1, c) not in taken for c in columns))


def test_a_drag_over_free_time_across_executives_starts_their_meeting(
        qtbot, open_deputy, graph):
    """From Alex's column across Patti's: a meeting on Alex's behalf, Patti invited, at
    the hour dragged; sent, it is in Alex's calendar with Patti among its attendees."""
    window, model = opened_side_by_side(qtbot, open_deputy)
    grid = window.side_by_side_view.grid
    row = free_row(model, [1, 2])
    grid.scrollTo(model.index(row + 1, 2))
    begin = grid.visualRect(model.index(row, 1)).center()
    finish = grid.visualRect(model.index(row + 1, 2)).center()
    viewport = grid.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin)
    QTest.mouseMove(viewport, begin + QPoint(10, 10))
    QTest.mouseMove(viewport, finish)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=finish)
    dialog = window.compose_dialog
    assert isinstance(dialog, ComposeDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.target.owner_address == ALEX
    assert dialog.attendees.text() == f"{PATTI}; "
    start = model.slot_start(row, 1)
    assert dialog.start.dateTime().toString("HH:mm") == f"{start:%H:%M}"
    assert dialog.end.dateTime().toString("HH:mm") == f"{start + timedelta(hours=1):%H:%M}"
    assert dialog.zone_box.currentText() == window.side_by_side_view.side_by_side.time_zone
    qtbot.waitUntil(dialog.isActiveWindow)
    type_text("Pricing decision")
    with qtbot.waitSignal(dialog.accepted, timeout=LOAD_TIMEOUT_MS):
        press(Qt.Key.Key_Return)
    made = day_with(graph, ALEX, "Pricing decision")
    assert [a["emailAddress"]["address"] for a in made["attendees"]] == [PATTI]
    assert made["organizer"]["emailAddress"]["address"] == ALEX
    assert start_in(window, made) == start


def test_shift_arrows_then_enter_choose_free_time_from_the_keyboard(qtbot, open_deputy):
    window, model = opened_side_by_side(qtbot, open_deputy)
    grid = window.side_by_side_view.grid
    row = free_row(model, [0, 1, 2])
    grid.setFocus()
    grid.setCurrentIndex(model.index(row, 2))  # Patti's column: her meeting
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Left, Qt.Key.Key_Down):
        press(key, Qt.KeyboardModifier.ShiftModifier)
    press(Qt.Key.Key_Return)
    dialog = window.compose_dialog
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.target.owner_address == PATTI
    assert dialog.attendees.text() == f"{ADELE}; {ALEX}; "
    assert dialog.start.dateTime().toString("HH:mm") == f"{model.slot_start(row, 2):%H:%M}"
    dialog.reject()



def test_the_grid_draws_blocks_shading_the_choice_and_the_keyboards_ring(qtbot, open_deputy):
    """What the person sees, on pixels: a block in its show-as colour with its subject,
    the quieter shade outside working hours, free time chosen with Shift+arrows in the
    selection colour, and the ring round the cell the keyboard is on."""
    window, model = opened_side_by_side(qtbot, open_deputy)
    grid = window.side_by_side_view.grid
    colours = model.colours()
    block = next(b for b in model.blocks if b.status == "busy")
    grid.scrollTo(model.index(block.first, block.column))
    row = free_row(model, [0, 1, 2])
    grid.setFocus()
    grid.setCurrentIndex(model.index(row, 0))
    press(Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    image = grid.viewport().grab().toImage()
    ratio = image.devicePixelRatio()

    def colour_at(index, dx: int, dy: int) -> str:
        rect = grid.visualRect(index)
        return image.pixelColor(int((rect.left() + dx) * ratio),
                                int((rect.top() + dy) * ratio)).name()

    block_index = model.index(block.first, block.column)
    assert colour_at(block_index, grid.columnWidth(block.column) - 4, 3 *
                     grid.rowHeight(block.first) // 4) == colours["busy"].name()
    rect = grid.visualRect(block_index)
    text = {image.pixelColor(int(x * ratio), int(y * ratio)).name()
            for x in range(rect.left() + 3, rect.left() + 30)
            for y in range(rect.top() + 2, rect.top() + 14)}
    assert len(text) > 2  # the subject's glyphs, not a plain block
    outside = next((r, c) for c in range(model.columnCount()) for r in range(model.rowCount())
                   if r not in model.working[c] and model.block_at(model.index(r, c)) is None)
    grid.scrollTo(model.index(*outside))
    image = grid.viewport().grab().toImage()
    assert colour_at(model.index(*outside), 10, 10) == colours["outside"].name()
    grid.scrollTo(model.index(row, 0))
    image = grid.viewport().grab().toImage()
    highlight = grid.palette().color(QPalette.ColorRole.Highlight).name()
    assert colour_at(model.index(row, 0), 10, 10) == highlight  # chosen
    assert colour_at(model.index(row, 1), 10, 10) == highlight
    assert grid.currentIndex() == model.index(row, 1)
    ring = ring_colour(grid.palette(), QColor(highlight)).name()
    assert ring != highlight
    assert colour_at(model.index(row, 1), 10, 1) == ring  # the keyboard's cell
    assert colour_at(model.index(row, 0), 10, 1) == highlight  # only chosen
