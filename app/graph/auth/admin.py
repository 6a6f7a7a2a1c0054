"""Signing in as an application, for IT admins: MSAL's confidential client.

An admin audits and fixes calendar permissions in every mailbox, which only an
application with admin-consented application permissions may do (GUIDE §1, §2.2).
The application proves who it is with a certificate (preferred: its private key
never leaves the admin's workstation) or a client secret. The secret, or the
passphrase of the certificate's key, lives in the system keyring; settings only
say which kind of credential to use and where the certificate file is.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msal
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from app.graph import network
from app.graph.tokens import TokenProvider

from .config import AuthConfig
from .errors import NETWORK_FAILURES, SignInError, page_instead, unreachable
from .secret_store import SecretStore, SecretStoreUnavailable

log = logging.getLogger(__name__)

_HTTP_TIMEOUT_S = 30
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----.+?-----END \1-----", re.DOTALL)


def client_secret_entry(client_id: str) -> str:
    """The keyring entry that holds the admin app's client secret."""
    return f"admin-client-secret:{client_id}"


def passphrase_entry(client_id: str) -> str:
    """The keyring entry that holds the passphrase of the admin certificate's key."""
    return f"admin-certificate-passphrase:{client_id}"


@dataclass(frozen=True)
class CertificateCredential:
    """A certificate uploaded to the admin app registration, and its private key.

    Attributes:
        pem_path: a PEM file with the private key and, ideally, the certificate.
        thumbprint: the certificate's SHA-1 thumbprint as the Entra portal shows it;
            needed only when the PEM file holds the key alone. With the certificate
            in the file, MSAL uses its SHA-256 thumbprint instead.
        encrypted: True when the key is protected by a passphrase, which is then
            read from the keyring (``passphrase_entry``).
    """

    pem_path: Path
    thumbprint: str | None = None
    encrypted: bool = False


@dataclass(frozen=True)
class ClientSecretCredential:
    """A client secret of the admin app registration, kept in the keyring only."""


Credential = CertificateCredential | ClientSecretCredential


