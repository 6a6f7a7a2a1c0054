"""Sign-in: everything that ends in a ``TokenProvider`` for the Graph client.

- ``PeopleSignIn``: people, with MSAL's public client (browser, device code, silent).
- ``AdminSignIn``: an admin's application identity, with MSAL's confidential client.
- ``DemoSignIn``: the emulator's people, for ``--demo``.
- ``EncryptedTokenCache``: MSAL's cache in a file encrypted with a key in the keyring.
- ``scopes_for``: the least-privileged scopes a feature needs (incremental consent).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .admin import AdminSignIn, CertificateCredential, ClientSecretCredential
    from .cancel import Cancellation
    from .config import REGISTRATION_CHECKLIST, AuthConfig, registration_checklist
    from .demo import DemoPerson, DemoSignIn
    from .errors import SignInCancelled, SignInError
    from .people import Account, PeopleSignIn
    from .scopes import FEATURES, scopes_for, sign_in_scopes
    from .secret_store import SecretStore, SecretStoreUnavailable
    from .token_cache import EncryptedTokenCache

# Each name's module, imported on first use: MSAL, cryptography and the keyring take
# a tenth of a second to import, and the demo's first window needs none of them.
_MODULES = {
    "AdminSignIn": "admin", "CertificateCredential": "admin",
    "ClientSecretCredential": "admin", "Cancellation": "cancel",
    "REGISTRATION_CHECKLIST": "config", "AuthConfig": "config",
    "registration_checklist": "config", "DemoPerson": "demo", "DemoSignIn": "demo",
    "SignInCancelled": "errors", "SignInError": "errors", "Account": "people",
    "PeopleSignIn": "people", "FEATURES": "scopes", "scopes_for": "scopes",
    "sign_in_scopes": "scopes", "SecretStore": "secret_store",
    "SecretStoreUnavailable": "secret_store", "EncryptedTokenCache": "token_cache",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


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
