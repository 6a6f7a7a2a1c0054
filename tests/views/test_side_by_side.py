"""Side by side: Adele's day beside Alex's and Patti's, each column from their free/busy
as she may see it, in her time zone, each block read aloud with whose and when."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest

from app.models.schedule_grid import ScheduleGridModel
from app.views import palette as deputy_palette
from app.views.main_window import SIDE_BY_SIDE
from app.zones import zone_info
from tests.graph_client import ALEX, PATTI
from tests.views.conftest import LOAD_TIMEOUT_MS


def opened_side_by_side(qtbot, open_deputy):
    window = open_deputy("AdeleV@contoso.com")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # Side by side
    qtbot.waitUntil(lambda: window.current_view == SIDE_BY_SIDE, timeout=LOAD_TIMEOUT_MS)
    model = window.side_by_side_view.side_by_side.model
    qtbot.waitUntil(lambda: model.columnCount() == 3 and not window.workspace.busy,
                    timeout=LOAD_TIMEOUT_MS)
    return window, model


def day_with(graph, user: str, subject: str) -> dict:
    return next(e for e in graph(user, "Calendars.Read").get_all("/me/events")
                if e["subject"] == subject)


def test_adele_sees_her_day_beside_alexs_and_pattis(qtbot, open_deputy, graph):
    window, model = opened_side_by_side(qtbot, open_deputy)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["You", "Alex Wilber", "Patti Fernandez"]
    # Alex's private physiotherapy is three days on: go there with the Next day button.
    physio = day_with(graph, ALEX, "Physiotherapy")
    zone = zone_info(window.workspace.meetings.time_zone)
    start = datetime.fromisoformat(physio["start"]["dateTime"][:19]).replace(
        tzinfo=zone_info("UTC")).astimezone(zone)
    view = window.side_by_side_view
    while model.day < start.date():
        with qtbot.waitSignal(model.modelReset, timeout=LOAD_TIMEOUT_MS):
            qtbot.mouseClick(view.later, Qt.MouseButton.LeftButton)
    blocks = [b for b in model.blocks if b.column == 1
              and b.start <= start < b.end]
    assert blocks, "Alex's column has a block at his physiotherapy's time"
    block = blocks[0]
    cell = model.index(block.first, 1)
    spoken = cell.data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith(f"Alex Wilber, {start:%H:%M} to ")
    assert "Physiotherapy" not in spoken and "Physiotherapy" not in str(cell.data())
    assert view.grid.rowSpan(block.first, 1) == block.slots


def test_a_meeting_stands_at_the_same_time_in_every_column_whatever_their_zone(
        qtbot, open_deputy, graph):
    """Alex (Pacific) organizes the budget sign-off with Patti (Eastern): one moment,
    the same row in both columns, in Adele's zone."""
    window, model = opened_side_by_side(qtbot, open_deputy)
    signoff = day_with(graph, PATTI, "Budget sign-off")
    zone = zone_info(window.workspace.meetings.time_zone)
    start = datetime.fromisoformat(signoff["start"]["dateTime"][:19]).replace(
        tzinfo=zone_info("UTC")).astimezone(zone)
    view = window.side_by_side_view
    for _day in range((start.date() - model.day).days):
        with qtbot.waitSignal(model.modelReset, timeout=LOAD_TIMEOUT_MS):
            qtbot.mouseClick(view.later, Qt.MouseButton.LeftButton)
    slot = next(r for r in range(model.rowCount())
                if model.headerData(r, Qt.Orientation.Vertical) == f"{start:%H:%M}")
    for column in (1, 2):  # Alex's block and Patti's (hers holds her board prep too)
        assert any(b.column == column and b.first <= slot < b.first + b.slots
                   for b in model.blocks), column
    # Each column is shaded by that person's own working hours, in their own zone:
    # Patti's (Eastern) end three hours before Alex's (Pacific).
    assert max(model.working[2]) + 6 == max(model.working[1])


def test_the_grid_model_passes_qts_checks(qtbot, open_deputy, qtmodeltester):
    _window, model = opened_side_by_side(qtbot, open_deputy)
    assert isinstance(model, ScheduleGridModel)
    qtmodeltester.check(model)


def test_the_grids_colours_follow_a_switch_to_the_dark_scheme(qtbot, open_deputy, qapp):
    """Blocks and the shade outside working hours are mixed from the palette: a switch
    to a dark scheme while the grid shows mixes them again from the dark one."""
    window, model = opened_side_by_side(qtbot, open_deputy)
    grid = window.side_by_side_view.grid
    cells = [model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())]
    busy = next(i for i in cells if model.block_at(i) is not None)
    light = busy.data(Qt.ItemDataRole.BackgroundRole)
    before = QPalette(qapp.palette())
    try:
        qapp.setPalette(deputy_palette.readable(deputy_palette.dark()))
        qtbot.waitUntil(lambda: busy.data(Qt.ItemDataRole.BackgroundRole) != light)
        assert busy.data(Qt.ItemDataRole.BackgroundRole).lightness() < 128 < light.lightness()
        assert grid.isVisible()
    finally:
        qapp.setPalette(before)
