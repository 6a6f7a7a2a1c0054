"""Events, masking, meetings on behalf, responses, cancellations and delivery options."""

from __future__ import annotations

import pytest

from tests.graph_client import (
    ADELE,
    ALEX,
    CHRISTIE,
    LEE,
    MEGAN,
    PATTI,
    error_code,
    messages_with_events,
)

WINDOW = {"startDateTime": "2030-03-01T00:00:00", "endDateTime": "2030-03-08T00:00:00"}


def _event(subject="Planning", day="2030-03-04", attendees=(), **extra):
    body = {
        "subject": subject,
        "start": {"dateTime": f"{day}T10:00:00", "timeZone": "Pacific Standard Time"},
        "end": {"dateTime": f"{day}T11:00:00", "timeZone": "Pacific Standard Time"},
        "attendees": [{"emailAddress": {"address": a}, "type": "required"} for a in attendees],
    }
    body.update(extra)
    return body


def _messages(client, subject):
    return [m for m in client.get_all("/me/messages") if m["subject"] == subject]


def test_transaction_id_makes_a_retried_post_idempotent(graph, emulator):
    """As the pages say; the service answers 400 (quirk duplicate-transaction-id:
    tests/graph/client/test_service_quirks.py)."""
    emulator.set_quirks(emulator.quirks.without("duplicate-transaction-id"))
    adele = graph(ADELE, "Calendars.ReadWrite.Shared")
    body = _event("Board dinner", attendees=[CHRISTIE], transactionId="7E163156-7762-4BEB-A1C6")
    first = adele.post(f"/users/{ALEX}/calendar/events", body)
    again = adele.post(f"/users/{ALEX}/calendar/events", body)
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["id"] == again.json()["id"]
    alex = graph(ALEX, "Calendars.Read")
    found = alex.get_all("/me/calendar/calendarView", params=WINDOW)
    assert [e["subject"] for e in found].count("Board dinner") == 1
    christie = graph(CHRISTIE, "Mail.Read")
    assert len(_messages(christie, "Board dinner")) == 1


def test_private_events_are_masked_unless_private_access(graph):
    adele = graph(ADELE, "Calendars.Read.Shared")  # delegate without private access
    megan = graph(MEGAN, "Calendars.Read.Shared")  # delegate with private access
    adele_events = adele.get_all(f"/users/{ALEX}/calendar/events")
    megan_events = megan.get_all(f"/users/{ALEX}/calendar/events")
    private_for_adele = [e for e in adele_events if e["sensitivity"] == "private"]
    assert private_for_adele
    for event in private_for_adele:
        assert "subject" not in event
        assert "body" not in event
        assert "attendees" not in event
        assert event["showAs"]
    subjects = {e["subject"] for e in megan_events if e["sensitivity"] == "private"}
    assert "Doctor appointment" in subjects
    assert "Doctor appointment" not in str(adele_events)


def test_limited_read_shows_subject_and_location_only(graph):
    alex = graph(ALEX, "Calendars.ReadWrite")
    alex.post("/me/calendar/calendarPermissions",
              {"emailAddress": {"address": CHRISTIE}, "role": "limitedRead"})
    christie = graph(CHRISTIE, "Calendars.Read.Shared")
    events = christie.get_all(f"/users/{ALEX}/calendar/events")
    normal = [e for e in events if e["sensitivity"] == "normal"]
    assert normal
    assert all("subject" in e and "location" in e for e in normal)
    assert all("body" not in e and "attendees" not in e for e in normal)


def test_free_busy_role_shows_times_only(graph):
    alex = graph(ALEX, "Calendars.ReadWrite")
    alex.post("/me/calendar/calendarPermissions",
              {"emailAddress": {"address": CHRISTIE}, "role": "freeBusyRead"})
    events = graph(CHRISTIE, "Calendars.Read.Shared").get_all(f"/users/{ALEX}/calendar/events")
    assert events
    assert all("subject" not in e and "start" in e for e in events)


