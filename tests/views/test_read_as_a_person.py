"""The main window read from the user's point of view: what each person sees stays
true after they act, and says why when they can't."""

from __future__ import annotations

import re
from types import SimpleNamespace

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QHelpEvent
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLineEdit,
    QMenu,
    QRadioButton,
    QToolTip,
)

from app.models.attendees import Column as AttendeeColumn
from app.models.calendars import Column as CalendarColumn
from app.models.events import Column as EventColumn
from app.models.item_roles import ItemRole
from app.models.messages import Column as MessageColumn
from app.views.column_fit import cell_width_for
from tests.views.conftest import rendered, wait_until_settled
from tests.views.test_main_window import ADELE, ALEX, select_mailbox, sidebar


def select_calendar_row(view, name: str) -> int:
    model = view.model
    row = next(i for i, c in enumerate(model.calendars) if c.name == name)
    view.table.setCurrentIndex(view.proxy.mapFromSource(model.index(row, CalendarColumn.NAME)))
    return row


def rename_in_place(qtbot, window, old: str, new: str) -> None:
    """F2 on the selected row, a new name typed over the old one, Enter."""
    view = window.calendars_view
    select_calendar_row(view, old)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = view.table.findChild(QLineEdit)
    assert editor is not None and editor.text() == old
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, new)
    with qtbot.waitSignal(view.model.dataChanged):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_until_settled(qtbot, window)


def access_texts(window) -> dict[str, str]:
    model = window.calendars_view.model
    return {model.index(r, CalendarColumn.NAME).data(): model.index(r, CalendarColumn.ACCESS).data()
            for r in range(model.rowCount())}


def test_renaming_a_delegated_copy_changes_its_name_and_nothing_else(qtbot, open_deputy):
    window = open_deputy(ADELE)
    select_mailbox(qtbot, window, "Alex Wilber")
    before_sidebar, before_access = sidebar(window), access_texts(window)
    assert before_access["Alex Wilber"] == "Delegate"
    meetings_before = window.meetings_view.reason.text()
    rename_in_place(qtbot, window, "Alex Wilber", "Alex (delegated)")
    after = access_texts(window)
    assert after == {("Alex (delegated)" if k == "Alex Wilber" else k): v
                     for k, v in before_access.items()}
    assert sidebar(window) == before_sidebar
    assert window.meetings_view.reason.text() == meetings_before
    assert not window.calendars_view.invitations.isVisibleTo(window)
    assert window.heading.text() == "Alex Wilber"


