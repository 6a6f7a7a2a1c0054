"""People sign in with MSAL's public client against a fake Entra ID and use the tokens.

Every sign-in ends with a Graph call on the emulator using the token MSAL returned:
a sign-in that "worked" but yields an unusable token fails here.
"""

from __future__ import annotations

import sys
import threading
from urllib.parse import parse_qs, urlsplit

import msal
import pytest

from app.graph.auth import (
    AuthConfig,
    Cancellation,
    PeopleSignIn,
    SignInCancelled,
    SignInError,
    scopes_for,
    sign_in_scopes,
)
from app.graph.tokens import InteractionRequired
from tests.graph.auth.helpers import CLIENT_ID, device_sign_in, graph
from tests.graph_client import ADELE, MEGAN


def expire_access_tokens(cache: msal.TokenCache) -> None:
    """Make every cached access token look expired, as an hour later would."""
    for entry in list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN)):
        cache.modify(msal.TokenCache.CredentialType.ACCESS_TOKEN, entry,
                     {"expires_on": "1", "extended_expires_on": "1"})


def me(emulator, token: str) -> str:
    response = graph(emulator, token, "GET", "/me")
    assert response.status_code == 200, response.text
    return response.json()["userPrincipalName"]


def test_device_code_sign_in_polls_until_approved_and_its_token_reads_graph(
        emulator, entra, start_deputy):
    people = start_deputy()

    account = device_sign_in(people, entra, ADELE, scopes_for("calendars"), pending_polls=2)

    assert (account.username, account.display_name) == (ADELE, "Adele Vance")
    assert entra.grant_types().count("urn:ietf:params:oauth:grant-type:device_code") == 3
    token = people.provider(account).access_token(scopes_for("calendars"))
    response = graph(emulator, token, "GET", "/me/calendars")
    assert response.status_code == 200, response.text
    assert "Calendar" in [c["name"] for c in response.json()["value"]]
    assert me(emulator, token) == ADELE


def test_interactive_sign_in_goes_through_the_browser_and_the_loopback_listener(
        emulator, entra, start_deputy):
    people = start_deputy()

    account = people.sign_in_interactive(scopes_for("calendars"),
                                         on_open_browser=entra.browser(MEGAN))

    assert account.username == MEGAN
    [opened] = entra.opened
    page = urlsplit(opened)
    query = parse_qs(page.query)
    assert (page.netloc, page.path) == ("login.microsoftonline.com",
                                        f"/{entra.domain}/oauth2/v2.0/authorize")
    assert query["prompt"] == ["select_account"]  # a new account, not the last one used
    assert query["response_mode"] == ["form_post"]
    assert query["redirect_uri"][0].startswith("http://localhost:")
    assert entra.loopback_answers == [200]
    assert entra.grant_types() == ["authorization_code"]
    token = people.provider(account).access_token(scopes_for("calendars"))
    assert graph(emulator, token, "GET", "/me/calendars").status_code == 200
    assert me(emulator, token) == MEGAN


def test_declining_in_the_browser_is_a_cancelled_sign_in(entra, start_deputy):
    people = start_deputy()

    with pytest.raises(SignInCancelled):
        people.sign_in_interactive(on_open_browser=entra.browser(ADELE, consent=False))

    assert people.accounts() == []


def test_cancelling_an_interactive_sign_in_stops_the_wait(entra, start_deputy):
    people = start_deputy()
    cancellation = Cancellation()

    def browser_the_person_closes(url: str) -> bool:
        cancellation.cancel()  # the person presses Cancel in Deputy instead
        return True

    with pytest.raises(SignInCancelled, match="cancelled"):
        people.sign_in_interactive(on_open_browser=browser_the_person_closes,
                                   cancellation=cancellation, timeout=10)
    assert entra.grant_types() == []


def test_a_browser_that_never_answers_times_out(entra, start_deputy):
    people = start_deputy()

    with pytest.raises(SignInError, match="in time") as failure:
        people.sign_in_interactive(on_open_browser=lambda url: True, timeout=0)
    assert not isinstance(failure.value, SignInCancelled)


