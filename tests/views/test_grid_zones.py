"""Side by side across three time zones, as the seed has them: Adele (the assistant) in
Central time, Alex in Pacific, Patti in Eastern. A meeting at ten in each one's own zone
stands at the right row in the zone Adele picks, and each column names its person's zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt

from app.zones import zone_info
from tests.graph_client import ALEX, PATTI
from tests.views.conftest import LOAD_TIMEOUT_MS
from tests.views.person import press, type_text
from tests.views.test_side_by_side import opened_side_by_side
from tests.views.test_week_grid import go_to

ADELE = "AdeleV@contoso.com"
ZONES = {ADELE: "Central Standard Time", ALEX: "Pacific Standard Time",
         PATTI: "Eastern Standard Time"}


def a_weekday_ahead() -> date:
    day = date.today() + timedelta(days=30)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def ten_oclock(graph, user: str, day: date, subject: str) -> None:
    """A meeting at 10:00 to 11:00 on ``day`` in ``user``'s own zone, in their calendar."""
    zone = ZONES[user]
    made = graph(user, "Calendars.ReadWrite").post("/me/events", json={
        "subject": subject,
        "start": {"dateTime": f"{day:%Y-%m-%d}T10:00:00", "timeZone": zone},
        "end": {"dateTime": f"{day:%Y-%m-%d}T11:00:00", "timeZone": zone}})
    assert made.status_code == 201, made.text


def rows_of(model, day: date) -> dict[int, str]:
    """The first row's time of each person's block of the "Ten" meetings on ``day``."""
    found = {}
    for block in model.blocks:
        if model.day_of(block.column) == day and block.words.startswith("Ten o'clock"):
            found[model.person_of(block.column)] = model.headerData(
                block.first, Qt.Orientation.Vertical)
    return found


def test_a_meeting_at_ten_in_each_zone_stands_where_it_belongs(qtbot, open_deputy, graph):
    day = a_weekday_ahead()
    for user in ZONES:
        ten_oclock(graph, user, day, f"Ten o'clock for {user}")
    window, model = opened_side_by_side(qtbot, open_deputy)
    assert [model.zones[p] for p in range(3)] == [ZONES[ADELE], ZONES[ALEX], ZONES[PATTI]]
    view = window.side_by_side_view
    assert view.side_by_side.time_zone == ZONES[ADELE]  # her Outlook zone, at first
    go_to(qtbot, window, model, day)
    # In Central time: Adele's at 10:00, Alex's (Pacific) at 12:00, Patti's (Eastern) 09:00.
    assert rows_of(model, day) == {0: "10:00", 1: "12:00", 2: "09:00"}
    # Times in Pacific, typed (Alt+I, the zone's name, Enter).
    press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert view.zone_box.hasFocus()
    view.zone_box.lineEdit().selectAll()
    type_text("Pacific Standard Time")
    press(Qt.Key.Key_Return)
    pacific = zone_info("Pacific Standard Time")
    qtbot.waitUntil(lambda: model.zone == pacific and not window.workspace.busy,
                    timeout=LOAD_TIMEOUT_MS)
    assert view.side_by_side.time_zone == "Pacific Standard Time"
    assert rows_of(model, day) == {0: "08:00", 1: "10:00", 2: "07:00"}
    # Working hours stay each person's own: Patti's 08:00 Eastern is 05:00 Pacific, so
    # her day is already under way at the first row; Alex's starts at 08:00.
    column = model.column_of(1, day)
    assert min(model.working[column]) == 2  # 08:00, two half hours after 07:00
    assert 0 in model.working[model.column_of(2, day)]
    start = datetime.combine(day, datetime.min.time(), zone_info("Pacific Standard Time"))
    assert model.slot_start(0, column) == start + timedelta(hours=7)
