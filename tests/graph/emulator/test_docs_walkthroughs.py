"""Replays of the walkthroughs and examples in shared/graph-docs, over HTTP.

Each test signs in as the people the page names, with the least-privileged scope the
page names, and asserts the documented status codes and property values. Where a
page contradicts itself or the service, the test says which one it follows.
"""

from __future__ import annotations

import base64

from tests.graph_client import ADELE, ALEX, CHRISTIE, MEGAN, error_code, messages_with_events

CHRISTMAS_DINNER = {
    "subject": "Christmas dinner",
    "body": {"contentType": "HTML", "content": "Happy holidays!"},
    "start": {"dateTime": "2019-12-25T18:00:00", "timeZone": "Pacific Standard Time"},
    "end": {"dateTime": "2019-12-25T22:00:00", "timeZone": "Pacific Standard Time"},
    "location": {"displayName": "Alex' home"},
    "attendees": [
        {"emailAddress": {"address": "meganb@contoso.com", "name": "Megan Bowen"},
         "type": "required"},
        {"emailAddress": {"address": "ChristieC@contoso.com", "name": "Christie Cline"},
         "type": "required"},
    ],
}
PST = {"Prefer": 'outlook.timezone="Pacific Standard Time"'}


def _addresses(recipients):
    return sorted(r["emailAddress"]["address"].lower() for r in recipients)


def _copy_of(calendars, owner_address, name=None):
    return next(c for c in calendars if c["owner"]["address"] == owner_address
                and c["canShare"] is False and (name is None or c["name"] == name))


# --------------------------------------------------- create-events-in-shared-or-delegated

def test_delegate_walkthrough_end_to_end(graph):
    """create-events-in-shared-or-delegated-calendar.txt, steps 1 to 6."""
    # Step 1: Adele gets the delegated calendar (Calendars.Read.Shared).
    adele = graph(ADELE, "Calendars.Read.Shared")
    response = adele.get("/me/calendars")
    assert response.status_code == 200
    calendars = response.json()["value"]
    own = calendars[0]
    assert (own["name"], own["canShare"], own["canViewPrivateItems"], own["canEdit"]) == (
        "Calendar", True, True, True)
    assert own["owner"] == {"name": "Adele Vance", "address": ADELE}
    delegated = _copy_of(calendars, ALEX, "Alex Wilber")
    assert (delegated["canShare"], delegated["canViewPrivateItems"], delegated["canEdit"]) == (
        False, False, True)
    assert delegated["owner"] == {"name": "Alex Wilber", "address": ALEX}
    # The note: the same calendar straight from Alex's mailbox has Alex's id, not Adele's.
    direct = adele.get(f"/users/{ALEX}/calendar")
    assert direct.status_code == 200
    assert direct.json()["id"] != delegated["id"]

    # Step 2: Adele invites Christie and Megan on Alex's behalf (Calendars.ReadWrite.Shared).
    # The page shows an eventMessage as the "successful response"; the service (and the
    # emulator) answer 201 with the event, as the graph-docs README notes.
    adele_rw = graph(ADELE, "Calendars.ReadWrite.Shared")
    created = adele_rw.post(f"/me/calendars/{delegated['id']}/events", CHRISTMAS_DINNER,
                            headers=PST)
    assert created.status_code == 201, created.text
    event = created.json()
    assert event["organizer"]["emailAddress"] == {"name": "Alex Wilber", "address": ALEX}
    assert _addresses(event["attendees"]) == sorted([CHRISTIE.lower(), MEGAN.lower()])
    assert event["start"] == {"dateTime": "2019-12-25T18:00:00.0000000",
                              "timeZone": "Pacific Standard Time"}

    # Step 3: Christie receives the request, sent by Adele from Alex, with the event.
    christie = graph(CHRISTIE, "Mail.Read", "Calendars.ReadWrite")
    requests_ = [m for m in messages_with_events(christie)
                 if m.get("meetingMessageType") == "meetingRequest"
                 and m["subject"] == "Christmas dinner"]
    assert len(requests_) == 1
    request = requests_[0]
    assert request["sender"]["emailAddress"]["address"] == ADELE
    assert request["from"]["emailAddress"]["address"] == ALEX
    assert _addresses(request["toRecipients"]) == sorted([MEGAN.lower(), CHRISTIE.lower()])
    christie_event = request["event"]
    assert christie_event["organizer"]["emailAddress"]["address"] == ALEX
    assert _addresses(christie_event["attendees"]) == sorted(
        [ALEX.lower(), MEGAN.lower(), CHRISTIE.lower()])
    assert christie_event["isOrganizer"] is False
    assert christie_event["responseStatus"]["response"] == "none"
    assert christie_event["start"] == {"dateTime": "2019-12-26T02:00:00.0000000",
                                       "timeZone": "UTC"}
    assert "Adele" not in str(christie_event)

    # Step 4: Christie responds tentatively, with a comment (202 Accepted).
    response = christie.post(f"/me/events/{christie_event['id']}/tentativelyAccept",
                             {"comment": "I will probably be able to make it.",
                              "sendResponse": True})
    assert response.status_code == 202
    assert response.content == b""

    # Step 5: Adele, Alex's delegate, receives the response (Mail.Read.Shared).
    adele_mail = graph(ADELE, "Mail.Read.Shared")
    responses = [m for m in adele_mail.get_all("/me/messages")
                 if m["subject"] == "Tentative: Christmas dinner"]
    assert len(responses) == 1
    message = adele_mail.get(f"/me/messages/{responses[0]['id']}").json()
    assert message["meetingMessageType"] == "meetingTenativelyAccepted"
    # beta's schema spells the member right; each version answers in its own words.
    in_beta = adele_mail.get(f"/me/messages/{responses[0]['id']}", version="beta").json()
    assert in_beta["meetingMessageType"] == "meetingTentativelyAccepted"
    assert message["from"]["emailAddress"]["address"] == CHRISTIE
    assert _addresses(message["toRecipients"]) == [ADELE.lower()]
    assert message["bodyPreview"] == "I will probably be able to make it."
    # Alex kept sendToDelegateOnly, so nothing reaches him.
    alex_mail = graph(ALEX, "Mail.Read")
    assert not [m for m in alex_mail.get_all("/me/messages")
                if "Christmas dinner" in m["subject"]]

    # Step 6: Alex reads the responses on his own event (Calendars.Read).
    alex = graph(ALEX, "Calendars.Read")
    ids_in_alex = [e["id"] for e in alex.get_all("/me/calendar/events")
                   if e["subject"] == "Christmas dinner"]
    assert len(ids_in_alex) == 1
    response = alex.get(f"/me/calendar/events/{ids_in_alex[0]}")
    assert response.status_code == 200
    alex_event = response.json()
    assert alex_event["isOrganizer"] is True
    status = {a["emailAddress"]["address"].lower(): a["status"]["response"]
              for a in alex_event["attendees"]}
    assert status == {MEGAN.lower(): "none", CHRISTIE.lower(): "tentativelyAccepted"}
    assert alex_event["organizer"]["emailAddress"]["address"] == ALEX
    assert "Adele" not in response.text


