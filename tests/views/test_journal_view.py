"""The change journal against the emulator: each change in the real app is recorded once,
with Graph's request-id, and the journal view shows, filters and exports it."""

from __future__ import annotations

import csv
from urllib.parse import unquote, urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.graph.roles import role_label
from app.journal import ChangeDraft, ChangeJournal, ChangeKind, JournalEntry
from app.models.calendars import Column as CalendarColumn
from app.models.journal import Column
from app.tasks import TaskRunner
from app.views.journal_view import ALL_CHANGES, JournalView
from tests.graph.client.conftest import set_faults
from tests.graph_client import ADELE, ALEX, CHRISTIE, LEE, MEGAN
from tests.views.conftest import LOAD_TIMEOUT_MS, wait_until_settled
from tests.views.test_dialog_keys import open_pricing_approval
from tests.views.test_main_window import alex_sharing, select_mailbox, select_person
from tests.views.test_meetings import DINNER_DAY, fill, meetings_of, open_compose, send

ALEX_SIGNED_IN = "Alex Wilber (AlexW@contoso.com)"
FOR_ALEX = "Alex Wilber <AlexW@contoso.com>"


class GraphAnswers:
    """What the emulator answered one window's Graph client, seen through requests' own
    response hook: (method, path, status, request-id), and the bearer tokens sent."""

    def __init__(self, window) -> None:
        self.seen: list[tuple[str, str, int, str]] = []
        self.tokens: set[str] = set()
        window.workspace.session.service.client.session.hooks["response"].append(self._seen)

    def _seen(self, response, *_args, **_kwargs) -> None:
        self.seen.append((response.request.method, unquote(urlsplit(response.url).path),
                          response.status_code, response.headers.get("request-id", "")))
        self.tokens.add(response.request.headers["Authorization"].removeprefix("Bearer "))

    def request_id(self, method: str, path_contains: str) -> str:
        """The request-id of the one answer to ``method`` on a path containing that."""
        found = [rid for m, path, _status, rid in self.seen
                 if m == method and path_contains.casefold() in path.casefold()]
        assert len(found) == 1, (method, path_contains, self.seen)
        return found[0]


def journal_of(window) -> ChangeJournal:
    journal = window.workspace.jobs.journal
    assert journal is not None
    return journal


def newest_change(qtbot, window, count: int) -> JournalEntry:
    """Once the change has run: the journal holds ``count`` changes; the newest."""
    wait_until_settled(qtbot, window)
    entries = journal_of(window).entries()
    assert len(entries) == count, entries
    return entries[0]


# ---------------------------------------------------------------------- sharing, as Alex

def test_each_sharing_change_is_recorded_once_with_its_request_id(qtbot, open_deputy,
                                                                  deputy_home):
    window, view = alex_sharing(qtbot, open_deputy, "Kids parties", "Adele Vance")
    answers = GraphAnswers(window)
    assert journal_of(window).path == deputy_home / "data" / "journal.db"

    # A role changed, through the role dialog.
    view.change_selected()
    view.dialog.choice.choose("write")
    qtbot.mouseClick(view.dialog.save_button, Qt.MouseButton.LeftButton)
    entry = newest_change(qtbot, window, 1)
    assert (entry.kind, entry.identity, entry.on_behalf, entry.target, entry.before,
            entry.after, entry.outcome) == (
        ChangeKind.ROLE_CHANGED, ALEX_SIGNED_IN, FOR_ALEX,
        "Alex Wilber's Kids parties — Adele Vance", "Can view all details", "Can edit", "done")
    assert entry.request_id == answers.request_id("PATCH", "/calendarPermissions/")

    # Someone outside the company added.
    view.add_person()
    dialog = view.dialog
    qtbot.keyClicks(dialog.address_edit, "samanthab@adatum.com")
    qtbot.waitUntil(lambda: bool(dialog.choice.offered), timeout=LOAD_TIMEOUT_MS)
    dialog.choice.choose("limitedRead")
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    entry = newest_change(qtbot, window, 2)
    assert (entry.kind, entry.on_behalf, entry.before, entry.after, entry.outcome) == (
        ChangeKind.PERMISSION_ADDED, FOR_ALEX, "No access", "Can view titles and locations",
        "done")
    assert entry.target.startswith("Alex Wilber's Kids parties — ")
    assert entry.request_id == answers.request_id("POST", "/calendarPermissions")

    # Megan removed.
    select_person(window, "Megan Bowen")
    removed_role = view.selected_permission().role
    view.remove_selected()
    stop = next(b for b in view.dialog.buttons() if b.text() == "&Stop sharing")
    assert isinstance(view.dialog, QMessageBox)
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    entry = newest_change(qtbot, window, 3)
    assert (entry.kind, entry.target, entry.after, entry.outcome) == (
        ChangeKind.PERMISSION_REMOVED, "Alex Wilber's Kids parties — Megan Bowen", "No access",
        "done")
    assert entry.before == role_label(removed_role)
    assert entry.request_id == answers.request_id("DELETE", "/calendarPermissions/")

    # The delivery option.
    view.delivery_buttons["sendToDelegateAndPrincipal"].click()
    entry = newest_change(qtbot, window, 4)
    assert (entry.kind, entry.on_behalf, entry.target, entry.before, entry.after) == (
        ChangeKind.DELIVERY_OPTION, FOR_ALEX,
        "Who receives Alex Wilber's meeting requests and responses", "Delegates only",
        "Delegates and Alex Wilber")
    assert entry.request_id == answers.request_id("PATCH", "/mailboxSettings")

    # Nothing secret in the file: no bearer token the client sent.
    stored = b"".join(p.read_bytes() for p in (deputy_home / "data").glob("journal.db*"))
    assert answers.tokens and not any(t.encode() in stored for t in answers.tokens)
    assert b"Bearer" not in stored


