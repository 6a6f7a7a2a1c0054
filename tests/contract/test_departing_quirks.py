"""Quirks that depart from the contract: what the contract promises, and what it accepts
of the service's answer instead (app/graph/emulator/quirks.py marks them)."""

from __future__ import annotations

from app.graph.emulator.quirks import QUIRKS
from tests.contract.validator import validate_response

ACCEPT = "/me/messages/AAMk=/microsoft.graph.calendarSharingMessage/microsoft.graph.accept"
EXPECTED = {"sharing-accept-unsupported"}


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