class AdminSignIn:
    """The admin application's identity in one tenant.

    Attributes:
        display_name: what the window shows for this identity.
    """

    def __init__(
        self,
        config: AuthConfig,
        credential: Credential,
        *,
        secrets: SecretStore | None = None,
        http_client: Any = None,
        token_cache: msal.TokenCache | None = None,
        display_name: str | None = None,
    ) -> None:
        if not config.single_tenant:
            raise ValueError(
                f"An app-only sign-in needs the tenant's id or domain, not '{config.tenant}'."
            )
        self._config = config
        self._credential = credential
        self._secrets = secrets or SecretStore()
        self._http_client = http_client
        self._cache = token_cache
        self.display_name = display_name or f"{config.tenant} admin (app-only)"
        self._app: msal.ConfidentialClientApplication | None = None
        self._app_lock = threading.Lock()

    @property
    def config(self) -> AuthConfig:
        return self._config

    def provider(self) -> TokenProvider:
        return AppTokens(self)

    def remember_client_secret(self, secret: str) -> None:
        """Keep the client secret in the keyring, for this and later sessions."""
        self._secrets.set(client_secret_entry(self._config.client_id), secret)
        self._forget_application()

    def remember_passphrase(self, passphrase: str) -> None:
        """Keep the certificate key's passphrase in the keyring."""
        self._secrets.set(passphrase_entry(self._config.client_id), passphrase)
        self._forget_application()

    def forget_secrets(self) -> None:
        """Remove this app's secret and passphrase from the keyring."""
        self._secrets.delete(client_secret_entry(self._config.client_id))
        self._secrets.delete(passphrase_entry(self._config.client_id))
        self._forget_application()

    def _forget_application(self) -> None:
        with self._app_lock:
            self._app = None

    def app_token(self) -> str:
        """An app-only access token for Graph, from MSAL's cache while it is valid."""
        app = self._application()
        try:
            result = app.acquire_token_for_client(scopes=[self._config.graph_default_scope])
        except NETWORK_FAILURES as exc:
            raise unreachable(exc) from exc
        if "access_token" not in result:
            raise SignInError.from_result(result, "the admin app's credential")
        return str(result["access_token"])

    def _application(self) -> msal.ConfidentialClientApplication:
        with self._app_lock:
            if self._app is None:
                credential = self._client_credential()
                try:
                    self._app = msal.ConfidentialClientApplication(
                        self._config.client_id,
                        client_credential=credential,
                        authority=self._config.authority,
                        token_cache=self._cache,
                        http_client=self._http_client
                        or network.sign_in_http_client(_HTTP_TIMEOUT_S),
                        timeout=_HTTP_TIMEOUT_S,
                        app_name="Deputy",
                    )
                except ValueError as exc:
                    if (page := page_instead(exc)) is not None:  # a portal's, not Entra's
                        raise unreachable(page) from exc
                    raise SignInError(
                        "Deputy could not use the admin app's credential or tenant: "
                        f"{str(exc).splitlines()[0]}",
                        description=str(exc),
                    ) from exc
                except NETWORK_FAILURES as exc:
                    raise unreachable(exc) from exc
            return self._app

    def _client_credential(self) -> str | dict[str, str]:
        if isinstance(self._credential, ClientSecretCredential):
            return self._secret(client_secret_entry(self._config.client_id), "client secret")
        return self._certificate(self._credential)

    def _certificate(self, credential: CertificateCredential) -> dict[str, str]:
        try:
            text = credential.pem_path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise SignInError(
                f"Deputy can't read the admin certificate file {credential.pem_path}: {exc}"
            ) from exc
        blocks: dict[str, str] = {}
        for match in _PEM_BLOCK.finditer(text):  # the first certificate is the app's own
            blocks.setdefault(match.group(1), match.group(0))
        key = next((block for kind, block in blocks.items() if kind.endswith("PRIVATE KEY")), None)
        if key is None:
            raise SignInError(f"{credential.pem_path} holds no private key.")
        passphrase = (
            self._secret(passphrase_entry(self._config.client_id), "certificate passphrase")
            if credential.encrypted
            else None
        )
        try:  # fail here, with a clear message, rather than inside MSAL
            load_pem_private_key(key.encode("ascii"), passphrase.encode() if passphrase else None)
        except (ValueError, TypeError) as exc:
            raise SignInError(
                f"Deputy can't open the private key in {credential.pem_path}: the "
                "passphrase is wrong or missing, or the key is damaged."
            ) from exc
        result = {"private_key": key}
        if passphrase:
            result["passphrase"] = passphrase
        if credential.thumbprint:
            result["thumbprint"] = credential.thumbprint.replace(":", "").replace(" ", "")
        elif "CERTIFICATE" in blocks:
            result["public_certificate"] = blocks["CERTIFICATE"]
        else:
            raise SignInError(
                f"{credential.pem_path} holds no certificate; add it to the file or enter "
                "the certificate's thumbprint."
            )
        return result

    def _secret(self, entry: str, what: str) -> str:
        try:
            value = self._secrets.get(entry)
        except SecretStoreUnavailable as exc:
            raise SignInError(
                f"Deputy keeps the admin app's {what} in the system keyring, and can't reach "
                "it. Unlock or set up the keyring, then try again."
            ) from exc
        if not value:
            raise SignInError(f"No {what} is stored for the admin app yet; enter it first.")
        return value


class AppTokens:
    """The admin application's ``TokenProvider``: app-only tokens, scopes ignored.

    Attributes:
        display_name: for example ``contoso.com admin (app-only)``.
        username: None: an application is nobody.
        app_only: always True.
    """

    app_only = True
    username = None

    def __init__(self, sign_in: AdminSignIn) -> None:
        self._sign_in = sign_in
        self.display_name = sign_in.display_name

    def access_token(self, scopes: Sequence[str]) -> str:
        """Application permissions are fixed by admin consent; ``scopes`` do not matter."""
        return self._sign_in.app_token()
