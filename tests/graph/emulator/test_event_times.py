"""Event times as the service writes them: Prefer: outlook.timezone ignored on writes,
all-day events as midnight labelled UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.graph_client import PATTI

PACIFIC = {"Prefer": 'outlook.timezone="Pacific Standard Time"'}
DAY = date.today() + timedelta(days=40)
TEN_EASTERN = datetime.combine(DAY, time(10), ZoneInfo("America/New_York"))


def _in(zone) -> str:
    """10:00 Eastern on DAY as Graph writes it in another zone (whatever the season)."""
    return f"{TEN_EASTERN.astimezone(zone):%Y-%m-%dT%H:%M:%S}.0000000"


def _meeting(**extra) -> dict:
    return {
        "subject": "Board prep",
        "start": {"dateTime": f"{DAY}T10:00:00", "timeZone": "Eastern Standard Time"},
        "end": {"dateTime": f"{DAY}T11:00:00", "timeZone": "Eastern Standard Time"},
        **extra,
    }


def _all_day() -> dict:
    return _meeting(isAllDay=True, subject="Offsite",
                    start={"dateTime": f"{DAY}T00:00:00", "timeZone": "Eastern Standard Time"},
                    end={"dateTime": f"{DAY + timedelta(days=1)}T00:00:00",
                         "timeZone": "Eastern Standard Time"})


@pytest.mark.parametrize("quirk_on", [True, False])
def test_a_write_answers_in_the_zone_the_service_chooses(graph, emulator, quirk_on):
    quirks = emulator.quirks
    emulator.set_quirks(quirks.plus("timezone-ignored-on-writes") if quirk_on
                        else quirks.without("timezone-ignored-on-writes"))
    patti = graph(PATTI, "Calendars.ReadWrite")
    created = patti.post("/me/events", _meeting(), headers=PACIFIC)
    made = created.json()
    later = patti.patch(f"/me/events/{made['id']}", {"subject": "Board prep (moved)"},
                        headers=PACIFIC)
    changed = later.json()
    if quirk_on:  # #8645: the zone it was written in; #5029: UTC
        assert made["start"] == {"dateTime": f"{DAY}T10:00:00.0000000",
                                 "timeZone": "Eastern Standard Time"}
        assert changed["start"] == {"dateTime": _in(UTC), "timeZone": "UTC"}
        assert "Preference-Applied" not in created.headers
        assert "Preference-Applied" not in later.headers
    else:
        for answer in (made, changed):
            assert answer["start"] == {"dateTime": _in(ZoneInfo("America/Los_Angeles")),
                                       "timeZone": "Pacific Standard Time"}
        assert created.headers["Preference-Applied"] == PACIFIC["Prefer"]
    # A read honours Prefer either way.
    read = patti.get(f"/me/events/{made['id']}", headers=PACIFIC).json()
    assert read["start"]["timeZone"] == "Pacific Standard Time"


@pytest.mark.parametrize("quirk_on", [True, False])
def test_an_all_day_event_reads_as_midnight_labelled_utc(graph, emulator, quirk_on):
    quirks = emulator.quirks
    emulator.set_quirks(quirks.plus("all-day-as-utc-midnight") if quirk_on
                        else quirks.without("all-day-as-utc-midnight"))
    patti = graph(PATTI, "Calendars.ReadWrite")
    made = patti.post("/me/events", _all_day()).json()
    read = patti.get(f"/me/events/{made['id']}", headers=PACIFIC).json()
    if quirk_on:
        assert (read["start"], read["end"]) == (
            {"dateTime": f"{DAY}T00:00:00.0000000", "timeZone": "UTC"},
            {"dateTime": f"{DAY + timedelta(days=1)}T00:00:00.0000000", "timeZone": "UTC"})
    else:  # Eastern midnight is 21:00 the day before in Pacific time
        assert read["start"] == {"dateTime": f"{DAY - timedelta(days=1)}T21:00:00.0000000",
                                 "timeZone": "Pacific Standard Time"}
