"""Names and subjects others write are shown as the words they are, never as markup.

A subject like "<h1 style=color:red>Your account is suspended</h1><img src=…>" was drawn
by Qt as a red heading, a styled link and a local image: labels and tooltips guess rich
text. Here such a meeting, calendar and person are made through Graph, as their owners'
Outlook would, and opened as an assistant would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QLabel, QToolTip

from app.models.events import Column as EventColumn
from app.models.permissions import Column as PermissionColumn
from app.views.plain_text import plain_tip
from app.views.role_editor import RoleDialog
from tests.graph_client import ADELE, ALEX
from tests.views.conftest import LOAD_TIMEOUT_MS, rendered, save_screenshot, wait_until_settled
from tests.views.test_main_window import alex_sharing, select_mailbox
from tests.views.test_meeting_messages import _open_messages
from tests.views.test_meetings import DINNER_DAY, meetings_of

HOSTILE = [line for line in
           (Path(__file__).parent.parent / "data" / "hostile_names.txt").read_text(
               encoding="utf-8").splitlines() if line]


def assert_shown_as_written(widget, payload: str) -> None:
    """Every visible label holding the payload shows it letter for letter: a plain-text
    label, or rich text (escaped) whose drawn words hold it; none draws its markup."""
    words = ("Sign in again", "Bold")
    showing = [label for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
               and any(w in label.text() or w in rendered(label.text()) for w in words)]
    assert showing, "the payload is shown in a label"
    for label in showing:
        if label.textFormat() == Qt.TextFormat.PlainText:
            # a label for a field draws "&&" as "&", and "&x" as an underlined x
            shown = re.sub("&(.)", r"\1", label.text()) if label.buddy() else label.text()
            assert payload in shown
        else:
            assert label.textFormat() == Qt.TextFormat.RichText
            assert payload in rendered(label.text())


def tooltip_of(view, index) -> str:
    """The tooltip shown when the pointer rests on `index`'s cell."""
    QToolTip.hideText()
    pos = view.visualRect(index).center()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text()


def test_a_tooltip_shows_its_text_as_written():
    for payload in HOSTILE:
        assert rendered(plain_tip(payload)) == payload
    assert rendered(plain_tip("first\nsecond")) == "first\nsecond"
    assert plain_tip("") == ""


@pytest.mark.parametrize("payload", HOSTILE)
def test_a_meeting_whose_subject_and_place_are_markup_shows_them_as_words(
        qtbot, open_deputy, graph, payload, tmp_path):
    alex = graph(ALEX, "Calendars.ReadWrite")
    assert alex.post("/me/events", json={
        "subject": payload,
        "location": {"displayName": payload},
        "start": {"dateTime": f"{DINNER_DAY}T10:00:00", "timeZone": "UTC"},
        "end": {"dateTime": f"{DINNER_DAY}T11:00:00", "timeZone": "UTC"},
        "attendees": [{"type": "required",
                       "emailAddress": {"address": ADELE, "name": "Adele Vance"}}],
        "body": {"contentType": "text", "content": "See you"}}).status_code == 201

    window = meetings_of(qtbot, open_deputy, ADELE, "Alex Wilber", DINNER_DAY)
    view = window.meetings_view
    qtbot.waitUntil(lambda: window.workspace.meetings.opened is not None, timeout=LOAD_TIMEOUT_MS)
    wait_until_settled(qtbot, window)
    assert view.title.text() == payload
    assert view.title.textFormat() == Qt.TextFormat.PlainText
    assert f"Where: {payload}" in view.facts.text()
    assert view.facts.textFormat() == Qt.TextFormat.PlainText
    assert_shown_as_written(window, payload)
    # The list's cell, cut short, shows it whole as its tooltip: words, not a heading.
    table = view.table
    view.table.setColumnWidth(EventColumn.SUBJECT, 60)
    subject_cell = table.model().index(table.currentIndex().row(), EventColumn.SUBJECT)
    tip = tooltip_of(table, subject_cell)
    assert tip and rendered(tip) == payload
    save_screenshot(window, "hostile-meeting.png", tmp_path)

    # Adele's invitation, in the meeting messages view, says the same words.
    select_mailbox(qtbot, window, "Me (Adele Vance)")
    view = _open_messages(qtbot, window)
    wait_until_settled(qtbot, window)
    row = next(r for r in range(view.proxy.rowCount())
               if view.proxy.index(r, 0).data(Qt.ItemDataRole.DisplayRole) is not None
               and payload in str([view.proxy.index(r, c).data()
                                   for c in range(view.proxy.columnCount())]))
    view.table.setCurrentIndex(view.proxy.index(row, 0))
    qtbot.waitUntil(lambda: view.title.text() == payload, timeout=LOAD_TIMEOUT_MS)
    assert view.title.textFormat() == Qt.TextFormat.PlainText
    assert payload in view.facts.text()
    assert view.facts.textFormat() == Qt.TextFormat.PlainText
    save_screenshot(window, "hostile-message.png", tmp_path)


@pytest.mark.parametrize("payload", HOSTILE)
def test_a_calendar_and_a_person_named_in_markup_show_as_words_in_the_role_dialog(
        qtbot, open_deputy, graph, payload, tmp_path):
    alex = graph(ALEX, "Calendars.ReadWrite")
    calendar = alex.post("/me/calendars", json={"name": payload})
    assert calendar.status_code == 201
    alex.post(f"/me/calendars/{calendar.json()['id']}/calendarPermissions",
              {"emailAddress": {"address": "samanthab@adatum.com", "name": payload},
               "role": "read"}).raise_for_status()

    _window, view = alex_sharing(qtbot, open_deputy, payload, payload)
    role_cell = view.table.currentIndex().siblingAtColumn(PermissionColumn.ROLE)
    tip = tooltip_of(view.table, role_cell)  # "<name> can see ... <calendar owner>"
    assert tip and payload in rendered(tip)
    view.change_selected()
    dialog = view.dialog
    assert isinstance(dialog, RoleDialog)
    assert_shown_as_written(dialog, payload)
    assert dialog.windowTitle() == f"Access for {payload}"
    save_screenshot(dialog, "hostile-role-dialog.png", tmp_path)
    dialog.reject()