def test_write_rules(graph):
    adele = graph(ADELE, "Calendars.ReadWrite.Shared")
    lee_copy = next(c for c in adele.get_all("/me/calendars") if c["name"] == "Lee Gu")
    denied = adele.post(f"/me/calendars/{lee_copy['id']}/events", _event())
    assert denied.status_code == 403  # Lee shares read only
    private = next(e for e in adele.get_all(f"/users/{ALEX}/calendar/events")
                   if e["sensitivity"] == "private")
    response = adele.patch(f"/users/{ALEX}/calendar/events/{private['id']}", {"subject": "x"})
    assert response.status_code == 403  # delegate without private access
    megan = graph(MEGAN, "Calendars.ReadWrite.Shared")
    assert megan.patch(f"/users/{ALEX}/calendar/events/{private['id']}",
                       {"categories": ["Red"]}).status_code == 200


@pytest.mark.parametrize(("change", "status", "code"), [
    ({"end": {"dateTime": "2030-03-04T09:00:00", "timeZone": "Pacific Standard Time"}}, 400,
     "ErrorCalendarEndDateIsEarlierThanStartDate"),
    ({"subjcet": "typo"}, 400, "RequestBodyRead"),
    ({"sensitivity": "secret"}, 400, "ErrorInvalidRequest"),
    ({"attendees": [{"emailAddress": {"address": "not an address"}}]}, 400,
     "ErrorInvalidRecipients"),
    # An emailAddress that is not an object has no address (not the emulator's crash).
    ({"attendees": [{"emailAddress": "meganb@contoso.com"}]}, 400, "ErrorInvalidRecipients"),
    ({"start": {"dateTime": "2030-03-04T10:00:00", "timeZone": "Mars Standard Time"}}, 400,
     "ErrorTimeZoneNotSupported"),
    ({"recurrence": {"pattern": {"type": "daily", "interval": 1}}}, 501, "NotImplemented"),
])
def test_bad_event_bodies(graph, change, status, code):
    alex = graph(ALEX, "Calendars.ReadWrite")
    body = _event()
    body.update(change)
    response = alex.post("/me/events", body)
    assert response.status_code == status, response.text
    assert error_code(response) == code


def test_calendar_view_window_and_time_zone(graph):
    alex = graph(ALEX, "Calendars.ReadWrite")
    alex.post("/me/events", _event("Inside", day="2030-03-04"))
    alex.post("/me/events", _event("Outside", day="2030-04-04"))
    found = alex.get_all("/me/calendarView", params=WINDOW,
                         headers={"Prefer": 'outlook.timezone="Eastern Standard Time"'})
    assert [e["subject"] for e in found] == ["Inside"]
    assert found[0]["start"] == {"dateTime": "2030-03-04T13:00:00.0000000",
                                 "timeZone": "Eastern Standard Time"}
    missing = alex.get("/me/calendarView")
    assert missing.status_code == 400
    assert error_code(missing) == "ErrorInvalidParameter"
    iana = alex.get_all("/me/calendarView", params=WINDOW,
                        headers={"Prefer": 'outlook.timezone="Europe/Berlin"'})
    assert iana[0]["start"]["dateTime"] == "2030-03-04T19:00:00.0000000"


