"""The meeting messages view against the service's answers: a large inbox read in a few
requests, as an assistant sees it."""

from __future__ import annotations

import requests
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.graph.emulator.seeds import build_tenant, fill_mailbox
from app.graph.services import INVITATIONS, MEETING_MAIL
from app.models.messages import Column
from app.views.demo_picker import DemoPickerDialog
from tests.body_corpus import FOLDER
from tests.graph_client import ADELE, ALEX, MEGAN
from tests.views.conftest import LOAD_TIMEOUT_MS, save_screenshot, wait_until_settled
from tests.views.person import (
    Person,
    idle,
    picture,
    press,
    quit_from_the_menu,
    run_deputy,
    settled,
    shown,
)
from tests.views.test_meetings import DINNER_DAY, _Counter
from tests.views.test_person_start import PICKER

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _messages_read(emulator) -> int:
    stats = requests.get(f"{emulator.base_url}/_emulator/stats", timeout=5).json()
    return stats["by_path"].get("GET /me/messages", 0)


def _meeting_mail(emulator, address: str) -> list:
    person = emulator.tenant.find(address)
    return [m for m in person.mailbox.messages.values() if m.meeting_message_type]


def _open_messages(qtbot, window):
    QTest.keyClick(window, Qt.Key.Key_4, CTRL_SHIFT)
    view = window.messages_view
    qtbot.waitUntil(lambda: window.current_view == "messages", timeout=LOAD_TIMEOUT_MS)
    return view


def test_an_assistant_with_20000_messages_sees_her_meeting_mail_after_a_few_requests(
        qtbot, open_deputy, emulator, tmp_path):
    with emulator.tenant.lock:
        fill_mailbox(emulator.tenant, 20000)
    before = _messages_read(emulator)
    window = open_deputy(ADELE)
    view = _open_messages(qtbot, window)

    # Every meeting message of the inbox is listed, newest first...
    expected = _meeting_mail(emulator, ADELE)
    assert view.proxy.rowCount() == len(expected)
    newest = max(expected, key=lambda m: m.received)
    assert view.proxy.index(0, Column.SUBJECT).data() == newest.subject
    # ...after at most three pages of meeting mail and three of invitations, not the
    # hundred and twenty-one pages of the whole inbox.
    read = _messages_read(emulator) - before
    assert read <= MEETING_MAIL.pages + INVITATIONS.pages
    # The note says the list stops at the newest messages, and where.
    assert "among the newest messages of your inbox: since" in view.note.text()
    assert "Older ones are in Outlook." in view.note.text()
    window.grab().save(str(tmp_path / "large-inbox.png"))

    # F5 reads the same window again, at the same cost.
    before_refresh = _messages_read(emulator)
    QTest.keyClick(window, Qt.Key.Key_F5)
    wait_until_settled(qtbot, window)
    assert _messages_read(emulator) - before_refresh == read
    assert view.proxy.rowCount() == len(expected)


def test_a_small_inbox_says_it_shows_the_last_30_days(qtbot, open_deputy, emulator):
    window = open_deputy(ADELE)
    view = _open_messages(qtbot, window)
    assert view.proxy.rowCount() == len(_meeting_mail(emulator, ADELE))
    assert view.note.text().startswith(
        f"Requests and responses Outlook delivered to you in the last {MEETING_MAIL.days} days")


def _click_row(qtbot, view, subject: str) -> None:
    """Click the message with this subject, as a person picks it from the list."""
    rows = [view.proxy.index(r, Column.SUBJECT).data() for r in range(view.proxy.rowCount())]
    index = view.proxy.index(rows.index(subject), Column.SUBJECT)
    view.table.scrollTo(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(index).center())
    qtbot.waitUntil(lambda: view.title.text() == subject, timeout=LOAD_TIMEOUT_MS)


def _for_column(view, subject: str) -> str:
    rows = [view.proxy.index(r, Column.SUBJECT).data() for r in range(view.proxy.rowCount())]
    return view.proxy.index(rows.index(subject), Column.FOR).data()


def test_a_response_without_its_meeting_is_still_listed_for_whom_and_when(
        qtbot, open_deputy, emulator, tmp_path):
    """Outlook may give a response's meeting as "event": {}: the list still loads, the
    response is still for Patti, and its meeting time is the one the message gives."""
    emulator.set_quirks(emulator.quirks.without("empty-event-on-responses"))
    window = open_deputy(ADELE)
    view = _open_messages(qtbot, window)
    subject = "Tentative: Forecast review"
    _click_row(qtbot, view, subject)
    whole = view.facts.text().splitlines()
    assert whole[0] == "Tentative · from Christie Cline · for Patti Fernandez"
    meeting_time, comment = whole[1], view.body.toPlainText()  # as the meeting gives them

    emulator.set_quirks(emulator.quirks.plus("empty-event-on-responses"))
    QTest.keyClick(window, Qt.Key.Key_F5)
    wait_until_settled(qtbot, window)
    assert view.proxy.rowCount() == len(_meeting_mail(emulator, ADELE))
    assert _for_column(view, subject) == "Patti Fernandez"
    _click_row(qtbot, view, subject)
    bare = view.facts.text().splitlines()
    assert bare[0] == "Tentative · from Christie Cline · for Patti Fernandez"
    assert bare[1] == f"{meeting_time} (as the message gives it)"
    assert bare[2].startswith("Outlook sent this message without its meeting's details")
    assert view.body.toPlainText() == comment
    window.grab().save(str(tmp_path / "bare-response.png"))


