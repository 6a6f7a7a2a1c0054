"""Sign-in: everything that ends in a ``TokenProvider`` for the Graph client.

- ``AuthConfig``: which app registration and cloud to sign in with.
- ``scopes_for``: the least-privileged scopes a feature needs (incremental consent).
"""

from __future__ import annotations

from .config import REGISTRATION_CHECKLIST, AuthConfig, registration_checklist
from .scopes import FEATURES, scopes_for, sign_in_scopes

__all__ = [
    "FEATURES",
    "REGISTRATION_CHECKLIST",
    "AuthConfig",
    "registration_checklist",
    "scopes_for",
    "sign_in_scopes",
]