def test_delegate_responds_on_behalf_with_pascal_case_parameters(graph):
    """Adele answers a request that Christie sent Patti; Christie's copy shows it."""
    adele = graph(ADELE, "Calendars.ReadWrite.Shared", "Mail.Read")
    pending = next(e for e in adele.get_all(f"/users/{PATTI}/calendar/events")
                   if e["subject"] == "Pricing approval")
    assert pending["responseStatus"]["response"] == "none"
    response = adele.post(f"/users/{PATTI}/calendar/events/{pending['id']}/accept",
                          {"Comment": "Patti will be there.", "SendResponse": True})
    assert response.status_code == 202
    christie = graph(CHRISTIE, "Calendars.Read", "Mail.Read")
    original = next(e for e in christie.get_all("/me/events") if e["subject"] == "Pricing approval")
    status = {a["emailAddress"]["address"]: a["status"]["response"] for a in original["attendees"]}
    assert status[PATTI] == "accepted"
    answer = _messages(christie, "Accepted: Pricing approval")
    assert len(answer) == 1
    assert answer[0]["sender"]["emailAddress"]["address"] == ADELE
    assert answer[0]["from"]["emailAddress"]["address"] == PATTI
    assert answer[0]["meetingMessageType"] == "meetingAccepted"
    mine = adele.get(f"/users/{PATTI}/calendar/events/{pending['id']}").json()
    assert mine["responseStatus"]["response"] == "accepted"


def test_a_sharee_who_is_not_a_delegate_cannot_respond(graph):
    adele = graph(ADELE, "Calendars.ReadWrite.Shared")
    event = adele.get_all(f"/users/{LEE}/calendar/events")[0]
    response = adele.post(f"/users/{LEE}/calendar/events/{event['id']}/decline", {})
    assert response.status_code == 403


def test_organizer_cannot_respond_and_attendee_cannot_cancel(graph):
    alex = graph(ALEX, "Calendars.ReadWrite")
    created = alex.post("/me/events", _event("Sync", attendees=[LEE])).json()
    assert alex.post(f"/me/events/{created['id']}/accept", {}).status_code == 400
    lee = graph(LEE, "Calendars.ReadWrite")
    copy = next(e for e in lee.get_all("/me/events") if e["subject"] == "Sync")
    response = lee.post(f"/me/events/{copy['id']}/cancel", {"Comment": "no"})
    assert response.status_code == 400
    assert error_code(response) == "ErrorInvalidRequest"


def test_cancel_tells_attendees(graph):
    alex = graph(ALEX, "Calendars.ReadWrite")
    created = alex.post("/me/events", _event("Offsite", attendees=[LEE, PATTI])).json()
    response = alex.post(f"/me/events/{created['id']}/cancel", {"comment": "Postponed"})
    assert response.status_code == 202
    assert alex.get(f"/me/events/{created['id']}").status_code == 404
    lee = graph(LEE, "Calendars.Read", "Mail.Read")
    copy = next(e for e in lee.get_all("/me/events") if e["subject"] == "Canceled: Offsite")
    assert copy["isCancelled"] is True
    notice = _messages(lee, "Canceled: Offsite")
    assert notice[0]["meetingMessageType"] == "meetingCancelled"


def test_decline_removes_the_meeting_from_the_calendar(graph):
    alex = graph(ALEX, "Calendars.ReadWrite")
    alex.post("/me/events", _event("Optional review", attendees=[LEE]))
    lee = graph(LEE, "Calendars.ReadWrite")
    copy = next(e for e in lee.get_all("/me/events") if e["subject"] == "Optional review")
    assert lee.post(f"/me/events/{copy['id']}/decline", {"sendResponse": False}).status_code == 202
    assert lee.get(f"/me/events/{copy['id']}").status_code == 404
    organizer = next(e for e in alex.get_all("/me/events") if e["subject"] == "Optional review")
    assert organizer["attendees"][0]["status"]["response"] == "declined"


