"""Deputy's Graph library where the service answers otherwise than its pages.

Each test names the quirk it meets (app/graph/emulator/quirks.py) and checks both what
the emulator answers with it and that Deputy's code ends where the person wanted.
"""

from __future__ import annotations

import pytest

from app.graph.emulator.quirks import Quirks
from app.graph.emulator.server import EmulatorServer
from app.graph.errors import GraphError
from app.graph.http import BatchRequest, GraphClient, RetryPolicy
from app.graph.services import AcceptInOutlook, CalendarRef
from tests.graph.client.conftest import RecordedSleep, demo_tokens, emulator_stats, set_faults
from tests.graph.client.test_http import DINNER
from tests.graph_client import ADELE, ALEX, CHRISTIE, LEE

ADMIN_ROLES = ["Calendars.ReadWrite", "MailboxSettings.ReadWrite", "User.Read.All"]


def only(*names: str) -> Quirks:
    return Quirks(set(names))


def refusals(emulator, status: str) -> int:
    """Answers of this status so far (the emulator's counters last the whole session)."""
    return emulator_stats(emulator)["by_status"].get(status, 0)


# ---------------------------------------------------------------- sharing invitations

def _invitation_for_christie(graph) -> str:
    graph(ALEX, "Calendars.ReadWrite").post(
        "/me/calendar/calendarPermissions",
        {"emailAddress": {"address": CHRISTIE}, "role": "read"}).raise_for_status()
    return next(m["id"] for m in graph(CHRISTIE, "Mail.Read").get_all("/me/messages")
                if m["@odata.type"].endswith("calendarSharingMessage"))


def test_the_service_refuses_to_accept_a_sharing_invitation(graph, emulator, library):
    emulator.set_quirks(only("sharing-accept-unsupported"))
    message = _invitation_for_christie(graph)
    christie = graph(CHRISTIE, "Calendars.ReadWrite", "Mail.Read")
    namespaced = christie.post(
        f"/me/messages/{message}/microsoft.graph.calendarSharingMessage/microsoft.graph.accept")
    assert namespaced.status_code == 400
    assert namespaced.json()["error"]["code"] == "RequestBroker--ParseUri"
    short = christie.post(f"/me/messages/{message}/calendarSharingMessage/microsoft.graph.accept")
    assert short.status_code == 400
    assert short.json()["error"]["message"].startswith("Multiple action overloads")
    service, _, _ = library(CHRISTIE)
    with pytest.raises(AcceptInOutlook) as where:
        service.accept_sharing_invitation(message)
    assert "only from Outlook" in str(where.value)
    assert all(c.owner.address != ALEX for c in service.calendars())


# ---------------------------------------------------------------- transactionId

def test_a_repeated_transaction_id_is_refused_by_the_service(graph, emulator):
    emulator.set_quirks(only("duplicate-transaction-id"))
    adele = graph(ADELE, "Calendars.ReadWrite.Shared")
    body = {**DINNER, "transactionId": "4b9c1e0a-dinner"}
    first = adele.post(f"/users/{ALEX}/calendar/events", body)
    assert first.status_code == 201
    again = adele.post(f"/users/{ALEX}/calendar/events", body)
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "ErrorDuplicateTransactionId"
    emulator.set_quirks(Quirks(frozenset()))
    documented = adele.post(f"/users/{ALEX}/calendar/events", body)
    assert (documented.status_code, documented.json()["id"]) == (201, first.json()["id"])


@pytest.mark.parametrize("profile", [only("duplicate-transaction-id"), Quirks(frozenset())],
                         ids=["service", "documented"])
def test_a_send_whose_answer_was_lost_ends_as_one_meeting_without_an_error(
        library, emulator, graph, profile):
    emulator.set_quirks(profile)
    service, client, _ = library(ADELE)
    before = refusals(emulator, "400")
    set_faults(emulator, fail_next=1, fail_with=["drop_response"])
    event = service.create_event(CalendarRef(ALEX), DINNER)
    assert client.stats.retries == 1
    assert refusals(emulator, "400") - before == (1 if profile.names else 0)
    window = {"startDateTime": "2030-05-05T00:00:00", "endDateTime": "2030-05-07T00:00:00"}
    alex_events = graph(ALEX, "Calendars.Read").get_all("/me/calendarView", params=window)
    assert [e["subject"] for e in alex_events] == ["Board dinner"]
    assert event.subject == "Board dinner"
    assert event.organizer.email_address.address == ALEX
    for attendee in (CHRISTIE, LEE):
        inbox = graph(attendee, "Mail.Read").get_all("/me/messages")
        assert [m["subject"] for m in inbox].count("Board dinner") == 1


