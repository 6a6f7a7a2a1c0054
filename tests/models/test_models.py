"""Every model passes Qt's model tester, filled with what the emulator returns."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from app.graph.http import GraphClient
from app.graph.services import CalendarRef, CalendarService
from app.models.calendars import CalendarTableModel
from app.models.calendars import Column as CalendarColumn
from app.models.mailboxes import Mailbox, MailboxKind, MailboxListModel
from app.models.permissions import Column as PermissionColumn
from app.models.permissions import PermissionTableModel
from app.models.roles import ItemRole
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
    model.revert_rename(model.calendars[copy].id)
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
    assert not model.setData(index, "custom")  # never offered, never accepted
    assert model.setData(index, "delegateWithPrivateEventAccess")
    assert index.data(ItemRole.PENDING)
    model.revert_role(model.permission_at(adele).id)
    assert not index.data(ItemRole.PENDING)
    model.set_permissions(model.permissions, editable=False, owner_name="Alex Wilber")
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(ItemRole.SORT)
    proxy.sort(PermissionColumn.ROLE)
    qtmodeltester.check(proxy)
    assert proxy.index(0, PermissionColumn.PERSON).data() == "My Organization"


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
