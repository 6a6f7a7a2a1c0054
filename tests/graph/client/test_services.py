"""The calendar service's operations against the emulator, as the seed's people."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.graph.emulator.seeds import fill_mailbox
from app.graph.resources import Calendar, MailboxSettings
from app.graph.services import MEETING_MAIL, CalendarRef
from tests.graph.client.conftest import emulator_stats
from tests.graph_client import ADELE, ALEX, CHRISTIE, LEE, PATTI


def _this_fortnight():
    start = datetime.now(UTC) - timedelta(days=7)
    return start, start + timedelta(days=21)


def test_calendars_with_beta_flags(library):
    service, _, _ = library(ADELE)
    calendars = {c.name: c for c in service.calendars()}
    assert calendars["Calendar"].is_shared is False or calendars["Calendar"].can_share
    copy = calendars["Alex Wilber"]
    assert (copy.is_shared_with_me, copy.can_share, copy.can_edit) == (True, False, True)
    assert copy.owner.address == ALEX


def test_rename_copy_and_accept_invitation(library, graph, emulator):
    """As the pages describe it (the service refuses the action: test_service_quirks.py)."""
    emulator.set_quirks(emulator.quirks.without("sharing-accept-unsupported"))
    service, _, _ = library(ADELE)
    copy = next(c for c in service.calendars() if c.name == "Lee Gu")
    renamed = service.rename_copy(CalendarRef("me", copy.id), "Lee (engineering)")
    assert renamed.name == "Lee (engineering)"
    alex = graph(ALEX, "Calendars.ReadWrite")
    alex.post("/me/calendar/calendarPermissions",
              {"emailAddress": {"address": CHRISTIE}, "role": "read"})
    christie, _, _ = library(CHRISTIE)
    invitation = next(m for m in graph(CHRISTIE, "Mail.Read").get_all("/me/messages")
                      if m["@odata.type"].endswith("calendarSharingMessage"))
    added = christie.accept_sharing_invitation(invitation["id"])
    assert added.owner.address == ALEX
    assert any(c.id == added.id for c in christie.calendars())


def test_sharing_round_trip(library):
    service, _, _ = library(ALEX)
    ref = CalendarRef()
    assert service.allowed_roles_for(ref, LEE, "Alex Wilber")[-1] == (
        "delegateWithPrivateEventAccess")
    added = service.add_permission(ref, LEE, "limitedRead", "Alex Wilber")
    assert (added.role, added.email_address.name) == ("limitedRead", "Lee Gu")
    changed = service.change_role(ref, added.id, "delegateWithoutPrivateEventAccess",
                                  "Alex Wilber")
    assert changed.role == "delegateWithoutPrivateEventAccess"
    service.remove_permission(ref, added.id, "Alex Wilber")
    remaining = service.permissions(ref, "Alex Wilber")
    assert all(p.id != added.id for p in remaining)
    assert [p.is_my_organization for p in remaining].count(True) == 1


def test_delivery_option_and_write_back_keeps_unknown_fields(library, graph):
    service, client, _ = library(ALEX)
    assert service.mailbox_settings("me", "Alex Wilber").delegate_meeting_message_delivery_options \
        == "sendToDelegateOnly"
    updated = service.set_delivery_option("me", "sendToDelegateAndPrincipal", "Alex Wilber")
    assert updated.delegate_meeting_message_delivery_options == "sendToDelegateAndPrincipal"
    whole = MailboxSettings.from_json(client.get("/me/mailboxSettings",
                                                 scopes=["MailboxSettings.Read"]))
    assert "workingHours" in whole.extra  # not modelled by Deputy, but kept
    whole.delegate_meeting_message_delivery_options = "sendToDelegateOnly"
    body = {k: v for k, v in whole.to_json().items() if not k.startswith("@odata.")}
    client.patch("/me/mailboxSettings", body, scopes=["MailboxSettings.ReadWrite"])
    after = graph(ALEX, "MailboxSettings.Read").get("/me/mailboxSettings").json()
    assert after["workingHours"] == whole.extra["workingHours"]
    assert after["delegateMeetingMessageDeliveryOptions"] == "sendToDelegateOnly"


def test_assistant_day(library):
    """Adele reads Patti's week, answers a request for her, and sees her own mail."""
    service, _, _ = library(ADELE)
    patti = CalendarRef(PATTI)
    week = service.calendar_view(patti, *_this_fortnight(), time_zone="Eastern Standard Time")
    assert week
    assert all(e.start.time_zone == "Eastern Standard Time" for e in week)
    private = [e for e in week if e.is_private]
    assert private
    assert all(e.subject for e in private)  # Adele may see Patti's private events
    pending = next(e for e in week if e.subject == "Pricing approval")
    service.respond(patti, pending.id, "tentativelyAccept", comment="Checking with Patti",
                    shared=True, owner_name="Patti Fernandez")
    assert service.event(patti, pending.id).response_status.response == "tentativelyAccepted"
    messages = service.meeting_messages(with_events=True).messages
    delegated = [m for m in messages if m.is_delegated]
    assert delegated
    assert {m.from_.email_address.address for m in delegated} & {LEE, CHRISTIE}
    assert any(m.event is not None and m.event.id for m in delegated)


