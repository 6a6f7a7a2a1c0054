"""``POST /me/calendar/getSchedule`` over HTTP: free/busy of several people at once, each
showing what the caller may see of it, and where the service departs from its page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.graph.emulator.model import Event
from app.graph.emulator.quirks import Quirks
from app.graph.emulator.schedule import DIGIT, WEIGHT, _availability

ADELE, ALEX, PATTI, CHRISTIE, LEE = ("AdeleV@contoso.com", "AlexW@contoso.com",
                                     "PattiF@contoso.com", "ChristieC@contoso.com",
                                     "LeeG@contoso.com")
NOBODY = "nobody@contoso.com"
PREFER_PACIFIC = {"Prefer": 'outlook.timezone="Pacific Standard Time"'}


def window(days: int = 60) -> dict:
    """From a month ago for two months: every event of the seed."""
    start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) \
        - timedelta(days=30)
    return {"startTime": {"dateTime": start.strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": "UTC"},
            "endTime": {"dateTime": (start + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S"),
                        "timeZone": "UTC"}}


def schedules(client, *addresses: str, **body) -> dict[str, dict]:
    response = client.post("/me/calendar/getSchedule",
                           json={"schedules": list(addresses), **window(), **body})
    assert response.status_code == 200, response.text
    return {s["scheduleId"]: s for s in response.json()["value"]}


def by_subject(schedule: dict) -> dict[str, dict]:
    return {item.get("subject", "(hidden)"): item for item in schedule["scheduleItems"]}


def test_each_schedule_shows_what_the_caller_may_see_of_it(graph):
    adele = graph(ADELE, "Calendars.Read")
    found = schedules(adele, ALEX, PATTI, CHRISTIE, LEE, NOBODY)
    assert list(found) == [ALEX, PATTI, CHRISTIE, LEE, NOBODY]  # in the order asked

    # Alex: Adele is his delegate without private access: subjects, but not a private one's.
    alex = found[ALEX]["scheduleItems"]
    assert "Quarterly business review" in by_subject(found[ALEX])
    assert "Doctor appointment" not in by_subject(found[ALEX])
    private = [item for item in alex if item["isPrivate"]]
    assert private and all("subject" not in i and "location" not in i for i in private)
    assert all(i["status"] for i in private)  # their time and show-as stay: "Busy"
    # Patti gave Adele private access: her private event shows whole.
    assert by_subject(found[PATTI])["Physiotherapy"]["isPrivate"] is True
    # Christie shares nothing with Adele: the organization's free/busy, times only.
    assert found[CHRISTIE]["scheduleItems"]
    assert all(set(i) == {"isPrivate", "status", "start", "end"}
               for i in found[CHRISTIE]["scheduleItems"])
    # Lee: read access, so subjects; never a private one's.
    assert "Architecture review" in by_subject(found[LEE])
    assert "School run" not in by_subject(found[LEE])
    # Nobody: the schedule's own error; the others are answered all the same.
    assert found[NOBODY]["error"]["responseCode"] == "ErrorMailRecipientNotFound"
    assert found[NOBODY]["scheduleItems"] == []
    # Working hours from each mailbox's settings, in its own zone.
    assert found[PATTI]["workingHours"]["timeZone"]["name"] == "Eastern Standard Time"


def test_the_owner_sees_their_own_private_events(graph):
    alex = graph(ALEX, "Calendars.Read")
    assert "Doctor appointment" in by_subject(schedules(alex, ALEX)[ALEX])


def test_a_caller_without_free_busy_access_gets_that_schedules_error(graph, emulator):
    christie = graph(CHRISTIE, "Calendars.ReadWrite")
    calendar = christie.get("/me/calendar").json()
    permissions = christie.get_all(f"/me/calendars/{calendar['id']}/calendarPermissions")
    organization = next(p for p in permissions if p["emailAddress"]["name"] == "My Organization")
    answer = christie.patch(f"/me/calendars/{calendar['id']}/calendarPermissions/"
                            f"{organization['id']}", json={"role": "none"})
    assert answer.status_code == 200, answer.text
    found = schedules(graph(ADELE, "Calendars.Read"), CHRISTIE, ALEX)
    assert found[CHRISTIE]["error"]["responseCode"] == "ErrorNoFreeBusyAccess"
    assert found[ALEX]["scheduleItems"]


def test_availability_view_has_one_digit_per_interval_busiest_first(graph, emulator):
    emulator.set_quirks(emulator.quirks.plus("schedule-working-elsewhere-as-free"))
    adele = graph(ADELE, "Calendars.ReadWrite")
    start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) \
        + timedelta(days=70)

    def at(hours: float) -> dict:
        moment = start + timedelta(hours=hours)
        return {"dateTime": moment.strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": "UTC"}

    for subject, begin, end, show_as in (("Busy hour", 1, 2, "busy"),
                                         ("Maybe", 2, 3, "tentative"),
                                         ("Away", 3, 4, "oof"),
                                         ("From home", 4, 5, "workingElsewhere"),
                                         ("Overlapping", 1.5, 3, "tentative")):
        made = adele.post("/me/events", json={"subject": subject, "start": at(begin),
                                              "end": at(end), "showAs": show_as})
        assert made.status_code == 201, made.text
    body = {"schedules": [ADELE], "startTime": at(0), "endTime": at(6),
            "availabilityViewInterval": 60}
    view = adele.post("/me/calendar/getSchedule", json=body).json()["value"][0]
    # free, busy, tentative, oof, working elsewhere written as free (the service), free
    assert view["availabilityView"] == "021300"
    assert by_subject(view)["From home"]["status"] == "workingElsewhere"


def test_availability_view_says_working_elsewhere_as_the_page_does_without_the_quirk(
        graph, emulator):
    emulator.set_quirks(emulator.quirks.without("schedule-working-elsewhere-as-free"))
    adele = graph(ADELE, "Calendars.ReadWrite")
    start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) \
        + timedelta(days=71)
    when = {"dateTime": start.strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": "UTC"}
    until = {"dateTime": (start + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S"),
             "timeZone": "UTC"}
    adele.post("/me/events", json={"subject": "From home", "start": when, "end": until,
                                   "showAs": "workingElsewhere"})
    view = adele.post("/me/calendar/getSchedule", json={
        "schedules": [ADELE], "startTime": when, "endTime": until}).json()["value"][0]
    assert view["availabilityView"] == "4"


def test_items_come_in_the_zone_prefer_asks(graph):
    adele = graph(ADELE, "Calendars.Read")
    response = adele.post("/me/calendar/getSchedule", headers=PREFER_PACIFIC,
                          json={"schedules": [ALEX], **window()})
    assert response.headers["Preference-Applied"] == PREFER_PACIFIC["Prefer"]
    items = response.json()["value"][0]["scheduleItems"]
    assert items and all(i["start"]["timeZone"] == "Pacific Standard Time" for i in items)


@pytest.mark.parametrize(("quirks", "status"), [("service", 500), ("none", 200)])
def test_a_null_interval_is_a_500_on_the_service(graph, emulator, quirks, status):
    quirk = "schedule-null-interval-500"
    emulator.set_quirks(emulator.quirks.plus(quirk) if quirks == "service"
                        else emulator.quirks.without(quirk))
    adele = graph(ADELE, "Calendars.Read")
    body = {"schedules": [ALEX], **window(), "availabilityViewInterval": None}
    response = adele.post("/me/calendar/getSchedule", json=body)
    assert response.status_code == status  # the page: optional, 30 minutes


@pytest.mark.parametrize(("body", "says"), [
    ({"schedules": []}, "schedules"),
    ({"schedules": [f"user{i}@contoso.com" for i in range(101)]}, "At most 100"),
    ({"schedules": [ALEX], "availabilityViewInterval": 4}, "availabilityViewInterval"),
])
def test_a_request_out_of_bounds_is_refused_saying_why(graph, body, says):
    adele = graph(ADELE, "Calendars.Read")
    response = adele.post("/me/calendar/getSchedule", json={**window(), **body})
    assert response.status_code == 400
    assert says in response.json()["error"]["message"]


def test_free_busy_needs_a_calendar_scope(graph):
    adele = graph(ADELE, "User.Read")
    response = adele.post("/me/calendar/getSchedule", json={"schedules": [ALEX], **window()})
    assert response.status_code == 403


@settings(max_examples=150, deadline=None)
@given(spans=st.lists(st.tuples(st.integers(-90, 600), st.integers(1, 300),
                                st.sampled_from(sorted(WEIGHT))), max_size=12),
       interval=st.sampled_from([5, 15, 30, 60]), length=st.integers(1, 480),
       as_free=st.booleans())
def test_each_slot_shows_the_busiest_event_overlapping_it(spans, interval, length, as_free):
    """The availability view, slot by slot, as the definition says: the busiest status
    of the events overlapping [slot, slot + interval) (the last slot may be shorter)."""
    start = datetime(2026, 12, 7, 8, tzinfo=UTC)
    end = start + timedelta(minutes=length)
    events = [Event(n, 1, f"uid{n}", "", start + timedelta(minutes=at),
                    start + timedelta(minutes=at + minutes), "", "", True, start, start,
                    show_as=status) for n, (at, minutes, status) in enumerate(spans)]
    quirks = Quirks({"schedule-working-elsewhere-as-free"}) if as_free else Quirks(set())
    step, expected, slot = timedelta(minutes=interval), [], start
    while slot < end:
        busiest = max((e.show_as for e in events if e.start < slot + step and e.end > slot),
                      key=WEIGHT.__getitem__, default="free")
        if as_free and busiest == "workingElsewhere":
            busiest = "free"
        expected.append(DIGIT[busiest])
        slot += step
    assert _availability(events, start, end, interval, quirks) == "".join(expected)
