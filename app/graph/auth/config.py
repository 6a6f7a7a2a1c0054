"""Where Deputy signs in, and what a tenant's administrator must register first.

Deputy ships without a client id of its own: each organisation registers Deputy in
its own Microsoft Entra ID tenant, so that its administrators decide which
permissions Deputy may ever ask for. ``REGISTRATION_CHECKLIST`` is the text the
first-run dialog shows them.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from app.graph import endpoints

from .scopes import ADMIN_APPLICATION_PERMISSIONS, FEATURES

# Authorities that mean "whichever tenant the person belongs to". Deputy's checklist
# registers it for one organization only ("accounts in this organizational directory
# only"), and Entra ID refuses these authorities for such an app with AADSTS50194
# ("Application ... is not configured as a multi-tenant application. Usage of the
# /common endpoint is not supported for such applications created after
# '10/15/2018'"; MicrosoftDocs/azure-docs#55341, UvA-FNWI/M365-IMAP#9). Deputy always
# signs in at the tenant's own authority.
MULTI_TENANT_AUTHORITIES = frozenset({"organizations", "common", "consumers"})

SINGLE_TENANT_ONLY = (
    "Deputy's app registration is for your organization only, and Microsoft refuses "
    "'{tenant}' for such an app (AADSTS50194). Enter your tenant's domain, such as "
    "contoso.onmicrosoft.com, or its Directory (tenant) ID."
)


@dataclass(frozen=True)
class AuthConfig:
    """One Entra ID app registration and the cloud it lives in.

    Attributes:
        client_id: the registration's "Application (client) ID".
        tenant: the tenant's id or domain (``contoso.onmicrosoft.com``): the
            registration is single-tenant, so never ``organizations`` (see
            ``MULTI_TENANT_AUTHORITIES``).
        authority_host: the national cloud's sign-in host; the public cloud by default.
        graph_base_url: the national cloud's Graph host, matching ``authority_host``.
    """

    client_id: str
    tenant: str
    authority_host: str = endpoints.LOGIN_AUTHORITY_HOST
    graph_base_url: str = endpoints.GRAPH_BASE_URL

    @property
    def authority(self) -> str:
        """The MSAL authority URL, for example ``https://login.microsoftonline.com/contoso.com``."""
        return f"{self.authority_host.rstrip('/')}/{self.tenant.strip('/')}"

    @property
    def graph_default_scope(self) -> str:
        """``.default`` of this cloud's Graph: what an app-only token asks for."""
        if self.graph_base_url.rstrip("/") == endpoints.GRAPH_BASE_URL:
            return endpoints.GRAPH_DEFAULT_SCOPE
        return f"{self.graph_base_url.rstrip('/')}/.default"

    @property
    def single_tenant(self) -> bool:
        """True when ``tenant`` names one tenant, as an app-only sign-in requires."""
        return self.tenant.strip("/").lower() not in MULTI_TENANT_AUTHORITIES


def _delegated_permission_lines() -> str:
    return "\n".join(
        textwrap.fill(
            f"{feature.scope}: to {feature.purpose}.",
            width=88,
            initial_indent="       - ",
            subsequent_indent="         ",
        )
        for feature in FEATURES.values()
    )


REGISTRATION_CHECKLIST = (
    """\
Before anyone can sign in, an administrator of your Microsoft Entra ID tenant registers
Deputy once (Entra admin center > App registrations > New registration).

For people (executive assistants, calendar owners):
  1. Create an app registration "Deputy", for accounts in this organizational directory
     only. Copy its Application (client) ID and Directory (tenant) ID into Deputy
     (Deputy signs in at your tenant's own address, never at "organizations").
  2. Authentication > Add a platform > "Mobile and desktop applications", with the
     redirect URI  http://localhost  (Deputy listens on a free port of this computer
     while you sign in in your web browser).
  3. On Windows, add the redirect URI of the Web Account Manager as well, so Deputy can
     sign you in with your Windows account:
       ms-appx-web://microsoft.aad.brokerplugin/{client_id}
  4. Authentication > Advanced settings > "Allow public client flows": Yes. Deputy needs
     it for signing in with a code on another device (the device code flow).
  5. API permissions > Microsoft Graph > Delegated permissions. Deputy asks each person
     for these one at a time, when a feature first needs one, never all at sign-in:
"""
    + _delegated_permission_lines()
    + """
     You may grant admin consent for the organisation so nobody sees a consent prompt;
     a permission you leave out only turns off the feature that needs it.

For IT admins who audit every mailbox (app-only, optional):
  6. Create a second app registration, "Deputy admin", that nobody signs in to.
  7. Certificates & secrets: upload a certificate (preferred; Deputy reads a PEM file
     with the private key, optionally protected by a passphrase) or create a client
     secret. Deputy keeps the secret or the passphrase in the system keyring only.
  8. API permissions > Microsoft Graph > Application permissions:
"""
    + "\n".join(f"       - {role}" for role in ADMIN_APPLICATION_PERMISSIONS)
    + """
     then "Grant admin consent for <your organisation>". Without admin consent the
     admin identity can do nothing.
  9. Optionally limit the mailboxes this app can reach with Exchange Online's RBAC for
     Applications (or an application access policy).
"""
)

_CLIENT_ID_PLACEHOLDER = "<Application (client) ID>"


def registration_checklist(client_id: str | None = None) -> str:
    """The checklist with the registration's client id filled in, once it is known."""
    return REGISTRATION_CHECKLIST.replace("{client_id}", client_id or _CLIENT_ID_PLACEHOLDER)


_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_DOMAIN = re.compile(r"^(?=.{3,253}$)([a-zA-Z0-9-]{1,63}\.)+[a-zA-Z]{2,63}$")


def tenant_problem(text: str) -> str | None:
    """Why a tenant value can't be used, or None when it can."""
    value = text.strip()
    if not value:
        return "Enter your organization's tenant domain or Directory (tenant) ID."
    if value.lower().strip("/") in MULTI_TENANT_AUTHORITIES:
        return SINGLE_TENANT_ONLY.format(tenant=value)
    if _GUID.match(value) or _DOMAIN.match(value):
        return None
    return "The tenant is a domain such as contoso.onmicrosoft.com, or a directory ID (a GUID)."


def client_id_problem(text: str) -> str | None:
    """Why a client id can't be used, or None when it can."""
    if not text.strip():
        return "Enter the Application (client) ID from Deputy's app registration."
    if not _GUID.match(text.strip()):
        return "The Application (client) ID looks like 1a2b3c4d-... : 32 hex digits in 5 groups."
    return None
