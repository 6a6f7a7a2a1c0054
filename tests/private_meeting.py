"""A private meeting Patti sends Alex, whose delegates differ in what they may see.

Adele is Alex's delegate without access to private events, Megan his delegate with it.
The words of the meeting are ones no view, log or journal of Adele's may ever show.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.graph_client import ALEX, PATTI

SUBJECT = "Succession planning: the COO shortlist"
BODY_WORDS = "Candidates we discuss in confidence"
PLACE = "Patti's office, 30th floor"
SECRETS = (SUBJECT, BODY_WORDS, PLACE, "COO shortlist", "30th floor")


def send_private_meeting(graph, *, sensitivity: str = "private") -> dict:
    """Patti invites Alex to a private meeting the day after tomorrow; her event."""
    patti = graph(PATTI, "Calendars.ReadWrite")
    start = (datetime.now() + timedelta(days=2)).replace(hour=16, minute=0, second=0,
                                                          microsecond=0)
    answer = patti.post("/me/events", json={
        "subject": SUBJECT,
        "body": {"contentType": "html", "content": f"<p>{BODY_WORDS}.</p>"},
        "start": {"dateTime": start.isoformat(), "timeZone": "Pacific Standard Time"},
        "end": {"dateTime": (start + timedelta(minutes=45)).isoformat(),
                "timeZone": "Pacific Standard Time"},
        "location": {"displayName": PLACE},
        "sensitivity": sensitivity,
        "attendees": [{"emailAddress": {"address": ALEX}, "type": "required"}],
    })
    assert answer.status_code == 201, answer.text
    return answer.json()


def alex_answers(graph, action: str, *, send_response: bool) -> None:
    """Alex, in his own Outlook, answers Patti's private meeting (``accept``, ``decline``)."""
    alex = graph(ALEX, "Calendars.ReadWrite")
    [copy] = [e for e in alex.get_all("/me/events") if e["subject"] == SUBJECT]
    assert alex.post(f"/me/events/{copy['id']}/{action}",
                     json={"sendResponse": send_response}).status_code == 202
