"""Deputy's settings, each declared once with its type and default.

Settings live in an INI file under ``paths.config_dir()`` (QSettings), so tests
redirect them with ``DEPUTY_HOME``. Secrets never go here: tokens, client secrets and
key passphrases belong to the OS keyring (``app.graph.auth``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from app import paths
from app.private_files import user_only

T = TypeVar("T")
SETTINGS_VERSION = 1


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    type: type

    def read(self, store: QSettings) -> T:
        value = store.value(self.key, self.default, type=self.type)
        return self.default if value is None else value

    def write(self, store: QSettings, value: T) -> None:
        store.setValue(self.key, value)


# Sign-in: where a real tenant is (the demo needs none of these).
TENANT = Setting("signin/tenant", "", str)
CLIENT_ID = Setting("signin/client_id", "", str)
AUTHORITY_HOST = Setting("signin/authority_host", "", str)  # empty: the public cloud
GRAPH_BASE_URL = Setting("signin/graph_base_url", "", str)
FIRST_RUN_DONE = Setting("signin/first_run_done", False, bool)

# The administrators' app-only sign-in ("Deputy admin", a second app registration that
# nobody signs in to). Its client secret, or its key's passphrase, is in the keyring.
ADMIN_CLIENT_ID = Setting("admin/client_id", "", str)
ADMIN_CERTIFICATE = Setting("admin/certificate_pem", "", str)  # empty: a client secret
ADMIN_CERTIFICATE_THUMBPRINT = Setting("admin/certificate_thumbprint", "", str)
ADMIN_KEY_ENCRYPTED = Setting("admin/key_encrypted", False, bool)

# Where the permission review window was (``saveGeometry``); used only if it still fits.
REVIEW_GEOMETRY = Setting("review/geometry", QByteArray(), QByteArray)


def open_store() -> QSettings:
    """The settings file; writes a version mark so later releases can upgrade it."""
    store = QSettings(str(user_only(paths.settings_file())), QSettings.Format.IniFormat)
    if store.value("meta/version") is None:
        store.setValue("meta/version", SETTINGS_VERSION)
    return store
