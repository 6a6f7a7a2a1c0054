"""Where a private meeting's messages go: to the principal, never to a delegate.

Outlook's delegate rule forwards only meeting messages that are not private (quirk
``private-meeting-mail-not-forwarded``); the pages say delegates get requests and
responses without exception, which the emulator plays with the quirk off.
"""

from __future__ import annotations

import pytest

from app.graph.resources import SENSITIVITY_PROPERTY
from tests.graph_client import ADELE, ALEX, MEGAN, PATTI
from tests.private_meeting import SUBJECT, alex_answers, send_private_meeting

QUIRK = "private-meeting-mail-not-forwarded"
SENSITIVITY = {"$expand": f"singleValueExtendedProperties($filter=id eq '{SENSITIVITY_PROPERTY}')"}


def _about_the_meeting(graph, who: str) -> list[dict]:
    client = graph(who, "Mail.Read")
    return [m for m in client.get_all("/me/messages", params=SENSITIVITY)
            if SUBJECT in m["subject"]]


@pytest.mark.parametrize("option", ["sendToDelegateOnly",
                                    "sendToDelegateAndInformationToPrincipal"])
def test_a_private_request_reaches_alex_and_none_of_his_delegates(graph, emulator, option):
    emulator.set_quirks(emulator.quirks.plus(QUIRK))
    alex = graph(ALEX, "MailboxSettings.ReadWrite")
    assert alex.patch("/me/mailboxSettings", json={
        "delegateMeetingMessageDeliveryOptions": option}).status_code == 200
    send_private_meeting(graph)

    assert _about_the_meeting(graph, ADELE) == []
    assert _about_the_meeting(graph, MEGAN) == []  # even with access to private events
    [request] = _about_the_meeting(graph, ALEX)
    # Actionable, whatever the option says ([MS-OXOCAL] 3.1.5.6).
    assert request["meetingRequestType"] == "newMeetingRequest"
    assert request["isDelegated"] is False


def test_the_sensitivity_comes_as_an_extended_property_asked_by_its_tag(graph, emulator):
    emulator.set_quirks(emulator.quirks.without(QUIRK))
    send_private_meeting(graph)
    [request] = _about_the_meeting(graph, ADELE)  # as the pages say: delegates get it
    assert request["isDelegated"] is True
    assert request["singleValueExtendedProperties"] == [
        {"id": SENSITIVITY_PROPERTY, "value": "2"}]
    # Without the tag asked, the message has no such property; a filter is required.
    mail = graph(ADELE, "Mail.Read")
    plain = mail.get_all("/me/messages")
    assert all("singleValueExtendedProperties" not in m for m in plain)
    refused = mail.get("/me/messages", params={"$expand": "singleValueExtendedProperties"})
    assert refused.status_code == 400


def test_a_response_to_a_private_meeting_stays_with_its_organizer(graph, emulator):
    """Patti's delegate Adele may see Patti's private events, yet the rule forwards no
    private response to her: Patti gets Alex's answer herself."""
    emulator.set_quirks(emulator.quirks.plus(QUIRK))
    send_private_meeting(graph)
    alex_answers(graph, "accept", send_response=True)
    assert [m["subject"] for m in _about_the_meeting(graph, PATTI)] == [f"Accepted: {SUBJECT}"]
    assert _about_the_meeting(graph, ADELE) == []
