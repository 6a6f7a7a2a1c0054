"""The demo's sign-in: the emulator's people, with scopes that grow as features ask."""

from __future__ import annotations

import socket

import pytest

from app.graph.auth import DemoSignIn, SignInError, scopes_for
from app.graph.auth.demo import ADMIN_DISPLAY_NAME
from tests.graph.auth.helpers import graph
from tests.graph_client import ADELE, ALEX


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_people_are_the_seeds_users_then_the_administrator(emulator):
    people = DemoSignIn(emulator.base_url).people()

    names = [person.display_name for person in people]
    assert "Adele Vance" in names and "Alex Wilber" in names
    assert names[:-1] == sorted(names[:-1])
    admin = people[-1]
    assert (admin.display_name, admin.username, admin.app_only) == (ADMIN_DISPLAY_NAME, None,
                                                                    True)
    adele = next(p for p in people if p.username == ADELE)
    assert adele.job_title


def test_a_persons_token_grows_with_the_scopes_features_ask_for(emulator):
    provider = DemoSignIn(emulator.base_url).provider_for(ADELE, "Adele Vance")

    reader = provider.access_token(scopes_for("calendars"))
    assert graph(emulator, reader, "GET", "/me/calendars").status_code == 200
    assert graph(emulator, reader, "POST", "/me/calendars",
                 json={"name": "Board"}).status_code == 403
    assert provider.access_token(scopes_for("calendars")) == reader  # reused

    writer = provider.access_token(scopes_for("sharing"))

    assert writer != reader
    assert graph(emulator, writer, "POST", "/me/calendars",
                 json={"name": "Board"}).status_code == 201
    assert provider.granted_scopes == ["Calendars.Read", "Calendars.ReadWrite", "User.Read"]
    assert provider.access_token(scopes_for("calendars")) == writer  # still the union
    assert (provider.display_name, provider.username, provider.app_only) == (
        "Adele Vance", ADELE, False)


def test_a_token_is_renewed_shortly_before_it_expires(emulator):
    clock = Clock()
    provider = DemoSignIn(emulator.base_url, clock=clock).provider_for(ADELE)
    first = provider.access_token(["User.Read"])

    clock.now += 3600 - 121
    assert provider.access_token(["User.Read"]) == first
    clock.now += 2
    renewed = provider.access_token(["User.Read"])

    assert renewed != first
    assert graph(emulator, renewed, "GET", "/me").json()["userPrincipalName"] == ADELE


def test_the_administrator_is_app_only_with_the_admin_roles(emulator):
    demo = DemoSignIn(emulator.base_url)
    admin = demo.provider(demo.people()[-1])

    token = admin.access_token(scopes_for("calendars"))

    assert (admin.app_only, admin.username) == (True, None)
    response = graph(emulator, token, "GET", f"/users/{ALEX}/calendar/calendarPermissions")
    assert response.status_code == 200, response.text
    assert graph(emulator, token, "GET", "/me").status_code != 200  # nobody is "me"


def test_someone_the_tenant_does_not_have_is_refused_with_the_emulators_reason(emulator):
    provider = DemoSignIn(emulator.base_url).provider_for("nobody@contoso.com")

    with pytest.raises(SignInError, match="not a user of this tenant"):
        provider.access_token(["User.Read"])


def test_an_emulator_that_is_gone_is_a_sign_in_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    demo = DemoSignIn(f"http://127.0.0.1:{port}")

    with pytest.raises(SignInError, match="can't reach"):
        demo.people()
