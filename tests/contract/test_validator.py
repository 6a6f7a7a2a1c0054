"""Tests of the contract validator itself, with hand-written and documented bodies.

The validator is what decides whether the emulator "speaks Graph", so it must reject
what Graph would never send as surely as it accepts what Graph does send. Every rule
below has a passing and a failing case.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.contract import validator
from tests.contract.validator import (
    ContractViolation,
    known_properties,
    validate_batch,
    validate_response,
)

DOC_EXAMPLES: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).with_name("doc_examples.json")).read_text(encoding="utf-8")
)["examples"]

CAL_ID = "AAMkADRpAABf0JlzAAA="
EVENT_ID = "AAMkADADVj3fyAABZ5ieyAAA="


def doc_body(key: str) -> Any:
    """A fresh copy of a documented response body, safe to modify."""
    return copy.deepcopy(DOC_EXAMPLES[key]["body"])


def violation(version: str, method: str, path: str, status: int, body: Any) -> ContractViolation:
    with pytest.raises(ContractViolation) as caught:
        validate_response(version, method, path, status, body)
    return caught.value


def error_body(**inner: str) -> dict[str, Any]:
    inner_error = {
        "date": "2024-05-01T09:30:00",
        "request-id": "5f6e7d8c-0000-4000-8000-1a2b3c4d5e6f",
    }
    inner_error.update(inner)
    return {
        "error": {
            "code": "ErrorItemNotFound",
            "message": "The specified object was not found in the store.",
            "innerError": inner_error,
        }
    }


def permission(**overrides: Any) -> dict[str, Any]:
    body = {
        "id": "RGVmYXVsdA==",
        "isRemovable": False,
        "isInsideOrganization": True,
        "role": "freeBusyRead",
        "allowedRoles": ["none", "freeBusyRead", "limitedRead", "read", "write"],
        "emailAddress": {"name": "My Organization"},
    }
    body.update(overrides)
    return body


def event_message(**overrides: Any) -> dict[str, Any]:
    body = {
        "@odata.type": "#microsoft.graph.eventMessageResponse",
        "id": "AAMkADI4oeRpAABf0HJUAAA=",
        "subject": "Tentative: Christmas dinner",
        "meetingMessageType": "meetingTenativelyAccepted",
        "responseType": "tentativelyAccepted",
        "from": {"emailAddress": {"name": "Christie Cline", "address": "ChristieC@contoso.com"}},
    }
    body.update(overrides)
    return body


# --------------------------------------------------------------------------------------
# Documented bodies
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(DOC_EXAMPLES))
def test_documented_response_passes(key: str) -> None:
    example = DOC_EXAMPLES[key]
    assert validate_response(
        example["version"], example["method"], example["path"], example["status"], example["body"]
    )


def test_doc_calendar_list_passes_in_both_versions() -> None:
    body = doc_body("calendars-of-delegate")
    assert body["value"][1]["owner"]["address"] == "AlexW@contoso.com"
    assert validate_response("v1.0", "GET", "/me/calendars", 200, body)
    assert validate_response("beta", "GET", "/me/calendars", 200, body)


# --------------------------------------------------------------------------------------
# Strict properties, annotations, enums, null
# --------------------------------------------------------------------------------------


def test_unknown_property_fails_with_its_pointer() -> None:
    body = doc_body("calendars-of-delegate")
    body["value"][1]["nmae"] = body["value"][1].pop("name")
    error = violation("v1.0", "GET", "/me/calendars", 200, body)
    assert error.pointer == "/value/1/nmae"
    assert error.template == "/me/calendars"
    assert error.status == 200
    assert "'nmae'" in str(error)
    assert "microsoft.graph.calendar" in str(error)


def test_unknown_object_valued_property_fails() -> None:
    # The generated `additionalProperties: {type: object}` would let this one through.
    body = {"id": CAL_ID, "name": "Kids parties", "ownr": {"name": "Alex Wilber"}}
    assert violation("v1.0", "GET", f"/me/calendars/{CAL_ID}", 200, body).pointer == "/ownr"


def test_inherited_properties_are_accepted() -> None:
    # `id` comes from entity, `name` from calendar: the allOf must be flattened.
    assert validate_response("v1.0", "GET", "/me/calendar", 200, {"id": CAL_ID, "name": "Cal"})


def test_unknown_property_in_nested_complex_type_fails() -> None:
    body = {"id": CAL_ID, "owner": {"name": "Alex Wilber", "adress": "AlexW@contoso.com"}}
    assert violation("v1.0", "GET", "/me/calendar", 200, body).pointer == "/owner/adress"


def test_odata_annotations_pass() -> None:
    body = {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('x')/calendar/$entity",
        "@odata.etag": 'W/"NDznl+Uh50WkanaCOKHkaQAAAAACXQ=="',
        "@odata.id": "users('x')/calendar",
        "id": CAL_ID,
        "name": "Calendar",
        "name@odata.type": "#String",
        "owner": {"@odata.type": "#microsoft.graph.emailAddress", "name": "Adele Vance"},
    }
    assert validate_response("v1.0", "GET", "/me/calendar", 200, body)


def test_annotation_with_the_wrong_json_type_fails() -> None:
    body = {"@odata.etag": 42, "id": CAL_ID}
    assert violation("v1.0", "GET", "/me/calendar", 200, body).pointer == "/@odata.etag"


def test_non_odata_annotation_fails() -> None:
    body = {"@microsoft.graph.tips": "Use $select", "id": CAL_ID}
    error = violation("v1.0", "GET", "/me/calendar", 200, body)
    assert error.pointer == "/@microsoft.graph.tips"


def test_selected_subset_of_properties_passes() -> None:
    # $select: no Graph property is required.
    assert validate_response("v1.0", "GET", f"/me/calendars/{CAL_ID}", 200, {"name": "Cal"})
    assert validate_response("v1.0", "GET", f"/me/calendars/{CAL_ID}", 200, {})


def test_calendar_permission_role_owner_fails() -> None:
    body = permission(role="owner")
    path = "/users/AlexW@contoso.com/calendar/calendarPermissions/RGVmYXVsdA=="
    error = violation("v1.0", "GET", path, 200, body)
    assert error.pointer == "/role"
    assert "'owner' is not one of" in error.detail
    assert "calendarRoleType" in error.detail


def test_allowed_roles_items_are_enforced() -> None:
    body = permission(allowedRoles=["freeBusyRead", "reviewer"])
    path = "/me/calendar/calendarPermissions/RGVmYXVsdA=="
    assert violation("v1.0", "GET", path, 200, body).pointer == "/allowedRoles/1"


def test_every_documented_role_passes() -> None:
    roles = [
        "none",
        "freeBusyRead",
        "limitedRead",
        "read",
        "write",
        "delegateWithoutPrivateEventAccess",
        "delegateWithPrivateEventAccess",
        "custom",
    ]
    path = "/me/calendar/calendarPermissions"
    body = {"value": [permission(role=role, allowedRoles=roles) for role in roles]}
    assert validate_response("v1.0", "GET", path, 200, body)


def test_wrong_primitive_type_fails() -> None:
    body = {"id": CAL_ID, "canEdit": "true"}
    assert violation("v1.0", "GET", "/me/calendar", 200, body).pointer == "/canEdit"


def test_event_enum_fails() -> None:
    body = doc_body("organizer-event")
    body["showAs"] = "maybe"
    assert violation("v1.0", "GET", f"/me/events/{EVENT_ID}", 200, body).pointer == "/showAs"


def test_date_time_pattern_is_enforced() -> None:
    body = {"id": EVENT_ID, "createdDateTime": "21/12/2019 04:59"}
    error = violation("v1.0", "GET", f"/me/events/{EVENT_ID}", 200, body)
    assert error.pointer == "/createdDateTime"


def test_nullable_properties_accept_null() -> None:
    body = {
        "id": EVENT_ID,
        "subject": None,  # nullable: true
        "recurrence": None,  # bare $ref: nullable, as Graph sends it
        "onlineMeeting": None,
        "importance": None,
        "location": {"displayName": "Alex' home", "address": None},
    }
    assert validate_response("v1.0", "GET", f"/me/events/{EVENT_ID}", 200, body)


def test_non_nullable_values_reject_null() -> None:
    # Collections are never null in Graph, and neither is the response itself.
    body = {"id": EVENT_ID, "categories": None}
    assert violation("v1.0", "GET", f"/me/events/{EVENT_ID}", 200, body).pointer == "/categories"
    body = {"id": EVENT_ID, "attendees": [None]}
    assert violation("v1.0", "GET", f"/me/events/{EVENT_ID}", 200, body).pointer == "/attendees/0"


def test_nullable_reference_still_checks_non_null_values() -> None:
    body = {"id": EVENT_ID, "recurrence": {"pattern": {"type": "fortnightly"}}}
    error = violation("v1.0", "GET", f"/me/events/{EVENT_ID}", 200, body)
    assert error.pointer == "/recurrence/pattern/type"


# --------------------------------------------------------------------------------------
# Polymorphism: @odata.type
# --------------------------------------------------------------------------------------


def test_event_message_with_misspelt_tentative_type_passes() -> None:
    body = event_message(**{"@odata.type": "#microsoft.graph.eventMessage"})
    del body["responseType"]  # eventMessageResponse only
    assert validate_response("v1.0", "GET", "/me/messages/AAMkADI4oeRpAABf0HJUAAA=", 200, body)


def test_correctly_spelt_tentative_type_fails() -> None:
    body = event_message(meetingMessageType="meetingTentativelyAccepted")
    error = violation("v1.0", "GET", "/me/messages/AAMkADI4oeRpAABf0HJUAAA=", 200, body)
    assert error.pointer == "/meetingMessageType"


def test_derived_properties_need_the_odata_type() -> None:
    body = event_message()
    del body["@odata.type"]  # now a plain message, which has no meetingMessageType
    error = violation("v1.0", "GET", "/me/messages/AAMkADI4oeRpAABf0HJUAAA=", 200, body)
    assert "meetingMessageType" in error.detail


def test_properties_of_a_sibling_type_fail() -> None:
    # responseType belongs to eventMessageResponse, not to eventMessageRequest.
    body = event_message(**{"@odata.type": "#microsoft.graph.eventMessageRequest"})
    error = violation("v1.0", "GET", "/me/messages/AAMkADI4oeRpAABf0HJUAAA=", 200, body)
    assert error.pointer == "/responseType"


def test_unknown_odata_type_fails() -> None:
    body = {"@odata.type": "#microsoft.graph.fileAttachment", "id": "AAMk="}
    error = violation("v1.0", "GET", "/me/messages/AAMk=", 200, body)
    assert error.pointer == "/@odata.type"
    assert "#microsoft.graph.eventMessage" in error.detail  # lists what is allowed


def test_derived_types_inside_a_collection() -> None:
    body = {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('x')/messages",
        "value": [
            {"id": "AAMk1=", "subject": "Lunch?"},
            event_message(),
            {
                "@odata.type": "#microsoft.graph.eventMessageRequest",
                "id": "AAMk3=",
                "meetingMessageType": "meetingRequest",
                "meetingRequestType": "newMeetingRequest",
                "allowNewTimeProposals": True,
            },
            {
                "@odata.type": "#microsoft.graph.calendarSharingMessage",
                "id": "AAMk4=",
                "canAccept": True,
                "suggestedCalendarName": "Alex Wilber",
                "sharingMessageAction": {
                    "importance": "primary",
                    "actionType": "accept",
                    "action": "accept",
                },
            },
        ],
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/messages?$skip=4",
    }
    assert validate_response("v1.0", "GET", "/me/messages", 200, body)
    body["value"][3]["canAccept"] = "yes"
    error = violation("v1.0", "GET", "/me/messages", 200, body)
    assert error.pointer == "/value/3/canAccept"


def test_expanded_event_of_an_event_message_validates_as_an_event() -> None:
    key = "event-message-with-event"
    path = DOC_EXAMPLES[key]["path"]
    body = doc_body(key)
    body["event"]["showAs"] = "away"
    assert violation("v1.0", "GET", path, 200, body).pointer == "/event/showAs"
    body = doc_body(key)
    body["event"]["meetingMessageType"] = "meetingRequest"  # a message property, not an event's
    assert violation("v1.0", "GET", path, 200, body).pointer == "/event/meetingMessageType"


def test_beta_falls_back_to_the_v1_derived_types() -> None:
    body = event_message(meetingMessageType="meetingTentativelyAccepted")  # beta's spelling
    assert validate_response("beta", "GET", "/me/messages/AAMk=", 200, body)
    body["meetingMessageType"] = "meetingTenativelyAccepted"  # v1.0's
    assert violation("beta", "GET", "/me/messages/AAMk=", 200, body).pointer == (
        "/meetingMessageType"
    )
    body["meetingMessageType"] = "meetingMaybe"
    assert violation("beta", "GET", "/me/messages/AAMk=", 200, body).pointer == (
        "/meetingMessageType"
    )


# --------------------------------------------------------------------------------------
# Versions
# --------------------------------------------------------------------------------------


def test_beta_calendar_with_is_shared_passes_in_beta_and_fails_in_v1() -> None:
    body = doc_body("owner-calendar-beta")
    path = "/users/AlexW@contoso.com/calendar"
    assert validate_response("beta", "GET", path, 200, body)
    error = violation("v1.0", "GET", path, 200, body)
    assert error.pointer == "/isShared"
    assert "isSharedWithMe" in error.detail


def test_beta_event_has_ical_uid_and_uid() -> None:
    # The 2022 beta document lacks iCalUId although beta events carry it (see
    # validator._CONTRACT_GAPS); uid exists in beta only.
    body = doc_body("organizer-event")
    body["uid"] = "040000008200E00074C5B7101A82E0080000000010"
    path = f"/me/events/{EVENT_ID}"
    assert validate_response("beta", "GET", path, 200, body)
    assert violation("v1.0", "GET", path, 200, body).pointer == "/uid"
    assert "iCalUId" in known_properties("event", "beta")


def test_unknown_version_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match=r"v2\.0"):
        validate_response("v2.0", "GET", "/me/calendar", 200, {})
    with pytest.raises(ValueError, match="version prefix"):
        validate_response("v1.0", "GET", "/v1.0/me/calendar", 200, {})


# --------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/me", "/users", "/groups", "/users/x", "/me/drive", "/"])
def test_path_outside_the_subset_returns_false(path: str) -> None:
    assert validate_response("v1.0", "GET", path, 200, {"value": []}) is False


def test_error_on_a_path_outside_the_subset_is_still_checked() -> None:
    assert validate_response("v1.0", "GET", "/me/drive", 404, error_body()) is False
    with pytest.raises(ContractViolation):
        validate_response("v1.0", "GET", "/me/drive", 404, {"message": "not found"})


@pytest.mark.parametrize(
    "path",
    [
        "/users/x/MAILBOXSETTINGS",
        "/users/x/mailboxsettings",
        "/Users/x/MailboxSettings/",
        "/ME/MAILBOXSETTINGS",
    ],
)
def test_path_segments_are_case_insensitive(path: str) -> None:
    body = {"delegateMeetingMessageDeliveryOptions": "sendToDelegateOnly"}
    assert validate_response("v1.0", "GET", path, 200, body)
    error = violation("v1.0", "GET", path, 200, {"delegateMeetingMessageDeliveryOptions": "all"})
    assert error.template.endswith("/mailboxSettings")


def test_percent_encoded_path_matches() -> None:
    path = "/users/AlexW%40contoso.com/calendars/AAMkADRp%2FAABf0Jl%2BzAAA%3D/events"
    assert validate_response("v1.0", "GET", path, 200, {"value": []})
    error = violation("v1.0", "GET", path, 200, {"value": [{"isAllDay": "no"}]})
    assert error.template == "/users/{user-id}/calendars/{calendar-id}/events"


def test_query_string_is_ignored() -> None:
    assert validate_response("v1.0", "GET", "/me/calendars?$select=name&$top=5", 200, {"value": []})


@pytest.mark.parametrize(
    ("path", "template_end"),
    [
        (f"/me/events/{EVENT_ID}/tentativelyAccept", "/microsoft.graph.tentativelyAccept"),
        (f"/me/events/{EVENT_ID}/microsoft.graph.tentativelyAccept", ".tentativelyAccept"),
        (f"/me/calendar/events/{EVENT_ID}/accept", "/microsoft.graph.accept"),
        (f"/users/x/calendars/{CAL_ID}/calendarView/{EVENT_ID}/decline", ".decline"),
        (f"/groups/g/calendar/events/{EVENT_ID}/cancel", "/microsoft.graph.cancel"),
    ],
)
def test_action_with_202_and_no_body_passes(path: str, template_end: str) -> None:
    assert validate_response("v1.0", "POST", path, 202, None)
    assert validate_response("v1.0", "POST", path, 204, None)
    error = violation("v1.0", "POST", path, 202, {"id": EVENT_ID})
    assert error.template.endswith(template_end)
    assert "no body" in error.detail


def test_action_error_is_checked_against_the_service_error_shape() -> None:
    path = f"/me/events/{EVENT_ID}/cancel"
    assert validate_response("v1.0", "POST", path, 400, error_body())


def test_calendar_sharing_message_accept_returns_the_calendar() -> None:
    path = "/me/messages/AAMk=/microsoft.graph.calendarSharingMessage/microsoft.graph.accept"
    assert validate_response("v1.0", "POST", path, 200, {"id": CAL_ID, "name": "Alex Wilber"})
    short = "/me/messages/AAMk=/calendarSharingMessage/accept"
    assert violation("v1.0", "POST", short, 200, {"id": CAL_ID, "nam": "x"}).pointer == "/nam"


def test_function_with_parameters_matches() -> None:
    path = "/me/calendar/allowedCalendarSharingRoles(User='adele@contoso.com')"
    assert validate_response("v1.0", "GET", path, 200, {"value": ["freeBusyRead", "read"]})
    assert violation("v1.0", "GET", path, 200, {"value": ["owner"]}).pointer == "/value/0"


def test_batch_path_matches() -> None:
    assert validate_response("v1.0", "POST", "/$batch", 200, {"responses": []})
    assert validate_response("v1.0", "POST", "/%24batch", 200, {"responses": []})


# --------------------------------------------------------------------------------------
# Status codes and bodies
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [200, 201])
def test_create_calendar_permission_with_200_or_201(status: int) -> None:
    path = "/users/AlexW@contoso.com/calendar/calendarPermissions"
    body = permission(id="L289RXhjaGFuZ2VMYWJTWVnYW5C", role="read")
    assert validate_response("v1.0", "POST", path, status, body)
    body["role"] = "editor"
    assert violation("v1.0", "POST", path, status, body).pointer == "/role"


def test_success_without_a_body_fails_where_one_is_declared() -> None:
    error = violation("v1.0", "GET", "/me/calendar", 200, None)
    assert "body is required" in error.detail
    assert violation("v1.0", "GET", "/me/calendar", 200, "").status == 200


def test_update_returns_the_entity_or_nothing() -> None:
    path = f"/me/events/{EVENT_ID}"
    assert validate_response("v1.0", "PATCH", path, 200, {"id": EVENT_ID, "subject": "Dinner"})
    assert validate_response("v1.0", "PATCH", path, 204, None)
    assert violation("v1.0", "PATCH", path, 200, {"id": EVENT_ID, "subjct": "x"}).pointer == (
        "/subjct"
    )


def test_delete_returns_no_body() -> None:
    path = f"/me/calendars/{CAL_ID}"
    assert validate_response("v1.0", "DELETE", path, 204, None)
    assert "no body" in violation("v1.0", "DELETE", path, 204, {"id": CAL_ID}).detail


def test_post_on_calendar_view_is_unsupported() -> None:
    error = violation("v1.0", "POST", "/me/calendarView", 201, {"id": EVENT_ID})
    assert "calendarView" in error.detail
    assert validate_response("v1.0", "POST", "/me/calendarView", 405, error_body())


def test_undeclared_method_fails_on_success_only() -> None:
    error = violation("v1.0", "PUT", "/me/calendar", 200, {"id": CAL_ID})
    assert "PUT is not declared" in error.detail
    assert validate_response("v1.0", "PUT", "/me/calendar", 405, error_body())


def test_collection_needs_value() -> None:
    error = violation("v1.0", "GET", "/me/calendars", 200, {"@odata.context": "x"})
    assert "'value' is a required property" in error.detail
    error = violation("v1.0", "GET", "/me/calendars", 200, {"value": [], "count": 0})
    assert error.pointer == "/count"


def test_bad_item_deep_in_a_collection_is_located() -> None:
    body = doc_body("calendar-permissions")
    body["value"][1]["emailAddress"]["address"] = 7
    path = "/users/AlexW@contoso.com/calendar/calendarPermissions"
    assert violation("beta", "GET", path, 200, body).pointer == "/value/1/emailAddress/address"


def test_delta_page_with_removed_items_passes() -> None:
    path = "/me/calendarView/delta"
    body = {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(event)",
        "value": [
            {"@odata.etag": 'W/"x"', "id": EVENT_ID, "subject": "Dinner"},
            {
                "@odata.type": "#microsoft.graph.event",
                "id": "AAMk2=",
                "@removed": {"reason": "deleted"},
            },
        ],
        "@odata.deltaLink": "https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=x",
    }
    assert validate_response("v1.0", "GET", path, 200, body)
    assert validate_response("v1.0", "GET", "/me/calendarView/microsoft.graph.delta()", 200, body)
    body["value"][1]["@removed"] = {"reason": "moved"}
    assert violation("v1.0", "GET", path, 200, body).pointer == "/value/1/@removed/reason"
    # The document says "array" but the service always wraps a collection.
    assert violation("v1.0", "GET", path, 200, [{"id": EVENT_ID}]).pointer == ""
    error = violation("v1.0", "GET", path, 200, {"@odata.deltaLink": "https://x"})
    assert "'value' is a required property" in error.detail


# --------------------------------------------------------------------------------------
# Error bodies
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 429, 500, 503])
def test_service_error_shape_passes(status: int) -> None:
    body = error_body(**{"client-request-id": "c0ffee00-0000-4000-8000-000000000000"})
    assert validate_response("v1.0", "GET", f"/me/calendars/{CAL_ID}", status, body)


def test_error_without_request_id_fails() -> None:
    body = error_body()
    del body["error"]["innerError"]["request-id"]
    error = violation("v1.0", "GET", f"/me/calendars/{CAL_ID}", 404, body)
    assert error.pointer == "/error/innerError"
    assert "'request-id' is a required property" in error.detail


@pytest.mark.parametrize(
    ("mutate", "pointer"),
    [
        (lambda e: e["error"]["innerError"].pop("date"), "/error/innerError"),
        (lambda e: e["error"].pop("innerError"), "/error"),
        (lambda e: e["error"].pop("code"), "/error"),
        (lambda e: e["error"].update(innererror=e["error"].pop("innerError")), "/error"),
        (lambda e: e["error"]["innerError"].update(date="yesterday"), "/error/innerError/date"),
        (lambda e: e.update(status=404), ""),
    ],
    ids=["no-date", "no-innerError", "no-code", "2022-innererror", "bad-date", "extra-key"],
)
def test_malformed_error_fails(mutate: Any, pointer: str) -> None:
    body = error_body()
    mutate(body)
    error = violation("beta", "DELETE", f"/me/calendars/{CAL_ID}", 403, body)
    assert error.pointer.startswith(pointer)


def test_error_without_a_body_fails() -> None:
    assert "body is required" in violation("v1.0", "GET", "/me/calendar", 401, None).detail


# --------------------------------------------------------------------------------------
# $batch
# --------------------------------------------------------------------------------------

BATCH_REQUEST = {
    "requests": [
        {"id": "1", "method": "GET", "url": "/me/calendars?$select=name"},
        {"id": "2", "method": "GET", "url": "me/calendar/calendarPermissions"},
        {"id": "3", "method": "POST", "url": f"/me/events/{EVENT_ID}/accept", "dependsOn": ["1"]},
        {"id": "4", "method": "GET", "url": "/me"},
    ]
}


def batch_response() -> dict[str, Any]:
    return {
        "responses": [
            {"id": "2", "status": 200, "body": {"value": [permission()]}},
            {
                "id": "1",
                "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {"value": [{"id": CAL_ID, "name": "Calendar"}]},
            },
            {"id": "3", "status": 202},
            {"id": "4", "status": 200, "body": {"displayName": "Adele Vance"}},
        ]
    }


def test_good_batch_counts_the_checked_sub_responses() -> None:
    # "/me" is outside the subset: not counted, not checked.
    assert validate_batch("v1.0", BATCH_REQUEST, batch_response()) == 3


def test_batch_with_one_good_and_one_bad_sub_body_raises() -> None:
    response = batch_response()
    response["responses"][1]["body"]["value"][0]["colour"] = "auto"
    with pytest.raises(ContractViolation) as caught:
        validate_batch("v1.0", BATCH_REQUEST, response)
    error = caught.value
    assert error.pointer == "/responses/1/body/value/0/colour"
    assert "'1'" in error.detail
    assert "/me/calendars" in error.detail


def test_batch_sub_error_uses_the_service_error_shape() -> None:
    response = batch_response()
    response["responses"][0] = {"id": "2", "status": 403, "body": error_body()}
    assert validate_batch("v1.0", BATCH_REQUEST, response) == 3
    response["responses"][0]["body"] = {"error": {"code": "ErrorAccessDenied", "message": "no"}}
    with pytest.raises(ContractViolation):
        validate_batch("v1.0", BATCH_REQUEST, response)


def test_batch_envelope_is_checked() -> None:
    response = batch_response()
    del response["responses"][2]["status"]
    with pytest.raises(ContractViolation, match="'status' is a required property"):
        validate_batch("v1.0", BATCH_REQUEST, response)


def test_batch_responses_must_answer_the_requests() -> None:
    response = batch_response()
    response["responses"].pop()
    with pytest.raises(ContractViolation, match="no response for request"):
        validate_batch("v1.0", BATCH_REQUEST, response)
    response = batch_response()
    response["responses"][3]["id"] = "5"
    with pytest.raises(ContractViolation, match="answers no request"):
        validate_batch("v1.0", BATCH_REQUEST, response)


# --------------------------------------------------------------------------------------
# known_properties
# --------------------------------------------------------------------------------------


def test_known_properties_of_calendar_permission() -> None:
    assert known_properties("calendarPermission") == {
        "id",
        "allowedRoles",
        "emailAddress",
        "isInsideOrganization",
        "isRemovable",
        "role",
    }


def test_known_properties_are_flattened_and_per_version() -> None:
    event = known_properties("microsoft.graph.event")
    assert {"id", "createdDateTime", "subject", "attendees", "calendar"} <= event
    assert "nmae" not in known_properties("calendar")
    assert "isShared" not in known_properties("calendar")
    assert {"isShared", "isSharedWithMe"} <= known_properties("calendar", "beta")
    assert {"meetingMessageType", "subject", "id"} <= known_properties("eventMessage", "beta")
    assert {"responseType", "meetingMessageType"} <= known_properties("eventMessageResponse")


def test_known_properties_returns_a_copy() -> None:
    known_properties("calendar").add("nmae")
    assert "nmae" not in known_properties("calendar")


@pytest.mark.parametrize("name", ["user", "calendarRoleType"])
def test_known_properties_of_something_else_raises(name: str) -> None:
    with pytest.raises(KeyError):
        known_properties(name)


# --------------------------------------------------------------------------------------
# Speed
# --------------------------------------------------------------------------------------


def test_compiled_contract_is_built_once_per_version() -> None:
    """Rebuilding the schemas per call would make the suite crawl; timing belongs in bench/."""
    example = DOC_EXAMPLES["event-message-with-event"]
    validate_response(example["version"], "GET", example["path"], 200, example["body"])
    assert validator._contract("v1.0") is validator._contract("v1.0")
    assert validator._contract("beta") is not validator._contract("v1.0")
