"""Graph and sign-in from a workplace network: TLS inspection, proxies, captive portals.

Each test runs Deputy's own client (``GraphClient``, ``PeopleSignIn`` without an
injected ``http_client``) through ``WorkplaceProxy`` set in the environment, as an
administrator's workstation would be set up.
"""

from __future__ import annotations

import logging

import pytest
import requests

from app.graph import foreign
from app.graph.auth import EncryptedTokenCache, PeopleSignIn, SignInError, scopes_for
from app.graph.errors import GraphError
from app.graph.http import BatchRequest, GraphClient, RetryPolicy
from tests.graph.auth.helpers import device_sign_in, graph
from tests.graph.client.conftest import demo_tokens
from tests.graph.network.workplace import GRAPH_HOST, LOGIN_HOST
from tests.graph_client import ADELE, ALEX
from tests.platforms import WINE_ACCEPTS_A_PARTIAL_CHAIN

CALENDARS = ["Calendars.Read"]


@pytest.fixture
def client_for(emulator):
    made: list[GraphClient] = []

    def make(base_url: str, user: str = ALEX) -> GraphClient:
        client = GraphClient(base_url, demo_tokens(emulator.base_url, user),
                             retry=RetryPolicy(base_delay=0.01, max_delay=0.02),
                             sleep=lambda _seconds: None)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def no_tracebacks(caplog) -> None:
    assert not [r for r in caplog.records if r.exc_info], "an exception reached the log"


# ------------------------------------------------------------------ TLS inspection

def test_graph_through_tls_inspection_trusts_the_company_root_from_the_system_store(
        workplace_proxy, company_ca, trust_only, client_for):
    trust_only(company_ca)
    client = client_for(f"https://{GRAPH_HOST}")

    assert client.get("/me/calendar", scopes=CALENDARS)["name"] == "Calendar"

    assert ("CONNECT", f"{GRAPH_HOST}:443", "") in workplace_proxy.seen
    # certifi, requests' own bundle, doesn't know the company root: only the
    # system store (truststore) made that connection trusted.
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"https://{GRAPH_HOST}/v1.0/me", timeout=10)


@pytest.mark.parametrize("sends_root", [
    pytest.param(False, marks=WINE_ACCEPTS_A_PARTIAL_CHAIN, id="certificate-alone"),
    pytest.param(True, id="with-its-root")])
def test_a_certificate_this_computer_does_not_trust_is_named_and_not_retried(
        workplace_proxy, client_for, caplog, sends_root):
    workplace_proxy.sends_root = sends_root
    client = client_for(f"https://{GRAPH_HOST}")  # the company root is NOT trusted here

    with pytest.raises(GraphError) as failure:
        client.get("/me/calendar", scopes=CALENDARS)

    assert failure.value.code == foreign.UNTRUSTED
    assert "does not trust the certificate" in failure.value.message
    assert "IT department" in failure.value.message
    assert [s for s in workplace_proxy.seen if s[0] == "CONNECT"] == [
        ("CONNECT", f"{GRAPH_HOST}:443", "")]
    no_tracebacks(caplog)


def test_sign_in_goes_through_the_proxy_and_trusts_the_company_root(
        emulator, entra, config, cache_path, memory_keyring, workplace_proxy, company_ca,
        trust_only):
    """No http_client given: Deputy's own session for MSAL, with the system trust store
    and the environment's proxy."""
    trust_only(company_ca)
    workplace_proxy.entra = entra
    people = PeopleSignIn(config, EncryptedTokenCache(cache_path), enable_broker=False)

    account = device_sign_in(people, entra, ADELE, scopes_for("calendars"))

    assert account.username == ADELE
    assert ("CONNECT", f"{LOGIN_HOST}:443", "") in workplace_proxy.seen
    token = people.provider(account).access_token(scopes_for("calendars"))
    workplace_proxy.mode = "forward"
    assert graph(emulator, token, "GET", "/me").json()["userPrincipalName"] == ADELE


# ------------------------------------------------------------------ a proxy that wants a password

def test_a_proxy_asking_for_a_password_on_the_tunnel_says_what_to_do(
        workplace_proxy, company_ca, trust_only, client_for, caplog):
    trust_only(company_ca)
    client = client_for(f"https://{GRAPH_HOST}")
    workplace_proxy.mode = "auth"

    with pytest.raises(GraphError) as failure:
        client.get("/me/calendar", scopes=CALENDARS)

    assert failure.value.code == foreign.PROXY_AUTHENTICATION
    assert "proxy server" in failure.value.message
    assert "HTTPS_PROXY" in failure.value.message
    assert len([s for s in workplace_proxy.seen if s[0] == "CONNECT"]) == 1  # not retried
    no_tracebacks(caplog)


