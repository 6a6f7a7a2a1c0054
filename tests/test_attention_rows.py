"""Which meeting requests still need an answer, and what each clashes with: the rules of
Needs attention, on messages and free/busy shaped as Graph sends them."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from app.attention.rows import (
    Conflict,
    Need,
    Row,
    attention_rows,
    conflicts_of,
    waiting_requests,
)
from app.attention.watch import notices, quiet_now
from app.graph.resources import EventMessage, ScheduleInformation, SharingInvitation
from app.models.attention import SUBJECT_CHARS, clash_words, waiting_words

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def at(hours: float) -> dict:
    moment = NOW + timedelta(hours=hours)
    return {"dateTime": moment.strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "UTC"}


def request(subject: str = "Budget", *, start: float = 24, end: float = 25,
            answered: str = "notResponded", **changes) -> EventMessage:
    data = {"id": f"m-{subject}", "subject": subject, "meetingMessageType": "meetingRequest",
            "receivedDateTime": "2026-12-01T09:00:00Z", "isDelegated": True,
            "from": {"emailAddress": {"name": "Patti Fernandez",
                                      "address": "PattiF@contoso.com"}},
            "event": {"id": f"e-{subject}", "subject": subject, "start": at(start),
                      "end": at(end), "responseStatus": {"response": answered}}}
    data.update(changes)
    return EventMessage.from_json(data)


def busy(subject: str | None, start: float, end: float, *, status: str = "busy",
         private: bool = False) -> dict:
    item = {"status": status, "isPrivate": private, "start": at(start), "end": at(end)}
    if subject is not None:
        item["subject"] = subject
    return item


def schedule(*items: dict) -> ScheduleInformation:
    return ScheduleInformation.from_json({"scheduleId": "AlexW@contoso.com",
                                          "availabilityView": "", "scheduleItems": list(items)})


def test_a_request_waits_until_it_is_answered_its_meeting_is_past_or_cancelled():
    waiting = request("Waiting")
    tentative_already = request("Answered", answered="tentativelyAccepted")
    past = request("Past", start=-3, end=-2)
    cancelled = request("Cancelled")
    assert cancelled.event is not None
    cancelled.event.is_cancelled = True
    copy = request("Copy", meetingRequestType="principalWantsCopy")
    response = request("Response", meetingMessageType="meetingAccepted")
    found = waiting_requests([waiting, tentative_already, past, cancelled, copy, response], NOW)
    assert [m.subject for m in found] == ["Waiting"]


def test_a_private_request_withheld_or_without_its_meeting_is_not_answered_here():
    withheld = request("Private")
    withheld.private_withheld = True
    bare = request("Bare")
    bare.event = None
    assert waiting_requests([withheld, bare], NOW) == []


@pytest.mark.parametrize(("items", "expected"), [
    # the request's own meeting, put in the calendar as tentative when it came
    ([busy("Budget", 24, 25, status="tentative")], []),
    ([busy(None, 24, 25, status="tentative")], []),
    ([busy("Board prep", 23.5, 24.5)], ["Board prep"]),
    ([busy("Physio", 24.5, 25.5, private=True)], ["Busy"]),  # private: never its subject
    ([busy(None, 24, 24.25)], ["Busy"]),  # free/busy only: no subject given
    ([busy("Lunch", 25, 26), busy("Breakfast", 23, 24)], []),  # touching is no clash
    ([busy("Offsite", 24, 25, status="free")], []),
    ([busy("Later", 24.5, 25), busy("Sooner", 24, 24.5)], ["Sooner", "Later"]),
])
def test_what_a_request_clashes_with(items, expected):
    conflicts = conflicts_of(request("Budget"), schedule(*items))
    assert [c.words for c in conflicts] == expected


def test_an_unreadable_schedule_marks_no_clash():
    unreadable = ScheduleInformation.from_json({
        "scheduleId": "AlexW@contoso.com", "availabilityView": "", "scheduleItems": [],
        "error": {"message": "No access", "responseCode": "ErrorNoFreeBusyAccess"}})
    assert conflicts_of(request(), unreadable) == ()


def test_rows_come_newest_first_with_invitations_among_them():
    older = request("Older", receivedDateTime="2026-11-30T08:00:00Z")
    newer = request("Newer", receivedDateTime="2026-12-01T10:00:00Z")
    invitation = SharingInvitation.from_json({
        "id": "i-1", "subject": "Lee Gu shared a calendar", "receivedDateTime":
        "2026-12-01T09:00:00Z", "suggestedCalendarName": "Lee Gu's calendar",
        "canAccept": True, "from": {"emailAddress": {"name": "Lee Gu"}}})
    rows = attention_rows([older, newer], lambda _m: ("alexw@contoso.com", "Alex Wilber"),
                          {}, [invitation])
    assert [(r.need, r.subject, r.for_name) for r in rows] == [
        (Need.ANSWER, "Newer", "Alex Wilber"),
        (Need.ADD_CALENDAR, "Lee Gu's calendar", "You"),
        (Need.ANSWER, "Older", "Alex Wilber"),
    ]


@pytest.mark.parametrize(("span", "now", "quiet"), [
    ("19:00-07:00", "23:30", True), ("19:00-07:00", "06:59", True),
    ("19:00-07:00", "07:00", False), ("12:00-13:00", "12:30", True),
    ("12:00-13:00", "13:00", False), ("", "12:00", False), ("lunch", "12:00", False),
])
def test_quiet_hours_across_midnight_or_within_a_day(span, now, quiet):
    assert quiet_now(span, time.fromisoformat(now)) is quiet


def test_a_notice_keeps_others_words_to_a_line_or_two():
    long = request("x" * 10_000)
    row = attention_rows([long], lambda _m: ("alexw@contoso.com", "A" * 500), {}, [])[0]
    [notice] = notices([row])
    assert len(notice.title) < 100 and notice.title.endswith("…")
    assert len(notice.text) < 400 and "x" * SUBJECT_CHARS not in notice.text


def test_a_cell_names_ten_people_or_meetings_then_how_many_more():
    many = tuple((f"Person {i}", f"p{i}@contoso.com") for i in range(250))
    row = Row("k", Need.FOLLOW_UP, "", "You", "Town hall", "", NOW, NOW, NOW,
              unanswered=many, attendees=300)
    words = waiting_words(row)
    assert words.startswith("250 of 300 haven't answered: Person 0, Person 1")
    assert words.endswith("Person 9 and 240 more")
    clashes = tuple(Conflict(NOW, NOW + timedelta(hours=1), f"Meeting {i}") for i in range(12))
    assert clash_words(clashes, UTC).endswith("; and 2 more")