# --------------------------------------------------- get-shared-or-delegated-calendar

def test_sharee_reads_owner_calendar_directly(graph, emulator):
    """Megan gets Alex's primary calendar, its events and one event from Alex's mailbox."""
    megan = graph(MEGAN, "Calendars.Read.Shared")
    alex_id = emulator.tenant.person(ALEX).id
    for who in (ALEX, alex_id):
        response = megan.get(f"/users/{who}/calendar")
        assert response.status_code == 200
        assert response.json()["owner"]["address"] == ALEX
    events = megan.get_all(f"/users/{ALEX}/calendar/events")
    assert events
    one = megan.get(f"/users/{ALEX}/calendar/events/{events[0]['id']}")
    assert one.status_code == 200
    assert one.json()["id"] == events[0]["id"]


def test_unshared_calendar_is_an_error(graph):
    """Megan has no sharing from Lee: the same GETs fail."""
    megan = graph(MEGAN, "Calendars.Read.Shared")
    for path in ("/calendar", "/calendar/events"):
        response = megan.get(f"/users/LeeG@contoso.com{path}")
        assert response.status_code == 403
        assert error_code(response) == "ErrorAccessDenied"


def test_sharee_reads_custom_calendar_from_own_mailbox(graph, emulator):
    """Adele lists her calendars with Calendars.Read and reads "Kids parties" both ways."""
    adele = graph(ADELE, "Calendars.Read")
    adele_id = emulator.tenant.person(ADELE).id
    for mailbox in ("/me", f"/users/{ADELE}", f"/users/{adele_id}"):
        calendars = adele.get_all(f"{mailbox}/calendars")
        kids = _copy_of(calendars, ALEX, "Kids parties")
        assert (kids["canShare"], kids["canViewPrivateItems"], kids["canEdit"]) == (
            False, False, False)
        assert kids["color"] == "lightYellow"
        assert adele.get(f"{mailbox}/calendars/{kids['id']}").json()["name"] == "Kids parties"
        events = adele.get_all(f"{mailbox}/calendars/{kids['id']}/events")
        assert {e["subject"] for e in events} >= {"Emma's birthday party"}
        one = adele.get(f"{mailbox}/calendars/{kids['id']}/events/{events[0]['id']}")
        assert one.status_code == 200