def click_mailbox(qtbot, window, name: str) -> None:
    """A click on ``name`` in the sidebar, as a person picks a mailbox."""
    sidebar_list = window.sidebar.list
    proxy = window.sidebar.proxy
    row = next(r for r in range(proxy.rowCount())
               if proxy.index(r, 0).data() == name)
    rect = sidebar_list.visualRect(proxy.index(row, 0))
    qtbot.mouseClick(sidebar_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_until_settled(qtbot, window)
    assert window.workspace.directory.current_mailbox.display_name == name


def adele_opens_christies_mailbox(qtbot, open_deputy):
    """Adele types Christie's address in Open another mailbox: Christie hasn't shared
    her calendar with her, so a problem is shown."""
    window = open_deputy(ADELE)
    window.open_mailbox()
    qtbot.keyClicks(window.dialog.address_edit, "ChristieC@contoso.com")
    qtbot.mouseClick(window.dialog.open_button, Qt.MouseButton.LeftButton)
    wait_until_settled(qtbot, window)
    return window


def test_a_problem_with_one_mailbox_goes_when_another_is_shown(qtbot, open_deputy):
    window = adele_opens_christies_mailbox(qtbot, open_deputy)
    assert window.workspace.directory.current_mailbox.address == "ChristieC@contoso.com"
    assert window.message_bar.message  # Christie hasn't shared her calendar with Adele
    assert window.message_bar.isVisibleTo(window)
    # Under Christie's name, none of Adele's own calendars or meetings.
    assert window.calendars_view.table.model().rowCount() == 0
    assert window.meetings_view.table.model().rowCount() == 0
    click_mailbox(qtbot, window, "Alex Wilber")
    assert window.message_bar.message == ""
    assert not window.message_bar.isVisibleTo(window)


# ---------------------------------------------------------------------- columns

def cut_texts(view, column: int) -> list[str]:
    """The texts of ``column`` that don't fit its width at the window's size."""
    table, model = view.table, view.table.model()
    width = table.columnWidth(column)
    assert table.columnViewportPosition(column) + width <= table.viewport().width(), \
        "the column is out of sight"
    return [text for row in range(model.rowCount())
            if (text := str(model.index(row, column).data() or ""))
            and cell_width_for(table, text) > width]


def test_meeting_subjects_and_answers_are_whole_at_the_default_size(qtbot, open_deputy):
    window = open_deputy(ALEX)
    window.show_view("meetings")
    wait_until_settled(qtbot, window)
    view = window.meetings_view
    assert view.table.model().rowCount() >= 5
    assert cut_texts(view, EventColumn.SUBJECT) == []
    assert cut_texts(view, EventColumn.WHEN) == []
    # Answers are whole but the longest ("1 accepted, 1 tentative, 1 no response"),
    # which shows whole as its tooltip.
    cut = cut_texts(view, EventColumn.RESPONSES)
    assert len(cut) <= 1 and all(text.count(",") >= 2 for text in cut)
    header = view.table.horizontalHeader()
    assert all(header.sectionResizeMode(c) == QHeaderView.ResizeMode.Interactive
               for c in range(header.count()))


def test_message_subjects_are_in_sight_and_whole(qtbot, open_deputy):
    window = open_deputy(ADELE)
    window.show_view("messages")
    view = window.messages_view
    assert view.table.model().rowCount() >= 10
    assert cut_texts(view, MessageColumn.SUBJECT) == []
    assert cut_texts(view, MessageColumn.RECEIVED) == []
    assert cut_texts(view, MessageColumn.TYPE) == []


def test_the_administrator_reads_every_calendar_name_whole(qtbot, open_deputy):
    window = open_deputy(None)
    click_mailbox(qtbot, window, "Adele Vance")
    view = window.calendars_view
    assert view.table.model().rowCount() >= 3
    assert cut_texts(view, CalendarColumn.NAME) == []


def test_a_column_dragged_wider_keeps_its_width(qtbot, open_deputy):
    window = open_deputy(ALEX)
    window.show_view("meetings")
    view = window.meetings_view
    header = view.table.horizontalHeader()
    column = EventColumn.RESPONSES
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    middle = header.height() // 2
    before = header.sectionSize(column)
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, middle))
    qtbot.mouseMove(header.viewport(), QPoint(edge + 60, middle))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton,
                       pos=QPoint(edge + 60, middle))
    assert header.sectionSize(column) == before + 60
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # next week
    wait_until_settled(qtbot, window)
    assert header.sectionSize(column) == before + 60


# ---------------------------------------------------------------------- point of view

def test_the_administrator_reads_whose_access_it_is_not_mine(qtbot, open_deputy):
    window = open_deputy(None)
    click_mailbox(qtbot, window, "Adele Vance")
    model = window.calendars_view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "My access" not in headers and "Adele Vance's access" in headers
    texts = [model.index(r, c).data() for r in range(model.rowCount())
             for c in range(model.columnCount())]
    assert not [t for t in texts if isinstance(t, str) and re.search(r"\b(me|my)\b", t, re.I)]
    assert access_texts(window)["Alex Wilber"] == "Delegate"  # Adele's access, as she has it
    sharing = {model.index(r, CalendarColumn.NAME).data():
               model.index(r, CalendarColumn.SHARING).data() for r in range(model.rowCount())}
    assert sharing["Lee Gu"] == "Shared with Adele Vance"
    assert "Administrator (app-only): full access" in window.subheading.text()


def test_renaming_my_own_calendar_says_why_not(qtbot, open_deputy):
    window = open_deputy(ADELE)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # View > Calendars
    view = window.calendars_view
    select_calendar_row(view, "Calendar")
    view.table.setFocus()
    reason = "Only copies of others' calendars can be renamed here"
    assert not view.rename_button.isEnabled()
    assert reason in view.hint.text() and view.hint.isVisibleTo(window)
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    assert view.table.findChild(QLineEdit) is None  # no editor opened
    assert reason in window.status_message.text()


# ---------------------------------------------------------------------- words

def test_a_status_message_never_runs_under_the_permanent_parts(qtbot, open_deputy, emulator):
    window = open_deputy(ADELE)
    window.resize(900, 600)
    view = window.calendars_view
    select_calendar_row(view, "Calendar")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)  # a long sentence: why it can't be renamed
    emulator.faults = type(emulator.faults)(latency_ms=1500)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(window.task_status.isVisible, timeout=5000)
    message = window.status_message
    assert "can be renamed here" in message.text()
    shown = message.elided()
    assert shown.endswith("…")  # too long for the room left: cut, and whole as its tooltip
    assert message.fontMetrics().horizontalAdvance(shown) <= message.width()
    assert rendered(message.toolTip()) == message.text()
    assert message.geometry().right() < window.task_status.geometry().left()
    assert window.task_status.geometry().right() < window.account_label.geometry().left()
    qtbot.mouseClick(window.task_status.cancel_button, Qt.MouseButton.LeftButton)
    emulator.faults = type(emulator.faults)()


