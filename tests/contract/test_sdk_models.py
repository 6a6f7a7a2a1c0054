"""The SDK check finds what it is there to find (conftest runs it on every body)."""

from __future__ import annotations

import pytest

from app.graph.emulator.recording import SentBody
from tests.contract.sdk_models import Heard, check
from tests.graph_client import ADELE

CONTEXT = "https://graph.microsoft.com/v1.0/$metadata#users('0a1b')/calendars"


def calendar(**extra):
    return {"id": "AAMk=", "name": "Calendar", "color": "auto", "canEdit": True,
            "owner": {"name": "Adele Vance", "address": ADELE}, **extra}


def findings(body, *, path="/me/calendars", version="v1.0", method="GET", status=200):
    return [str(f) for f in check(Heard.of(SentBody(method, version, path, status, body)))]


def test_a_page_of_calendars_as_graph_sends_it_reads_whole():
    page = {"@odata.context": CONTEXT, "value": [calendar(), calendar(hexColor="")],
            "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/calendars?$skip=2"}
    assert findings(page) == []


def test_a_property_the_schema_lacks_is_named_with_its_route_and_place():
    page = {"@odata.context": CONTEXT, "value": [calendar(), calendar(sharedBy="Adele")]}
    assert findings(page, path="/users/AdeleV@contoso.com/calendars") == [
        "GET /v1.0/users/{id}/calendars -> 200: value[1].sharedBy: "
        "Calendar in the SDK has no property 'sharedBy'"]


def test_odata_annotations_are_not_properties():
    body = {"@odata.context": CONTEXT + "/$entity", "@odata.etag": 'W/"1"',
            **calendar(), "owner@odata.navigationLink": "x"}
    assert findings(body, path="/me/calendars/AAMk=") == []


@pytest.mark.parametrize(("value", "said"), [
    ("pastel", '"pastel" is dropped by the SDK\'s Calendar'),
    (3, "3 is dropped by the SDK's Calendar"),
])
def test_a_value_the_sdk_cannot_keep_is_reported(value, said):
    assert findings({"@odata.context": CONTEXT, "value": [calendar(color=value)]}) == [
        f"GET /v1.0/me/calendars -> 200: value[0].color: {said}"]


def test_nested_objects_and_derived_types_are_read_by_their_own_models():
    message = {"@odata.type": "#microsoft.graph.eventMessageRequest", "id": "m1",
               "meetingMessageType": "meetingRequest", "responseRequested": True,
               "from": {"emailAddress": {"name": "Adele", "address": ADELE, "phone": "1"}}}
    assert findings({"value": [message]}, path="/me/messages") == [
        "GET /v1.0/me/messages -> 200: value[0].from.emailAddress.phone: "
        "EmailAddress in the SDK has no property 'phone'"]


def test_each_version_is_read_with_its_own_sdk():
    """v1.0 keeps Graph's old misspelling of the tentative answer; beta spells it right."""
    message = {"@odata.type": "#microsoft.graph.eventMessageResponse", "id": "m1",
               "meetingMessageType": "meetingTenativelyAccepted"}
    assert findings({"value": [message]}, path="/me/messages") == []
    assert findings({"value": [message]}, path="/me/messages", version="beta") == [
        "GET /beta/me/messages -> 200: value[0].meetingMessageType: "
        "\"meetingTenativelyAccepted\" is dropped by the SDK's EventMessageResponse"]


def test_times_written_back_with_fewer_digits_are_the_same_times():
    settings = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('1')"
                "/mailboxSettings",
                "workingHours": {"startTime": "08:00:00.0000000", "endTime": "17:00:00.0000000",
                                 "daysOfWeek": ["monday"]},
                "delegateMeetingMessageDeliveryOptions": "sendToDelegateOnly"}
    assert findings(settings, path="/me/mailboxSettings") == []


def test_errors_and_role_lists_are_read_too():
    error = {"error": {"code": "ErrorItemNotFound", "message": "Not found.",
                       "innerError": {"date": "2026-01-01T00:00:00", "request-id": "1",
                                      "client-request-id": "2", "lost": "x"}}}
    assert findings(error, status=404) == [
        "GET /v1.0/me/calendars -> 404: error.innerError.lost: "
        "InnerError in the SDK has no property 'lost'"]
    roles = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata"
             "#Collection(microsoft.graph.calendarRoleType)", "value": ["read", "owner"]}
    assert findings(roles, path="/me/calendar/allowedCalendarSharingRoles(User='x')") == [
        "GET /v1.0/me/calendar/allowedCalendarSharingRoles(…) -> 200: value[1]: "
        "'owner' is not a member of CalendarRoleType"]


def test_an_item_like_one_read_before_is_still_read_where_it_differs_in_kind():
    """Names and ids are free text to the SDK; a colour is not, nor a time."""
    assert findings({"@odata.context": CONTEXT, "value": [calendar(name="A", id="1")]}) == []
    assert findings({"@odata.context": CONTEXT, "value": [
        calendar(name="B", id="2"), calendar(name="C", id="3", color="lightPlum")]}) == [
        'GET /v1.0/me/calendars -> 200: value[1].color: "lightPlum" is dropped by the '
        "SDK's Calendar"]
    event = {"id": "e", "subject": "s", "createdDateTime": "2026-01-01T00:00:00Z"}
    assert findings({"value": [event]}, path="/me/events") == []
    assert findings({"value": [{**event, "createdDateTime": "yesterday"}]},
                    path="/me/events") == [
        "GET /v1.0/me/events -> 200: value[0].createdDateTime: \"yesterday\" is dropped by "
        "the SDK's Event"]
