"""Continuous access evaluation end to end: Deputy's Graph client and MSAL (with CP1
declared) against the fake Entra ID, and the emulator revoking a person's tokens."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from app.graph.http import BatchRequest, GraphClient, RetryPolicy
from app.graph.tokens import InteractionRequired
from tests.graph.auth.helpers import device_sign_in
from tests.graph.client.conftest import demo_tokens
from tests.graph_client import ADELE

CALENDARS = ["Calendars.Read"]


def revoke(emulator, user: str) -> None:
    """A critical event for ``user`` (as an administrator's "Revoke sessions" is, for
    Graph): their CP1 tokens issued until now are challenged."""
    requests.post(f"{emulator.base_url}/_emulator/revoke", json={"user": user},
                  timeout=5).raise_for_status()


def unauthorized(emulator) -> int:
    stats = requests.get(f"{emulator.base_url}/_emulator/stats", timeout=5).json()
    return stats["by_status"].get("401", 0)


@pytest.fixture
def adele(emulator, entra, start_deputy):
    """Adele signed in with Deputy's MSAL client, and a Graph client on her tokens."""
    people = start_deputy()
    account = device_sign_in(people, entra, ADELE, CALENDARS)
    client = GraphClient(emulator.base_url, people.provider(account),
                         retry=RetryPolicy(base_delay=0.01, max_delay=0.02))
    yield people, account, client
    client.close()


def test_deputy_declares_cp1_so_its_tokens_are_the_ones_graph_challenges(entra, adele):
    assert entra.claims_asked[-1] == {"access_token": {"xms_cc": {"values": ["CP1"]}}}


def test_a_claims_challenge_gets_a_token_with_those_claims_and_the_call_repeated_once(
        emulator, entra, adele, caplog):
    _people, _account, client = adele
    assert client.get("/me/calendar", scopes=CALENDARS)["name"] == "Calendar"
    before = unauthorized(emulator)
    revoke(emulator, ADELE)

    assert client.get("/me/calendar", scopes=CALENDARS)["name"] == "Calendar"

    assert unauthorized(emulator) == before + 1  # one challenge, answered, repeated once
    asked = entra.claims_asked[-1]["access_token"]
    assert asked["xms_cc"] == {"values": ["CP1"]}
    assert asked["nbf"]["essential"] is True  # the challenge's own claims, sent on
    assert entra.grant_types()[-1] == "refresh_token"  # silently: no one was asked
    assert client.get("/me/calendar", scopes=CALENDARS)["name"] == "Calendar"
    assert unauthorized(emulator) == before + 1  # the new token stays cached, and works
    assert any("continuous access evaluation" in r.getMessage() for r in caplog.records)


def test_a_batch_refused_with_a_claims_challenge_is_sent_once_more(emulator, adele):
    _people, _account, client = adele
    before = unauthorized(emulator)
    revoke(emulator, ADELE)

    answers = client.batch([BatchRequest("GET", "/me/calendar", id="cal"),
                            BatchRequest("GET", "/me/calendars", id="all")], scopes=CALENDARS)

    assert answers["cal"].ok and answers["cal"].body["name"] == "Calendar"
    assert answers["all"].ok
    assert unauthorized(emulator) == before + 1


def test_when_entra_wants_the_person_the_next_sign_in_sends_the_claims(emulator, entra,
                                                                        adele):
    people, account, client = adele
    entra.revoke_sessions(ADELE)  # the refresh token is gone too: only Adele can answer
    revoke(emulator, ADELE)

    with pytest.raises(InteractionRequired):
        client.get("/me/calendar", scopes=CALENDARS)

    people.sign_in_interactive(CALENDARS, account=account,
                               on_open_browser=entra.browser(ADELE))
    sent = parse_qs(urlsplit(entra.opened[-1]).query)
    assert "nbf" in json.loads(sent["claims"][0])["access_token"]
    assert client.get("/me/calendar", scopes=CALENDARS)["name"] == "Calendar"


def test_a_sign_in_with_a_code_sends_the_claims_entra_waits_for(emulator, entra, adele):
    """On a computer without a browser the person signs in with a code: the claims go
    with it too, and the call then succeeds."""
    people, _account, client = adele
    entra.revoke_sessions(ADELE)
    revoke(emulator, ADELE)
    with pytest.raises(InteractionRequired):
        client.get("/me/calendar", scopes=CALENDARS)

    device_sign_in(people, entra, ADELE, CALENDARS)

    assert "nbf" in entra.claims_asked[-1]["access_token"]
    assert client.get("/me/calendar", scopes=CALENDARS)["name"] == "Calendar"


def test_a_token_without_cp1_is_not_challenged_it_lives_until_it_expires(emulator):
    """Without the capability, Entra ID issues short-lived tokens and Graph doesn't
    challenge them: the demo's tokens (which declare none) go on working."""
    client = GraphClient(emulator.base_url, demo_tokens(emulator.base_url, ADELE))
    try:
        client.get("/me/calendar", scopes=CALENDARS)
        before = unauthorized(emulator)
        revoke(emulator, ADELE)
        assert client.get("/me/calendar", scopes=CALENDARS)["name"] == "Calendar"
        assert unauthorized(emulator) == before
    finally:
        client.close()


@pytest.mark.parametrize("quirk_on", [True, False])
def test_the_challenge_is_read_whether_authorization_uri_is_quoted_or_not(
        emulator, adele, quirk_on):
    """The service leaves authorization_uri unquoted (msgraph-sdk-dotnet#1416); the page
    quotes it. Deputy reads the claims either way."""
    name = "cae-unquoted-authorization-uri"
    emulator.set_quirks(emulator.quirks.plus(name) if quirk_on else emulator.quirks.without(name))
    _people, _account, client = adele
    token = client.tokens.access_token(CALENDARS)
    revoke(emulator, ADELE)

    refused = requests.get(f"{emulator.base_url}/v1.0/me/calendar",
                           headers={"Authorization": f"Bearer {token}"}, timeout=5)

    challenge = refused.headers["WWW-Authenticate"]
    assert ('authorization_uri=https://' in challenge) is quirk_on
    assert client.get("/me/calendar", scopes=CALENDARS)["name"] == "Calendar"