def test_a_request_whose_meeting_is_gone_fails_no_page_and_says_so(
        qtbot, open_deputy, emulator, tmp_path):
    """The service fails a whole expanded page for one message whose meeting is gone:
    Megan still sees every meeting message, each with its meeting but that one."""
    emulator.set_quirks(emulator.quirks.plus("expand-fails-on-a-removed-meeting"))
    window = open_deputy(MEGAN)
    view = _open_messages(qtbot, window)
    assert view.proxy.rowCount() == len(_meeting_mail(emulator, MEGAN))
    assert window.message_bar.message == ""
    _click_row(qtbot, view, "Sales pipeline review")
    assert view.facts.text().splitlines()[1] == (
        "The meeting is no longer in the calendar (declined or cancelled).")
    requests_ = [m for m in window.workspace.meetings.messages.messages
                 if m.subject != "Sales pipeline review"
                 and m.meeting_message_type == "meetingRequest"]
    assert requests_ and all(m.event is not None for m in requests_)
    window.grab().save(str(tmp_path / "gone-meeting.png"))


def test_deputy_demo_with_a_20000_message_inbox_opens_adeles_meeting_mail():
    """``deputy --demo --seed contoso:messages=20000``, as an assistant starts it: the
    picker, Enter, Ctrl+Shift+4, and her meeting mail with the note on how far back."""
    seen: dict[str, object] = {}

    def person() -> Person:
        yield shown(DemoPickerDialog, PICKER)
        press(Qt.Key.Key_Return)
        window = yield settled("Adele Vance")
        press(Qt.Key.Key_4, CTRL_SHIFT)
        yield idle(window)
        view = window.messages_view
        seen["tab"] = window.current_view == "messages"
        seen["rows"] = view.proxy.rowCount()
        seen["newest"] = view.proxy.index(0, Column.SUBJECT).data()
        seen["note"] = view.note.text()
        picture(window, "large-inbox-demo.png")
        quit_from_the_menu()

    assert run_deputy(["--demo", "--seed", "contoso:messages=20000"], person()) == 0
    assert seen["tab"] is True
    contoso = build_tenant("contoso").find(ADELE)  # the same seed, without the mail
    meeting_mail = [m for m in contoso.mailbox.messages.values() if m.meeting_message_type]
    assert seen["rows"] == len(meeting_mail)  # none lost among the 20,000
    assert seen["newest"] == max(meeting_mail, key=lambda m: m.received).subject
    assert "among the newest messages of your inbox: since" in str(seen["note"])


def test_a_request_built_to_break_the_view_shows_the_words_after_the_hostile_part(
        qtbot, open_deputy, graph, tmp_path):
    """Alex's invitation carries the corpus's worst body (an iframe, noscript, style,
    object, textarea and title never closed, 30 nested tables and lists, a javascript:
    link, remote and local images, <base>, <link>, <meta refresh>, a comment never
    closed). Adele opens it in Meeting messages: the words after all that are there,
    nothing was fetched, the view answers at once."""
    tracker = _Counter()
    try:
        body = (FOLDER / "bodies" / "worst.html").read_text(encoding="utf-8").replace(
            "https://tracker.example", tracker.url).replace("https://evil.example", tracker.url)
        alex = graph(ALEX, "Calendars.ReadWrite")
        assert alex.post("/me/events", json={
            "subject": "Lease signing",
            "start": {"dateTime": f"{DINNER_DAY}T10:00:00", "timeZone": "UTC"},
            "end": {"dateTime": f"{DINNER_DAY}T11:00:00", "timeZone": "UTC"},
            "attendees": [{"type": "required",
                           "emailAddress": {"address": ADELE, "name": "Adele Vance"}}],
            "body": {"contentType": "html", "content": body}}).status_code == 201

        window = open_deputy(ADELE)
        view = _open_messages(qtbot, window)
        _click_row(qtbot, view, "Lease signing")
        shown = " ".join(view.body.toPlainText().split())
        for words in ("Agenda: budget", "Bring the signed lease", "Room 4.2", "Thanks"):
            assert words in shown
        assert "alert" not in shown
        # The style that never closes shows its rule as the words they are, nothing more.
        assert f"p{{background:url({tracker.url}/bg.png)}}" in shown
        html = view.body.toHtml()
        assert "javascript:" not in html and "<img" not in html and "href" not in html
        view.body.viewport().grab()
        assert view.body.refused == []
        assert tracker.hits == []
        save_screenshot(window, "worst-body.png", tmp_path)
    finally:
        tracker.close()