def test_a_failed_change_is_recorded_as_failed_with_its_request_id(qtbot, open_deputy,
                                                                   emulator):
    window, view = alex_sharing(qtbot, open_deputy, "Kids parties")
    answers = GraphAnswers(window)
    view.add_person()
    dialog = view.dialog
    qtbot.keyClicks(dialog.address_edit, "samanthab@adatum.com")
    qtbot.waitUntil(lambda: bool(dialog.choice.offered), timeout=LOAD_TIMEOUT_MS)
    dialog.choice.choose("limitedRead")
    wait_until_settled(qtbot, window)
    set_faults(emulator, fail_next=1, fail_with=[502])  # a POST is never sent twice
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    entry = newest_change(qtbot, window, 1)
    assert entry.kind == ChangeKind.PERMISSION_ADDED
    assert entry.failed
    assert entry.outcome == f"failed: {window.message_bar.message}"
    failed = [rid for method, _path, status, rid in answers.seen
              if method == "POST" and status == 502]
    assert failed and entry.request_id == failed[-1]


# ---------------------------------------------------------------------- meetings, as Adele

def test_an_invitation_sent_for_alex_and_an_answer_for_patti_are_recorded(qtbot, open_deputy):
    window = meetings_of(qtbot, open_deputy, ADELE, "Alex Wilber", DINNER_DAY)
    answers = GraphAnswers(window)
    dialog = open_compose(qtbot, window)
    fill(dialog)
    send(qtbot, dialog)
    entry = newest_change(qtbot, window, 1)
    assert (entry.kind, entry.identity, entry.on_behalf, entry.target, entry.before) == (
        ChangeKind.INVITATION_SENT, "Adele Vance (AdeleV@contoso.com)", FOR_ALEX,
        "Christmas dinner", "")
    assert entry.after == (f"{DINNER_DAY:%d %b %Y} 18:00 to {DINNER_DAY:%d %b %Y} 22:00 "
                           f"(Pacific Standard Time), to Megan Bowen, {CHRISTIE}")
    assert entry.request_id == answers.request_id("POST", "/events")
    assert MEGAN not in entry.after  # names where they were typed

    answer = open_pricing_approval(qtbot, window, "accept")
    answer.comment.setPlainText("Patti will join from the airport.")
    answer.accept_button.click()
    entry = newest_change(qtbot, window, 2)
    assert (entry.kind, entry.on_behalf, entry.target, entry.before, entry.after,
            entry.outcome) == (
        ChangeKind.RESPONSE_SENT, "Patti Fernandez <pattif@contoso.com>", "Pricing approval",
        "Not answered", "Accepted, with a comment", "done")
    assert entry.request_id == answers.request_id("POST", "/accept")


# ---------------------------------------------------------------------- the view

@pytest.fixture
def runner():
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def _recorded(tmp_path) -> ChangeJournal:
    journal = ChangeJournal(tmp_path / "journal.db")
    for kind, target, before, after in (
            (ChangeKind.ROLE_CHANGED, "Alex Wilber's Calendar — Christie Cline", "Can view",
             "Can edit"),
            (ChangeKind.PERMISSION_REMOVED, "Alex Wilber's Calendar — Megan Bowen", "Can view",
             "No access"),
            (ChangeKind.INVITATION_SENT, 'Board dinner, "Q4"', "", "to Megan Bowen")):
        journal.record(ChangeDraft(kind, FOR_ALEX, target, before, after),
                       identity="Adele Vance (AdeleV@contoso.com)", request_id=f"id-{kind.name}",
                       outcome="done")
    return journal