def test_delivery_choices_speak_as_outlook_does(qtbot, open_deputy):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    view = window.sharing_view
    buttons = view.delivery_box.findChildren(QRadioButton)
    assert [b.text() for b in buttons] == [
        "My delegates only, but send a copy of meeting requests and responses to me "
        "(recommended)",
        "My delegates only",
        "My delegates and me"]
    assert view.delivery_box.title() == "Who receives your meeting requests and responses"


def test_one_time_zone_everywhere_the_one_new_meeting_calls_yours(qtbot, open_deputy):
    window = open_deputy(ADELE)
    window.show_view("meetings")
    view = window.meetings_view
    assert view.zone_note.text() == "Your time zone: Central Standard Time"
    model = view.table.model()
    events = [model.index(r, 0).data(ItemRole.OBJECT) for r in range(model.rowCount())]
    assert events and {e.start.time_zone for e in events} == {"Central Standard Time"}
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    qtbot.waitUntil(lambda: dialog.zone_note.text() == "Your time zone.", timeout=5000)
    assert dialog.zone_box.currentText() == "Central Standard Time"
    dialog.reject()
    window.show_view("messages")
    messages = window.workspace.meetings.messages.messages
    assert {m.event.start.time_zone for m in messages if m.event} == {"Central Standard Time"}


def test_a_cut_cell_shows_its_whole_text_when_pointed_at(qtbot, open_deputy):
    window = open_deputy(ALEX)
    window.show_view("meetings")
    view = window.meetings_view
    cut = cut_texts(view, EventColumn.ORGANIZER) or cut_texts(view, EventColumn.RESPONSES)
    assert cut, "nothing is cut at this size: the test would prove nothing"
    column = EventColumn.ORGANIZER if cut_texts(view, EventColumn.ORGANIZER) \
        else EventColumn.RESPONSES
    model = view.table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, column).data() == cut[0])
    point = view.table.visualRect(model.index(row, column)).center()
    qtbot.mouseMove(view.table.viewport(), point)
    viewport = view.table.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point,
                                                viewport.mapToGlobal(point)))
    assert rendered(QToolTip.text()) == cut[0]
    QToolTip.hideText()


def test_the_header_chooses_the_columns_shown(qtbot, open_deputy):
    window = open_deputy(ALEX)
    window.show_view("meetings")
    table = window.meetings_view.attendee_table
    header = table.horizontalHeader()
    assert header.isSectionHidden(AttendeeColumn.ADDRESS)
    # A right-click on the header, as the window system delivers it (QTest's mouse
    # clicks don't make context-menu events).
    point = QPoint(header.sectionViewportPosition(AttendeeColumn.RESPONSE) + 5,
                   header.height() // 2)
    QApplication.sendEvent(header.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, header.viewport().mapToGlobal(point)))
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    name = next(a for a in menu.actions() if a.text() == "Attendee")
    assert not name.isEnabled()  # the column that matters most stays
    address = next(a for a in menu.actions() if a.text() == "Email address")
    assert not address.isChecked()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(address).center())
    assert not header.isSectionHidden(AttendeeColumn.ADDRESS)


def test_the_attendees_beside_a_meeting_fit_their_pane(qtbot, open_deputy):
    window = open_deputy(ADELE)
    click_mailbox(qtbot, window, "Alex Wilber")
    window.show_view("meetings")
    view = window.meetings_view
    table = view.attendee_table
    assert table.model().rowCount() >= 2
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()  # no column out of sight
    assert cut_texts(SimpleNamespace(table=table), AttendeeColumn.RESPONSE) == []
    assert table.model().index(0, AttendeeColumn.NAME).data(Qt.ItemDataRole.ToolTipRole)


def test_the_administrator_renames_a_copy_in_the_mailbox_shown(qtbot, open_deputy, graph):
    window = open_deputy(None)
    click_mailbox(qtbot, window, "Adele Vance")
    assert window.calendars_view.rename_button.text() == "&Rename this copy…"
    rename_in_place(qtbot, window, "Lee Gu", "Lee's calendar")
    assert "Lee's calendar" in access_texts(window)
    assert window.message_bar.message == ""
    adele = graph(ADELE, "Calendars.Read")
    assert "Lee's calendar" in [c["name"] for c in adele.get_all("/me/calendars")]


def test_esc_closes_the_message_when_nothing_is_loading(qtbot, open_deputy):
    window = adele_opens_christies_mailbox(qtbot, open_deputy)
    assert window.message_bar.isVisibleTo(window)
    window.activateWindow()  # the window is active again once the dialog is gone
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.message_bar.isVisibleTo(window)
    assert window.status_message.text() != "Stopped loading. Press F5 to try again."
