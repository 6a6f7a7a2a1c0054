"""The configured tenant's sign-ins, read from the settings: for people and for admins.

The window and ``deputy sync`` both sign in to the tenant the first run (or ``deputy
--tenant ... --client-id ...``) saved. People use Deputy's app registration; admins
use the separate app-only registration whose credential is a certificate file or a
client secret kept in the system keyring (``app.graph.auth.admin``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings

from app import settings
from app.graph.auth.config import AuthConfig, tenant_problem
from app.problems import Said

if TYPE_CHECKING:  # MSAL and cryptography: imported when an admin app is used
    from app.graph.auth.admin import AdminSignIn, Credential
    from app.signin.accounts import Session  # requests: when someone signs in


class NotSetUp(Said):
    """What is missing from the settings, in a sentence for the user."""


def people_config(store: QSettings) -> AuthConfig | None:
    """Deputy's app registration in the configured tenant; None before the first run,
    and when the tenant saved can't be signed in to (``organizations``, which an
    earlier Deputy offered: the first run asks again, saying why)."""
    client_id = settings.CLIENT_ID.read(store)
    if not client_id or tenant_problem(settings.TENANT.read(store)):
        return None
    return AuthConfig(client_id=client_id, tenant=settings.TENANT.read(store),
                      **_cloud(store))


def admin_is_set_up(store: QSettings) -> bool:
    return bool(settings.ADMIN_CLIENT_ID.read(store))


def admin_config(store: QSettings, client_id: str) -> AuthConfig:
    """The admin app ``client_id`` in the configured tenant. Raises NotSetUp."""
    config = AuthConfig(client_id=client_id, tenant=settings.TENANT.read(store),
                        **_cloud(store))
    if not config.single_tenant:
        raise NotSetUp(
            "An app-only sign-in needs your tenant's domain or ID, not "
            f"'{config.tenant}': run deputy --tenant contoso.onmicrosoft.com once.")
    return config


def admin_sign_in(store: QSettings, *, http_client: Any = None) -> AdminSignIn:
    """The administrators' app-only sign-in. Raises NotSetUp.

    ``http_client``: MSAL's, for tests against a fake Microsoft Entra ID.
    """
    from app.graph.auth.admin import AdminSignIn, CertificateCredential, ClientSecretCredential

    client_id = settings.ADMIN_CLIENT_ID.read(store)
    if not client_id:
        raise NotSetUp(
            "The administrators' app registration is not set up on this computer: set it up "
            "in Deputy's permission review (menu Review, \"Set up the administrators' "
            "app…\"), or put its Application (client) ID under [admin] client_id in "
            f"{settings_file_name(store)}.")
    pem = settings.ADMIN_CERTIFICATE.read(store)
    credential = (CertificateCredential(
        Path(pem), settings.ADMIN_CERTIFICATE_THUMBPRINT.read(store) or None,
        settings.ADMIN_KEY_ENCRYPTED.read(store)) if pem else ClientSecretCredential())
    return AdminSignIn(admin_config(store, client_id), credential, http_client=http_client)


def save_admin(store: QSettings, client_id: str, credential: Credential) -> None:
    """Remember the admin app and which credential it uses (never the secret itself)."""
    from app.graph.auth.admin import CertificateCredential

    settings.ADMIN_CLIENT_ID.write(store, client_id)
    certificate = credential if isinstance(credential, CertificateCredential) else None
    settings.ADMIN_CERTIFICATE.write(store, str(certificate.pem_path) if certificate else "")
    settings.ADMIN_CERTIFICATE_THUMBPRINT.write(
        store, (certificate.thumbprint or "") if certificate else "")
    settings.ADMIN_KEY_ENCRYPTED.write(store, bool(certificate and certificate.encrypted))
    store.sync()


def open_admin_session(store: QSettings, *, http_client: Any = None) -> Session:
    """A session as the admin app, for a sync of every mailbox. Raises NotSetUp."""
    from app.signin.accounts import open_session

    admin = admin_sign_in(store, http_client=http_client)
    return open_session(admin.config.graph_base_url, admin.provider(), admin.display_name,
                        None, admin.config.tenant)


def settings_file_name(store: QSettings) -> str:
    return Path(store.fileName()).name


def _cloud(store: QSettings) -> dict[str, str]:
    """A national cloud's (or a test's) sign-in and Graph hosts, where set."""
    host = settings.AUTHORITY_HOST.read(store)
    graph = settings.GRAPH_BASE_URL.read(store)
    return {k: v for k, v in (("authority_host", host), ("graph_base_url", graph)) if v}
