"""Deputy's Graph client against the emulator: retries, idempotency, paging, errors."""

from __future__ import annotations

import logging
import threading

import pytest

from app.graph.errors import GraphError
from app.graph.http import BatchRequest
from app.graph.services import CalendarRef
from tests.graph.client.conftest import emulator_stats, set_faults
from tests.graph_client import ADELE, ALEX, CHRISTIE, LEE

DINNER = {
    "subject": "Board dinner",
    "start": {"dateTime": "2030-05-05T18:00:00", "timeZone": "Pacific Standard Time"},
    "end": {"dateTime": "2030-05-05T21:00:00", "timeZone": "Pacific Standard Time"},
    "attendees": [{"emailAddress": {"address": CHRISTIE}, "type": "required"},
                  {"emailAddress": {"address": LEE}, "type": "required"}],
}


def test_paging_is_followed_whole(library):
    _, client, _ = library(ALEX)
    everything = client.get_all("/me/events", scopes=["Calendars.Read"])
    assert len(everything) > 10
    assert client.stats.requests >= 2


def test_retry_after_is_honoured_for_429_and_503(library, emulator):
    _, client, sleep = library(ALEX)
    set_faults(emulator, fail_next=2, fail_with=[503], retry_after=3)
    assert client.get("/me/calendar", scopes=["Calendars.Read"])["name"] == "Calendar"
    assert sleep.waits == [3.0, 3.0]
    set_faults(emulator, fail_next=1, fail_with=[429], retry_after=7)
    client.get("/me/calendar", scopes=["Calendars.Read"])
    assert sleep.waits[-1] == 7.0
    assert client.stats.throttled == 1


def test_transient_failures_back_off_with_a_bound(library, emulator):
    _, client, sleep = library(ALEX)
    set_faults(emulator, fail_next=3, fail_with=["reset"])
    assert client.get("/me/calendar", scopes=["Calendars.Read"])["id"]
    assert len(sleep.waits) == 3
    assert all(0 <= wait <= 0.05 for wait in sleep.waits)
    set_faults(emulator, fail_rate=1, fail_with=[502])
    with pytest.raises(GraphError) as failure:
        client.get("/me/calendar", scopes=["Calendars.Read"])
    assert failure.value.status == 502
    assert len(sleep.waits) == 3 + client.retry.attempts - 1


def test_a_plain_post_is_never_repeated(library, emulator):
    _, client, _ = library(ALEX)
    before = emulator_stats(emulator)["requests"]
    set_faults(emulator, fail_next=1, fail_with=["drop_response"])
    with pytest.raises(GraphError) as failure:
        client.post("/me/calendars", {"name": "Board"}, scopes=["Calendars.ReadWrite"])
    assert failure.value.status == 0
    assert emulator_stats(emulator)["requests"] == before + 1
    names = [c["name"] for c in client.get_all("/me/calendars", scopes=["Calendars.Read"])]
    assert names.count("Board") == 1  # it was created once; the answer was lost


def test_lost_answer_to_an_invitation_gives_one_event_and_one_invitation_each(
        library, emulator, graph):
    service, client, _ = library(ADELE)
    set_faults(emulator, fail_next=1, fail_with=["drop_response"])
    event = service.create_event(CalendarRef(ALEX), DINNER)
    assert event.organizer.email_address.address == ALEX
    assert client.stats.retries == 1
    alex = graph(ALEX, "Calendars.Read")
    window = {"startDateTime": "2030-05-05T00:00:00", "endDateTime": "2030-05-07T00:00:00"}
    assert [e["subject"] for e in alex.get_all("/me/calendarView", params=window)] == [
        "Board dinner"]
    for attendee in (CHRISTIE, LEE):
        inbox = graph(attendee, "Mail.Read").get_all("/me/messages")
        assert [m["subject"] for m in inbox].count("Board dinner") == 1


def test_lost_answer_to_a_delete_counts_as_done(library, emulator):
    _, client, _ = library(ALEX)
    created = client.post("/me/events", DINNER, scopes=["Calendars.ReadWrite"]).json()
    set_faults(emulator, fail_next=1, fail_with=["drop_response"])
    client.delete(f"/me/events/{created['id']}", scopes=["Calendars.ReadWrite"])
    with pytest.raises(GraphError) as gone:
        client.get(f"/me/events/{created['id']}", scopes=["Calendars.Read"])
    assert gone.value.status == 404


