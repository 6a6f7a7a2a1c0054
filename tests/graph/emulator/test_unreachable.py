"""Mailboxes Graph cannot open, as the service answers for them (issue 16, item 6).

The Contoso seed holds one of each: a guest, an on-premises and an unlicensed user
(404 MailboxNotEnabledForRESTAPI), a room (its calendar permissions: 400
ErrorNotSupported), a user whose mailbox answers 404 by UPN and 200 by id, and one left
out of the administrators' app's application access policy (403). Each is there only
while its quirk is played.
"""

from __future__ import annotations

from app.graph.emulator.quirks import Quirks
from app.graph.emulator.seeds import UNREACHABLE, build_tenant
from tests.graph_client import ADMIN_ROLES, error_code
from tests.odd_shapes import UNREACHABLE as UNREACHABLE_QUIRKS

GUEST = "samanthab_adatum.com#EXT#@contoso.onmicrosoft.com"
ON_PREMISES, UNLICENSED = "GradyA@contoso.com", "IrvinS@contoso.com"
ROOM, BY_ID_ONLY, OUTSIDE_POLICY = ("Rainier@contoso.com", "JohannaL@contoso.com",
                                    "NestorW@contoso.com")


def users_by_upn(admin) -> dict[str, dict]:
    return {u["userPrincipalName"]: u for u in admin.get_all(
        "/users", params={"$select": "id,userPrincipalName,mail,userType"})}


def test_each_mailbox_graph_cannot_open_answers_as_the_service_does(emulator, graph):
    emulator.set_quirks(emulator.quirks.plus(*UNREACHABLE_QUIRKS))
    admin = graph(roles=ADMIN_ROLES)
    users = users_by_upn(admin)
    assert users[GUEST]["userType"] == "Guest" and users[GUEST]["mail"] == "samanthab@adatum.com"

    for who in (GUEST, ON_PREMISES, UNLICENSED):
        for path in ("/calendars", "/mailboxSettings", "/calendar/calendarPermissions"):
            answer = admin.get(f"/users/{users[who]['id']}{path}")
            assert (answer.status_code, error_code(answer)) == (
                404, "MailboxNotEnabledForRESTAPI"), (who, path)
            assert answer.json()["error"]["message"] == (
                "REST API is not yet supported for this mailbox." if who == ON_PREMISES else
                "The mailbox is either inactive, soft-deleted, or is hosted on-premise.")
        assert admin.get(f"/users/{users[who]['id']}").status_code == 200  # the directory

    by_upn = admin.get(f"/users/{BY_ID_ONLY}/calendars")
    assert (by_upn.status_code, error_code(by_upn)) == (404, "ResourceNotFound")
    assert by_upn.json()["error"]["message"] == "Resource could not be discovered."
    assert admin.get(f"/users/{users[BY_ID_ONLY]['id']}/calendars").status_code == 200

    blocked = admin.get(f"/users/{users[OUTSIDE_POLICY]['id']}/calendars")
    assert (blocked.status_code, error_code(blocked)) == (403, "ErrorAccessDenied")
    assert blocked.json()["error"]["message"] == "Access to OData is disabled."
    nestor = graph(OUTSIDE_POLICY, "Calendars.Read")  # the policy is on the app, not on him
    assert nestor.get("/me/calendars").status_code == 200

    room = admin.get(f"/users/{users[ROOM]['id']}/calendar/calendarPermissions")
    assert (room.status_code, error_code(room)) == (400, "ErrorNotSupported")
    assert room.json()["error"]["message"] == "Specified method is not supported."
    assert admin.get(f"/users/{users[ROOM]['id']}/calendars").status_code == 200


def test_the_documented_service_has_none_of_them(emulator, graph):
    emulator.set_quirks(emulator.quirks.without(*UNREACHABLE_QUIRKS))
    admin = graph(roles=ADMIN_ROLES)
    users = users_by_upn(admin)
    for who in (GUEST, ON_PREMISES, UNLICENSED, ROOM, BY_ID_ONLY, OUTSIDE_POLICY):
        assert who not in users
        assert error_code(admin.get(f"/users/{who}/calendars")) == "ErrorInvalidUser"


def test_scale_adds_every_kind_on_request_and_only_then():
    plain, odd = build_tenant("scale:60:7"), build_tenant("scale:60:7:unreachable")
    assert len(plain.users()) == 60
    added = odd.users()[60:]
    assert len(added) == len(UNREACHABLE)
    assert {p.quirk for p in added} == set(UNREACHABLE.values())
    assert [p.address for p in odd.users()[:60]] == [p.address for p in plain.users()]
    odd.quirks = Quirks(frozenset())
    assert len(odd.users()) == 60