def test_cancelling_a_device_code_sign_in_stops_the_polling(entra, start_deputy):
    people = start_deputy()
    entra.device_interval = 1  # MSAL checks for cancellation between polls
    entra.device_code_lifetime = 5  # without cancellation the code would expire
    cancellation = Cancellation()

    with pytest.raises(SignInCancelled):
        people.sign_in_device_code([], lambda message: cancellation.cancel(),
                                   cancellation=cancellation)

    assert entra.grant_types() == ["urn:ietf:params:oauth:grant-type:device_code"]
    assert people.accounts() == []


def test_a_device_code_nobody_enters_expires(entra, start_deputy):
    people = start_deputy()
    entra.device_interval = 1
    entra.device_code_lifetime = 0

    with pytest.raises(SignInError, match="expired") as failure:
        people.sign_in_device_code([], lambda message: None)
    assert not isinstance(failure.value, SignInCancelled)


def test_device_code_sign_in_needs_public_client_flows(entra, start_deputy):
    entra.register(CLIENT_ID, public_client_flows=False)
    people = start_deputy()

    with pytest.raises(SignInError, match="AADSTS7000218") as failure:
        device_sign_in(people, entra, ADELE)
    assert failure.value.error == "invalid_client"


def test_silent_refresh_after_the_access_token_expired(emulator, entra, start_deputy):
    people = start_deputy()
    account = device_sign_in(people, entra, ADELE, scopes_for("calendars"))
    provider = people.provider(account)
    first = provider.access_token(scopes_for("calendars"))
    assert entra.grant_types()[-1] != "refresh_token"  # served from the cache

    expire_access_tokens(people._cache)
    second = provider.access_token(scopes_for("calendars"))

    assert second != first
    assert entra.grant_types()[-1] == "refresh_token"
    assert graph(emulator, second, "GET", "/me/calendars").status_code == 200


def test_a_short_lived_token_is_refreshed_before_it_expires(emulator, entra, start_deputy):
    entra.token_lifetime = 120  # MSAL treats a token with under 5 minutes left as expired
    people = start_deputy()
    account = device_sign_in(people, entra, ADELE)
    provider = people.provider(account)

    tokens = {provider.access_token(["User.Read"]) for _ in range(2)}

    assert len(tokens) == 2
    assert entra.grant_types().count("refresh_token") == 2
    assert all(me(emulator, token) == ADELE for token in tokens)


def test_two_accounts_at_once_each_with_its_own_tokens(emulator, entra, start_deputy):
    people = start_deputy()
    adele = device_sign_in(people, entra, ADELE, scopes_for("calendars"))
    megan = people.sign_in_interactive(scopes_for("calendars"),
                                       on_open_browser=entra.browser(MEGAN))

    assert [a.username for a in people.accounts()] == [ADELE, MEGAN]
    assert me(emulator, people.provider(adele).access_token(["User.Read"])) == ADELE
    assert me(emulator, people.provider(megan).access_token(["User.Read"])) == MEGAN


def test_sign_out_forgets_one_account_only(emulator, entra, start_deputy):
    people = start_deputy()
    adele = device_sign_in(people, entra, ADELE)
    megan = device_sign_in(people, entra, MEGAN)
    adele_tokens = people.provider(adele)

    people.sign_out(adele)

    assert people.accounts() == [megan]
    with pytest.raises(InteractionRequired):
        adele_tokens.access_token(["User.Read"])
    expire_access_tokens(people._cache)
    assert me(emulator, people.provider(megan).access_token(["User.Read"])) == MEGAN