def test_errors_carry_status_code_request_id_and_a_sentence(library, caplog):
    service, _, _ = library(ADELE)
    with pytest.raises(GraphError) as failure:
        service.permissions(CalendarRef(ALEX), "Alex Wilber")
    error = failure.value
    assert (error.status, error.code) == (403, "ErrorAccessDenied")
    assert error.request_id
    assert str(error) == "Only Alex Wilber or an administrator can see who can see this calendar."
    logged = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert error.request_id in logged[-1].getMessage()


def test_each_thread_knows_the_request_id_of_its_own_last_answer(library):
    _, client, _ = library(ALEX)
    assert client.last_request_id() is None
    answers: dict[str, str] = {}

    def read(name: str) -> None:
        response = client.request("GET", "/me/calendars", scopes=["Calendars.Read"])
        assert client.last_request_id() == response.headers["request-id"]
        answers[name] = client.last_request_id()

    threads = [threading.Thread(target=read, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(answers.values())) == 2
    assert client.last_request_id() is None  # this thread sent nothing
    with pytest.raises(GraphError) as failure:
        client.get("/me/calendars/nope", scopes=["Calendars.Read"])
    assert client.last_request_id() == failure.value.request_id
    client.forget_request_id()
    assert client.last_request_id() is None


def test_bad_input_comes_back_in_graph_words(library):
    service, _, _ = library(ALEX)
    with pytest.raises(GraphError) as failure:
        service.add_permission(CalendarRef(), "samanthab@adatum.com", "write", "Alex Wilber")
    assert failure.value.status == 400
    assert "outside the organization" in str(failure.value)


def test_scopes_are_asked_per_feature(library):
    service, client, _ = library(ADELE)
    service.calendars()
    assert client.tokens.granted_scopes == ["Calendars.Read", "User.Read"]
    service.calendar_view(CalendarRef(ALEX), *_week())
    assert "Calendars.Read.Shared" in client.tokens.granted_scopes
    assert "Mail.Read.Shared" not in client.tokens.granted_scopes
    service.meeting_messages()
    assert "Mail.Read.Shared" in client.tokens.granted_scopes
    assert not any("Write" in s for s in client.tokens.granted_scopes)


def _week():
    from datetime import UTC, datetime, timedelta

    start = datetime.now(UTC) - timedelta(days=7)
    return start, start + timedelta(days=14)


@pytest.mark.parametrize("together", [False, True])
def test_a_flow_together_hands_over_every_batch_back_by_then_as_one_list(
        library, together, qtbot):
    _, client, _ = library(None, max_concurrency=4)
    users = ["AdeleV@contoso.com", "AlexW@contoso.com", "LeeG@contoso.com",
             "PattiF@contoso.com", "MeganB@contoso.com"]
    asked = [BatchRequest("GET", f"/users/{users[i % 5]}/mailboxSettings", id=str(i))
             for i in range(80)]  # four batches of 20, at most 4 per mailbox each
    flow = client.flow(asked, scopes=["MailboxSettings.Read"], together=together)
    answers = iter(flow)
    sizes = [len(next(answers))]

    def all_back() -> bool:
        with flow._lock:  # a batch's answers are queued with the lock held
            return flow._running == 0

    qtbot.waitUntil(all_back, timeout=10_000)  # the other three came back meanwhile
    sizes += [len(more) for more in answers]
    assert sizes == ([20, 60] if together else [20, 20, 20, 20])


def test_a_flow_sends_no_more_while_its_reader_is_behind(library, qtbot):
    """A reader that can't keep up (a busy computer) is not flooded: answers parsed and
    waiting are every garbage collection's to walk until they are read."""
    _, client, _ = library(None, max_concurrency=2)
    users = ["AdeleV@contoso.com", "AlexW@contoso.com", "LeeG@contoso.com",
             "PattiF@contoso.com", "MeganB@contoso.com"]
    asked = [BatchRequest("GET", f"/users/{users[i % 5]}/mailboxSettings", id=str(i))
             for i in range(200)]  # ten batches of 20
    flow = client.flow(asked, scopes=["MailboxSettings.Read"])
    answers = iter(flow)
    read = len(next(answers))  # then the reader is busy elsewhere

    def nothing_in_flight() -> bool:
        with flow._lock:
            return flow._running == 0

    qtbot.waitUntil(nothing_in_flight, timeout=10_000)
    # One batch read; at most two waiting per connection: the rest not sent yet.
    assert client.stats.batches <= 1 + 2 * 2
    read += sum(len(more) for more in answers)
    assert read == 200 and client.stats.batches == 10
