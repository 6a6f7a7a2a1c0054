"""Quirks that depart from the contract: what the contract promises, and what it accepts
of the service's answer instead (app/graph/emulator/quirks.py marks them)."""

from __future__ import annotations

from app.graph.emulator.quirks import QUIRKS
from tests.contract.departures import as_documented
from tests.contract.validator import ContractViolation, validate_response

ACCEPT = "/me/messages/AAMk=/microsoft.graph.calendarSharingMessage/microsoft.graph.accept"
EXPECTED = {"sharing-accept-unsupported", "unknown-calendar-role"}


def test_the_departing_quirks_are_the_ones_checked_here():
    assert {q.name for q in QUIRKS.values() if q.departs_from_contract} == EXPECTED


def test_sharing_accept_is_promised_but_refused_in_the_error_shape():
    """The contract lists the action with a calendar for an answer; the service answers
    400 (microsoft-graph-docs-contrib#922), in the error shape the contract allows."""
    assert validate_response("v1.0", "POST", ACCEPT, 200, {"id": "AAMkCal=", "name": "Alex"})
    refusal = {"error": {"code": "RequestBroker--ParseUri",
                         "message": "Resource not found for the segment "
                                    "'Microsoft.OutlookServices.CalendarSharingMessage'.",
                         "innerError": {"date": "2023-08-10T06:16:53",
                                        "request-id": "912d319b-d039-4e66-a3ef-77c8b209eb31"}}}
    assert validate_response("v1.0", "POST", ACCEPT, 400, refusal)


def test_a_role_added_later_breaks_the_enum_and_is_expected_as_custom():
    """``unknown-calendar-role``: calendarRoleType has no unknownFutureValue; the check,
    told by the emulator's header, reads it as "custom" and validates the rest."""
    path = "/users/MeganB@contoso.com/calendar/calendarPermissions"
    body = {"value": [{"id": "L28=", "role": "unknownFutureValue", "isRemovable": True,
                       "isInsideOrganization": True,
                       "allowedRoles": ["freeBusyRead", "unknownFutureValue"],
                       "emailAddress": {"name": "Christie Cline",
                                        "address": "ChristieC@contoso.com"}}]}
    try:
        validate_response("v1.0", "GET", path, 200, body)
    except ContractViolation as violation:
        assert "unknownFutureValue" in str(violation)
    else:
        raise AssertionError("the contract took a role its enum lacks")
    assert validate_response("v1.0", "GET", path, 200,
                             as_documented("unknown-calendar-role", body))