@pytest.mark.parametrize(("option", "adele_gets", "patti_gets"), [
    ("sendToDelegateOnly", True, None),
    ("sendToDelegateAndInformationToPrincipal", True, "principalWantsCopy"),
    ("sendToDelegateAndPrincipal", True, "newMeetingRequest"),
])
def test_delivery_options_route_meeting_requests(graph, option, adele_gets, patti_gets):
    patti = graph(PATTI, "MailboxSettings.ReadWrite", "Mail.Read")
    assert patti.patch("/me/mailboxSettings",
                       {"delegateMeetingMessageDeliveryOptions": option}).status_code == 200
    lee = graph(LEE, "Calendars.ReadWrite")
    lee.post("/me/events", _event("Capacity plan", attendees=[PATTI]))
    adele = graph(ADELE, "Mail.Read")
    to_adele = _messages(adele, "Capacity plan")
    assert bool(to_adele) is adele_gets
    assert to_adele[0]["isDelegated"] is True
    to_patti = _messages(patti, "Capacity plan")
    if patti_gets is None:
        assert to_patti == []
    else:
        assert [m["meetingRequestType"] for m in to_patti] == [patti_gets]
    # Patti's calendar holds the tentative meeting whatever the option.
    assert any(e["subject"] == "Capacity plan"
               for e in graph(PATTI, "Calendars.Read").get_all("/me/events"))


def test_unknown_delivery_option_is_400(graph):
    alex = graph(ALEX, "MailboxSettings.ReadWrite")
    response = alex.patch("/me/mailboxSettings",
                          {"delegateMeetingMessageDeliveryOptions": "sendToEveryone"})
    assert response.status_code == 400
    unknown = alex.patch("/me/mailboxSettings", {"favouriteColour": "blue"})
    assert unknown.status_code == 400
    assert error_code(unknown) == "RequestBodyRead"
    assert alex.get("/me/mailboxSettings").json()[
        "delegateMeetingMessageDeliveryOptions"] == "sendToDelegateOnly"


def test_seeded_requests_wait_for_alex_delegates(graph):
    """Colleagues' requests to Alex sit unanswered in Adele's and Megan's inboxes."""
    for delegate in (ADELE, MEGAN):
        client = graph(delegate, "Mail.Read", "Calendars.Read")
        pending = [m for m in messages_with_events(client)
                   if m.get("meetingMessageType") == "meetingRequest" and m["isDelegated"]]
        assert {m["subject"] for m in pending} >= {"Deal review: Contoso Pharma",
                                                    "Architecture review"}
        # Each opens Alex's copy of the meeting, still unanswered.
        alex_copies = [m["event"] for m in pending if m["subject"] == "Architecture review"]
        assert alex_copies[0]["responseStatus"]["response"] == "none"
        assert alex_copies[0]["organizer"]["emailAddress"]["address"] == LEE
    alex = graph(ALEX, "Mail.Read")
    assert not [m for m in alex.get_all("/me/messages")
                if m.get("meetingMessageType") == "meetingRequest"]


def test_delegate_answers_from_the_message_through_her_copy(graph):
    """The meeting a request opens can be answered with its own id, under /me."""
    adele = graph(ADELE, "Calendars.ReadWrite.Shared", "Mail.Read")
    request = next(m for m in messages_with_events(adele)
                   if m["subject"] == "Deal review: Contoso Pharma" and m["isDelegated"])
    event_id = request["event"]["id"]
    assert adele.post(f"/me/events/{event_id}/tentativelyAccept",
                      {"comment": "Alex may be late"}).status_code == 202
    assert adele.get(f"/me/events/{event_id}").json()["responseStatus"]["response"] == (
        "tentativelyAccepted")
    christie = graph(CHRISTIE, "Calendars.Read")
    original = next(e for e in christie.get_all("/me/events")
                    if e["subject"] == "Deal review: Contoso Pharma")
    status = {a["emailAddress"]["address"]: a["status"]["response"] for a in original["attendees"]}
    assert status[ALEX] == "tentativelyAccepted"


def test_group_calendar_for_members(graph):
    patti = graph(PATTI, "Group.Read.All")
    calendar = patti.get("/groups/leadership@contoso.com/calendar")
    assert calendar.status_code == 200
    assert calendar.json()["owner"]["address"] == "leadership@contoso.com"
    events = patti.get_all("/groups/leadership@contoso.com/calendar/events")
    assert [e["subject"] for e in events] == ["Leadership offsite logistics"]
    lee = graph(LEE, "Group.Read.All")
    assert lee.get("/groups/leadership@contoso.com/calendar/events").status_code == 403