def test_copy_ids_belong_to_the_sharee_mailbox(graph):
    """The copy's id used under Alex's mailbox is an error (ids are per mailbox)."""
    adele = graph(ADELE, "Calendars.Read.Shared")
    kids = _copy_of(adele.get_all("/me/calendars"), ALEX, "Kids parties")
    response = adele.get(f"/users/{ALEX}/calendars/{kids['id']}")
    assert response.status_code == 400
    assert error_code(response) == "ErrorInvalidMailboxItemId"


# --------------------------------------------------- share-or-delegate-a-calendar (beta)

def test_owner_lists_permissions_with_allowed_roles(graph):
    alex = graph(ALEX, "Calendars.Read")
    response = alex.get(f"/users/{ALEX}/calendar/calendarPermissions", version="beta")
    assert response.status_code == 200
    permissions = {p["emailAddress"]["name"]: p for p in response.json()["value"]}
    megan = permissions["Megan Bowen"]
    assert megan["isRemovable"] is True
    assert megan["isInsideOrganization"] is True
    assert megan["role"] == "delegateWithPrivateEventAccess"
    assert megan["allowedRoles"] == [
        "freeBusyRead", "limitedRead", "read", "write",
        "delegateWithoutPrivateEventAccess", "delegateWithPrivateEventAccess",
    ]
    assert megan["emailAddress"]["address"] == MEGAN
    org = permissions["My Organization"]
    assert org["id"] == "RGVmYXVsdA=="
    assert org["isRemovable"] is False
    assert org["isInsideOrganization"] is True
    assert org["role"] == "freeBusyRead"
    assert org["allowedRoles"] == ["none", "freeBusyRead", "limitedRead", "read", "write"]
    assert org["emailAddress"].get("address") is None


def _kids_parties(client, version="v1.0"):
    calendars = client.get_all(f"/users/{ALEX}/calendars", version=version)
    return next(c for c in calendars if c["name"] == "Kids parties")


def test_owner_updates_a_role_within_allowed_roles(graph):
    alex = graph(ALEX, "Calendars.ReadWrite")
    kids = _kids_parties(alex, "beta")
    base = f"/users/{ALEX}/calendars/{kids['id']}/calendarPermissions"
    adele = next(p for p in alex.get_all(base, version="beta")
                 if p["emailAddress"]["address"] == ADELE)
    response = alex.patch(f"{base}/{adele['id']}", {"role": "write"}, version="beta")
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "write"
    assert body["allowedRoles"] == ["freeBusyRead", "limitedRead", "read", "write"]
    assert body["emailAddress"] == {"name": "Adele Vance", "address": ADELE}
    # Adele's copy now lets her edit.
    adele_client = graph(ADELE, "Calendars.Read")
    assert _copy_of(adele_client.get_all("/me/calendars"), ALEX, "Kids parties")["canEdit"]


def test_calendar_properties_owner_view(graph):
    alex = graph(ALEX, "Calendars.Read")
    response = alex.get(f"/users/{ALEX}/calendar", version="beta")
    assert response.status_code == 200
    calendar = response.json()
    assert calendar["canShare"] is True
    assert calendar["canViewPrivateItems"] is True
    assert calendar["isShared"] is True
    assert calendar["isSharedWithMe"] is False
    assert calendar["canEdit"] is True
    assert calendar["isRemovable"] is False
    assert calendar["owner"] == {"name": "Alex Wilber", "address": ALEX}
    # isShared and isSharedWithMe are beta-only.
    v1 = alex.get(f"/users/{ALEX}/calendar").json()
    assert "isShared" not in v1
    assert "isSharedWithMe" not in v1


def test_calendar_properties_delegate_view(graph):
    megan = graph(MEGAN, "Calendars.Read.Shared")
    copy = _copy_of(megan.get_all("/me/calendars"), ALEX, "Alex Wilber")
    response = megan.get(f"/users/meganb@contoso.com/calendars/{copy['id']}", version="beta")
    assert response.status_code == 200
    calendar = response.json()
    assert calendar["name"] == "Alex Wilber"
    assert calendar["canShare"] is False
    assert calendar["canViewPrivateItems"] is True
    assert calendar["isShared"] is False
    assert calendar["isSharedWithMe"] is True
    assert calendar["canEdit"] is True
    assert calendar["isRemovable"] is True
    assert calendar["owner"] == {"name": "Alex Wilber", "address": ALEX}


