"""Attendees' answers to a meeting, counted and put in words.

Only the organizer's copy of an event carries ``attendees[].status`` (GUIDE §2.3);
any other copy says "none" for everyone, which is not the same as nobody answering.
"""

from __future__ import annotations

from collections import Counter

from .resources import Attendee, Event

# Graph's responses, in the order a summary lists them.
RESPONSE_WORDS = {
    "accepted": "accepted",
    "tentativelyAccepted": "tentative",
    "declined": "declined",
    "none": "no response",
    "notResponded": "no response",
}
NO_ANSWER = frozenset({"none", "notResponded"})
NOT_THE_ORGANIZERS_COPY = ("Responses are kept only on the organizer's copy of a meeting; "
                           "this copy is someone else's.")


def answered(attendee: Attendee) -> bool:
    return attendee.status.response not in NO_ANSWER


def response_counts(event: Event) -> Counter[str]:
    """How many attendees gave each answer (no-answers merged under "none")."""
    counts: Counter[str] = Counter()
    for attendee in event.attendees:
        if attendee.type == "resource":
            continue  # rooms answer automatically; people ask about people
        response = attendee.status.response
        counts["none" if response in NO_ANSWER else response] += 1
    return counts


def has_responses(event: Event) -> bool:
    """The copy at hand is the organizer's, so its attendees' answers are real."""
    return bool(event.is_organizer)


def summary(event: Event) -> str:
    """ "3 accepted, 1 tentative, 2 no response", or "" when unknown or no attendees."""
    if not has_responses(event):
        return ""
    counts = response_counts(event)
    parts = [f"{counts[key]} {RESPONSE_WORDS[key]}"
             for key in ("accepted", "tentativelyAccepted", "declined", "none") if counts[key]]
    return ", ".join(parts)