# ---------------------------------------------------------------- throttling

def test_throttled_batch_requests_carry_a_decimal_retry_after_and_are_resent(emulator):
    with EmulatorServer("contoso", concurrency_limit=1,
                        quirks=only("decimal-retry-after")
                        ) as server:
        sleep = RecordedSleep()
        client = GraphClient(server.base_url, demo_tokens(server.base_url, None),
                             sleep=sleep, retry=RetryPolicy(base_delay=5, max_delay=5))
        try:
            answers = client.batch(
                [BatchRequest("GET", f"/users/{ALEX}/calendars") for _ in range(4)],
                scopes=ADMIN_ROLES)
        finally:
            client.close()
        assert all(a.status == 200 for a in answers.values())
        assert client.stats.throttled >= 3
        assert sleep.waits and set(sleep.waits) == {0.249}  # as written: not a back-off


def test_a_bare_503_is_backed_off_and_retried(library, emulator, graph):
    emulator.set_quirks(only("bare-503"))
    set_faults(emulator, fail_rate=1, fail_with=[503])
    answer = graph(ALEX, "Calendars.Read").get("/me/calendar")
    assert answer.status_code == 503
    assert "Retry-After" not in answer.headers
    assert answer.json()["error"]["message"] == ""
    set_faults(emulator, fail_next=2, fail_with=[503])
    _, client, sleep = library(ALEX)
    assert client.get("/me/calendar", scopes=["Calendars.Read"])["name"] == "Calendar"
    assert len(sleep.waits) == 2 and all(0 <= w <= client.retry.max_delay for w in sleep.waits)


def test_a_share_throttled_after_it_was_done_is_done(library, emulator):
    emulator.set_quirks(only("throttled-after-running"))
    service, client, _ = library(ALEX)
    before = refusals(emulator, "409")
    set_faults(emulator, fail_next=1, fail_with=[429], retry_after=0)
    added = service.add_permission(CalendarRef(), LEE, "limitedRead", "Alex Wilber")
    assert (added.role, added.email_address.address) == ("limitedRead", LEE)
    assert client.stats.throttled == 1
    assert refusals(emulator, "409") - before == 1  # the resend met what the first made
    lees = [p for p in service.permissions(CalendarRef(), "Alex Wilber")
            if p.email_address.address == LEE]
    assert len(lees) == 1


def test_sharing_again_with_another_role_is_a_conflict_said_clearly(library, emulator):
    service, _, _ = library(ALEX)
    service.add_permission(CalendarRef(), LEE, "limitedRead", "Alex Wilber")
    with pytest.raises(GraphError) as conflict:
        service.add_permission(CalendarRef(), LEE, "read", "Alex Wilber")
    assert conflict.value.status == 409
    assert str(conflict.value) == (
        "Lee Gu already has access to this calendar (Can view titles and locations). To give "
        "them “Can view all details”, change their access instead of adding them again.")


def test_documented_throttling_refuses_before_doing_anything(library, emulator):
    emulator.set_quirks(Quirks(frozenset()))
    service, client, _ = library(ALEX)
    before = refusals(emulator, "409")
    set_faults(emulator, fail_next=1, fail_with=[429], retry_after=0)
    added = service.add_permission(CalendarRef(), LEE, "limitedRead", "Alex Wilber")
    assert added.role == "limitedRead" and client.stats.throttled == 1
    assert refusals(emulator, "409") == before


def test_a_send_answered_429_after_it_ran_ends_as_one_meeting(library, emulator, graph):
    """Both quirks at once: the resend after the 429 repeats the transactionId."""
    emulator.set_quirks(only("throttled-after-running", "duplicate-transaction-id"))
    service, client, _ = library(ADELE)
    before = refusals(emulator, "400")
    set_faults(emulator, fail_next=1, fail_with=[429], retry_after=0)
    event = service.create_event(CalendarRef(ALEX), DINNER)
    assert client.stats.throttled == 1 and refusals(emulator, "400") == before + 1
    window = {"startDateTime": "2030-05-05T00:00:00", "endDateTime": "2030-05-07T00:00:00"}
    alex_events = graph(ALEX, "Calendars.Read").get_all("/me/calendarView", params=window)
    assert [e["id"] for e in alex_events] == [event.id]