def test_sharee_renames_only_their_copy(graph):
    megan = graph(MEGAN, "Calendars.ReadWrite")
    copy = _copy_of(megan.get_all("/me/calendars"), ALEX, "Alex Wilber")
    response = megan.patch(f"/me/calendars/{copy['id']}", {"name": "Alex (exec)"})
    assert response.status_code == 200
    assert response.json()["name"] == "Alex (exec)"
    alex = graph(ALEX, "Calendars.Read")
    assert alex.get("/me/calendar").json()["name"] == "Calendar"
    adele = graph(ADELE, "Calendars.Read")
    assert _copy_of(adele.get_all("/me/calendars"), ALEX, "Alex Wilber")


def test_get_and_set_delivery_option(graph):
    alex = graph(ALEX, "MailboxSettings.ReadWrite")
    response = alex.get(f"/users/{ALEX}/mailboxsettings", version="beta")
    assert response.status_code == 200
    settings = response.json()
    assert settings["timeZone"] == "Pacific Standard Time"
    assert settings["delegateMeetingMessageDeliveryOptions"] == "sendToDelegateOnly"
    assert settings["workingHours"]["daysOfWeek"][0] == "monday"
    response = alex.patch(f"/users/{ALEX}/mailboxsettings",
                          {"delegateMeetingMessageDeliveryOptions": "sendToDelegateAndPrincipal"},
                          version="beta")
    assert response.status_code == 200
    assert response.json()["delegateMeetingMessageDeliveryOptions"] == "sendToDelegateAndPrincipal"
    again = alex.get(f"/users/{ALEX}/mailboxSettings").json()
    assert again["delegateMeetingMessageDeliveryOptions"] == "sendToDelegateAndPrincipal"


def test_owner_deletes_a_sharee(graph):
    alex = graph(ALEX, "Calendars.ReadWrite")
    kids = _kids_parties(alex, "beta")
    base = f"/users/{ALEX}/calendars/{kids['id']}/calendarPermissions"
    megan = next(p for p in alex.get_all(base) if p["emailAddress"]["address"] == MEGAN)
    response = alex.delete(f"{base}/{megan['id']}", version="beta")
    assert response.status_code == 204
    assert all(p["id"] != megan["id"] for p in alex.get_all(base))
    # A sharee who lost their permission loses their copy.
    megan_client = graph(MEGAN, "Calendars.Read")
    assert not [c for c in megan_client.get_all("/me/calendars") if c["name"] == "Kids parties"]


# --------------------------------------------------- create-calendarpermission

def test_create_permission_for_external_person(graph, emulator):
    """The page's example shares with Samantha Booth, outside the organization.

    Followed: the service's 201 Created (the contract); the page's example shows 200.
    Its "isInsideOrganization": true contradicts its own id, which names an external
    (ExchangePublishedUser) address; the emulator says false for an outside address.
    """
    alex = graph(ALEX, "Calendars.ReadWrite")
    alex_id = emulator.tenant.person(ALEX).id
    response = alex.post(f"/users/{alex_id}/calendar/calendarPermissions", {
        "emailAddress": {"name": "Samantha Booth", "address": "samanthab@adatum.com"},
        "isInsideOrganization": True, "isRemovable": True, "role": "read",
    })
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["role"] == "read"
    assert body["isRemovable"] is True
    assert body["isInsideOrganization"] is False
    assert body["allowedRoles"] == ["freeBusyRead", "limitedRead", "read"]
    assert body["emailAddress"] == {"name": "Samantha Booth", "address": "samanthab@adatum.com"}
    assert base64.urlsafe_b64decode(body["id"]).decode().startswith("ExchangePublishedUser.")


def test_create_permission_on_group_calendar_and_via_event(graph):
    patti = graph("PattiF@contoso.com", "Group.ReadWrite.All", "Calendars.ReadWrite")
    response = patti.post("/groups/leadership@contoso.com/calendar/calendarPermissions",
                          {"emailAddress": {"address": "LeeG@contoso.com"}, "role": "read"})
    assert response.status_code == 201, response.text
    assert response.json()["allowedRoles"] == ["freeBusyRead", "limitedRead", "read", "write"]
    alex = graph(ALEX, "Calendars.ReadWrite")
    event = alex.get_all("/me/events")[0]
    response = alex.post(f"/users/{ALEX}/events/{event['id']}/calendar/calendarPermissions",
                         {"emailAddress": {"address": "LeeG@contoso.com"}, "role": "limitedRead"})
    assert response.status_code == 201, response.text
    assert response.json()["emailAddress"]["name"] == "Lee Gu"
