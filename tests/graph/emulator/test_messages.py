"""/messages as the service answers it: eventMessage's properties by their cast names,
newest first on request, and a seed with an inbox as large as an executive's."""

from __future__ import annotations

import pytest

from app.graph.emulator.seeds import build_tenant, fill_mailbox
from tests.graph_client import ADELE, MEGAN, error_code

CAST = "microsoft.graph.eventMessage/"


@pytest.mark.parametrize("asked", ["meetingMessageType", "startDateTime"])
def test_a_meeting_property_by_its_plain_name_is_refused_as_the_service_refuses_it(
        graph, emulator, asked):
    emulator.set_quirks(emulator.quirks.plus("derived-properties-need-cast"))
    adele = graph(ADELE, "Mail.Read")
    refused = adele.get("/me/messages", params={"$select": f"subject,{asked}"})
    assert refused.status_code == 400
    assert error_code(refused) == "RequestBroker--ParseUri"
    assert refused.json()["error"]["message"] == (
        f"Could not find a property named '{asked}' on type 'microsoft.graph.message'.")
    expand = adele.get("/me/messages", params={"$expand": "event"})
    assert expand.status_code == 400
    assert "Could not find a property named 'event'" in expand.json()["error"]["message"]

    emulator.set_quirks(emulator.quirks.without("derived-properties-need-cast"))
    assert adele.get("/me/messages", params={"$select": f"subject,{asked}"}).status_code == 200


@pytest.mark.parametrize("quirk_on", [True, False])
def test_the_cast_form_selects_meeting_properties_on_meeting_messages(graph, emulator,
                                                                     quirk_on):
    quirks = emulator.quirks
    emulator.set_quirks(quirks.plus("derived-properties-need-cast") if quirk_on
                        else quirks.without("derived-properties-need-cast"))
    adele = graph(ADELE, "Mail.Read")
    page = adele.get("/me/messages", params={
        "$select": f"subject,{CAST}meetingMessageType,{CAST}isDelegated", "$top": "100",
    }).json()["value"]
    meeting = [m for m in page if m["@odata.type"].startswith("#microsoft.graph.eventMessage")]
    assert meeting and all("meetingMessageType" in m and "isDelegated" in m for m in meeting)
    assert all(set(m) <= {"@odata.type", "@odata.etag", "id", "subject", "meetingMessageType",
                          "isDelegated"} for m in page)
    invitations = [m for m in page if m["@odata.type"].endswith("calendarSharingMessage")]
    assert invitations and all("meetingMessageType" not in m for m in invitations)


def test_a_large_inbox_pages_newest_first_and_renders_only_the_page_asked(graph, emulator):
    with emulator.tenant.lock:  # Contoso, with Adele's inbox filled for this test
        fill_mailbox(emulator.tenant, 5000)
    adele = graph(ADELE, "Mail.Read")
    first = adele.get("/me/messages", params={
        "$orderby": "receivedDateTime desc", "$top": "200", "$select": "receivedDateTime",
    }).json()
    times = [m["receivedDateTime"] for m in first["value"]]
    assert len(times) == 200 and times == sorted(times, reverse=True)
    assert "skip=200" in first["@odata.nextLink"]
    second = adele.get(first["@odata.nextLink"]).json()
    assert second["value"][0]["receivedDateTime"] <= times[-1]
    oldest_first = adele.get("/me/messages", params={
        "$orderby": "receivedDateTime asc", "$top": "5", "$select": "receivedDateTime",
    }).json()["value"]
    assert oldest_first[0]["receivedDateTime"] < times[-1]


def test_the_seed_option_gives_the_demos_first_person_a_large_inbox():
    tenant = build_tenant("contoso:messages=20000")
    adele = tenant.find(ADELE)
    plain = [m for m in adele.mailbox.messages.values() if m.odata_type == "message"]
    assert len(plain) == 20000
    assert len(build_tenant("scale:3:messages=10").people) == 3
    with pytest.raises(ValueError, match="messages=N"):
        build_tenant("contoso:messages=many")


def _meeting_mail(client) -> list[dict]:
    return [m for m in client.get_all("/me/messages", params={
        "$expand": "microsoft.graph.eventMessage/event", "$top": "100"})
        if m["@odata.type"].startswith("#microsoft.graph.eventMessage")]


@pytest.mark.parametrize("quirk_on", [True, False])
def test_responses_come_with_an_empty_event_as_the_service_gives_them(graph, emulator,
                                                                      quirk_on):
    quirks = emulator.quirks
    emulator.set_quirks(quirks.plus("empty-event-on-responses") if quirk_on
                        else quirks.without("empty-event-on-responses"))
    mail = _meeting_mail(graph(ADELE, "Mail.Read", "Calendars.Read"))
    responses = [m for m in mail if m["@odata.type"].endswith("eventMessageResponse")]
    requests_ = [m for m in mail if m["@odata.type"].endswith("eventMessageRequest")]
    assert responses and requests_
    assert all(m["event"].get("id") for m in requests_ if "event" in m)
    if quirk_on:
        assert all(m["event"] == {} for m in responses if "event" in m)
        assert any("event" in m for m in responses)
    else:
        assert all(m["event"]["id"] for m in responses if "event" in m)


def test_expanding_meetings_with_a_mail_scope_alone_is_refused_for_the_whole_list(graph,
                                                                                  emulator):
    emulator.set_quirks(emulator.quirks.plus("event-expand-needs-calendars"))
    refused = graph(ADELE, "Mail.Read").get(
        "/me/messages", params={"$expand": "microsoft.graph.eventMessage/event"})
    assert refused.status_code == 403 and error_code(refused) == "ErrorAccessDenied"
    assert _meeting_mail(graph(ADELE, "Mail.Read", "Calendars.Read"))
    emulator.set_quirks(emulator.quirks.without("event-expand-needs-calendars"))
    assert _meeting_mail(graph(ADELE, "Mail.Read"))


def test_one_meeting_that_is_gone_fails_the_whole_expanded_page(graph, emulator):
    emulator.set_quirks(emulator.quirks.plus("expand-fails-on-a-removed-meeting"))
    megan = graph(MEGAN, "Mail.Read", "Calendars.Read")
    failed = megan.get("/me/messages", params={
        "$expand": "microsoft.graph.eventMessage/event", "$top": "100"})
    assert failed.status_code == 500 and error_code(failed) == "InternalServerError"
    assert failed.json()["error"]["message"] == "Error while processing response."
    # Read plain, the page is whole; one by one, only the message whose meeting is gone fails.
    plain = megan.get_all("/me/messages", params={"$top": "100"})
    gone = [m for m in plain if m["subject"] == "Sales pipeline review"]
    assert len(gone) == 1
    one = megan.get(f"/me/messages/{gone[0]['id']}",
                    params={"$expand": "microsoft.graph.eventMessage/event"})
    assert one.status_code == 500
    emulator.set_quirks(emulator.quirks.without("expand-fails-on-a-removed-meeting"))
    assert megan.get("/me/messages", params={
        "$expand": "microsoft.graph.eventMessage/event", "$top": "100"}).status_code == 200
