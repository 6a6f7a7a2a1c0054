"""The same meeting at the same time, however the service wrote its times: an all-day
event labelled UTC at midnight, a created event in the zone it was written in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.events import Column, day_words
from tests.graph_client import ADELE, PATTI
from tests.views.test_meetings import meetings_of

DAY = date.today() + timedelta(days=40)
EASTERN = "Eastern Standard Time"


def _at(hour: int) -> dict:
    return {"dateTime": f"{DAY}T{hour:02d}:00:00", "timeZone": EASTERN}


def _pattis_day(graph) -> None:
    """Patti (New York) has an all-day offsite and a 10:00 call on DAY."""
    patti = graph(PATTI, "Calendars.ReadWrite")
    patti.post("/me/events", {"subject": "Offsite", "isAllDay": True,
                              "start": {"dateTime": f"{DAY}T00:00:00", "timeZone": EASTERN},
                              "end": {"dateTime": f"{DAY + timedelta(days=1)}T00:00:00",
                                      "timeZone": EASTERN}})
    patti.post("/me/events", {"subject": "Investor call", "start": _at(10), "end": _at(11)})


@pytest.mark.parametrize("quirk_on", [True, False])
def test_adele_sees_pattis_all_day_event_on_its_day_whichever_way_it_came(
        qtbot, open_deputy, graph, emulator, quirk_on):
    quirks = emulator.quirks
    emulator.set_quirks(quirks.plus("all-day-as-utc-midnight") if quirk_on
                        else quirks.without("all-day-as-utc-midnight"))
    _pattis_day(graph)
    # Adele works in Central time: the call is at 09:00 for her, the offsite all of DAY.
    window = meetings_of(qtbot, open_deputy, ADELE, "Patti Fernandez", DAY, days=1)
    table, proxy = window.meetings_view.table, window.meetings_view.proxy
    shown = {proxy.index(r, Column.SUBJECT).data(): proxy.index(r, Column.WHEN).data()
             for r in range(proxy.rowCount())}
    assert shown["Offsite"] == f"{day_words(DAY)}, all day"
    assert shown["Investor call"] == f"{day_words(DAY)} 09:00\u201310:00"
    # Sorted by time (all times in one zone now), the all-day event first.
    assert proxy.index(0, Column.SUBJECT).data() == "Offsite"
    assert table.isVisible()