def test_a_proxy_asking_for_a_password_on_plain_http_says_the_same(
        emulator, workplace_proxy, client_for):
    client = client_for(f"http://{GRAPH_HOST}")
    workplace_proxy.mode = "auth"

    with pytest.raises(GraphError) as failure:
        client.get("/me/calendar", scopes=CALENDARS)

    assert failure.value.status == 407
    assert failure.value.message == foreign.PROXY_AUTHENTICATION_SENTENCE


def test_sign_in_behind_a_proxy_asking_for_a_password_says_what_to_do(
        entra, config, cache_path, memory_keyring, workplace_proxy):
    workplace_proxy.mode = "auth"
    people = PeopleSignIn(config, EncryptedTokenCache(cache_path), enable_broker=False)

    with pytest.raises(SignInError) as failure:
        device_sign_in(people, entra, ADELE)

    assert str(failure.value) == foreign.PROXY_AUTHENTICATION_SENTENCE


# ------------------------------------------------------------------ pages that aren't Graph's

def test_a_captive_portal_page_is_named_not_parsed(emulator, workplace_proxy, client_for,
                                                   caplog):
    client = client_for(f"http://{GRAPH_HOST}")
    workplace_proxy.mode = "portal"

    with pytest.raises(GraphError) as failure:
        client.get("/me/calendar", scopes=CALENDARS)

    message = failure.value.message
    assert message.startswith("Something between this computer and Microsoft 365 answered "
                              "instead: “Contoso Guest Wi-Fi — sign in” (HTTP 200).")
    assert "<" not in message and "script" not in message
    assert "sign in or accept terms in a web browser" in message
    no_tracebacks(caplog)


@pytest.mark.parametrize(("mode", "status", "title"), [
    ("blocked", 403, "Access Denied by Contoso Web Gateway"),
    ("bad_gateway", 502, "502 Bad Gateway"),
])
def test_a_proxys_error_page_is_not_taken_for_graphs_refusal(
        emulator, workplace_proxy, client_for, mode, status, title):
    client = client_for(f"http://{GRAPH_HOST}")
    workplace_proxy.mode = mode

    with pytest.raises(GraphError) as failure:
        client.get("/me/calendar", scopes=CALENDARS)

    assert failure.value.status == status
    assert failure.value.code == foreign.FOREIGN
    assert f"“{title}” (HTTP {status})" in failure.value.message
    assert "permission" not in failure.value.message


def test_a_portal_answering_a_batch_fails_the_batch_with_the_same_words(
        emulator, workplace_proxy, client_for):
    client = client_for(f"http://{GRAPH_HOST}")
    workplace_proxy.mode = "portal"

    with pytest.raises(GraphError) as failure:
        client.batch([BatchRequest("GET", "/me/calendar"), BatchRequest("GET", "/me")],
                     scopes=CALENDARS)

    assert failure.value.code == foreign.FOREIGN
    assert "Contoso Guest Wi-Fi" in failure.value.message


def test_sign_in_through_a_captive_portal_says_so(entra, config, cache_path, memory_keyring,
                                                 workplace_proxy, company_ca, trust_only,
                                                 caplog):
    trust_only(company_ca)
    workplace_proxy.entra = entra
    workplace_proxy.mode = "portal"
    people = PeopleSignIn(config, EncryptedTokenCache(cache_path), enable_broker=False)

    with caplog.at_level(logging.INFO), pytest.raises(SignInError) as failure:
        device_sign_in(people, entra, ADELE)

    assert str(failure.value).startswith(
        "Something between this computer and Microsoft 365 answered instead")
    no_tracebacks(caplog)


def test_the_demos_emulator_on_this_computer_is_reached_directly_not_through_the_proxy(
        emulator, workplace_proxy, client_for):
    """A company's HTTP_PROXY without NO_PROXY would send loopback requests to the proxy,
    which can't reach this computer: the demo would fail behind any proxy."""
    workplace_proxy.mode = "auth"
    client = client_for(emulator.base_url)  # its demo tokens come from there too

    assert client.get("/me/calendar", scopes=CALENDARS)["name"] == "Calendar"

    assert workplace_proxy.seen == []


@pytest.mark.parametrize("batch", [False, True])
@pytest.mark.parametrize(("mode", "detail"), [
    ("cut", "the body is not valid JSON"),
    # JSON, but not an object as every Graph answer is: named, not handed on as a list.
    ("not_object", "the body is not a JSON object"),
])
def test_an_answer_cut_short_on_the_way_is_named_not_a_json_traceback(
        workplace_proxy, client_for, caplog, batch, mode, detail):
    client = client_for(f"http://{GRAPH_HOST}")
    workplace_proxy.mode = mode

    with pytest.raises(GraphError) as failure:
        if batch:
            client.batch([BatchRequest("GET", "/me/calendar")], scopes=CALENDARS)
        else:
            client.get("/me/calendar", scopes=CALENDARS)

    assert failure.value.code == foreign.UNREADABLE
    assert failure.value.detail == detail
    assert failure.value.message.startswith(
        "Microsoft 365 answered in a form Deputy can't read (“an incomplete answer”).")
    no_tracebacks(caplog)
