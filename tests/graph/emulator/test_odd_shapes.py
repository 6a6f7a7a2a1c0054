"""Shapes the pages don't show, as the emulator sends them (issue 16, item 5)."""

from __future__ import annotations

from app.graph.emulator.quirks import DEPARTS_HEADER, QUIRKS
from tests.contract.departures import EXPECTED
from tests.graph_client import ADMIN_ROLES, ALEX, CHRISTIE, LEE, MEGAN, PATTI
from tests.odd_shapes import ODD_SHAPES


def permissions(admin, owner: str):
    answer = admin.get(f"/users/{owner}/calendar/calendarPermissions")
    assert answer.status_code == 200
    return answer, answer.json()["value"]


def test_each_odd_shape_is_sent_while_its_quirk_is_played(emulator, graph):
    emulator.set_quirks(emulator.quirks.plus(*ODD_SHAPES))
    admin = graph(roles=ADMIN_ROLES)
    _, patti = permissions(admin, PATTI)
    custom = next(p for p in patti if (p["emailAddress"] or {}).get("address") == CHRISTIE)
    assert custom["role"] == "custom" and custom["allowedRoles"][-1] == "custom"
    assert any(p["emailAddress"] is None and p["isRemovable"] for p in patti)
    _, lee = permissions(admin, LEE)
    assert {"name": "Isaiah Langer"} in [p["emailAddress"] for p in lee]
    answer, megan = permissions(admin, MEGAN)
    assert "unknownFutureValue" in [p["role"] for p in megan]
    # The contract check was told (the test client validated this answer with it).
    assert answer.headers[DEPARTS_HEADER] == "unknown-calendar-role"
    calendars = admin.get_all(f"/users/{ALEX}/calendars")
    assert next(c for c in calendars if c["name"] == "Kids parties")["owner"] is None
    # Custom is shown, never set: Graph refuses it even where allowedRoles lists it.
    refused = admin.patch(f"/users/{PATTI}/calendar/calendarPermissions/{custom['id']}",
                          {"role": "custom"})
    assert refused.status_code == 400


def test_the_documented_service_sends_none_of_them(emulator, graph):
    emulator.set_quirks(emulator.quirks.without(*ODD_SHAPES))
    admin = graph(roles=ADMIN_ROLES)
    for owner in (PATTI, LEE, MEGAN):
        answer, items = permissions(admin, owner)
        assert DEPARTS_HEADER not in answer.headers
        assert all(p["emailAddress"] and p["role"] != "custom" for p in items)
        assert all(p["emailAddress"].get("address") or not p["isRemovable"] for p in items)
    calendars = admin.get_all(f"/users/{ALEX}/calendars")
    assert all(c["owner"]["address"] == ALEX for c in calendars if c["canShare"])


def test_the_contract_check_expects_only_quirks_that_depart_from_it():
    assert set(EXPECTED) <= {q.name for q in QUIRKS.values() if q.departs_from_contract}
