"""``deputy sync --as-admin`` on an admin workstation at work: MSAL's confidential client
and the Graph client through the company proxy, which inspects TLS with a root only
this computer's trust store holds (no http_client injected: Deputy's own sessions)."""

from __future__ import annotations

from app import settings
from app.graph import foreign
from app.graph.auth.admin import client_secret_entry
from app.graph.auth.scopes import ADMIN_APPLICATION_PERMISSIONS
from app.graph.auth.secret_store import SecretStore
from app.review import sync
from tests.graph.auth.helpers import ADMIN_CLIENT_ID, CLIENT_ID
from tests.graph.network.workplace import GRAPH_HOST, LOGIN_HOST
from tests.odd_shapes import UNREACHABLE

SECRET = "s3cr3t~value.from-the-portal"


def set_up_admin(entra) -> None:
    entra.register(ADMIN_CLIENT_ID, public_client_flows=False, secret=SECRET,
                   app_roles=list(ADMIN_APPLICATION_PERMISSIONS))
    SecretStore().set(client_secret_entry(ADMIN_CLIENT_ID), SECRET)
    store = settings.open_store()
    settings.TENANT.write(store, entra.tenant_id)
    settings.CLIENT_ID.write(store, CLIENT_ID)
    settings.ADMIN_CLIENT_ID.write(store, ADMIN_CLIENT_ID)
    store.sync()  # Graph at its real address: the proxy passes it to the emulator


def test_an_admin_sync_goes_through_the_inspecting_proxy_and_completes(
        emulator, entra, memory_keyring, workplace_proxy, company_ca, trust_only, capsys):
    trust_only(company_ca)
    workplace_proxy.entra = entra
    set_up_admin(entra)
    # Every mailbox readable (those Graph can't open: tests/test_sync.py).
    emulator.set_quirks(emulator.quirks.without(*UNREACHABLE))

    code = sync.main(["--as-admin", "--all"])

    out = capsys.readouterr()
    assert code == 0, out.err
    users = len(emulator.tenant.users())
    assert out.out.strip().splitlines()[-1] == f"Snapshot 1: complete, {users} mailboxes."
    tunnels = {target for method, target, _ in workplace_proxy.seen if method == "CONNECT"}
    assert tunnels == {f"{LOGIN_HOST}:443", f"{GRAPH_HOST}:443"}
    assert "client_credentials" in entra.grant_types()


def test_an_admin_sync_behind_a_proxy_asking_for_a_password_says_what_to_do(
        emulator, entra, memory_keyring, workplace_proxy, capsys):
    workplace_proxy.mode = "auth"
    set_up_admin(entra)

    code = sync.main(["--as-admin", "--all"])

    err = capsys.readouterr().err
    assert code == 1
    assert err == f"deputy sync: {foreign.PROXY_AUTHENTICATION_SENTENCE}\n"