def test_incremental_consent_asks_for_a_new_scope_only_when_a_feature_needs_it(
        emulator, entra, start_deputy):
    people = start_deputy()
    account = people.sign_in_interactive(scopes_for("calendars"),
                                         on_open_browser=entra.browser(ADELE))
    provider = people.provider(account)
    assert entra.consents[(CLIENT_ID, ADELE.lower())] == {"User.Read", "Calendars.Read"}
    read_only = provider.access_token(scopes_for("calendars"))
    refused = graph(emulator, read_only, "POST", "/me/calendars", json={"name": "Board"})
    assert refused.status_code == 403

    with pytest.raises(InteractionRequired) as needed:
        provider.access_token(scopes_for("sharing"))
    assert needed.value.scopes == ["Calendars.ReadWrite"]

    again = people.sign_in_interactive(scopes_for("sharing"), account=account,
                                       on_open_browser=entra.browser(ADELE))
    assert again == account
    assert parse_qs(urlsplit(entra.opened[-1]).query)["login_hint"] == [ADELE]
    writer = people.provider(again).access_token(scopes_for("sharing"))
    created = graph(emulator, writer, "POST", "/me/calendars", json={"name": "Board"})
    assert created.status_code == 201, created.text
    asked = set().union(*entra.scope_requests())
    assert asked == {"User.Read", "Calendars.Read", "Calendars.ReadWrite"}


def test_sign_in_asks_for_user_read_and_the_first_feature_only(entra, start_deputy):
    people = start_deputy()

    device_sign_in(people, entra, ADELE, scopes_for("shared_calendars"))

    assert entra.scope_requests() == [set(sign_in_scopes("shared_calendars"))]


def test_revoked_sessions_need_a_new_sign_in(entra, start_deputy):
    people = start_deputy()
    account = device_sign_in(people, entra, ADELE)
    entra.revoke_sessions(ADELE)
    expire_access_tokens(people._cache)

    with pytest.raises(InteractionRequired):
        people.provider(account).access_token(["User.Read"])


def test_an_unknown_tenant_is_a_sign_in_error(entra, start_deputy):
    people = start_deputy(config=AuthConfig(client_id=CLIENT_ID, tenant="fabrikam.example"))

    with pytest.raises(SignInError, match=r"fabrikam\.example"):
        device_sign_in(people, entra, ADELE)


def test_sign_in_with_the_tenant_domain_and_a_national_cloud_host(emulator, entra,
                                                                  start_deputy):
    cloud = AuthConfig(client_id=CLIENT_ID, tenant=entra.domain,
                       authority_host="https://login.sovereign.example")
    people = start_deputy(config=cloud)

    account = device_sign_in(people, entra, ADELE)

    assert any(path.endswith("/discovery/instance") for _m, path, _d in entra.calls)
    assert me(emulator, people.provider(account).access_token(["User.Read"])) == ADELE


def test_without_network_sign_in_fails_with_a_message_and_accounts_still_list(
        entra, start_deputy, config):
    people = start_deputy()
    account = device_sign_in(people, entra, ADELE)
    entra.offline = True
    calls_before = len(entra.calls)

    restarted = start_deputy()
    assert restarted.accounts() == [account]
    assert len(entra.calls) == calls_before  # listing accounts needs no network
    with pytest.raises(SignInError, match="can't reach"):
        restarted.provider(account).access_token(["User.Read"])


def test_tokens_can_be_asked_for_from_several_threads(emulator, entra, start_deputy):
    people = start_deputy()
    account = device_sign_in(people, entra, ADELE, scopes_for("calendars"))
    provider = people.provider(account)
    tokens: list[str] = []
    workers = [threading.Thread(target=lambda: tokens.append(
        provider.access_token(scopes_for("calendars")))) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert len(tokens) == 4
    assert all(me(emulator, token) == ADELE for token in set(tokens))


@pytest.mark.skipif(sys.platform == "win32", reason="WAM exists on Windows only")
def test_the_windows_broker_is_never_asked_for_elsewhere(config):
    people = PeopleSignIn(config, msal.SerializableTokenCache(), enable_broker=True)

    assert people.broker_enabled is False


def test_a_single_tenant_registration_at_organizations_is_refused_in_words(entra, start_deputy):
    """The checklist registers Deputy for one organization; at the multi-tenant authority
    Entra ID answers AADSTS50194, which Deputy turns into what to change."""
    people = start_deputy(config=AuthConfig(client_id=CLIENT_ID, tenant="organizations"))

    with pytest.raises(SignInError) as failure:
        device_sign_in(people, entra, ADELE)

    assert "AADSTS50194" in failure.value.description
    assert str(failure.value).startswith(
        "Deputy's app registration is for your organization only, and Microsoft refuses "
        "'organizations' for such an app (AADSTS50194). Enter your tenant's domain")
