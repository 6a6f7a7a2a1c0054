"""Graph protocol behaviour: errors, paging, query options, $batch, throttling, faults."""

from __future__ import annotations

import concurrent.futures
import threading

import pytest
import requests

from app.graph.emulator import EmulatorServer
from tests.graph_client import ADELE, ADMIN_ROLES, ALEX, LEE, PATTI, GraphTestClient, error_code


def test_error_shape_and_request_id(graph):
    response = graph(ADELE, "Calendars.Read").get(f"/users/{LEE}/calendar/calendarPermissions")
    error = response.json()["error"]
    assert error["code"] == "ErrorAccessDenied"
    assert error["innerError"]["request-id"] == response.headers["request-id"]
    assert error["innerError"]["date"]
    sent = graph(ADELE, "Calendars.Read").get("/me/calendar",
                                              headers={"client-request-id": "abc-123"})
    assert sent.headers["client-request-id"] == "abc-123"


def test_malformed_json_and_non_object_body(graph):
    alex = graph(ALEX, "Calendars.ReadWrite")
    response = alex.request("POST", "/me/events", data=b"{not json",
                            headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert error_code(response) == "BadRequest"
    assert alex.post("/me/events", [1, 2]).status_code == 400


def test_paths_are_case_insensitive_and_users_by_id_or_upn(graph, emulator):
    alex = graph(ALEX, "Calendars.Read", "MailboxSettings.Read")
    assert alex.get("/ME/CALENDARS").status_code == 200
    assert alex.get("/users/alexw@CONTOSO.com/MailboxSettings").status_code == 200
    assert alex.get(f"/users/{emulator.tenant.person(ALEX).id}/calendar").status_code == 200
    assert alex.get("/me/calendar/microsoft.graph.allowedCalendarSharingRoles(User='x@y.com')"
                    ).status_code == 200
    assert alex.get("/users/ghost@contoso.com/calendar").status_code == 404
    assert alex.request("GET", f"{emulator.base_url}/v2.0/me").status_code == 400


def test_paging_follows_next_links(graph):
    alex = graph(ALEX, "Calendars.Read")
    first = alex.get("/me/calendar/events").json()
    assert len(first["value"]) == 10
    assert "@odata.nextLink" in first
    everything = alex.get_all("/me/calendar/events")
    assert len(everything) > 10
    assert len({e["id"] for e in everything}) == len(everything)
    small = alex.get_all("/me/calendar/events", params={"$top": "3"})
    assert [e["id"] for e in small] == [e["id"] for e in everything]


def test_links_name_the_address_the_client_called(graph, emulator):
    """A class's emulator binds 0.0.0.0 and is called at the trainer's address: its
    next links must lead there, not to the address it binds."""
    alex = graph(ALEX, "Calendars.Read")
    port = emulator.base_url.rsplit(":", 1)[1]
    called = f"http://localhost:{port}"
    first = alex.request("GET", f"{called}/v1.0/me/calendar/events").json()
    assert first["@odata.nextLink"].startswith(f"{called}/v1.0/me/calendar/events?")
    assert first["@odata.context"].startswith(f"{called}/v1.0/$metadata#")
    assert len(alex.get_all(f"{called}/v1.0/me/calendar/events")) > 10
    # A Host that can't be a link's authority: the address the emulator binds.
    odd = alex.get("/me/calendar/events", headers={"Host": "x/../evil"}).json()
    assert odd["@odata.nextLink"].startswith(f"{emulator.base_url}/v1.0/")


def test_select_top_orderby(graph):
    alex = graph(ALEX, "Calendars.Read")
    page = alex.get("/me/events", params={"$select": "subject,start", "$top": "5",
                                          "$orderby": "subject desc"}).json()
    assert len(page["value"]) == 5
    assert all(set(e) <= {"id", "subject", "start", "@odata.etag"} for e in page["value"])
    subjects = [e["subject"] for e in page["value"]]
    assert subjects == sorted(subjects, reverse=True)
    bad = alex.get("/me/events", params={"$select": "subjcet"})
    assert bad.status_code == 400
    assert alex.get("/me/events", params={"$filter": "subject eq 'x'"}).status_code == 400
    assert alex.get("/me/events", params={"$top": "-1"}).status_code == 400


def test_batch_with_depends_on_and_failed_dependency(graph):
    alex = graph(ALEX, "Calendars.ReadWrite", "MailboxSettings.Read")
    batch = {"requests": [
        {"id": "1", "method": "GET", "url": "/me/calendars"},
        {"id": "2", "method": "GET", "url": "me/mailboxSettings", "dependsOn": ["1"]},
        {"id": "3", "method": "PATCH", "url": "/me/calendar/calendarPermissions/RGVmYXVsdA==",
         "headers": {"Content-Type": "application/json"}, "body": {"role": "owner"}},
        {"id": "4", "method": "GET", "url": "/me/calendar", "dependsOn": ["3"]},
    ]}
    response = alex.post("/$batch", batch)
    assert response.status_code == 200
    statuses = {r["id"]: r["status"] for r in response.json()["responses"]}
    assert statuses == {"1": 200, "2": 200, "3": 400, "4": 424}


def test_batch_of_five_to_one_mailbox_is_throttled(graph, emulator):
    admin = graph(roles=ADMIN_ROLES)
    batch = {"requests": [{"id": str(i), "method": "GET", "url": f"/users/{ALEX}/calendar"}
                          for i in range(5)]
             + [{"id": "other", "method": "GET", "url": f"/users/{PATTI}/calendar"}]}
    responses = {r["id"]: r for r in admin.post("/$batch", batch).json()["responses"]}
    throttled = [r for r in responses.values() if r["status"] == 429]
    assert len(throttled) == 1
    decimal = emulator.quirks.on("decimal-retry-after")  # microsoft-graph-docs#3877
    assert throttled[0]["headers"]["Retry-After"] == ("0.249" if decimal else "1")
    assert responses["other"]["status"] == 200
    stats = requests.get(f"{emulator.base_url}/_emulator/stats", timeout=5).json()
    assert stats["max_concurrency_per_mailbox"][ALEX] == 4
    assert stats["throttled"] >= 1
    assert stats["batch_subrequests"] >= 6


def test_more_than_four_concurrent_requests_to_one_mailbox_get_429(graph, emulator):
    requests.post(f"{emulator.base_url}/_emulator/faults", json={"latency_ms": 300}, timeout=5)
    admin = graph(roles=ADMIN_ROLES)
    token = admin.session.headers["Authorization"]

    def one(_):
        with requests.Session() as session:
            return session.get(f"{emulator.base_url}/v1.0/users/{ALEX}/calendar",
                               headers={"Authorization": token}, timeout=10)

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(one, range(8)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(200) == 4
    assert statuses.count(429) == 4
    throttled = next(a for a in answers if a.status_code == 429)
    assert throttled.headers["Retry-After"] == "1"
    assert throttled.json()["error"]["code"] == "ApplicationThrottled"


def test_rate_limit_per_app_per_mailbox():
    with EmulatorServer("contoso", rate_limit=5) as server:
        client = GraphTestClient.signed_in(server.base_url, ALEX, ["Calendars.Read"])
        statuses = [client.get("/me/calendar").status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        other_app = GraphTestClient.signed_in(server.base_url, ALEX, ["Calendars.Read"],
                                              client_id="another-app")
        assert other_app.get("/me/calendar").status_code == 200
        client.close()
        other_app.close()


def test_injected_faults(graph, emulator):
    faults = f"{emulator.base_url}/_emulator/faults"
    alex = graph(ALEX, "Calendars.Read")
    requests.post(faults, json={"fail_rate": 1, "fail_with": [503], "retry_after": 2}, timeout=5)
    response = alex.get("/me/calendar")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    requests.post(faults, json={"fail_rate": 1, "fail_with": [429]}, timeout=5)
    assert alex.get("/me/calendar").headers["Retry-After"] == "1"
    requests.post(faults, json={"fail_rate": 1, "fail_with": ["reset"]}, timeout=5)
    with pytest.raises(requests.ConnectionError):
        alex.get("/me/calendar")
    requests.post(faults, json={"fail_rate": 1, "fail_with": ["timeout"], "hang_seconds": 3},
                  timeout=5)
    with pytest.raises(requests.Timeout):
        alex.get("/me/calendar", timeout=0.5)
    assert requests.post(faults, json={"fail_rat": 1}, timeout=5).status_code == 400
    requests.post(faults, json={}, timeout=5)
    assert alex.get("/me/calendar").status_code == 200


def test_fault_sequence_is_reproducible(graph, emulator):
    alex = graph(ALEX, "Calendars.Read")
    runs = []
    for _ in range(2):
        requests.post(f"{emulator.base_url}/_emulator/faults",
                      json={"fail_rate": 0.5, "fail_with": [429, 503], "random_seed": 7},
                      timeout=5)
        runs.append([alex.get("/me/calendar").status_code for _ in range(12)])
    assert runs[0] == runs[1]
    assert {200, 429, 503} <= set(runs[0]) | {200}
    assert set(runs[0]) - {200}


def test_reset_restores_the_seed(graph, emulator):
    alex = graph(ALEX, "Calendars.ReadWrite")
    seeded = alex.get_all("/me/calendar/calendarPermissions")
    adele = next(p for p in seeded if p["emailAddress"].get("address") == ADELE)
    assert alex.delete(f"/me/calendar/calendarPermissions/{adele['id']}").status_code == 204
    assert len(alex.get_all("/me/calendar/calendarPermissions")) == len(seeded) - 1
    assert requests.post(f"{emulator.base_url}/_emulator/reset", timeout=5).status_code == 204
    assert alex.get_all("/me/calendar/calendarPermissions") == seeded


def test_concurrent_writes_leave_a_consistent_state(graph, emulator):
    """Eight people create ten meetings each at once, all inviting Lee."""
    people = [p.address for p in emulator.tenant.users() if p.address != LEE]
    barrier = threading.Barrier(len(people))
    refused_again = emulator.quirks.on("duplicate-transaction-id")

    def create_all(address):
        client = GraphTestClient.signed_in(emulator.base_url, address, ["Calendars.ReadWrite"])
        barrier.wait()
        for index in range(10):
            body = {"subject": f"Load {address} {index}", "attendees": [
                {"emailAddress": {"address": LEE}}],
                "start": {"dateTime": "2031-01-06T10:00:00", "timeZone": "UTC"},
                "end": {"dateTime": "2031-01-06T10:30:00", "timeZone": "UTC"},
                "transactionId": f"{address}-{index}"}
            assert client.post("/me/events", body).status_code == 201
            retried = client.post("/me/events", body).status_code  # the same transactionId
            assert retried == (400 if refused_again else 201)
        client.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(people)) as pool:
        list(pool.map(create_all, people))
    lee = graph(LEE, "Calendars.Read")
    window = {"startDateTime": "2031-01-06T00:00:00", "endDateTime": "2031-01-07T00:00:00"}
    copies = lee.get_all("/me/calendarView", params=window)
    assert len(copies) == 10 * len(people)
    assert len({e["iCalUId"] for e in copies}) == 10 * len(people)


def test_expanded_navigation_survives_select(graph):
    adele = graph(ADELE, "Mail.Read", "Calendars.Read")
    page = adele.get("/me/messages", params={
        "$select": "subject,microsoft.graph.eventMessage/meetingMessageType",
        "$expand": "microsoft.graph.eventMessage/event", "$top": "50"}).json()
    with_event = [m for m in page["value"] if "event" in m]
    assert with_event
    assert all(set(m) <= {"id", "subject", "meetingMessageType", "event", "@odata.type",
                          "@odata.etag"} for m in page["value"])