def test_directory_for_admins(library):
    service, _, _ = library(None)
    people = service.users()
    assert {u.user_principal_name for u in people} >= {ALEX, ADELE, PATTI}


def test_resources_round_trip_unchanged():
    data = {"id": "x", "name": "Kids parties", "color": "lightYellow", "hexColor": "#fff",
            "canShare": False, "canEdit": False, "canViewPrivateItems": False,
            "owner": {"name": "Alex Wilber", "address": ALEX, "newField": 1},
            "futureProperty": {"a": [1, 2]}}
    assert Calendar.from_json(data).to_json() == data


# ---------------------------------------------------------------------- a large inbox

def _meeting_mail_of(emulator, address: str) -> int:
    person = emulator.tenant.find(address)
    return sum(1 for m in person.mailbox.messages.values() if m.meeting_message_type)


def test_meeting_messages_of_a_20000_message_inbox_take_a_few_requests(library, emulator):
    """The inbox is read newest first and no further than a window: 20,000 messages cost
    three requests (counted by the emulator), not a hundred."""
    with emulator.tenant.lock:
        fill_mailbox(emulator.tenant, 20000)
    service, _, _ = library(ADELE)
    before = emulator_stats(emulator)["by_path"].get("GET /me/messages", 0)
    found = service.meeting_messages(with_events=True)
    asked = emulator_stats(emulator)["by_path"]["GET /me/messages"] - before
    assert asked == MEETING_MAIL.pages == 3
    assert len(found.messages) == _meeting_mail_of(emulator, ADELE)
    assert not found.whole_window  # the page limit, not the 30 days, ended the read
    assert found.since > datetime.now(UTC) - timedelta(days=MEETING_MAIL.days)


def test_a_small_inbox_is_read_whole_in_one_request(library, emulator):
    service, _, _ = library(ADELE)
    before = emulator_stats(emulator)["by_path"].get("GET /me/messages", 0)
    found = service.meeting_messages(with_events=True)
    assert emulator_stats(emulator)["by_path"]["GET /me/messages"] - before == 1
    assert len(found.messages) == _meeting_mail_of(emulator, ADELE)
    assert found.whole_window


# ---------------------------------------------------------------------- times, whatever zone

@pytest.mark.parametrize("quirk_on", [True, False])
def test_a_meeting_created_in_new_york_time_comes_back_in_the_shown_zone(
        library, emulator, quirk_on):
    """The service answers a create in the zone it was written in, not Prefer's (#8645):
    Deputy shows it in its own zone all the same."""
    quirks = emulator.quirks
    emulator.set_quirks(quirks.plus("timezone-ignored-on-writes") if quirk_on
                        else quirks.without("timezone-ignored-on-writes"))
    service, _, _ = library(ADELE)
    day = date.today() + timedelta(days=40)
    eastern = "Eastern Standard Time"
    made = service.create_event(CalendarRef(PATTI), {
        "subject": "Investor call",
        "start": {"dateTime": f"{day}T10:00:00", "timeZone": eastern},
        "end": {"dateTime": f"{day}T11:00:00", "timeZone": eastern},
    }, shared=True, owner_name="Patti Fernandez", time_zone="Pacific Standard Time")
    ten_eastern = datetime.combine(day, time(10), ZoneInfo("America/New_York"))
    pacific = ten_eastern.astimezone(ZoneInfo("America/Los_Angeles"))
    assert (made.start.date_time, made.start.time_zone) == (
        f"{pacific:%Y-%m-%dT%H:%M:%S}.0000000", "Pacific Standard Time")
    assert made.end.as_datetime() - made.start.as_datetime() == timedelta(hours=1)


def test_free_busy_of_many_people_is_asked_in_requests_of_a_hundred(library, emulator):
    """``schedules``: each person as Adele may see them, in the order asked, whatever
    the number (getSchedule takes at most 100 at once)."""
    service, _client, _sleep = library("AdeleV@contoso.com")
    start = datetime.now(UTC) - timedelta(days=30)
    asked = ["AlexW@contoso.com", *(f"nobody{i}@contoso.com" for i in range(120)),
             "PattiF@contoso.com"]
    found = service.schedules(asked, start, start + timedelta(days=60), interval_minutes=60)
    assert [s.schedule_id for s in found] == asked
    alex, patti = found[0], found[-1]
    assert alex.error is None and patti.error is None
    assert len(alex.availability_view) == 60 * 24
    private = [item for item in alex.schedule_items if item.is_private]
    assert private and all(item.subject is None for item in private)  # Adele: no private
    assert any(item.subject == "Physiotherapy" for item in patti.schedule_items)
    assert found[1].error is not None
    assert found[1].error.response_code == "ErrorMailRecipientNotFound"
    assert emulator_stats(emulator)["by_path"].get("POST /me/calendar/getSchedule") == 2
