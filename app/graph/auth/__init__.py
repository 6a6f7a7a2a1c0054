"""Sign-in: everything that ends in a ``TokenProvider`` for the Graph client.

- ``PeopleSignIn``: people, with MSAL's public client (browser, device code, silent).
- ``AdminSignIn``: an admin's application identity, with MSAL's confidential client.
- ``DemoSignIn``: the emulator's people, for ``--demo``.
- ``EncryptedTokenCache``: MSAL's cache in a file encrypted with a key in the keyring.
- ``scopes_for``: the least-privileged scopes a feature needs (incremental consent).
"""

from __future__ import annotations

from .admin import AdminSignIn, CertificateCredential, ClientSecretCredential
from .cancel import Cancellation
from .config import REGISTRATION_CHECKLIST, AuthConfig, registration_checklist
from .demo import DemoPerson, DemoSignIn
from .errors import SignInCancelled, SignInError
from .people import Account, PeopleSignIn
from .scopes import FEATURES, scopes_for, sign_in_scopes
from .secret_store import SecretStore, SecretStoreUnavailable
from .token_cache import EncryptedTokenCache

__all__ = [
    "FEATURES",
    "REGISTRATION_CHECKLIST",
    "Account",
    "AdminSignIn",
    "AuthConfig",
    "Cancellation",
    "CertificateCredential",
    "ClientSecretCredential",
    "DemoPerson",
    "DemoSignIn",
    "EncryptedTokenCache",
    "PeopleSignIn",
    "SecretStore",
    "SecretStoreUnavailable",
    "SignInCancelled",
    "SignInError",
    "registration_checklist",
    "scopes_for",
    "sign_in_scopes",
]