def test_owner_creates_renames_and_deletes_a_calendar(graph):
    alex = graph(ALEX, "Calendars.ReadWrite")
    created = alex.post("/me/calendars", {"name": "Board", "color": "lightGreen"})
    assert created.status_code == 201
    calendar_id = created.json()["id"]
    assert alex.post("/me/calendars", {"name": "board"}).status_code == 409
    renamed = alex.patch(f"/me/calendars/{calendar_id}", {"name": "Board meetings"})
    assert renamed.json()["name"] == "Board meetings"
    assert alex.patch(f"/me/calendars/{calendar_id}", {"nmae": "x"}).status_code == 400
    assert alex.delete(f"/me/calendars/{calendar_id}").status_code == 204
    assert alex.get(f"/me/calendars/{calendar_id}").status_code == 404
    primary = alex.get("/me/calendar").json()["id"]
    assert alex.delete(f"/me/calendars/{primary}").status_code == 400


def test_sharee_removes_a_shared_calendar_from_her_list(graph):
    adele = graph(ADELE, "Calendars.ReadWrite")
    lee_copy = next(c for c in adele.get_all("/me/calendars") if c["name"] == "Lee Gu")
    assert adele.delete(f"/me/calendars/{lee_copy['id']}").status_code == 204
    assert all(c["name"] != "Lee Gu" for c in adele.get_all("/me/calendars"))
    lee = graph(LEE, "Calendars.Read")
    assert any(p["emailAddress"].get("address") == ADELE
               for p in lee.get_all("/me/calendar/calendarPermissions"))


def test_calendar_view_refuses_more_than_1825_days_as_the_service_does(emulator, graph):
    emulator.set_quirks(emulator.quirks.plus("calendar-view-five-years"))
    alex = graph(ALEX, "Calendars.Read")
    five_years = {"startDateTime": "2026-01-01T00:00:00", "endDateTime": "2030-12-31T00:00:00"}
    longer = {**five_years, "endDateTime": "2031-01-01T00:00:01"}  # 1826 days
    assert alex.get("/me/calendarView", params=five_years).status_code == 200
    refused = alex.get("/me/calendarView", params=longer)
    assert refused.status_code == 400
    assert error_code(refused) == "ErrorInvalidRequest"
    assert refused.json()["error"]["message"].endswith("Maximum number of days: 1825")
    emulator.set_quirks(emulator.quirks.without("calendar-view-five-years"))
    assert alex.get("/me/calendarView", params=longer).status_code == 200


def test_one_private_event_is_refused_to_whom_the_list_shows_it_as_busy(emulator, graph):
    emulator.set_quirks(emulator.quirks.plus("private-event-get-refused"))
    adele = graph(ADELE, "Calendars.Read.Shared")  # delegate without private access
    megan = graph(MEGAN, "Calendars.Read.Shared")  # delegate with private access
    private = next(e for e in adele.get_all(f"/users/{ALEX}/calendar/events")
                   if e["sensitivity"] == "private")
    refused = adele.get(f"/users/{ALEX}/events/{private['id']}")
    assert refused.status_code == 403
    assert error_code(refused) == "ErrorAccessDenied"
    events = megan.get_all(f"/users/{ALEX}/calendar/events")
    mine = next(e for e in events if e.get("subject") == "Lunch with investors")
    assert megan.get(f"/users/{ALEX}/events/{mine['id']}").json()["subject"] == mine["subject"]
    emulator.set_quirks(emulator.quirks.without("private-event-get-refused"))
    shown = adele.get(f"/users/{ALEX}/events/{private['id']}").json()
    assert "subject" not in shown and shown["sensitivity"] == "private"
