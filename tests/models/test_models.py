"""Every model passes Qt's model tester, filled with what the emulator returns."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.graph.http import GraphClient
from app.graph.services import CalendarRef, CalendarService
from app.models.calendars import CalendarTableModel
from app.models.calendars import Column as CalendarColumn
from app.models.item_roles import ItemRole
from app.models.mailboxes import Mailbox, MailboxKind, MailboxListModel
from app.models.permissions import Column as PermissionColumn
from app.models.permissions import PermissionTableModel
from tests.graph.client.conftest import demo_tokens

ADELE, ALEX = "AdeleV@contoso.com", "AlexW@contoso.com"


@pytest.fixture
def service(emulator):
    clients = []

    def make(user):
        client = GraphClient(emulator.base_url, demo_tokens(emulator.base_url, user))
        clients.append(client)
        return CalendarService(client)

    yield make
    for client in clients:
        client.close()


def test_calendar_model(qtmodeltester, service):
    model = CalendarTableModel()
    model.set_calendars(service(ADELE).calendars(), ADELE)
    qtmodeltester.check(model)
    names = [model.index(r, CalendarColumn.NAME).data() for r in range(model.rowCount())]
    assert "Kids parties" in names
    copy = names.index("Kids parties")
    assert model.flags(model.index(copy, CalendarColumn.NAME)) & Qt.ItemFlag.ItemIsEditable
    assert model.index(copy, CalendarColumn.SHARING).data() == "Shared with me"
    assert model.index(0, CalendarColumn.ACCESS).data() == "Owner"
    requested = []
    model.rename_requested.connect(lambda calendar, name: requested.append(name))
    assert model.setData(model.index(copy, CalendarColumn.NAME), "Parties")
    assert requested == ["Parties"]
    assert model.index(copy, CalendarColumn.NAME).data() == "Parties (saving…)"
    qtmodeltester.check(model)
    model.drop_pending(model.calendars[copy].id)
    assert model.index(copy, CalendarColumn.NAME).data() == "Kids parties"


def test_permission_model(qtmodeltester, service):
    alex = service(ALEX)
    model = PermissionTableModel()
    model.set_permissions(alex.permissions(CalendarRef(), "Alex Wilber"), editable=True,
                          owner_name="Alex Wilber")
    qtmodeltester.check(model)
    people = {model.index(r, PermissionColumn.PERSON).data(): r for r in range(model.rowCount())}
    organization = people["My Organization"]
    assert model.removal_refusal(model.permission_at(organization))
    adele = people["Adele Vance"]
    index = model.index(adele, PermissionColumn.ROLE)
    assert index.data() == "Delegate"
    assert "send invitations" in index.data(Qt.ItemDataRole.ToolTipRole)
    adele_id = model.permission_at(adele).id
    assert not model.mark_pending(adele_id, "custom")  # never offered, never accepted
    assert not model.mark_pending(adele_id, "delegateWithoutPrivateEventAccess")  # no change
    assert model.mark_pending(adele_id, "delegateWithPrivateEventAccess")
    assert index.data(ItemRole.PENDING)
    assert index.data() == "Delegate, with private events (saving…)"
    model.drop_pending(model.permission_at(adele).id)
    assert not index.data(ItemRole.PENDING)
    model.set_permissions(model.permissions, editable=False, owner_name="Alex Wilber")
    assert model.role_refusal(model.permission_at(adele)).startswith("Only Alex Wilber")
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(ItemRole.SORT)
    proxy.sort(PermissionColumn.ROLE)
    qtmodeltester.check(proxy)
    assert proxy.index(0, PermissionColumn.PERSON).data() == "My Organization"


def test_a_reload_updates_permission_rows_in_place_and_keeps_the_chosen_one(
        qtmodeltester, qtbot, service, graph):
    """Alex changes Adele's access, then the table is read again: no reset, so the row a
    person chose (a persistent index: what a view's selection holds) is still Adele's."""
    alex = service(ALEX)
    model = PermissionTableModel()
    model.set_permissions(alex.permissions(CalendarRef(), "Alex Wilber"), editable=True,
                          owner_name="Alex Wilber")
    adele = next(r for r in range(model.rowCount())
                 if model.permission_at(r).email_address.name == "Adele Vance")
    chosen = QPersistentModelIndex(model.index(adele, PermissionColumn.ROLE))
    owner = graph(ALEX, "Calendars.ReadWrite")
    permission_id = model.permission_at(adele).id
    assert owner.patch(f"/me/calendar/calendarPermissions/{permission_id}",
                       {"role": "delegateWithPrivateEventAccess"}).status_code == 200
    assert owner.post("/me/calendar/calendarPermissions", {
        "emailAddress": {"address": "LeeG@contoso.com", "name": "Lee Gu"},
        "role": "read"}).status_code == 201

    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.replaced):
        model.set_permissions(alex.permissions(CalendarRef(), "Alex Wilber"), editable=True,
                              owner_name="Alex Wilber")
    qtmodeltester.check(model)
    assert chosen.isValid()
    assert model.permission_at(chosen.row()).email_address.name == "Adele Vance"
    assert chosen.data() == "Delegate, with private events"
    assert "Lee Gu" in [p.person_name for p in model.permissions]


def test_mailbox_model_changes_rows_one_by_one(qtmodeltester):
    model = MailboxListModel()
    me = Mailbox("me", "Me", MailboxKind.ME)
    alex = Mailbox(ALEX, "Alex Wilber", MailboxKind.SHARED, "Delegate")
    lee = Mailbox("LeeG@contoso.com", "Lee Gu", MailboxKind.SHARED, "Can view")
    model.replace([me, alex, lee])
    qtmodeltester.check(model)
    inserted, removed, moved = [], [], []
    model.rowsInserted.connect(lambda *a: inserted.append(a[1]))
    model.rowsRemoved.connect(lambda *a: removed.append(a[1]))
    model.rowsMoved.connect(lambda *a: moved.append(a[1]))
    patti = Mailbox("PattiF@contoso.com", "Patti Fernandez", MailboxKind.SHARED, "Delegate")
    model.replace([me, lee, patti])
    assert removed == [1] and inserted == [2] and not moved
    assert [m.display_name for m in model.mailboxes] == ["Me", "Lee Gu", "Patti Fernandez"]
    model.replace([me, patti, lee])
    assert moved == [2]
    model.set_pinned("pattif@contoso.com", True)
    assert model.index(1).data(ItemRole.OBJECT).pinned
    assert "pinned" in model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(model)


def _alex_week(service, user):
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    return service(user).calendar_view(CalendarRef(ALEX), now - timedelta(days=10),
                                       now + timedelta(days=10), "Pacific Standard Time")


def test_event_model_rolls_up_responses_and_hides_private_subjects(qtmodeltester, service):
    from app.models.events import PRIVATE_SUBJECT, EventTableModel
    from app.models.events import Column as EventColumn

    model = EventTableModel()
    model.set_events(_alex_week(service, ADELE), can_read_private=False)
    qtmodeltester.check(model)
    rows = {model.index(r, EventColumn.SUBJECT).data(): r for r in range(model.rowCount())}
    review = rows["Sales pipeline review"]
    assert model.index(review, EventColumn.RESPONSES).data() == "1 accepted, 1 declined"
    assert PRIVATE_SUBJECT in rows and "Doctor appointment" not in rows
    audit = rows["Audit committee"]  # Alex is an attendee: his copy has no answers
    assert model.index(audit, EventColumn.RESPONSES).data() == "Invited: no response"
    assert "organizer's copy" in model.index(audit, EventColumn.RESPONSES).data(
        Qt.ItemDataRole.ToolTipRole)
    # Megan has private access; even so a model told "no private access" hides the subject.
    megan = _alex_week(service, "MeganB@contoso.com")
    model.set_events(megan, can_read_private=True)
    subjects = [model.index(r, EventColumn.SUBJECT).data() for r in range(model.rowCount())]
    assert "Doctor appointment" in subjects
    model.set_events(megan, can_read_private=False)
    subjects = [model.index(r, EventColumn.SUBJECT).data() for r in range(model.rowCount())]
    assert "Doctor appointment" not in subjects and PRIVATE_SUBJECT in subjects


def test_attendee_model_filters_who_has_not_answered(qtmodeltester, service):
    from app.models.attendees import AttendeeFilter, AttendeeTableModel
    from app.models.attendees import Column as AttendeeColumn

    events = {e.subject: e for e in _alex_week(service, ADELE)}
    model = AttendeeTableModel()
    model.set_event(events["Leadership stand-up"])
    qtmodeltester.check(model)
    proxy = AttendeeFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 3
    proxy.set_unanswered_only(True)
    assert proxy.addresses() == ["ChristieC@contoso.com"]
    assert proxy.index(0, AttendeeColumn.RESPONSE).data() == "No response"
    model.set_event(events["Audit committee"])
    assert not model.responses_known
    assert model.index(0, AttendeeColumn.RESPONSE).data() == "Unknown"


def test_message_model_says_whom_each_message_is_for(qtmodeltester, service):
    from app.meetings.part import calendar_owners
    from app.models.messages import Column as MessageColumn
    from app.models.messages import Kind, MessageFilter, MessageTableModel

    adele = service(ADELE)
    messages = adele.meeting_messages(with_events=True).messages
    both = [m for m in messages if m.subject == "Regional sales kickoff"]
    assert len(both) == 2  # Alex and Patti are both invited: one request each for Adele
    principals = {ALEX.casefold(): "Alex Wilber", "pattif@contoso.com": "Patti Fernandez"}
    owners = calendar_owners(adele, messages, principals)
    assert {owners[m.id] for m in both} == {ALEX.casefold(), "pattif@contoso.com"}
    model = MessageTableModel()
    model.set_messages(messages, principals, owners)
    qtmodeltester.check(model)
    proxy = MessageFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    by_subject = {model.index(r, MessageColumn.SUBJECT).data(): r
                  for r in range(model.rowCount())}
    pricing = by_subject["Pricing approval"]  # Christie invited Patti; Adele is her delegate
    assert model.index(pricing, MessageColumn.FOR).data() == "Patti Fernandez"
    assert model.index(pricing, MessageColumn.FROM).data() == "Christie Cline"
    assert model.index(pricing, MessageColumn.TYPE).data() == "Request"
    proxy.set_filter("pattif@contoso.com", Kind.REQUEST)
    shown = {proxy.index(r, MessageColumn.FOR).data() for r in range(proxy.rowCount())}
    assert shown == {"Patti Fernandez"}
    kickoffs = sorted(model.index(r, MessageColumn.FOR).data() for r in range(model.rowCount())
                      if model.index(r, MessageColumn.SUBJECT).data() == "Regional sales kickoff")
    assert kickoffs == ["Alex Wilber", "Patti Fernandez"]
    proxy.set_filter("", None)  # my own mail: Megan's "Comms plan" invited Adele herself
    shown = [proxy.index(r, MessageColumn.SUBJECT).data() for r in range(proxy.rowCount())]
    assert "Comms plan" in shown and "Pricing approval" not in shown