def _shown(view: JournalView, column: Column) -> list[str]:
    return [view.proxy.index(r, column).data() for r in range(view.proxy.rowCount())]


def test_the_view_shows_filters_and_exports_what_is_shown(qtbot, qtmodeltester, runner,
                                                          tmp_path):
    journal = _recorded(tmp_path)
    view = JournalView(journal, runner)
    qtbot.addWidget(view)
    assert view.count.text() == ""
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        view.reload()
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    assert _shown(view, Column.CHANGE) == ["Invitation sent", "Permission removed",
                                           "Role changed"]
    assert _shown(view, Column.BEFORE_AFTER) == ["to Megan Bowen", "Can view → No access",
                                                 "Can view → Can edit"]
    assert view.count.text() == "3 changes shown."

    view.kind_box.setCurrentIndex(view.kind_box.findText("Role changed"))
    assert _shown(view, Column.TARGET) == ["Alex Wilber's Calendar — Christie Cline"]
    assert view.count.text() == "1 of 3 changes shown."
    view.kind_box.setCurrentIndex(view.kind_box.findText(ALL_CHANGES))
    qtbot.keyClicks(view.search, "MEGAN")
    assert _shown(view, Column.REQUEST_ID) == ["id-INVITATION_SENT", "id-PERMISSION_REMOVED"]
    assert view.count.text() == "2 of 3 changes shown."

    path = tmp_path / "export" / "megan.csv"
    path.parent.mkdir()
    view.export_button.click()
    dialog = view.dialog
    assert dialog is not None
    with qtbot.waitSignal(view.exported, timeout=LOAD_TIMEOUT_MS) as exported:
        dialog.selectFile(str(path))
        dialog.accept()
    assert exported.args == [str(path)]
    assert view.note.text() == f"Exported 2 changes to {path}."
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert [r[4] for r in rows[1:]] == ['Board dinner, "Q4"',
                                        "Alex Wilber's Calendar — Megan Bowen"]

    journal.record(ChangeDraft(ChangeKind.DELIVERY_OPTION, FOR_ALEX, "Megan's meeting requests"),
                   identity="Megan Bowen", request_id="later", outcome="done")
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        view.reload()
    assert view.count.text() == "3 of 4 changes shown."  # the filters stay
    journal.close()


def test_an_empty_journal_says_so(qtbot, runner, tmp_path):
    journal = ChangeJournal(tmp_path / "journal.db")
    view = JournalView(journal, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        view.reload()
    assert view.count.text() == "No changes recorded yet."
    assert not view.export_button.isEnabled()
    journal.close()


# ---------------------------------------------------------------------- my own calendars

def test_an_accepted_invitation_and_a_renamed_copy_are_recorded(qtbot, open_deputy, graph,
                                                               emulator):
    # Graph accepts the invitation as its contract has it; the service leaves that to
    # Outlook (tests/views/test_invitations_in_outlook.py).
    emulator.set_quirks(emulator.quirks.without("sharing-accept-unsupported"))
    alex = graph(ALEX, "Calendars.ReadWrite")
    calendar = next(c for c in alex.get_all("/me/calendars") if c["name"] == "Kids parties")
    alex.post(f"/me/calendars/{calendar['id']}/calendarPermissions",
              {"emailAddress": {"address": LEE, "name": "Lee Gu"},
               "role": "read"}).raise_for_status()
    window = open_deputy(LEE)
    answers = GraphAnswers(window)
    qtbot.mouseClick(window.calendars_view.accept_button, Qt.MouseButton.LeftButton)
    entry = newest_change(qtbot, window, 1)
    assert (entry.kind, entry.identity, entry.on_behalf, entry.target, entry.after) == (
        ChangeKind.SHARED_CALENDAR_ADDED, "Lee Gu (LeeG@contoso.com)", "Lee Gu <LeeG@contoso.com>",
        "Kids parties, shared by Alex Wilber <AlexW@contoso.com>", "In your calendars")
    assert entry.request_id == answers.request_id("POST", "/accept")

    select_mailbox(qtbot, window, "Alex Wilber")
    model = window.calendars_view.model
    row = next(i for i, c in enumerate(model.calendars) if c.name == "Kids parties")
    assert model.setData(model.index(row, CalendarColumn.NAME), "Alex's kids")
    entry = newest_change(qtbot, window, 2)
    assert (entry.kind, entry.on_behalf, entry.target, entry.before, entry.after) == (
        ChangeKind.CALENDAR_RENAMED, "Lee Gu <LeeG@contoso.com>",
        "Your copy of Alex Wilber's calendar", "Kids parties", "Alex's kids")
    assert entry.request_id == answers.request_id("PATCH", "/calendars/")
