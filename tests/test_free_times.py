"""Find a time's arithmetic: common free time within everyone's working hours, each in
their own zone, busy and tentative taking a person, working elsewhere not, and someone
unreadable left out rather than guessed free."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.attention.free_times import common_free_times, unreadable
from app.graph.resources import DateTimeTimeZone, FreeBusyError, ScheduleInformation, ScheduleItem
from app.zones import zone_info

PACIFIC = zone_info("Pacific Standard Time")
DAY = date(2026, 12, 8)  # a Tuesday


def hours(zone: str, start: str = "08:00:00", end: str = "17:00:00") -> dict:
    return {"daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
            "startTime": start, "endTime": end, "timeZone": {"name": zone}}


def item(start: str, end: str, status: str = "busy") -> ScheduleItem:
    """Times in UTC, as the app asks for them."""
    return ScheduleItem(status=status, start=_utc(start), end=_utc(end))


def _utc(at: str) -> DateTimeTimeZone:
    return DateTimeTimeZone(date_time=f"2026-12-08T{at}:00", time_zone="UTC")


def person(address: str, zone: str, *items: ScheduleItem) -> ScheduleInformation:
    return ScheduleInformation(schedule_id=address, schedule_items=list(items),
                               working_hours=hours(zone))


def words(found) -> list[str]:
    return [f"{t.start.astimezone(PACIFIC):%H:%M}-{t.end.astimezone(PACIFIC):%H:%M}"
            for t in found]


def test_free_time_is_within_everyones_working_hours_in_their_own_zone():
    # Alex works 08-17 Pacific, Patti 08-17 Eastern (05-14 Pacific): 08:00-14:00 Pacific.
    alex = person("alex", "Pacific Standard Time")
    patti = person("patti", "Eastern Standard Time")
    found = common_free_times([alex, patti], [DAY], PACIFIC, timedelta(minutes=30))
    assert words(found) == ["08:00-14:00"]


def test_busy_and_tentative_take_a_person_working_elsewhere_does_not():
    # 17:00 UTC is 09:00 Pacific.
    alex = person("alex", "Pacific Standard Time", item("17:00", "18:00"),
                  item("19:00", "19:30", "tentative"), item("20:00", "22:00", "workingElsewhere"))
    patti = person("patti", "Pacific Standard Time", item("22:30", "23:00", "oof"))
    found = common_free_times([alex, patti], [DAY], PACIFIC, timedelta(minutes=30))
    assert words(found) == ["08:00-09:00", "10:00-11:00", "11:30-14:30", "15:00-17:00"]
    # An hour's meeting fits only the runs an hour long or longer.
    longer = common_free_times([alex, patti], [DAY], PACIFIC, timedelta(hours=1))
    assert words(longer) == ["08:00-09:00", "10:00-11:00", "11:30-14:30", "15:00-17:00"]
    assert words(common_free_times([alex, patti], [DAY], PACIFIC, timedelta(hours=2))) == [
        "11:30-14:30", "15:00-17:00"]


def test_a_weekend_has_no_working_hours_and_so_no_free_time():
    alex = person("alex", "Pacific Standard Time")
    saturday = DAY + timedelta(days=4)
    assert common_free_times([alex], [saturday], PACIFIC, timedelta(minutes=30)) == []


def test_someone_whose_free_busy_cant_be_read_is_left_out_and_named():
    alex = person("alex", "Pacific Standard Time")
    nobody = ScheduleInformation(schedule_id="nobody@contoso.com",
                                 error=FreeBusyError(message="no",
                                                                   response_code="ErrorMailRecipientNotFound"))
    found = common_free_times([alex, nobody], [DAY], PACIFIC, timedelta(minutes=30))
    assert words(found) == ["08:00-17:00"]
    assert unreadable([alex, nobody]) == ["nobody@contoso.com"]
    assert found[0].start == datetime(2026, 12, 8, 8, tzinfo=PACIFIC)
