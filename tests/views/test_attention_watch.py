"""While Deputy runs, a new meeting request for an executive is told on the desktop
(with what it clashes with), once; none at start, none in quiet hours, none for an
executive not chosen."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app import settings
from tests.graph_client import ADELE, ALEX, MEGAN
from tests.views.conftest import LOAD_TIMEOUT_MS

SUBJECT = "Candidate debrief"


def invite_alex_over_his_physiotherapy(graph) -> None:
    """Megan invites Alex at the time of his private physiotherapy."""
    physio = next(e for e in graph(ALEX, "Calendars.Read").get_all("/me/events")
                  if e["subject"] == "Physiotherapy")
    made = graph(MEGAN, "Calendars.ReadWrite").post("/me/events", json={
        "subject": SUBJECT, "start": physio["start"], "end": physio["end"],
        "attendees": [{"emailAddress": {"address": ALEX}, "type": "required"}]})
    assert made.status_code == 201, made.text


def look(qtbot, window) -> None:
    """The watch's timer fires; wait until what it read is in."""
    jobs = window.workspace.jobs
    with qtbot.waitSignal(jobs.idle, timeout=LOAD_TIMEOUT_MS):
        window.workspace.watch.timer.timeout.emit()


def opened(qtbot, open_deputy):
    window = open_deputy(ADELE)
    qtbot.waitUntil(lambda: window.workspace.watch.seen is not None, timeout=LOAD_TIMEOUT_MS)
    return window


def test_a_request_arriving_while_deputy_runs_is_told_once_with_its_clash(
        qtbot, open_deputy, graph):
    window = opened(qtbot, open_deputy)
    watch = window.workspace.watch
    assert watch.timer.isActive()
    assert window.tray.told == []  # the list on the screen at start is not news
    invite_alex_over_his_physiotherapy(graph)
    look(qtbot, window)
    assert [n.title for n in window.tray.told] == ["Meeting request for Alex Wilber"]
    text = window.tray.told[0].text
    assert text.startswith(f"{SUBJECT} · ") and "from Megan Bowen" in text
    assert "Clashes with " in text and "Busy (" in text and "Physiotherapy" not in text
    # No tray on the tests' screen: the window's status bar says it instead.
    assert window.statusBar().currentMessage().startswith(
        f"Meeting request for Alex Wilber: {SUBJECT}")
    look(qtbot, window)
    assert len(window.tray.told) == 1  # already seen: not told again


def test_nothing_is_told_in_quiet_hours_or_for_an_executive_not_chosen(
        qtbot, open_deputy, graph):
    window = opened(qtbot, open_deputy)
    store = window.workspace.watch.store
    now = datetime.now()
    quiet = f"{(now - timedelta(hours=1)):%H:%M}-{(now + timedelta(hours=1)):%H:%M}"
    settings.NOTIFY_QUIET_HOURS.write(store, quiet)
    invite_alex_over_his_physiotherapy(graph)
    look(qtbot, window)
    assert window.tray.told == []
    assert any(r.subject == SUBJECT for r in window.workspace.attention.rows)  # listed

    settings.NOTIFY_QUIET_HOURS.write(store, "")
    settings.NOTIFY_FOR.write(store, window.workspace.session.state_key,
                              '["pattif@contoso.com"]')
    graph(MEGAN, "Calendars.ReadWrite").post("/me/events", json={
        "subject": "Second debrief",
        "start": {"dateTime": f"{now + timedelta(days=20):%Y-%m-%dT10:00:00}",
                  "timeZone": "UTC"},
        "end": {"dateTime": f"{now + timedelta(days=20):%Y-%m-%dT11:00:00}",
                "timeZone": "UTC"},
        "attendees": [{"emailAddress": {"address": ALEX}, "type": "required"}]})
    look(qtbot, window)
    assert window.tray.told == []  # for Alex; only Patti's are chosen


def test_turned_off_in_the_view_menu_nothing_is_told(qtbot, open_deputy, graph):
    window = opened(qtbot, open_deputy)
    assert window.notify_action.isChecked()  # on, unless the person turns it off
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # View
    menu = QApplication.activePopupWidget()
    assert menu is not None
    QTest.keyClick(menu, Qt.Key.Key_T)  # Tell me of new meeting requests
    assert not window.notify_action.isChecked()
    assert settings.NOTIFY.read(window.workspace.watch.store) is False
    invite_alex_over_his_physiotherapy(graph)
    look(qtbot, window)
    assert window.tray.told == []


def test_a_look_reads_only_what_arrived_since_and_now_and_then_the_whole_window(
        qtbot, open_deputy, graph, caplog):
    """A look every few minutes asks for the mail newer than the newest held, a small
    page (the emulator's request lines show what was asked); the request that arrived
    is found all the same; every sixth look reads the recent mail whole again."""
    window = opened(qtbot, open_deputy)
    caplog.set_level(logging.DEBUG, logger="app.graph.emulator.server")

    def pages_asked() -> list[str]:
        """The $top of each read of meeting mail (the one that expands the meetings)."""
        lines = [r.getMessage() for r in caplog.records
                 if "GET /v1.0/me/messages?" in r.getMessage() and "eventMessage" in r.getMessage()]
        caplog.clear()
        return [re.search(r"%24top=(\d+)", line).group(1) for line in lines]

    caplog.clear()
    invite_alex_over_his_physiotherapy(graph)
    look(qtbot, window)
    assert pages_asked() == ["25"]
    assert any(r.subject == SUBJECT for r in window.workspace.attention.rows)
    for _ in range(4):
        look(qtbot, window)
        assert pages_asked() == ["25"]
    look(qtbot, window)  # the sixth
    assert pages_asked() == ["200"]
    assert any(r.subject == SUBJECT for r in window.workspace.attention.rows)
