"""The Contoso seed holds what the issue promises; ``scale:N`` is random but reproducible."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.graph.emulator.seeds import build_tenant
from tests.graph_client import ADELE, ALEX, LEE, MEGAN, PATTI
from tests.odd_shapes import without_odd_shapes


def _roles(tenant, owner, calendar_name="Calendar"):
    calendar = next(c for c in tenant.person(owner).mailbox.calendars.values()
                    if c.name == calendar_name)
    return {p.address or p.name: p.role for p in calendar.permissions.values()}


def test_contoso_people_and_sharing():
    tenant = build_tenant("contoso")
    tenant.quirks = without_odd_shapes()  # its people (the others: test_unreachable.py)
    names = {p.address.split("@")[0] for p in tenant.users()}
    assert names == {"AlexW", "AdeleV", "MeganB", "ChristieC", "PattiF", "LeeG"}
    assert _roles(tenant, ALEX) == {"My Organization": "freeBusyRead",
                                    ADELE: "delegateWithoutPrivateEventAccess",
                                    MEGAN: "delegateWithPrivateEventAccess"}
    assert _roles(tenant, ALEX, "Kids parties") == {ADELE: "read", MEGAN: "read"}
    assert _roles(tenant, PATTI)[ADELE] == "delegateWithPrivateEventAccess"
    assert _roles(tenant, LEE)[ADELE] == "read"
    alex = tenant.person(ALEX).mailbox
    assert alex.delivery_option == "sendToDelegateOnly"
    assert alex.settings["timeZone"] == "Pacific Standard Time"
    assert tenant.person(PATTI).mailbox.delivery_option == "sendToDelegateAndPrincipal"
    leadership = tenant.person("leadership@contoso.com")
    assert leadership.is_group
    assert leadership.members == [tenant.person(ALEX).key, tenant.person(PATTI).key]
    assert len(tenant.person(ADELE).mailbox.copies) == 4  # Alex x2, Patti, Lee: accepted


def test_contoso_events_surround_today():
    tenant = build_tenant("contoso")
    now = datetime.now(UTC)
    alex_events = list(tenant.person(ALEX).mailbox.events.values())
    assert any(e.start < now - timedelta(days=3) for e in alex_events)
    assert any(e.start > now + timedelta(days=3) for e in alex_events)
    assert any(e.private for e in alex_events)
    organized = [e for e in alex_events if e.is_organizer and e.attendees]
    responses = {a.response for e in organized for a in e.attendees}
    assert {"accepted", "tentativelyAccepted", "declined", "none"} <= responses
    pending = [e for e in alex_events if not e.is_organizer and e.response == "none"]
    assert len(pending) >= 3


def test_scale_seed_is_reproducible_and_bounded():
    first, second = build_tenant("scale:60:9"), build_tenant("scale:60:9")

    def shape(tenant):
        return [(p.address, c.name, sorted((q.address or "", q.role)
                                           for q in c.permissions.values()))
                for p in tenant.users() for c in p.mailbox.calendars.values()]

    assert shape(first) == shape(second)
    assert shape(first) != shape(build_tenant("scale:60:10"))
    for person in first.users():
        calendars = person.mailbox.calendars.values()
        assert 1 <= len(calendars) <= 3
        for calendar in calendars:
            people = [p for p in calendar.permissions.values() if not p.is_my_organization]
            assert len(people) <= 6
            assert all(p.inside or p.role in ("freeBusyRead", "limitedRead", "read")
                       for p in people)
